"""The in-memory store served by the app: a timed-out query stops working, and an answer the
client cannot take (406) neither leaks pyoxigraph's result nor logs its traceback."""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from qalamoun_kg.bootstrap import ensure_loaded
from qalamoun_kg.execution.pool import ProcessExecutor
from qalamoun_kg.store import open_store
from qalamoun_kg.web import ServerConfig, close_app, create_app
from qalamoun_kg.web.services import services_of

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SIMPLE = "SELECT ?s WHERE { ?s a <https://w3id.org/qalamoun/ontology#Offensive> }"
TIMEOUT = 1.5


def memory_app(workers: int) -> Flask:
    """An app on an in-memory store holding the article's data."""
    store = open_store("memory")
    ensure_loaded(store)
    return create_app(store, ServerConfig(timeout=TIMEOUT, workers=workers))


@pytest.fixture(scope="module")
def pooled() -> Iterator[Flask]:
    """The default: queries in a worker process over a copy of the memory store."""
    app = memory_app(workers=1)
    yield app
    close_app(app)


def worker_pids(app: Flask) -> set[int]:
    """The process ids of the app's query workers."""
    executor = services_of(app).executor
    assert isinstance(executor, ProcessExecutor)
    return {p.process.pid for p in executor._all if p.process.pid is not None}


def running(pid: int) -> bool:
    """Whether a process exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_timed_out_query_on_the_memory_store_stops_consuming_cpu(pooled: Flask) -> None:
    before = worker_pids(pooled)
    client = pooled.test_client()
    started = time.monotonic()
    answer = client.get("/sparql", query_string={"query": RUNAWAY})
    assert answer.status_code == 503 and "timed out" in answer.get_data(as_text=True)
    assert time.monotonic() - started < TIMEOUT + 5
    # The worker that ran it is gone (killed, not left computing), and another serves queries.
    assert not any(running(pid) for pid in before)
    assert client.get("/sparql", query_string={"query": SIMPLE}).status_code == 200
    assert worker_pids(pooled) and not worker_pids(pooled) & before


def boolean(document: Any) -> bool:
    """The answer of an ASK query's JSON result."""
    return bool(document["boolean"])


def test_memory_store_readers_see_acknowledged_writes() -> None:
    store = open_store("memory")
    ensure_loaded(store)
    token = "t" * 20
    app = create_app(store, ServerConfig(writable=True, token=token, workers=1))
    try:
        client = app.test_client()
        ask = "ASK { <https://example.org/new> ?p ?o }"
        assert boolean(client.get("/sparql", query_string={"query": ask}).json) is False
        update = "INSERT DATA { <https://example.org/new> <https://example.org/p> 1 }"
        written = client.post(
            "/sparql", data={"update": update}, headers={"Authorization": f"Bearer {token}"}
        )
        assert written.status_code == 200
        assert boolean(client.get("/sparql", query_string={"query": ask}).json) is True
    finally:
        close_app(app)


@pytest.mark.parametrize("workers", [0, 1])
def test_406_neither_leaks_the_result_nor_logs_a_traceback(workers: int) -> None:
    unraisable: list[Any] = []
    previous = sys.unraisablehook
    sys.unraisablehook = unraisable.append
    app = memory_app(workers)
    try:
        client = app.test_client()
        for _ in range(30):
            # A SELECT asked as Turtle only: the query runs, then no result format fits.
            answer = client.get(
                "/sparql", query_string={"query": SIMPLE}, headers={"Accept": "text/turtle"}
            )
            assert answer.status_code == 406
        gc.collect()
        time.sleep(0.2)  # the query threads finish
        gc.collect()
    finally:
        sys.unraisablehook = previous
        close_app(app)
    assert [str(u.exc_value) for u in unraisable] == []


def test_memory_checkpoints_are_removed_on_close() -> None:
    app = memory_app(workers=1)
    executor = services_of(app).executor
    assert isinstance(executor, ProcessExecutor)
    root = executor._checkpoints.root
    assert root.is_dir()
    close_app(app)
    assert not root.exists()


def test_old_checkpoints_are_deleted_once_no_worker_reads_them() -> None:
    store = open_store("memory")
    token = "t" * 20
    app = create_app(store, ServerConfig(writable=True, token=token, workers=1))
    try:
        executor = services_of(app).executor
        assert isinstance(executor, ProcessExecutor)
        client = app.test_client()
        for number in range(3):
            update = f"INSERT DATA {{ <https://example.org/s> <https://example.org/p> {number} }}"
            auth = {"Authorization": f"Bearer {token}"}
            assert client.post("/sparql", data={"update": update}, headers=auth).status_code == 200
            assert client.get("/sparql", query_string={"query": SIMPLE}).status_code == 200
        current = executor._checkpoints.generation
        kept = {folder.name for folder in executor._checkpoints.root.iterdir()}
        assert f"gen-{current}" in kept
        assert not {f"gen-{n}" for n in range(current)} & kept
    finally:
        close_app(app)
