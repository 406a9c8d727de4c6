"""Queries of the default graph read the data-only checkpoint (a union of the data graphs) once
it is built, and answer exactly as over the whole store; other queries read the whole store."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from pyoxigraph import QuerySolutions

from qalamoun_kg.bootstrap import ensure_loaded
from qalamoun_kg.execution.jobs import GraphJob, QueryJob
from qalamoun_kg.execution.pool import ProcessExecutor
from qalamoun_kg.execution.routing import reads_default_union_only
from qalamoun_kg.namespaces import SHAPES_GRAPH
from qalamoun_kg.reasoning import materialize
from qalamoun_kg.store import open_store
from qalamoun_kg.store.base import Store
from qalamoun_kg.web import ServerConfig, close_app, create_app
from qalamoun_kg.web.services import services_of

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
BUILD_SECONDS = 60.0


def job(sparql: str, **options: object) -> QueryJob:
    """A query job answered as JSON."""
    return QueryJob(sparql, "json", "turtle", **options)  # type: ignore[arg-type]


def test_only_default_graph_queries_go_to_the_data_only_checkpoint() -> None:
    assert reads_default_union_only(job(COUNT))
    # the word in a comment, a string or an IRI is not the keyword
    assert reads_default_union_only(job("# a graph\nASK { ?s ?p 'GRAPH' ; <http://x/GRAPH> 1 }"))
    assert not reads_default_union_only(job("SELECT * { GRAPH ?g { ?s ?p ?o } }"))
    assert not reads_default_union_only(job("SELECT * FROM <http://x/g> { ?s ?p ?o }"))
    assert not reads_default_union_only(job(COUNT, infer=True))
    assert not reads_default_union_only(job(COUNT, default_graphs=("http://x/g",)))
    assert not reads_default_union_only(GraphJob(None, "turtle"))


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[Store, Flask]]:
    """An app over the article with its inferred graph, once the data-only copy is ready."""
    store = open_store("memory")
    ensure_loaded(store)
    materialize(store)
    app = create_app(store, ServerConfig(workers=1))
    executor = services_of(app).executor
    assert isinstance(executor, ProcessExecutor)
    until = time.monotonic() + BUILD_SECONDS
    while executor._checkpoints.current()[2] is None:
        assert time.monotonic() < until, "the data-only checkpoint was not built"
        time.sleep(0.05)
    yield store, app
    close_app(app)


def count(app: Flask, sparql: str, **params: str) -> int:
    """The ?n of a counting query's JSON answer."""
    answer = app.test_client().get("/sparql", query_string={"query": sparql, **params})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    document: Any = answer.json
    return int(document["results"]["bindings"][0]["n"]["value"])


def test_answers_equal_those_over_the_whole_store(served: tuple[Store, Flask]) -> None:
    store, app = served
    result = store.query(COUNT)
    assert isinstance(result, QuerySolutions)
    assert count(app, COUNT) == int(next(iter(result))[0].value)
    # the inferred and shapes graphs stay reachable through the whole checkpoint
    assert count(app, COUNT, infer="true") > count(app, COUNT)
    in_shapes = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{SHAPES_GRAPH}> {{ ?s ?p ?o }} }}"
    assert count(app, in_shapes) > 0
