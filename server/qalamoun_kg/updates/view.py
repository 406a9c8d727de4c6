"""An rdflib store reading an `Overlay`, so that rdflib's SPARQL engine can evaluate WHERE
clauses against the store as the update has changed it so far."""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, ConjunctiveGraph, Graph, URIRef, Variable
from rdflib.store import Store as RdflibStore
from rdflib.term import Node

from qalamoun_kg.execution.run import CHECK_EVERY, Deadline
from qalamoun_kg.store.base import GraphName
from qalamoun_kg.updates.overlay import NamedGraph, Overlay, is_managed
from qalamoun_kg.updates.terms import from_rdflib, to_rdf

DEFAULT_ID = URIRef("urn:x-qkg:default-graph")
Pattern = tuple[Node | None, Node | None, Node | None]


class DatasetView(RdflibStore):
    """A read-only rdflib dataset: default graph `default` (None: the store's default graph),
    named graphs `named` (None: every named graph of the writable dataset)."""

    context_aware = True
    graph_aware = True

    def __init__(
        self,
        overlay: Overlay,
        deadline: Deadline,
        default: list[GraphName] | None = None,
        named: set[NamedGraph] | None = None,
    ) -> None:
        super().__init__()
        self._overlay = overlay
        self._deadline = deadline
        self._default = default
        self._named = named
        self._reads = 0

    def dataset(self) -> ConjunctiveGraph:
        """This view as the rdflib dataset a query context wants."""
        return ConjunctiveGraph(store=self)

    def default_graph(self) -> Graph:
        """The view's default graph."""
        return Graph(store=self, identifier=DEFAULT_ID)

    def triples(
        self, triple_pattern: Pattern, context: Graph | None = None
    ) -> Iterator[tuple[tuple[Node, Node, Node], Iterator[Graph]]]:
        """Distinct matching triples of the context (the default graph when None)."""
        pattern = _ox_pattern(triple_pattern)
        if pattern is None:
            return
        graphs = self._graphs(context)
        seen: set[ox.Triple] = set()
        for graph in graphs:
            for quad in self._overlay.match(*pattern, graph):
                self._tick()
                if len(graphs) > 1:
                    if quad.triple in seen:
                        continue
                    seen.add(quad.triple)
                triple = (to_rdf(quad.subject), to_rdf(quad.predicate), to_rdf(quad.object))
                yield triple, iter(())

    def __len__(self, context: Graph | None = None) -> int:
        """Number of triples of a context."""
        return sum(1 for _ in self.triples((None, None, None), context))

    def contexts(self, triple: Any = None) -> Generator[Graph, None, None]:
        """The named graphs of the dataset (holding triple, when given)."""
        graphs = sorted(self._overlay.graphs, key=str)
        for graph in graphs:
            if self._named is not None and graph not in self._named:
                continue
            context = Graph(store=self, identifier=_rdf_name(graph))
            if triple is None or any(True for _ in self.triples(triple, context)):
                yield context

    def add(self, *args: Any, **kwargs: Any) -> None:
        """Writes go through the overlay, never through rdflib."""
        raise NotImplementedError("the update dataset view is read-only")

    def remove(self, *args: Any, **kwargs: Any) -> None:
        """Writes go through the overlay, never through rdflib."""
        raise NotImplementedError("the update dataset view is read-only")

    def _graphs(self, context: Graph | None) -> list[GraphName]:
        """The stored graphs a context reads."""
        if context is None or context.identifier == DEFAULT_ID:
            return [ox.DefaultGraph()] if self._default is None else self._default
        name = graph_name(context.identifier)
        if is_managed(name) or (self._named is not None and name not in self._named):
            return []  # the server's own graphs are not part of the dataset of an update
        return [name]

    def _tick(self) -> None:
        """Check the deadline every few hundred triples read."""
        self._reads += 1
        if self._reads % CHECK_EVERY == 0:
            self._deadline.check()


def graph_name(identifier: Node) -> NamedGraph:
    """A graph IRI (or blank node) from rdflib as a pyoxigraph name."""
    if isinstance(identifier, BNode):
        return ox.BlankNode(str(identifier))
    return ox.NamedNode(str(identifier))


def _rdf_name(graph: NamedGraph) -> URIRef | BNode:
    """A pyoxigraph graph name as an rdflib identifier."""
    return BNode(graph.value) if isinstance(graph, ox.BlankNode) else URIRef(graph.value)


def _ox_pattern(
    pattern: Pattern,
) -> tuple[ox.NamedNode | ox.BlankNode | None, ox.NamedNode | None, Any] | None:
    """A pattern in pyoxigraph terms; None when it cannot match anything stored."""
    converted = [None if t is None or isinstance(t, Variable) else _term(t) for t in pattern]
    subject, predicate, obj = converted
    if subject is False or predicate is False or obj is False:
        return None
    if subject is not None and not isinstance(subject, ox.NamedNode | ox.BlankNode):
        return None
    if predicate is not None and not isinstance(predicate, ox.NamedNode):
        return None
    return subject, predicate, obj


def _term(node: Node) -> Any:
    """A pyoxigraph term, or False for something no stored quad can hold."""
    try:
        return from_rdflib(node)
    except ValueError:
        return False


def as_graphs(iris: Iterable[Node]) -> list[GraphName]:
    """Graph IRIs as pyoxigraph names."""
    return [graph_name(iri) for iri in iris]
