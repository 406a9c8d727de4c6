"""Deep input cannot take the server down: every recursive construct of the grammars, at a depth
that crashes Oxigraph (a control proves it), is a 400 and the server goes on answering, with
query workers and with queries in the server process (`--store memory`). RDF/XML with a DTD
(billion laughs) is refused before parsing."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.hardening.livekg import start_server
from tests.support.live import Server

pytestmark = pytest.mark.server

# name: (kind, text). Depths are past the crash point measured on an 8 MiB thread stack.
QUERIES = {
    "chain of +": "SELECT * { FILTER(1" + "+1" * 12000 + ") }",
    "chain of ||": "SELECT * { FILTER(true" + "||true" * 12000 + ") }",
    "chain of !": "SELECT * { FILTER(" + "!" * 12000 + "true) }",
    "&& hidden in what reads as an IRI": "SELECT * { FILTER((1<1" + "&&1" * 12000 + ")>2) }",
    "path alternatives": "SELECT * { ?s <p:a>" + "|<p:a>" * 40000 + " ?o }",
    "UNION chain": "SELECT * { {}" + " UNION {}" * 12000 + " }",
    "OPTIONAL chain": "SELECT * { " + "OPTIONAL {} " * 12000 + "}",
    "FILTER chain with dots": "SELECT * { " + "FILTER(true) . " * 12000 + "}",
    "brackets": "SELECT * { FILTER(" + "(" * 12000 + "1" + ")" * 12000 + ") }",
    "nested triple terms": "SELECT * { BIND("
    + "<<( <a:s> <a:p> " * 120000
    + "<a:o>"
    + " )>>" * 120000
    + " AS ?x) }",
}
UPDATES = {
    "nested quoted triples": "INSERT DATA { <a:s> <a:p> "
    + "<<( <a:s> <a:p> " * 120000
    + "<a:o>"
    + " )>>" * 120000
    + " }",
    "UNION chain in WHERE": "INSERT { <a:s> <a:p> <a:o> } WHERE { {}" + " UNION {}" * 12000 + " }",
    "chain of + in BIND": "INSERT { <a:s> <a:p> ?x } WHERE { BIND(1" + "+1" * 12000 + " AS ?x) }",
}
BODIES = {
    "Turtle with nested triple terms": (
        "text/turtle",
        "<a:s> <a:p> " + "<<( <a:s> <a:p> " * 120000 + "<a:o>" + " )>>" * 120000 + " .",
    ),
    "TriG with nested triple terms": (
        "application/trig",
        "{ <a:s> <a:p> " + "<<( <a:s> <a:p> " * 120000 + "<a:o>" + " )>>" * 120000 + " . }",
    ),
    "RDF/XML billion laughs": (
        "application/rdf+xml",
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n<!ENTITY a "ha">\n'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">\n' for i in range(9))
        + ']>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns:ex="http://example.org/"><rdf:Description rdf:about="http://example.org/s">'
        "<ex:p>&j;</ex:p></rdf:Description></rdf:RDF>",
    ),
    "JSON-LD with nested lists": (
        "application/ld+json",
        '{"@id": "http://a/s", "http://a/p": ' + '{"@list": ' * 12000 + '"x"' + "}" * 12000 + "}",
    ),
    "JSON-LD with nested objects": (
        "application/ld+json",
        '{"@id": "http://a/s", "http://a/p": '
        + '{"http://a/p": ' * 12000
        + '"x"'
        + "}" * 12000
        + "}",
    ),
    "RDF/XML with nested elements": (
        "application/rdf+xml",
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns:ex="http://a/">'
        + "<rdf:Description><ex:p>" * 100000
        + "</ex:p></rdf:Description>" * 100000
        + "</rdf:RDF>",
    ),
    "RDF/XML with a DTD in UTF-16": (
        "application/rdf+xml",
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE r [<!ENTITY a "b">]><r/>',
    ),
}
_CRASH = """
import sys, threading, pyoxigraph
text = sys.stdin.read()
def run():
    try:
        if sys.argv[1] == "query":
            list(pyoxigraph.Store().query(text))
        elif sys.argv[1] == "update":
            pyoxigraph.Store().update(text)
        else:
            list(pyoxigraph.parse(text.encode(), getattr(pyoxigraph.RdfFormat, sys.argv[1])))
    except Exception:
        pass
thread = threading.Thread(target=run)
thread.start()
thread.join()
"""


def _crashes(kind: str, text: str) -> bool:
    """Whether Oxigraph, unguarded, kills its process on the text (in a thread, as a server)."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CRASH, kind], input=text.encode(), timeout=60, check=False
        )
    except subprocess.TimeoutExpired:
        return False
    return done.returncode < 0


@pytest.mark.parametrize(
    ("kind", "name"),
    [
        ("query", "chain of +"),
        ("query", "UNION chain"),
        ("query", "path alternatives"),
        ("update", "nested quoted triples"),
        ("TURTLE", "Turtle with nested triple terms"),
        ("JSON_LD", "JSON-LD with nested lists"),
    ],
)
def test_the_constructs_do_crash_oxigraph_unguarded(kind: str, name: str) -> None:
    """Control: a sample of the inputs below kill a process running Oxigraph without the check."""
    text = {"query": QUERIES, "update": UPDATES}.get(kind, {}).get(name)
    if text is None:
        text = BODIES[name][1]
    assert _crashes(kind, text), f"{name} does not crash Oxigraph: the test proves nothing"


@pytest.fixture(scope="module", params=["workers", "memory"])
def served(
    request: pytest.FixtureRequest,
    loaded_store: Path,
    frozen_sources: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Server]:
    """A writable server with query workers, or with everything in process (`--store memory`)."""
    workdir = tmp_path_factory.mktemp(f"deep-{request.param}")
    if request.param == "memory":
        live = Server(workdir, "memory", home=frozen_sources, options=["--timeout", "10"])
        live.start()
    else:
        live = start_server(loaded_store, frozen_sources, workdir, "--timeout", "10")
    yield live
    live.stop()
    live.assert_clean_log()


def _still_answers(server: Server) -> None:
    assert server.alive()
    response = requests.get(server.sparql, params={"query": "ASK {}"}, timeout=30)
    assert response.status_code == 200


@pytest.mark.parametrize("name", list(QUERIES))
def test_deep_queries_are_refused(served: Server, name: str) -> None:
    response = requests.post(
        served.sparql,
        data=QUERIES[name].encode(),
        headers={"Content-Type": "application/sparql-query"},
        timeout=60,
    )
    assert response.status_code == 400, (response.status_code, response.text[:300])
    assert "deep" in response.text
    _still_answers(served)


@pytest.mark.parametrize("name", list(UPDATES))
def test_deep_updates_are_refused(served: Server, name: str) -> None:
    response = requests.post(
        served.sparql,
        data=UPDATES[name].encode(),
        headers={"Content-Type": "application/sparql-update", **served.auth},
        timeout=60,
    )
    assert response.status_code == 400, (response.status_code, response.text[:300])
    assert "deep" in response.text
    assert ("DTD" if "DTD" in name or "laughs" in name else "nest") in response.text
    _still_answers(served)


@pytest.mark.parametrize("name", list(BODIES))
def test_hostile_graph_store_bodies_are_refused(served: Server, name: str) -> None:
    media, text = BODIES[name]
    data = text.encode("utf-16" if "UTF-16" in name else "utf-8")
    response = requests.put(
        f"{served.url}/rdf-graph-store?graph=urn:deep",
        data=data,
        headers={"Content-Type": media, **served.auth},
        timeout=60,
    )
    assert response.status_code == 400, (response.status_code, response.text[:300])
    assert ("DTD" if "DTD" in name or "laughs" in name else "nest") in response.text
    _still_answers(served)
