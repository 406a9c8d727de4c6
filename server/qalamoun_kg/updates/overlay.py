"""The store as a change would leave it, without touching it: base − removed + added.

Graph semantics of the server: the default graph is the union of the data graphs (every graph
but shapes, meta and inferred), as queries see it. Triples added to it are stored in the user
graph; triples deleted from it are removed from every graph of the union that holds them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from qalamoun_kg.namespaces import INFERRED_GRAPH, META_GRAPH, SHAPES_GRAPH, USER_GRAPH
from qalamoun_kg.store.base import GraphName, Store, Subject, Term, union_graphs
from qalamoun_kg.updates.delta import Delta

USER = ox.NamedNode(str(USER_GRAPH))
PROTECTED = frozenset({str(SHAPES_GRAPH), str(META_GRAPH), str(INFERRED_GRAPH)})
NamedGraph = ox.NamedNode | ox.BlankNode


class Overlay:
    """Reads see the change so far; writes are recorded, never applied to the store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._added = ox.Store()
        self._removed: set[ox.Quad] = set()
        self._base_graphs: set[NamedGraph] = set(store.graphs())
        self.graphs: set[NamedGraph] = set(self._base_graphs)

    def match(
        self,
        subject: Subject | None,
        predicate: ox.NamedNode | None,
        obj: Term | None,
        graph: GraphName | None,
    ) -> Iterator[ox.Quad]:
        """Quads matching a pattern in one graph (None: any graph) after the change so far."""
        for quad in self.store.quads(subject, predicate, obj, graph):
            if quad not in self._removed:
                yield quad
        yield from self._added.quads_for_pattern(subject, predicate, obj, graph)

    def union(self) -> list[GraphName]:
        """The graphs that make up the default graph now."""
        return union_graphs(self.graphs, infer=False)

    def union_match(
        self, subject: Subject | None, predicate: ox.NamedNode | None, obj: Term | None
    ) -> Iterator[ox.Triple]:
        """Distinct triples of the default graph (the union) matching a pattern."""
        seen: set[ox.Triple] = set()
        for graph in self.union():
            for quad in self.match(subject, predicate, obj, graph):
                if quad.triple not in seen:
                    seen.add(quad.triple)
                    yield quad.triple

    def exists(self, graph: NamedGraph) -> bool:
        """Whether a named graph exists now."""
        return graph in self.graphs

    def add(self, quad: ox.Quad) -> None:
        """Record an addition; the default graph's additions go to the user graph."""
        if isinstance(quad.graph_name, ox.DefaultGraph):
            quad = ox.Quad(quad.subject, quad.predicate, quad.object, USER)
        if quad in self._removed:
            self._removed.discard(quad)
        elif not self._in_base(quad):
            self._added.add(quad)
        assert not isinstance(quad.graph_name, ox.DefaultGraph)
        self.graphs.add(quad.graph_name)

    def add_all(self, triples: Iterable[ox.Triple], graph: GraphName) -> None:
        """Add triples to one graph (the default graph: the user graph)."""
        for triple in triples:
            self.add(ox.Quad(triple.subject, triple.predicate, triple.object, graph))

    def remove(self, quad: ox.Quad) -> None:
        """Record a removal from one graph; from the default graph, from every union graph."""
        if isinstance(quad.graph_name, ox.DefaultGraph):
            for graph in self.union():
                self._remove_one(ox.Quad(quad.subject, quad.predicate, quad.object, graph))
        else:
            self._remove_one(quad)

    def clear(self, graph: GraphName) -> None:
        """Remove every triple of a graph (the default graph: of the whole union)."""
        graphs = self.union() if isinstance(graph, ox.DefaultGraph) else [graph]
        for name in graphs:
            for quad in list(self.match(None, None, None, name)):
                self._remove_one(quad)

    def create(self, graph: NamedGraph) -> None:
        """Make an empty named graph exist."""
        self.graphs.add(graph)

    def drop(self, graph: NamedGraph) -> None:
        """Remove a named graph and its triples."""
        self.clear(graph)
        self.graphs.discard(graph)

    def triples(self, graph: GraphName) -> list[ox.Triple]:
        """The triples of one graph, or of the union for the default graph."""
        if isinstance(graph, ox.DefaultGraph):
            return list(self.union_match(None, None, None))
        return [quad.triple for quad in self.match(None, None, None, graph)]

    def delta(self) -> Delta:
        """The net change: quads added and removed, graphs created and dropped."""
        return Delta(
            added=list(self._added),
            removed=sorted(self._removed, key=str),
            created=sorted(self.graphs - self._base_graphs, key=str),
            dropped=sorted(self._base_graphs - self.graphs, key=str),
        )

    def _remove_one(self, quad: ox.Quad) -> None:
        """Record the removal of one quad of one graph."""
        if quad in self._added:
            self._added.remove(quad)
        elif self._in_base(quad):
            self._removed.add(quad)

    def _in_base(self, quad: ox.Quad) -> bool:
        """Whether the store holds the quad."""
        found = self.store.quads(quad.subject, quad.predicate, quad.object, quad.graph_name)
        return next(iter(found), None) is not None
