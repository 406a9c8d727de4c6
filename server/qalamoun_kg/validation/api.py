"""Validate additions (and removals) in the context of the stored graph, or the whole store."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import Graph

from qalamoun_kg.loading.progress import Progress, Silent
from qalamoun_kg.namespaces import RDFS
from qalamoun_kg.store.base import Store
from qalamoun_kg.store.convert import to_rdflib, triple_from_rdflib, triple_to_rdflib
from qalamoun_kg.validation.dependencies import superclass_map
from qalamoun_kg.validation.engine import PreparedQueryGraph, run_shacl, run_shacl_on
from qalamoun_kg.validation.incremental import affected_nodes, neighbourhood
from qalamoun_kg.validation.native import run_native
from qalamoun_kg.validation.report import ValidationReport
from qalamoun_kg.validation.shapes import ShapeSet, shapes_for
from qalamoun_kg.validation.view import ChangedView

TripleInput = Graph | Iterable[ox.Quad | ox.Triple]
SUBCLASS_OF = ox.NamedNode(str(RDFS.subClassOf))
# Predicates whose change reshapes the class hierarchy, so every instance may be affected.
SCHEMA_PREDICATES = frozenset({str(RDFS.subClassOf)})
PROGRESS_STEP = 10_000  # triples read between two progress updates
NATIVE = "native"
ENGINES = (NATIVE, "pyshacl")


def validate_addition(
    store: Store,
    additions: TripleInput,
    removals: TripleInput | None = None,
    *,
    full: bool = False,
    shapes: ShapeSet | None = None,
    engine: str | None = None,
) -> ValidationReport:
    """Check the graph the store would hold after adding and removing these triples.

    Incremental by default: only the focus nodes the change can affect are checked, on the part
    of the graph they read. The verdict equals a full validation's whenever the stored graph
    conformed before; `full=True` checks every node (then also older problems are reported).
    `engine`: "native" (pyshacl-turbo, the default) or "pyshacl" (the reference), else
    `$QKG_SHACL_ENGINE`.
    """
    chosen = shapes or shapes_for(store)
    added, removed = as_triples(additions), as_triples(removals or ())
    view = ChangedView(store, added, removed)
    name = engine_name(engine)
    if full or chosen.deps is None or _touches_schema(added + removed):
        return _full(view, chosen, name)
    return _incremental(view, chosen, added + removed, name)


def validate_store(
    store: Store,
    *,
    shapes: ShapeSet | None = None,
    engine: str | None = None,
    progress: Progress | None = None,
) -> ValidationReport:
    """Check every node of the stored data graphs; progress counts the triples read."""
    view = ChangedView(store, ())
    return _full(view, shapes or shapes_for(store), engine_name(engine), progress)


def engine_name(engine: str | None = None) -> str:
    """The engine asked for, else `$QKG_SHACL_ENGINE`, else "native"; unknown names are errors."""
    name = engine or os.environ.get("QKG_SHACL_ENGINE") or NATIVE
    if name not in ENGINES:
        raise ValueError(f"unknown SHACL engine {name!r} (known: {', '.join(ENGINES)})")
    return name


def as_triples(source: TripleInput) -> list[ox.Triple]:
    """pyoxigraph triples of an rdflib Graph or of quads/triples (graph names dropped)."""
    if isinstance(source, Graph):
        return [triple_from_rdflib(t) for t in source]
    return [item.triple if isinstance(item, ox.Quad) else item for item in source]


def _touches_schema(changed: list[ox.Triple]) -> bool:
    """Whether a change edits the class hierarchy."""
    return any(t.predicate.value in SCHEMA_PREDICATES for t in changed)


def _full(
    view: ChangedView, shapes: ShapeSet, engine: str, progress: Progress | None = None
) -> ValidationReport:
    """Validate every node of the changed graph."""
    shown = progress or Silent()
    shown.start("reading the stored graph", view.store.triple_count(), "triples at most")
    dumped = _dumped(view) if engine == NATIVE else None
    if dumped is not None:
        text, count = dumped
        results = run_native(text, shapes, progress=shown)
        shown.finish()
        return ValidationReport(tuple(results), count, "full")
    subjects: set[ox.NamedNode | ox.BlankNode | ox.Triple] = set()
    triples = _noting_subjects(view.triples(), subjects, shown)
    if engine == NATIVE:
        results = run_native(triples, shapes, progress=shown)
    else:
        data = PreparedQueryGraph()
        data.addN((*triple_to_rdflib(triple), data) for triple in triples)
        shown.finish()
        shown.start("validating with pySHACL", 1, "step")
        results = run_shacl(data, shapes.graph)
    shown.finish()
    return ValidationReport(tuple(results), len(subjects), "full")


def _dumped(view: ChangedView) -> tuple[str, int] | None:
    """The unchanged data graphs as N-Triples and their number of subjects, written by the
    store's own query engine (None for a change, or a store whose results cannot serialize)."""
    if len(view.additions) or view.removed:
        return None
    triples = view.store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    if not isinstance(triples, ox.QueryTriples):
        return None
    text = (triples.serialize(format=ox.RdfFormat.N_TRIPLES) or b"").decode()
    rows = view.store.query("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }")
    first = next(iter(rows), None) if isinstance(rows, ox.QuerySolutions) else None
    count = first["n"] if first is not None else None
    return text, int(count.value) if isinstance(count, ox.Literal) else 0


def _noting_subjects(
    triples: Iterable[ox.Triple],
    subjects: set[ox.NamedNode | ox.BlankNode | ox.Triple],
    progress: Progress,
) -> Iterator[ox.Triple]:
    """The triples, adding each subject to subjects and counting them on the way."""
    for count, triple in enumerate(triples, 1):
        subjects.add(triple.subject)
        if count % PROGRESS_STEP == 0:
            progress.advance(PROGRESS_STEP)
        yield triple


def _incremental(
    view: ChangedView, shapes: ShapeSet, changed: list[ox.Triple], engine: str
) -> ValidationReport:
    """Validate only the affected focus nodes, on their neighbourhood."""
    deps = shapes.deps or ()
    focus = affected_nodes(view, deps, changed)
    if not focus:
        return ValidationReport((), 0, "incremental", frozenset())
    axioms = view.match(None, SUBCLASS_OF, None)
    superclasses = superclass_map(_rdflib_graph(axioms))
    triples = neighbourhood(view, focus, deps, superclasses) | axioms
    focus_terms = {to_rdflib(node) for node in focus}
    if engine == NATIVE:
        results = run_native(triples, shapes, focus_terms)
    else:
        results = run_shacl_on(_rdflib_graph(triples), shapes.graph, focus_terms)
    return ValidationReport(tuple(results), len(focus_terms), "incremental", frozenset(focus_terms))


def _rdflib_graph(triples: Iterable[ox.Triple]) -> Graph:
    """An rdflib graph (parsing each SPARQL text once) of pyoxigraph triples."""
    data = PreparedQueryGraph()
    data.addN((*triple_to_rdflib(triple), data) for triple in triples)
    return data


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
