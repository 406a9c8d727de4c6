"""Compare pyoxigraph datasets graph by graph, blank nodes up to isomorphism."""

from __future__ import annotations

import pyoxigraph as ox
import rdflib
from rdflib.compare import isomorphic

from qalamoun_kg.store.convert import triple_to_rdflib


def graph_names(store: ox.Store) -> set[str]:
    """The names of the graphs holding quads."""
    return {str(quad.graph_name) for quad in store}


def graph_of(store: ox.Store, name: str) -> rdflib.Graph:
    """One graph of the store as an rdflib graph."""
    graph = rdflib.Graph()
    for quad in store:
        if str(quad.graph_name) == name:
            graph.add(triple_to_rdflib(quad.triple))
    return graph


def assert_same_dataset(got: ox.Store, expected: ox.Store) -> None:
    """The same non-empty graphs, each isomorphic to its counterpart."""
    assert graph_names(got) == graph_names(expected)
    for name in graph_names(expected):
        assert isomorphic(graph_of(got, name), graph_of(expected, name)), name
