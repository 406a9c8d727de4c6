"""The native SHACL engine (pyshacl-turbo, in Rust), with pySHACL for shapes the two differ on.

Data reach the engine as N-Triples text written by pyoxigraph and parsed natively (an rdflib
graph or a plain string would go through rdflib first), so literals keep their lexical form.
Shapes that use a feature on which the two engines were seen to disagree (see `routing`) are
validated by pySHACL, on the same data; the results of both are merged.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import replace
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
import pyshacl_turbo
from pyshacl_turbo.rdf import Input
from rdflib import XSD, Graph, Literal
from rdflib.term import Node

from qalamoun_kg.loading.progress import Progress
from qalamoun_kg.store.convert import triple_to_rdflib
from qalamoun_kg.validation.engine import PreparedQueryGraph, run_shacl_on
from qalamoun_kg.validation.report import ValidationResult, results_from_report_graph
from qalamoun_kg.validation.routing import Routing, routing
from qalamoun_kg.validation.shapes import ShapeSet

ENGINE_NAME = f"pyshacl-turbo {pyshacl_turbo.__version__}"


def run_native(
    triples: Iterable[ox.Triple] | str,
    shapes: ShapeSet,
    focus: Collection[Node] | None = None,
    *,
    progress: Progress | None = None,
) -> list[ValidationResult]:
    """Validate the triples (or N-Triples text) against the shapes; with focus, keep only those
    nodes' results.

    Every triple a focus node's checks read must be among the triples (the incremental
    validator's neighbourhood); results of the other nodes are then meaningless and dropped.
    """
    data = _ntriples(triples) if not isinstance(triples, str) else triples
    split = routing(shapes.graph)
    if progress is not None:
        progress.finish()
        progress.start(f"validating with {ENGINE_NAME}", 1, "step")
    results: list[ValidationResult] = []
    if split.native or not split.reference:
        results.extend(_turbo(data, shapes, split))
    if split.reference:
        results.extend(_reference(data, shapes, split, focus))
    if focus is None:
        return results
    wanted = set(focus)
    return [r for r in results if r.focus_node in wanted]


def _ntriples(triples: Iterable[ox.Triple]) -> str:
    """Triples as N-Triples text."""
    return (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode()


def _turbo(text: str, shapes: ShapeSet, split: Routing) -> list[ValidationResult]:
    """The results of the shapes the native engine validates."""
    program = _compiled(shapes)
    chosen = None if not split.reference else [str(s) for s in split.native]
    # N-Triples text parsed natively; a pyoxigraph Store input (the engine's "oxigraph-nquads"
    # path) was seen to miss string literals in SPARQL constraints (W3C pre-binding-005).
    source = Input(text, "nt", None, {}, preserve_ids=True)
    _conforms, report, _text = program.validate(
        source, use_shapes=chosen, _normalize_report_literals=False
    )
    if not isinstance(report, Graph):
        raise RuntimeError(f"SHACL engine failure: {report}")
    return _plain(results_from_report_graph(report, shapes.graph))


def _reference(
    text: str, shapes: ShapeSet, split: Routing, focus: Collection[Node] | None
) -> list[ValidationResult]:
    """The results of the shapes routed to pySHACL."""
    graph = PreparedQueryGraph()
    quads = ox.parse(text.encode(), ox.RdfFormat.N_TRIPLES, rename_blank_nodes=False)
    graph.addN((*triple_to_rdflib(q.triple), graph) for q in quads)
    return run_shacl_on(graph, shapes.graph, focus, only=split.reference)


@lru_cache(maxsize=8)
def _compiled_for(fingerprint: str, graph: Graph) -> Any:
    """Shapes compiled once per shapes graph (keyed by its fingerprint)."""
    return pyshacl_turbo.compile_shapes(graph, advanced=True)


def _plain(results: list[ValidationResult]) -> list[ValidationResult]:
    """Results with xsd:string literals written as simple ones, as the rest of the module does."""
    return [
        replace(r, value=_plain_term(r.value), focus_node=_plain_term(r.focus_node))
        for r in results
    ]


def _plain_term(term: Node | None) -> Any:
    """A simple literal for an xsd:string one; any other term as it is."""
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


def _compiled(shapes: ShapeSet) -> Any:
    """The compiled program of a shape set."""
    return _compiled_for(shapes.fingerprint, shapes.graph)
