"""SERVICE reaches no address, however it is spelled: query workers run in a network namespace of
their own, and queries run in the server process refuse SERVICE. Controls prove that each
spelling reaches a loopback canary when nothing stops it."""

from __future__ import annotations

import concurrent.futures
import contextlib
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest
import requests

from qalamoun_kg.execution import JobError, QueryJob
from qalamoun_kg.execution.fetch import (
    FetchPolicy,
    FetchRefused,
    check_service_targets,
    service_targets,
)
from qalamoun_kg.execution.pool import ProcessExecutor
from qalamoun_kg.store import open_store
from qalamoun_kg.store.oxigraph import OxigraphStore
from qalamoun_kg.web import ServerConfig, close_app, create_app
from tests.hardening.canary import Canary
from tests.hardening.spellings import spellings
from tests.support.live import Server

SEED = pyoxigraph.Quad(
    pyoxigraph.NamedNode("urn:s"), pyoxigraph.NamedNode("urn:p"), pyoxigraph.NamedNode("urn:o")
)


def _job(query: str) -> QueryJob:
    """A SELECT job answered as JSON."""
    return QueryJob(query, "json", "turtle", max_rows=1000)


@pytest.fixture
def disk_store(tmp_path: Path) -> Iterator[OxigraphStore]:
    """An on-disk store holding SEED, so every SERVICE clause is evaluated."""
    store = open_store(str(tmp_path / "store"))
    assert isinstance(store, OxigraphStore) and store.path is not None
    store.add([SEED])
    yield store
    store.close()


def _executor(store: OxigraphStore, *, offline: bool) -> ProcessExecutor:
    """Two query workers over the store's checkpoints."""
    assert store.path is not None
    return ProcessExecutor(store, store.path, workers=2, timeout=10, offline=offline)


def _outcome(executor: ProcessExecutor, query: str) -> tuple[int, bytes]:
    """The status and body of a query run by the executor."""
    try:
        answer = executor.run(_job(query))
    except JobError as error:
        return error.status, error.message.encode()
    try:
        return 200, b"".join(answer)
    finally:
        answer.close()


def test_each_spelling_reaches_the_canary_when_nothing_stops_it(canary: Canary) -> None:
    """Control: pyoxigraph with network calls the canary for every spelling."""
    missed = []
    for name, query in spellings(canary.url("/sparql")):
        before = len(canary.hits)
        store = pyoxigraph.Store()
        store.add(SEED)
        with contextlib.suppress(OSError, RuntimeError):  # the canary answers Turtle
            list(store.query(query, use_default_graph_as_union=True))  # type: ignore[arg-type]
        if len(canary.hits) == before:
            missed.append(name)
    assert missed == [], "these spellings prove nothing: they never call SERVICE"


def test_isolated_workers_reach_nothing_whatever_the_spelling(
    canary: Canary, disk_store: OxigraphStore
) -> None:
    """Workers started offline: every SERVICE fails (502) or is silently empty, none connects."""
    executor = _executor(disk_store, offline=True)
    wrong = []
    try:
        for name, query in spellings(canary.url("/sparql")):
            status, body = _outcome(executor, query)
            if status not in (200, 502) or b"canary" in body:
                wrong.append((name, status, body[:200]))
    finally:
        executor.close()
    assert canary.hits == []
    assert wrong == []


def test_workers_with_network_do_reach_the_canary(
    canary: Canary, disk_store: OxigraphStore
) -> None:
    """Control: the same workers with network (an allowlist configured) call the canary."""
    executor = _executor(disk_store, offline=False)
    missed = []
    try:
        for name, query in spellings(canary.url("/sparql")):
            before = len(canary.hits)
            _outcome(executor, query)
            if len(canary.hits) == before:
                missed.append(name)
    finally:
        executor.close()
    assert missed == []


def test_queries_in_the_server_process_refuse_every_spelling(canary: Canary) -> None:
    """--store memory (or --workers 0): no isolation, so SERVICE in any spelling is a 400."""
    store = open_store("memory")
    store.add([SEED])
    app = create_app(store, ServerConfig(workers=0, timeout=10))
    wrong = []
    try:
        client = app.test_client()
        for name, query in spellings(canary.url("/sparql")):
            response = client.get("/sparql", query_string={"query": query})
            if response.status_code != 400:
                wrong.append((name, response.status_code, response.get_data(as_text=True)[:200]))
    finally:
        close_app(app)
        store.close()
    assert canary.hits == []
    assert wrong == []


@pytest.mark.server
def test_a_live_server_reaches_nothing_and_never_calls_itself(
    server: Server, canary: Canary
) -> None:
    """`qkg serve` with its default workers: no spelling connects, none is a 500, and SERVICE
    to the server itself fails at once instead of tying up its workers."""
    wrong = []
    for name, query in spellings(canary.url("/sparql")):
        response = requests.get(server.sparql, params={"query": query}, timeout=30)
        if response.status_code not in (200, 400, 502) or "canary" in response.text:
            wrong.append((name, response.status_code, response.text[:200]))
    assert canary.hits == []
    assert wrong == []
    own = [f"SELECT * {{ SERVICE <{server.sparql}> {{ ?s ?p ?o }} }}", "SELECT * { SERVICE <> {} }"]
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        statuses = list(
            pool.map(
                lambda q: requests.get(server.sparql, params={"query": q}, timeout=30).status_code,
                own * 2,
            )
        )
    assert set(statuses) <= {400, 502}, statuses
    assert time.monotonic() - started < 10
    ask = requests.get(server.sparql, params={"query": "ASK {}"}, timeout=30)
    assert ask.status_code == 200


def test_with_an_allowlist_no_spelling_reaches_the_canary(canary: Canary) -> None:
    """--allow-fetch: queries have network, so the scan must refuse every spelling, including
    those it cannot read (a clause it did not find is refused, not run)."""
    store = open_store("memory")
    store.add([SEED])
    app = create_app(store, ServerConfig(workers=0, timeout=10, allow_fetch=("example.org",)))
    wrong = []
    try:
        client = app.test_client()
        for name, query in spellings(canary.url("/sparql")):
            response = client.get("/sparql", query_string={"query": query})
            if response.status_code != 400:
                wrong.append((name, response.status_code, response.get_data(as_text=True)[:200]))
    finally:
        close_app(app)
        store.close()
    assert canary.hits == []
    assert wrong == []


def test_the_text_scan_alone_misses_spellings() -> None:
    """Control: without counting the word, the scan finds no clause in some spellings (as the
    attack run found): the count, not the scan, is what holds with an allowlist."""
    policy = FetchPolicy.of(["example.org"])
    unseen = [
        name
        for name, query in spellings("http://127.0.0.1:5555/sparql")
        if not service_targets(query)
    ]
    assert unseen, "the scan reads every spelling: the allowlist test proves less than it says"
    for _name, query in spellings("http://127.0.0.1:5555/sparql"):
        with pytest.raises(FetchRefused):
            check_service_targets(policy, query, "127.0.0.1:8000")
