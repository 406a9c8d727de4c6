"""Read the W3C protocol manifests (HTTP exchanges described in RDF) into test cases."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import rdflib
from rdflib import RDF, Namespace
from rdflib.collection import Collection
from rdflib.term import Literal, Node

from tests.support.w3c import W3C

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")


def manifest(name: str) -> Path:
    """A manifest file's path (the tests skip when the folder is absent)."""
    return W3C / name


STATUS = {
    "OK": (200,),
    "Created": (201,),
    "NoContent": (204,),
    "NotFound": (404,),
    "StatusCode2xx": tuple(range(200, 300)),
    "StatusCode3xx": tuple(range(300, 400)),
    "StatusCode4xx": tuple(range(400, 500)),
}


@dataclass(frozen=True)
class Expected:
    """What a response must be."""

    statuses: frozenset[int]
    format: str | None = None
    boolean: bool | None = None
    headers: tuple[tuple[str, str], ...] = ()
    body: str | None = None
    location: str | None = None


@dataclass(frozen=True)
class Exchange:
    """One request of a test and its expected response."""

    method: str
    path: str
    headers: tuple[tuple[str, str], ...]
    body: str | None
    expected: Expected


@dataclass(frozen=True)
class Case:
    """A test: its id, name, the graphs it needs loaded, and its exchanges in order."""

    id: str
    name: str
    exchanges: tuple[Exchange, ...]
    graphs: tuple[str, ...] = field(default=())


def read_manifest(path: Path) -> list[Case]:
    """Every test of a manifest, listed entries first, then any other test it defines."""
    graph = rdflib.Graph().parse(path, format="turtle")
    listed = list(Collection(graph, _entries(graph)))
    defined = [t for t in graph.subjects(MF.action, None) if t not in listed]
    return [_case(graph, test) for test in [*listed, *sorted(defined, key=str)]]


def listed_ids(path: Path) -> set[str]:
    """The ids of the manifest's mf:entries."""
    graph = rdflib.Graph().parse(path, format="turtle")
    return {_id(t) for t in Collection(graph, _entries(graph))}


def _entries(graph: rdflib.Graph) -> Node:
    """The head of the manifest's mf:entries list."""
    return _required(graph, graph.value(None, RDF.type, MF.Manifest), MF.entries)


def _required(graph: rdflib.Graph, subject: Node | None, predicate: Node) -> Node:
    """The one value of a property the manifest vocabulary requires."""
    value = graph.value(subject, predicate)
    assert value is not None, f"{subject} has no {predicate}"
    return value


def _id(test: Node) -> str:
    """The local name of a test IRI."""
    return str(test).rsplit("#", 1)[-1]


def _case(graph: rdflib.Graph, test: Node) -> Case:
    """One test case."""
    action = graph.value(test, MF.action)
    requests = Collection(graph, _required(graph, action, HT.requests))
    labels = [graph.value(data, rdflib.RDFS.label) for data in graph.objects(test, UT.graphData)]
    return Case(
        id=_id(test),
        name=str(graph.value(test, MF.name)),
        exchanges=tuple(_exchange(graph, request) for request in requests),
        graphs=tuple(sorted(str(label) for label in labels if label is not None)),
    )


def _exchange(graph: rdflib.Graph, request: Node) -> Exchange:
    """A request and its expected response."""
    response = _required(graph, request, HT.resp)
    statuses = {
        code
        for status in graph.objects(response, MF.expectedStatus)
        for code in STATUS[str(status).rsplit("#", 1)[-1]]
    }
    boolean = graph.value(response, MF.expectedBoolean)
    fmt = graph.value(response, MF.expectedFormat)
    location = graph.value(response, MF.expectedLocation)
    return Exchange(
        method=str(graph.value(request, HT.methodName)),
        path=str(graph.value(request, HT.absolutePath)),
        headers=_headers(graph, request),
        body=_body(graph, request),
        expected=Expected(
            statuses=frozenset(statuses),
            format=None if fmt is None else str(fmt),
            boolean=None if not isinstance(boolean, Literal) else bool(boolean.toPython()),
            headers=_headers(graph, response),
            body=_body(graph, response),
            location=None if location is None else str(location),
        ),
    )


def _headers(graph: rdflib.Graph, node: Node) -> tuple[tuple[str, str], ...]:
    """The (name, value) headers of a request or response."""
    listed = graph.value(node, HT.headers)
    if listed is None:
        return ()
    return tuple(
        (str(graph.value(h, HT.fieldName)), str(graph.value(h, HT.fieldValue)))
        for h in Collection(graph, listed)
    )


def _body(graph: rdflib.Graph, node: Node) -> str | None:
    """The text of a body, if any."""
    body = graph.value(node, HT.body)
    return None if body is None else str(graph.value(body, CNT.chars))
