"""The store as a change would leave it, without touching it: base − removed + added.

Graph semantics of writes are SPARQL 1.1 Update's: the default graph is the store's real default
graph and each named graph is itself; a write acts on the graphs it names and nothing else. The
server's managed graphs (ontology, shapes, meta, inferred) are not part of the writable dataset:
they are not listed among its named graphs, so CLEAR ALL or GRAPH ?g never reach them, and a
write naming one is refused by the writer.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from qalamoun_kg.errors import QkgError
from qalamoun_kg.namespaces import INFERRED_GRAPH, META_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH
from qalamoun_kg.store.base import GraphName, Store, Subject, Term
from qalamoun_kg.updates.delta import Delta

PROTECTED = frozenset(
    {str(ONTOLOGY_GRAPH), str(SHAPES_GRAPH), str(META_GRAPH), str(INFERRED_GRAPH)}
)
DEFAULT = ox.DefaultGraph()
NamedGraph = ox.NamedNode | ox.BlankNode


def is_managed(graph: GraphName) -> bool:
    """Whether a graph belongs to the server rather than to the writable dataset."""
    return isinstance(graph, ox.NamedNode) and graph.value in PROTECTED


class ManagedGraph(QkgError):
    """A write that names one of the server's managed graphs."""

    def __init__(self, graph: GraphName) -> None:
        super().__init__(
            f"graph {graph} is managed by the server (loaded from the project's files or "
            "derived) and cannot be changed through the endpoint"
        )


def _writable(graph: GraphName) -> None:
    """Refuse a change to a managed graph."""
    if is_managed(graph):
        raise ManagedGraph(graph)


class Overlay:
    """Reads see the change so far; writes are recorded, never applied to the store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._added = ox.Store()
        self._removed: set[ox.Quad] = set()
        self._base_graphs: set[NamedGraph] = {g for g in store.graphs() if not is_managed(g)}
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

    def unchanged(self) -> bool:
        """Whether nothing has been recorded yet (reads may then go to the store itself)."""
        return not self._added and not self._removed and self.graphs == self._base_graphs

    def exists(self, graph: NamedGraph) -> bool:
        """Whether a named graph exists now."""
        return graph in self.graphs

    def add(self, quad: ox.Quad) -> None:
        """Record an addition to one graph (a named graph comes into existence)."""
        _writable(quad.graph_name)
        if quad in self._removed:
            self._removed.discard(quad)
        elif not self._in_base(quad):
            self._added.add(quad)
        if not isinstance(quad.graph_name, ox.DefaultGraph):
            self.graphs.add(quad.graph_name)

    def add_all(self, triples: Iterable[ox.Triple], graph: GraphName) -> None:
        """Add triples to one graph."""
        for triple in triples:
            self.add(ox.Quad(triple.subject, triple.predicate, triple.object, graph))

    def remove(self, quad: ox.Quad) -> None:
        """Record the removal of one quad of one graph."""
        _writable(quad.graph_name)
        if quad in self._added:
            self._added.remove(quad)
        elif self._in_base(quad):
            self._removed.add(quad)

    def clear(self, graph: GraphName) -> None:
        """Remove every triple of one graph; a named graph goes on existing."""
        _writable(graph)
        for quad in list(self.match(None, None, None, graph)):
            self.remove(quad)

    def create(self, graph: NamedGraph) -> None:
        """Make an empty named graph exist."""
        _writable(graph)
        self.graphs.add(graph)

    def drop(self, graph: NamedGraph) -> None:
        """Remove a named graph and its triples."""
        _writable(graph)
        self.clear(graph)
        self.graphs.discard(graph)

    def triples(self, graph: GraphName) -> list[ox.Triple]:
        """The triples of one graph."""
        return [quad.triple for quad in self.match(None, None, None, graph)]

    def delta(self) -> Delta:
        """The net change: quads added and removed, graphs created and dropped."""
        return Delta(
            added=list(self._added),
            removed=sorted(self._removed, key=str),
            created=sorted(self.graphs - self._base_graphs, key=str),
            dropped=sorted(self._base_graphs - self.graphs, key=str),
        )

    def _in_base(self, quad: ox.Quad) -> bool:
        """Whether the store holds the quad."""
        found = self.store.quads(quad.subject, quad.predicate, quad.object, quad.graph_name)
        return next(iter(found), None) is not None
