"""The net effect of a write, what it means for validation, and one SPARQL update applying it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from qalamoun_kg.store.base import GraphName, Store
from qalamoun_kg.validation.view import is_data_graph


@dataclass
class Delta:
    """Quads added and removed, named graphs created and dropped (by comparison with the store)."""

    added: list[ox.Quad] = field(default_factory=list)
    removed: list[ox.Quad] = field(default_factory=list)
    created: list[ox.NamedNode | ox.BlankNode] = field(default_factory=list)
    dropped: list[ox.NamedNode | ox.BlankNode] = field(default_factory=list)

    def is_empty(self) -> bool:
        """Whether the write changes nothing."""
        return not (self.added or self.removed or self.created or self.dropped)

    def graphs(self) -> set[str]:
        """The names of every graph the write touches."""
        names = {str(q.graph_name) for q in (*self.added, *self.removed)}
        return names | {str(g) for g in (*self.created, *self.dropped)}

    def summary(self) -> dict[str, object]:
        """Counts for the client."""
        return {
            "inserted": len(self.added),
            "deleted": len(self.removed),
            "graphsCreated": [g.value for g in self.created],
            "graphsDropped": [g.value for g in self.dropped],
        }


def data_changes(store: Store, delta: Delta) -> tuple[list[ox.Triple], list[ox.Triple]]:
    """Triples that appear in and vanish from the data graphs' union: what validation checks."""
    removed = set(delta.removed)
    added_data = {q for q in delta.added if is_data_graph(q.graph_name)}
    added_triples = {q.triple for q in added_data}

    def stored(triple: ox.Triple, *, after: bool) -> bool:
        """Whether a data graph of the store holds the triple (before, or after the change)."""
        for quad in store.quads(triple.subject, triple.predicate, triple.object, None):
            if is_data_graph(quad.graph_name) and not (after and quad in removed):
                return True
        return False

    additions = sorted((t for t in added_triples if not stored(t, after=False)), key=str)
    gone = {q.triple for q in removed if is_data_graph(q.graph_name)} - added_triples
    removals = sorted((t for t in gone if not stored(t, after=True)), key=str)
    return additions, removals


def update_text(store: Store, delta: Delta) -> str:
    """One SPARQL update that turns the store into the changed one, as a single transaction.

    A stored blank node cannot be named in SPARQL, so a graph losing a triple with a blank node,
    or gaining one about a stored blank node, is rewritten whole (its blank nodes get new
    labels); so is a graph losing all its triples. Other graphs get DELETE DATA / INSERT DATA.
    """
    removed_by_graph = _by_graph(delta.removed)
    added_by_graph = _by_graph(delta.added)
    dropped = set(delta.dropped)
    stored_blanks = _StoredBlanks(store)
    rewritten = {
        graph
        for graph in set(removed_by_graph) | set(added_by_graph)
        if graph not in dropped
        and (
            any(_has_blank(q) for q in removed_by_graph.get(graph, ()))
            or any(stored_blanks.any_in(q) for q in added_by_graph.get(graph, ()))
            or _all_removed(store, graph, removed_by_graph.get(graph, []))
        )
    }
    operations = [f"DROP SILENT {_graph_ref(g)}" for g in sorted(dropped | rewritten, key=str)]
    deleted = [
        q for g, quads in removed_by_graph.items() if g not in dropped | rewritten for q in quads
    ]
    if deleted:
        operations.append("DELETE DATA {\n" + _quad_data(deleted) + "}")
    inserted = [q for g, quads in added_by_graph.items() if g not in rewritten for q in quads]
    for graph in rewritten:
        removed = set(removed_by_graph.get(graph, ()))
        kept = (q for q in store.quads(None, None, None, graph) if q not in removed)
        inserted.extend(kept)
        inserted.extend(added_by_graph.get(graph, ()))
    if inserted:
        operations.append("INSERT DATA {\n" + _quad_data(inserted) + "}")
    existing = set(delta.created) | {g for g in rewritten if not isinstance(g, ox.DefaultGraph)}
    operations.extend(f"CREATE SILENT GRAPH {g}" for g in sorted(existing, key=str))
    return " ;\n".join(operations)


class _StoredBlanks:
    """Answers whether a quad mentions a blank node the store already holds (cached)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._known: dict[ox.BlankNode, bool] = {}

    def any_in(self, quad: ox.Quad) -> bool:
        """Whether subject or object is a stored blank node."""
        return any(
            isinstance(term, ox.BlankNode) and self._stored(term)
            for term in (quad.subject, quad.object)
        )

    def _stored(self, node: ox.BlankNode) -> bool:
        """Whether the store mentions the blank node."""
        if node not in self._known:
            as_subject = next(iter(self._store.quads(node, None, None, None)), None)
            as_object = next(iter(self._store.quads(None, None, node, None)), None)
            self._known[node] = as_subject is not None or as_object is not None
        return self._known[node]


def _by_graph(quads: Iterable[ox.Quad]) -> dict[GraphName, list[ox.Quad]]:
    """Quads grouped by graph name."""
    grouped: dict[GraphName, list[ox.Quad]] = defaultdict(list)
    for quad in quads:
        grouped[quad.graph_name].append(quad)
    return grouped


def _has_blank(quad: ox.Quad) -> bool:
    """Whether the quad has a blank node as subject or object."""
    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)


def _all_removed(store: Store, graph: GraphName, removed: list[ox.Quad]) -> bool:
    """Whether the removals take every triple of the graph (then it is cleared, not listed)."""
    return bool(removed) and len(removed) == sum(1 for _ in store.quads(None, None, None, graph))


def _graph_ref(graph: GraphName) -> str:
    """`GRAPH <iri>` or `DEFAULT` in a graph management operation."""
    return "DEFAULT" if isinstance(graph, ox.DefaultGraph) else f"GRAPH {graph}"


def _quad_data(quads: Iterable[ox.Quad]) -> str:
    """Quads as SPARQL QuadData, one GRAPH block per named graph."""
    lines: dict[GraphName, list[str]] = defaultdict(list)
    for quad in quads:
        lines[quad.graph_name].append(f"{quad.subject} {quad.predicate} {quad.object} .")
    blocks = [
        "\n".join(body)
        if isinstance(graph, ox.DefaultGraph)
        else f"GRAPH {graph} {{\n" + "\n".join(body) + "\n}"
        for graph, body in lines.items()
    ]
    return "\n".join(blocks) + "\n"
