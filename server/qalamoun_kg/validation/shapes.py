"""Load the SHACL shapes once, from the store's shapes graph or the bundled files; cache them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from qalamoun_kg.bootstrap import recorded_hashes
from qalamoun_kg.namespaces import SHAPES_GRAPH
from qalamoun_kg.sources import source_files
from qalamoun_kg.store.base import Store
from qalamoun_kg.store.convert import triple_to_rdflib
from qalamoun_kg.validation.dependencies import (
    Dependency,
    UnsupportedShapes,
    dependencies,
)


@dataclass(frozen=True)
class ShapeSet:
    """A shapes graph with what its shapes read; `deps` None when they cannot be followed."""

    graph: Graph
    deps: tuple[Dependency, ...] | None
    fingerprint: str


_CACHE: dict[str, ShapeSet] = {}


def shapes_for(store: Store) -> ShapeSet:
    """The shapes of the store's shapes graph, or the bundled ones when the store has none."""
    recorded = recorded_hashes(store).get(str(SHAPES_GRAPH))
    if recorded is not None and recorded in _CACHE:
        return _CACHE[recorded]
    graph = _stored_shapes(store)
    if len(graph) == 0:
        return bundled_shapes()
    key = recorded or _graph_digest(graph)
    return _CACHE.setdefault(key, _shape_set(graph, key))


def bundled_shapes() -> ShapeSet:
    """The shapes of the bundled `shapes/*.ttl` files (via `qalamoun_kg.sources`)."""
    files = [f.path for f in source_files() if f.kind == "shapes"]
    key = "bundled:" + hashlib.sha256(b"".join(p.read_bytes() for p in files)).hexdigest()
    if key not in _CACHE:
        _CACHE[key] = _shape_set(shapes_from_files(files), key)
    return _CACHE[key]


def shapes_from_files(paths: list[Path]) -> Graph:
    """One rdflib graph of several Turtle shapes files."""
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


def _stored_shapes(store: Store) -> Graph:
    """The store's shapes graph as an rdflib Graph."""
    graph = Graph()
    for quad in store.quads(None, None, None, ox.NamedNode(str(SHAPES_GRAPH))):
        graph.add(triple_to_rdflib(quad.triple))
    return graph


def _shape_set(graph: Graph, fingerprint: str) -> ShapeSet:
    """Bundle a shapes graph with its dependencies (None when they cannot be derived)."""
    try:
        deps: tuple[Dependency, ...] | None = dependencies(graph)
    except UnsupportedShapes:
        deps = None
    return ShapeSet(graph, deps, fingerprint)


def _graph_digest(graph: Graph) -> str:
    """A content digest of a graph without blank nodes' labels mattering much (sorted N-Triples)."""
    lines = sorted(f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in graph)
    return "graph:" + hashlib.sha256("\n".join(lines).encode()).hexdigest()
