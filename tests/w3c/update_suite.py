"""The W3C SPARQL 1.1 Update evaluation tests, played over HTTP: reset the dataset with DROP ALL,
load the case's graphs through the Graph Store Protocol, POST the update, read every graph back
through the Graph Store Protocol and compare it with the expected one (blank nodes up to
isomorphism; empty graphs need not exist)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import rdflib
import requests
from rdflib import RDF, RDFS, Namespace
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.term import Node

from tests.support.live import Server

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
# Relative IRIs in the suite resolve against the files' place in the W3C repository.
BASE = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/"
# The server's own graphs: readable, but not part of the writable dataset.
MANAGED_PREFIX = "https://w3id.org/qalamoun/graph/"
GSP = "/rdf-graph-store"
NTRIPLES = "application/n-triples"


@dataclass(frozen=True)
class Endpoints:
    """Where a SPARQL server answers queries, updates and graph-store requests, and its token."""

    query: str
    update: str
    store: str
    headers: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, server: Server) -> Endpoints:
        """The endpoints of a `qkg serve` started by the tests."""
        store = server.url + GSP
        return cls(server.sparql, server.sparql, store, tuple(server.auth.items()))


@dataclass(frozen=True)
class Graphs:
    """A dataset: the default graph's file and each named graph's file by name."""

    default: tuple[Path, ...]
    named: tuple[tuple[str, Path], ...]


@dataclass(frozen=True)
class UpdateCase:
    """One evaluation test."""

    id: str
    request: Path
    before: Graphs
    after: Graphs


def read_cases(folder: Path) -> list[UpdateCase]:
    """The UpdateEvaluationTests of every manifest below folder, in manifest order."""
    cases: list[UpdateCase] = []
    for manifest in sorted(folder.glob("*/manifest.ttl")):
        cases.extend(_read_manifest(manifest))
    return cases


def _read_manifest(path: Path) -> Iterator[UpdateCase]:
    """The cases of one manifest."""
    base = BASE + path.parent.name + "/"
    graph = rdflib.Graph().parse(path, format="turtle", publicID=base + "manifest.ttl")
    entries = next(graph.objects(None, MF.entries))
    for entry in Collection(graph, entries):
        if (entry, RDF.type, MF.UpdateEvaluationTest) not in graph:
            continue
        action = graph.value(entry, MF.action)
        request = action if isinstance(action, rdflib.URIRef) else graph.value(action, UT.request)
        yield UpdateCase(
            id=f"{path.parent.name}/{str(entry).rsplit('#', 1)[-1]}",
            request=_local(path, request),
            before=_graphs(graph, path, None if request == action else action),
            after=_graphs(graph, path, graph.value(entry, MF.result)),
        )


def _graphs(graph: rdflib.Graph, manifest: Path, node: Node | None) -> Graphs:
    """The dataset a manifest node describes."""
    if node is None:
        return Graphs((), ())
    default = tuple(_local(manifest, data) for data in graph.objects(node, UT.data))
    named = tuple(
        (str(graph.value(item, RDFS.label)), _local(manifest, graph.value(item, UT.graph)))
        for item in graph.objects(node, UT.graphData)
    )
    return Graphs(default, named)


def _local(manifest: Path, iri: Node | None) -> Path:
    """The file of the suite an IRI of the manifest names."""
    assert iri is not None
    return manifest.parent / str(iri).rsplit("/", 1)[-1]


def _parse(path: Path) -> rdflib.Graph:
    """A data file of the suite, its relative IRIs resolved as in the W3C repository."""
    return rdflib.Graph().parse(path, format="turtle", publicID=_base(path))


def _base(path: Path) -> str:
    """The W3C IRI of a file of the suite."""
    return f"{BASE}{path.parent.name}/{path.name}"


def play(server: Endpoints, case: UpdateCase) -> None:
    """Reset, load, update, and compare every graph with the expected dataset."""
    _write(server, "POST", server.update, b"DROP ALL", "application/sparql-update", {})
    _put(server, {"default": ""}, case.before.default)
    for name, path in case.before.named:
        _put(server, {"graph": name}, (path,))
    text = f"BASE <{_base(case.request)}>\n" + case.request.read_text(encoding="utf-8")
    _write(server, "POST", server.update, text.encode(), "application/sparql-update", {})
    expected = {"": _union(case.after.default)}
    expected.update({name: _parse(path) for name, path in case.after.named})
    got = {"": _read(server, {"default": ""})}
    got.update({name: _read(server, {"graph": name}) for name in _dataset_graphs(server)})
    _compare(case.id, expected, got)


def _put(server: Endpoints, target: dict[str, str], files: tuple[Path, ...]) -> None:
    """Make the files' triples the content of one graph."""
    if files:
        body = _union(files).serialize(format="nt", encoding="utf-8")
        _write(server, "PUT", server.store, body, NTRIPLES, target)


def _write(
    server: Endpoints, method: str, url: str, body: bytes, media: str, params: dict[str, str]
) -> None:
    """A write with the token, which must succeed."""
    headers = {"Content-Type": media, **dict(server.headers)}
    response = requests.request(method, url, params=params, data=body, headers=headers, timeout=120)
    assert response.ok, f"{method} {params}: {response.status_code} {response.text[:500]}"


def _union(files: tuple[Path, ...]) -> rdflib.Graph:
    """The triples of several files in one graph."""
    merged = rdflib.Graph()
    for path in files:
        merged += _parse(path)
    return merged


def _read(server: Endpoints, target: dict[str, str]) -> rdflib.Graph:
    """One graph read through the Graph Store Protocol."""
    response = requests.get(server.store, params=target, headers={"Accept": NTRIPLES}, timeout=120)
    if response.status_code == 404:
        return rdflib.Graph()
    assert response.status_code == 200, response.text
    return rdflib.Graph().parse(data=response.text, format="nt")


def _dataset_graphs(server: Endpoints) -> list[str]:
    """The named graphs of the writable dataset."""
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"
    headers = {"Accept": "application/sparql-results+json"}
    response = requests.get(server.query, params={"query": query}, headers=headers, timeout=120)
    assert response.status_code == 200, response.text
    names = [b["g"]["value"] for b in response.json()["results"]["bindings"]]
    return [name for name in names if not name.startswith(MANAGED_PREFIX)]


def _compare(case: str, expected: dict[str, rdflib.Graph], got: dict[str, rdflib.Graph]) -> None:
    """Every non-empty graph on either side is isomorphic to its counterpart."""
    for name in sorted({n for n, g in {**expected, **got}.items() if len(g)}):
        wanted, found = expected.get(name, rdflib.Graph()), got.get(name, rdflib.Graph())
        assert isomorphic(wanted, found), (
            f"{case}: graph {name or 'DEFAULT'} differs\n"
            f"expected:\n{wanted.serialize(format='nt')}\ngot:\n{found.serialize(format='nt')}"
        )
