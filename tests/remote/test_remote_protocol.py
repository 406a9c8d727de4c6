"""Endpoint conventions, the prologue of project prefixes, and failures of the connection."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from qalamoun_kg.errors import InputError, QueryError
from qalamoun_kg.store import open_store
from qalamoun_kg.store.remote import (
    GSP_ENV,
    UPDATE_ENV,
    EndpointError,
    RemoteStore,
    derive_endpoints,
    open_remote,
    with_prologue,
)

from .fixtures import OxigraphServer, free_port


@pytest.mark.parametrize(
    ("query", "update", "store"),
    [
        ("http://h:7878/query", "http://h:7878/update", "http://h:7878/store"),
        ("http://h:3030/ds/query", "http://h:3030/ds/update", "http://h:3030/ds/data"),
        ("http://h:3030/ds/sparql", "http://h:3030/ds/update", "http://h:3030/ds/data"),
        ("http://h:8890/sparql", "http://h:8890/sparql", "http://h:8890/sparql-graph-crud"),
        (
            "http://h:7200/repositories/kg",
            "http://h:7200/repositories/kg/statements",
            "http://h:7200/repositories/kg/rdf-graphs/service",
        ),
        ("http://h:7019/", "http://h:7019/", None),
    ],
)
def test_endpoints_follow_server_conventions(query: str, update: str, store: str | None) -> None:
    assert derive_endpoints(query) == (derive_endpoints(query).__class__(query, update, store))


def test_endpoint_overrides_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(UPDATE_ENV, "http://h/u")
    monkeypatch.setenv(GSP_ENV, "")
    store = open_remote("http://h/query")
    assert (store.endpoints.update, store.endpoints.store) == ("http://h/u", None)


def test_prologue_declares_used_project_prefixes_on_one_line() -> None:
    text, shift = with_prologue(
        "PREFIX qo: <http://other/>\nSELECT * { ?s qo:p qr:x ; rdfs:label ?l }"
    )
    first, rest = text.split("\n", 1)
    assert shift == 1
    assert first == (
        "PREFIX qr: <https://w3id.org/qalamoun/id/> "
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>"
    )
    assert rest.startswith("PREFIX qo: <http://other/>")
    # Inside an IRI it is no prefix (one inside a string would only be declared needlessly).
    assert with_prologue("SELECT * { <http://a/qo:b> ?p 1 }") == (
        "SELECT * { <http://a/qo:b> ?p 1 }",
        0,
    )


def test_unreachable_endpoint_is_an_input_error() -> None:
    store = RemoteStore(f"http://127.0.0.1:{free_port()}/query", timeout=5)
    with pytest.raises(EndpointError, match=r"cannot reach the SPARQL endpoint .*refused"):
        store.query("ASK {}")
    assert issubclass(EndpointError, InputError)


@pytest.mark.server
def test_wrong_path_is_reported(oxigraph_server: OxigraphServer) -> None:
    store = RemoteStore(oxigraph_server.base_url + "/nothing-here/query")
    with pytest.raises(EndpointError, match="HTTP 404"):
        store.query("ASK {}")


@pytest.mark.server
def test_update_errors_keep_the_users_line_numbers(oxigraph_server: OxigraphServer) -> None:
    store = open_store(oxigraph_server.query_url)
    with pytest.raises(QueryError) as caught:
        store.update("INSERT DATA {\n  qr:a qo:b }")
    assert (caught.value.line, caught.value.column) == (2, 13)
    store.close()


@pytest.mark.server
def test_cli_query_through_a_remote_store(oxigraph_server: OxigraphServer) -> None:
    from qalamoun_kg.cli import main

    runner = CliRunner()
    store = oxigraph_server.query_url
    result = runner.invoke(
        main, ["query", "--store", store, "--format", "csv", "ASK { ?s a qo:Phase }"]
    )
    assert result.exit_code == 0, result.output
    refused = runner.invoke(
        main, ["query", "--store", f"http://127.0.0.1:{free_port()}/query", "ASK {}"]
    )
    assert refused.exit_code == 2
    assert "cannot reach the SPARQL endpoint" in refused.output


@pytest.mark.server
def test_queries_from_many_short_lived_threads(oxigraph_server: OxigraphServer) -> None:
    """The web layer runs each query in a new thread: all share the store's connections."""
    from concurrent.futures import ThreadPoolExecutor

    store = RemoteStore(oxigraph_server.query_url)
    store.update("INSERT DATA { <http://example.org/a> <http://example.org/p> 1 }")

    def ask(_: int) -> bool:
        return bool(store.query("ASK { ?s <http://example.org/p> 1 }"))

    with ThreadPoolExecutor(max_workers=16) as pool:
        assert all(pool.map(ask, range(200)))
    store.clear()
    store.close()
