"""Validate additions (and removals) in the context of the stored graph, or the whole store."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node as RdfNode

from qalamoun_kg.namespaces import RDFS
from qalamoun_kg.store.base import Store
from qalamoun_kg.store.convert import to_rdflib, triple_from_rdflib, triple_to_rdflib
from qalamoun_kg.validation.dependencies import superclass_map
from qalamoun_kg.validation.engine import PreparedQueryGraph, run_shacl, run_shacl_on
from qalamoun_kg.validation.incremental import affected_nodes, neighbourhood
from qalamoun_kg.validation.report import ValidationReport
from qalamoun_kg.validation.shapes import ShapeSet, shapes_for
from qalamoun_kg.validation.view import ChangedView

TripleInput = Graph | Iterable[ox.Quad | ox.Triple]
SUBCLASS_OF = ox.NamedNode(str(RDFS.subClassOf))
# Predicates whose change reshapes the class hierarchy, so every instance may be affected.
SCHEMA_PREDICATES = frozenset({str(RDFS.subClassOf)})


def validate_addition(
    store: Store,
    additions: TripleInput,
    removals: TripleInput | None = None,
    *,
    full: bool = False,
    shapes: ShapeSet | None = None,
) -> ValidationReport:
    """Check the graph the store would hold after adding and removing these triples.

    Incremental by default: only the focus nodes the change can affect are checked, on the part
    of the graph they read. The verdict equals a full validation's whenever the stored graph
    conformed before; `full=True` checks every node (then also older problems are reported).
    """
    chosen = shapes or shapes_for(store)
    added, removed = as_triples(additions), as_triples(removals or ())
    view = ChangedView(store, added, removed)
    if full or chosen.deps is None or _touches_schema(added + removed):
        return _full(view, chosen)
    return _incremental(view, chosen, added + removed)


def validate_store(store: Store, *, shapes: ShapeSet | None = None) -> ValidationReport:
    """Check every node of the stored data graphs."""
    return _full(ChangedView(store, ()), shapes or shapes_for(store))


def as_triples(source: TripleInput) -> list[ox.Triple]:
    """pyoxigraph triples of an rdflib Graph or of quads/triples (graph names dropped)."""
    if isinstance(source, Graph):
        return [triple_from_rdflib(t) for t in source]
    return [item.triple if isinstance(item, ox.Quad) else item for item in source]


def _touches_schema(changed: list[ox.Triple]) -> bool:
    """Whether a change edits the class hierarchy."""
    return any(t.predicate.value in SCHEMA_PREDICATES for t in changed)


def _full(view: ChangedView, shapes: ShapeSet) -> ValidationReport:
    """Validate every node of the changed graph."""
    data = PreparedQueryGraph()
    data.addN((*triple_to_rdflib(triple), data) for triple in view.triples())
    results = run_shacl(data, shapes.graph)
    return ValidationReport(tuple(results), _subject_count(data), "full")


def _incremental(view: ChangedView, shapes: ShapeSet, changed: list[ox.Triple]) -> ValidationReport:
    """Validate only the affected focus nodes, on their neighbourhood."""
    deps = shapes.deps or ()
    focus = affected_nodes(view, deps, changed)
    if not focus:
        return ValidationReport((), 0, "incremental", frozenset())
    axioms = _class_axioms(view)
    data = PreparedQueryGraph()
    data.addN((*axiom, data) for axiom in axioms)
    triples = neighbourhood(view, focus, deps, superclass_map(data))
    data.addN((*triple_to_rdflib(triple), data) for triple in triples)
    focus_terms = {to_rdflib(node) for node in focus}
    results = run_shacl_on(data, shapes.graph, focus_terms)
    return ValidationReport(tuple(results), len(focus_terms), "incremental", frozenset(focus_terms))


def _class_axioms(view: ChangedView) -> list[tuple[RdfNode, RdfNode, RdfNode]]:
    """The rdfs:subClassOf triples of the changed graph, so targets and sh:class see subclasses."""
    return [triple_to_rdflib(t) for t in view.match(None, SUBCLASS_OF, None)]


def _subject_count(data: Graph) -> int:
    """Number of distinct subjects, reported as the nodes a full validation checked."""
    return len(set(data.subjects()))


def add_if_valid(
    store: Store, triples: list[ox.Triple], graph: ox.NamedNode, *, strict: bool = False
) -> ValidationReport:
    """Validate triples as an addition and, if they pass, add them and what they entail to the
    inferred graph in one transaction (`qkg load`, `qkg link --write`)."""
    from qalamoun_kg.reasoning import inferred_change

    report = validate_addition(store, triples)
    if not report.passes(strict=strict):
        return report
    inferred = inferred_change(store, _new_to_the_union(store, triples), [])
    entailed, _ = inferred.quads()
    store.add([ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples] + entailed)
    inferred.after_commit(store)
    return report


def _new_to_the_union(store: Store, triples: list[ox.Triple]) -> list[ox.Triple]:
    """The triples no premise graph holds yet (the others change nothing to reason about)."""
    from qalamoun_kg.reasoning.policy import is_input_graph

    return [
        t
        for t in triples
        if not any(
            is_input_graph(q.graph_name)
            for q in store.quads(t.subject, t.predicate, t.object, None)
        )
    ]
