"""SERVICE and LOAD never reach an internal address: a canary HTTP server on loopback must never
be contacted, however the target is spelled or wherever a redirect points."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import pyoxigraph
import pytest
import requests
from flask import Flask

from qalamoun_kg.execution.fetch import FetchPolicy, FetchRefused, service_targets
from qalamoun_kg.store import open_store
from qalamoun_kg.updates.evaluate import UpdateFailed
from qalamoun_kg.updates.load import Fetcher
from qalamoun_kg.web import ServerConfig, close_app, create_app
from tests.hardening.canary import Canary

# Queries that hid their SERVICE clause from a lexical check; {url} is the canary's. Each runs
# its SERVICE over a store holding the one triple SEED.
HIDDEN_SERVICE = {
    "fragment IRI before it": "SELECT * { BIND(<http://x/#a> AS ?x) SERVICE <{url}> { ?a ?b ?c } }",
    "quotes inside IRIs": "SELECT * { BIND(<http://x/'> AS ?x) SERVICE <{url}> { ?a ?b ?c } "
    "BIND(<http://y/'> AS ?y) }",
    "dot before the keyword": "SELECT * { ?s ?p ?o.SERVICE <{url}> { ?a ?b ?c } }",
    "comment ended by CR": "SELECT * { # note\rSERVICE <{url}> { ?a ?b ?c } }",
    "escaped quote in a name": "PREFIX ex: <http://e/> SELECT * { OPTIONAL { ?s ex:a\\' ?o } "
    "SERVICE <{url}> { ?a ?b ?c } OPTIONAL { ?s ex:b\\' ?o } }",
    "escaped hash in a name": "PREFIX ex: <http://e/> SELECT * { OPTIONAL { ?s ex:a\\# ?o } "
    "SERVICE <{url}> { ?a ?b ?c } }",
    "plain": "SELECT * { SERVICE <{url}> { ?a ?b ?c } }",
    "prefixed name": "PREFIX c: <{url}> SELECT * { SERVICE c:x { ?a ?b ?c } }",
    "silent, after a comment": "SELECT * { SERVICE #x\n SILENT <{url}> { ?a ?b ?c } }",
}
SEED = pyoxigraph.Quad(
    pyoxigraph.NamedNode("urn:s"), pyoxigraph.NamedNode("urn:p"), pyoxigraph.NamedNode("urn:o")
)


@pytest.fixture(scope="module")
def app() -> Iterator[Flask]:
    """The app over an empty in-memory store, queries in this process (as pyoxigraph runs them)."""
    store = open_store("memory")
    store.add([SEED])
    flask_app = create_app(store, ServerConfig(workers=0, timeout=10))
    yield flask_app
    close_app(flask_app)
    store.close()


@pytest.mark.parametrize("template", HIDDEN_SERVICE.values(), ids=list(HIDDEN_SERVICE))
def test_hidden_service_clauses_are_refused(app: Flask, canary: Canary, template: str) -> None:
    query = template.replace("{url}", canary.url("/sparql"))
    response = app.test_client().get("/sparql", query_string={"query": query})
    assert response.status_code == 400, response.get_data(as_text=True)
    assert canary.hits == []


@pytest.mark.parametrize("template", HIDDEN_SERVICE.values(), ids=list(HIDDEN_SERVICE))
def test_the_hidden_clauses_would_reach_the_canary(canary: Canary, template: str) -> None:
    """Control: pyoxigraph parses each query and calls the canary when nobody checks."""
    query = template.replace("{url}", canary.url("/sparql"))
    with contextlib.suppress(RuntimeError):  # the canary answers Turtle, not SPARQL results
        store = pyoxigraph.Store()
        store.add(SEED)
        list(store.query(query, use_default_graph_as_union=True))  # type: ignore[arg-type]
    assert canary.hits, "the query never called its SERVICE: this case proves nothing"


@pytest.mark.parametrize(
    ("query", "host"),
    [
        ("SELECT * { SERVICE <http://127.0.0.1\\u0023@example.org/> { ?a ?b ?c } }", "127.0.0.1"),
        ("SELECT * { SERVICE <http\\u003A//169.254.169.254/> { ?a ?b ?c } }", "169.254.169.254"),
        (
            "PREFIX ex: <http://example.org> SELECT * { SERVICE ex:\\@10\\.0\\.0\\.1\\/ {} }",
            "10.0.0.1",
        ),
    ],
)
def test_escapes_are_decoded_before_the_host_is_checked(query: str, host: str) -> None:
    """An allowed name in the raw text must not hide the host the IRI really names."""
    [target] = service_targets(query)
    assert target is not None and urlsplit(target).hostname == host
    with pytest.raises(FetchRefused):
        FetchPolicy.of(["example.org"]).check("SERVICE", target)


@dataclass(frozen=True)
class FirstHopOnly(FetchPolicy):
    """The real policy, except that one URL (the canary standing for a public host) is allowed."""

    allowed: str = ""

    def check(self, what: str, iri: str | None) -> None:
        """Allow the first hop; everything else as the real policy decides."""
        if iri != self.allowed:
            super().check(what, iri)

    def connectable(self, host: str, port: int, what: str = "a fetch") -> list[str]:
        """Connect to the canary's host, standing for a public one."""
        if host == urlsplit(self.allowed).hostname:
            return [host]
        return super().connectable(host, port, what)


@dataclass(frozen=True)
class Rebinding(FetchPolicy):
    """A name that looked public when the URL was checked and resolves to loopback when the
    connection is made: the check of the URL passes, the connection is checked for real."""

    def check(self, what: str, iri: str | None) -> None:
        """The first resolution: public."""


def test_load_connects_only_to_addresses_it_checked(canary: Canary) -> None:
    fetch = Fetcher(Rebinding(frozenset({"127.0.0.1"})), max_bytes=1 << 20, timeout=10)
    with pytest.raises(FetchRefused, match="non-public"):
        fetch(canary.url("/rebound"))
    assert canary.hits == []


def test_without_the_connection_check_the_rebound_name_is_reached(canary: Canary) -> None:
    """Control: a plain fetch of the same URL does reach the canary."""
    assert requests.get(canary.url("/rebound"), timeout=10).status_code == 200
    assert canary.hits == ["/rebound"]


def test_load_does_not_follow_a_redirect_to_an_internal_address(canary: Canary) -> None:
    start = canary.url("/start")
    canary.redirect("/start", canary.url("/internal"))
    fetch = Fetcher(FirstHopOnly(allowed=start), max_bytes=1 << 20, timeout=10)
    with pytest.raises((FetchRefused, UpdateFailed)):
        fetch(start)
    assert canary.hits == ["/start"]
