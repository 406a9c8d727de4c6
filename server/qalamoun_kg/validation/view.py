"""The stored graph as it would be after a change: stored triples plus additions less removals."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from qalamoun_kg.namespaces import INFERRED_GRAPH, META_GRAPH, SHAPES_GRAPH
from qalamoun_kg.store.base import Store

# Graphs that are not data: the shapes themselves, bookkeeping, and derived triples.
NON_DATA_GRAPHS = frozenset({str(SHAPES_GRAPH), str(META_GRAPH), str(INFERRED_GRAPH)})

Node = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def is_data_graph(graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> bool:
    """Whether a graph's triples count as data to validate."""
    return not (isinstance(graph, ox.NamedNode) and graph.value in NON_DATA_GRAPHS)


class ChangedView:
    """Triple patterns over (stored data ∪ additions) − removals, without touching the store.

    `match(..., before_too=True)` also sees the removed triples: the union of the graph before
    and after, which is what the search for affected nodes must walk.
    """

    def __init__(
        self, store: Store, additions: Iterable[ox.Triple], removals: Iterable[ox.Triple] = ()
    ) -> None:
        self.store = store
        self.additions = _memory_store(additions)
        self.removed = set(removals)

    def match(
        self,
        subject: ox.NamedNode | ox.BlankNode | None,
        predicate: ox.NamedNode | None,
        obj: Node | None,
        *,
        before_too: bool = False,
    ) -> set[ox.Triple]:
        """Distinct triples matching the pattern (None matches anything)."""
        found = {q.triple for q in self._stored(subject, predicate, obj)}
        if not before_too:
            found -= self.removed
        found.update(q.triple for q in self.additions.quads_for_pattern(subject, predicate, obj))
        return found

    def _stored(
        self,
        subject: ox.NamedNode | ox.BlankNode | None,
        predicate: ox.NamedNode | None,
        obj: Node | None,
    ) -> Iterator[ox.Quad]:
        """Stored data quads matching the pattern."""
        for quad in self.store.quads(subject, predicate, obj, None):
            if is_data_graph(quad.graph_name):
                yield quad

    def triples(self) -> Iterator[ox.Triple]:
        """Every triple of the changed graph; one met in several graphs comes more than once."""
        for quad in self._stored(None, None, None):
            if quad.triple not in self.removed:
                yield quad.triple
        for quad in self.additions:
            yield quad.triple


def _memory_store(triples: Iterable[ox.Triple]) -> ox.Store:
    """An in-memory pyoxigraph store of triples in its default graph, for pattern lookups."""
    memory = ox.Store()
    memory.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    return memory
