"""Which focus nodes a change can affect, and the part of the graph needed to check them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeGuard

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node as RdfNode

from qalamoun_kg.namespaces import RDF
from qalamoun_kg.validation.dependencies import Dependency, Step
from qalamoun_kg.validation.view import ChangedView, Node

RDF_TYPE = ox.NamedNode(str(RDF.type))
Resource = ox.NamedNode | ox.BlankNode


def affected_nodes(
    view: ChangedView, dependencies: Iterable[Dependency], changed: Iterable[ox.Triple]
) -> set[Resource]:
    """Focus nodes whose verdict a change of these triples can alter."""
    index = DependencyIndex(dependencies)
    found: set[Resource] = set()
    for triple in changed:
        if _is_resource(triple.subject):
            found.add(triple.subject)
        if _is_resource(triple.object):
            found.add(triple.object)
        found.update(_reached_back(view, index, triple))
    return found


class DependencyIndex:
    """Dependencies looked up by the predicate of a changed triple."""

    def __init__(self, dependencies: Iterable[Dependency]) -> None:
        self.on_path: dict[str, list[tuple[Dependency, int]]] = {}
        self.reading: dict[str, list[Dependency]] = {}
        self.reading_all: list[Dependency] = []
        for dep in dependencies:
            for position, step in enumerate(dep.steps):
                self.on_path.setdefault(step.predicate, []).append((dep, position))
            if not dep.steps:
                continue
            if dep.reads is None:
                self.reading_all.append(dep)
            for predicate in dep.reads or ():
                self.reading.setdefault(predicate, []).append(dep)

    def read_at_end(self, predicate: str) -> list[Dependency]:
        """Dependencies that read this predicate at the end of their path."""
        return self.reading_all + self.reading.get(predicate, [])


def _reached_back(view: ChangedView, index: DependencyIndex, triple: ox.Triple) -> set[Resource]:
    """Focus nodes for which the triple lies on a dependency's path or is read at its end."""
    found: set[Resource] = set()
    predicate = triple.predicate.value
    for dep, position in index.on_path.get(predicate, ()):
        node = triple.object if dep.steps[position].inverse else triple.subject
        found.update(_walk_back(view, node, dep.steps[:position]))
    for dep in index.read_at_end(predicate):
        found.update(_walk_back(view, triple.subject, dep.steps))
    return found


def _walk_back(view: ChangedView, node: Node, steps: tuple[Step, ...]) -> set[Resource]:
    """The nodes from which steps lead to node, in the graph before or after the change."""
    frontier: set[Node] = {node}
    for step in reversed(steps):
        predicate = ox.NamedNode(step.predicate)
        following: set[Node] = set()
        for current in frontier:
            following.update(_sources(view, current, predicate, step.inverse))
        frontier = following
    return {n for n in frontier if _is_resource(n)}


def _sources(view: ChangedView, node: Node, predicate: ox.NamedNode, inverse: bool) -> set[Node]:
    """Nodes one step before node along predicate (or its inverse)."""
    if not inverse:
        return {t.subject for t in view.match(None, predicate, node, before_too=True)}
    if not _is_resource(node):
        return set()
    return {t.object for t in view.match(node, predicate, None, before_too=True)}


def neighbourhood(
    view: ChangedView,
    focus: Iterable[Resource],
    dependencies: Iterable[Dependency],
    superclasses: dict[RdfNode, frozenset[RdfNode]],
) -> set[ox.Triple]:
    """Every triple of the changed graph that checking the focus nodes reads."""
    deps = tuple(dependencies)
    collected: set[ox.Triple] = set()
    for node in focus:
        own = view.match(node, None, None)
        collected.update(own)
        classes = _classes(own, superclasses)
        for dep in deps:
            if dep.scope is None or not classes.isdisjoint(dep.scope):
                collected.update(_along(view, node, dep))
    return collected


def _classes(own: set[ox.Triple], superclasses: dict[RdfNode, frozenset[RdfNode]]) -> set[str]:
    """The classes a node is an instance of, superclasses included, as IRI strings."""
    found: set[str] = set()
    for triple in own:
        if triple.predicate == RDF_TYPE and isinstance(triple.object, ox.NamedNode):
            found.add(triple.object.value)
            found.update(str(c) for c in superclasses.get(_rdf_iri(triple.object), ()))
    return found


def _rdf_iri(node: ox.NamedNode) -> RdfNode:
    """The rdflib IRI of a pyoxigraph one (superclass maps are keyed by rdflib terms)."""
    return URIRef(node.value)


def _along(view: ChangedView, start: Resource, dep: Dependency) -> set[ox.Triple]:
    """The triples on dep's path from start, and those it reads at the path's end."""
    collected: set[ox.Triple] = set()
    frontier: set[Node] = {start}
    for step in dep.steps:
        predicate = ox.NamedNode(step.predicate)
        following: set[Node] = set()
        for current in frontier:
            edges = _edges(view, current, predicate, step.inverse)
            collected.update(edges)
            following.update(t.subject if step.inverse else t.object for t in edges)
        frontier = following
    if dep.steps:
        for end in frontier:
            collected.update(_reads_at(view, end, dep))
    return collected


def _edges(view: ChangedView, node: Node, predicate: ox.NamedNode, inverse: bool) -> set[ox.Triple]:
    """Triples leaving node along predicate (arriving at it, for an inverse step)."""
    if inverse:
        return view.match(None, predicate, node)
    if not _is_resource(node):
        return set()
    return view.match(node, predicate, None)


def _reads_at(view: ChangedView, node: Node, dep: Dependency) -> set[ox.Triple]:
    """The triples of node that dep reads."""
    if not _is_resource(node):
        return set()
    if dep.reads is None:
        return view.match(node, None, None)
    found: set[ox.Triple] = set()
    for predicate in dep.reads:
        found.update(view.match(node, ox.NamedNode(predicate), None))
    return found


def _is_resource(node: object) -> TypeGuard[Resource]:
    """Whether a term can be a subject (an IRI or a blank node)."""
    return isinstance(node, ox.NamedNode | ox.BlankNode)
