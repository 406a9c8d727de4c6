"""Queries in worker processes: a runaway query is stopped while others are answered, and
readers see every acknowledged write while updates run."""

from __future__ import annotations

import concurrent.futures
import threading
import time
import uuid

import pytest
import requests

from tests.support.live import Server

pytestmark = pytest.mark.server

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SIMPLE = "ASK { ?s a <https://w3id.org/qalamoun/ontology#Offensive> }"
# Generous: the point is that the simple query does not wait for the runaway one.
PROMPT_SECONDS = 5.0


def ask(server: Server, query: str = SIMPLE, timeout: float = 60) -> requests.Response:
    """GET an ASK query."""
    return requests.get(server.sparql, params={"query": query}, timeout=timeout)


def test_runaway_query_is_stopped_with_503_while_others_are_answered(guarded: Server) -> None:
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        runaway = pool.submit(ask, guarded, RUNAWAY)
        time.sleep(0.3)
        started = time.monotonic()
        simple = ask(guarded)
        simple_seconds = time.monotonic() - started
        stopped = runaway.result(timeout=60)
    assert simple.status_code == 200 and simple.json()["boolean"] is True
    assert simple_seconds < PROMPT_SECONDS
    assert stopped.status_code == 503
    assert "timed out" in stopped.text
    assert "Traceback" not in stopped.text
    # the killed worker is replaced: the server keeps answering, also two at a time
    for _ in range(3):
        assert ask(guarded).status_code == 200
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda _: ask(guarded).status_code, range(4)))
    assert answers == [200] * 4
    assert guarded.alive()


def test_two_runaway_queries_do_not_stop_the_server(guarded: Server) -> None:
    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        results = list(pool.map(lambda _: ask(guarded, RUNAWAY).status_code, range(3)))
    assert set(results) == {503}
    assert ask(guarded).status_code == 200


def test_concurrent_queries_while_updates_run(live: Server) -> None:
    slugs = [f"conc-{uuid.uuid4().hex[:8]}" for _ in range(4)]
    errors: list[str] = []
    done = threading.Event()

    def read() -> int:
        answered = 0
        while not done.is_set():
            response = ask(live)
            if response.status_code != 200 or response.json()["boolean"] is not True:
                errors.append(f"{response.status_code} {response.text[:200]}")
            answered += 1
        return answered

    def write(slug: str) -> None:
        text = (
            f'INSERT DATA {{ qr:place\\/{slug} a qo:Village ; rdfs:label "Village {slug}"@en ;'
            " qo:inCountry qr:country\\/lebanon . }"
        )
        response = requests.post(
            live.sparql,
            data=text.encode(),
            headers={"Content-Type": "application/sparql-update", **live.auth},
            timeout=120,
        )
        if response.status_code != 200:
            errors.append(f"update {response.status_code} {response.text[:200]}")
            return
        # read-your-writes: acknowledged means visible to the next query
        seen = ask(live, f"ASK {{ qr:place\\/{slug} a qo:Village }}").json()["boolean"]
        if seen is not True:
            errors.append(f"{slug} not visible after its update was acknowledged")

    with concurrent.futures.ThreadPoolExecutor(6) as pool:
        readers = [pool.submit(read) for _ in range(3)]
        writers = [pool.submit(write, slug) for slug in slugs]
        for future in writers:
            future.result(timeout=300)
        done.set()
        reads = sum(future.result(timeout=60) for future in readers)
    assert errors == []
    assert reads > 0
