"""Play a manifest's HTTP exchanges against our server and check each response."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import rdflib
import requests
from rdflib.compare import isomorphic

from tests.support.live import Server
from tests.w3c.manifest import Case, Expected

# The manifests' paths assume /sparql/ and /gsp; ours are /sparql and /rdf-graph-store.
ROUTES = (("/sparql/", "/sparql"), ("/gsp", "/rdf-graph-store"))
FOAF_DOCUMENT = "http://xmlns.com/foaf/0.1/Document"
TABULAR = {
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
}
RDF_TYPES = {
    "application/rdf+xml": "xml",
    "text/turtle": "turtle",
    "application/n-triples": "nt",
}


def run(server: Server, case: Case) -> None:
    """Start from an empty store holding the case's graphs, then play its requests in order."""
    _reset(server, case.graphs)
    location = ""
    for number, exchange in enumerate(case.exchanges, start=1):
        path = _route(exchange.path.replace("$LOCATION$", location))
        headers = {**dict(exchange.headers), **server.auth}
        body = None if exchange.body is None else exchange.body.encode("utf-8")
        response = requests.request(
            exchange.method, server.url + path, headers=headers, data=body, timeout=120
        )
        check(response, exchange.expected, f"{case.id}, request {number} ({exchange.method})")
        if exchange.expected.location is not None:
            location = response.headers["Location"]


def check(response: requests.Response, expected: Expected, where: str) -> None:
    """Status, result format, boolean, headers and body as the manifest says."""
    detail = f"{where}: {response.status_code} {response.text[:300]!r}"
    assert response.status_code in expected.statuses, detail
    media = response.headers.get("Content-Type", "").split(";")[0].strip()
    if expected.format == "boolean":
        assert _boolean(response, media) is not None, detail
    if expected.boolean is not None:
        assert _boolean(response, media) is expected.boolean, detail
    if expected.format == "tabular":
        assert media in TABULAR, detail
    if expected.format == "RDF":
        assert media in RDF_TYPES, detail
        rdflib.Graph().parse(data=response.content, format=RDF_TYPES[media])
    for name, value in expected.headers:
        got = response.headers.get(name, "")
        assert _normal(got) == _normal(value), f"{detail}: header {name}: {got!r} != {value!r}"
    if expected.body is not None:
        wanted = rdflib.Graph().parse(data=expected.body, format="turtle")
        got_graph = rdflib.Graph().parse(data=response.content, format=RDF_TYPES[media])
        assert isomorphic(wanted, got_graph), f"{detail}: graphs differ"


def _reset(server: Server, graphs: tuple[str, ...]) -> None:
    """Drop everything, then load each graph the case needs (a document describing itself)."""
    response = requests.post(
        server.sparql,
        data=b"DROP ALL",
        headers={"Content-Type": "application/sparql-update", **server.auth},
        timeout=120,
    )
    assert response.status_code == 200, response.text
    for graph in graphs:
        response = requests.put(
            server.url + "/rdf-graph-store",
            params={"graph": graph},
            data=f"<{graph}> a <{FOAF_DOCUMENT}> .".encode(),
            headers={"Content-Type": "text/turtle", **server.auth},
            timeout=120,
        )
        assert response.status_code in (201, 204), response.text


def _route(path: str) -> str:
    """A manifest path on our routes."""
    for theirs, ours in ROUTES:
        if path.startswith(theirs):
            return ours + path[len(theirs) :]
    return path


def _boolean(response: requests.Response, media: str) -> bool | None:
    """The boolean of an ASK result in JSON or XML."""
    if media == "application/sparql-results+json":
        value = json.loads(response.text).get("boolean")
        return value if isinstance(value, bool) else None
    if media == "application/sparql-results+xml":
        found = ET.fromstring(response.content).find(
            "{http://www.w3.org/2005/sparql-results#}boolean"
        )
        return None if found is None else found.text == "true"
    return None


def _normal(value: str) -> str:
    """A header value compared without case or spaces."""
    return value.replace(" ", "").lower()
