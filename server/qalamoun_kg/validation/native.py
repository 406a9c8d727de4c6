"""The native SHACL engine (pyshacl-turbo, in Rust), with pySHACL for shapes the two differ on.

Data reach the engine in an in-memory pyoxigraph store, which it reads natively (a text or
rdflib input would go through rdflib first), and literals keep their lexical form.
Shapes that use a feature on which the two engines were seen to disagree (see `routing`) are
validated by pySHACL, on the same data; the results of both are merged.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
import pyshacl_turbo
from rdflib import Graph
from rdflib.term import Node

from qalamoun_kg.loading.progress import Progress
from qalamoun_kg.store.convert import triple_to_rdflib
from qalamoun_kg.validation.engine import PreparedQueryGraph, run_shacl_on
from qalamoun_kg.validation.report import ValidationResult, results_from_report_graph
from qalamoun_kg.validation.routing import Routing, routing
from qalamoun_kg.validation.shapes import ShapeSet

ENGINE_NAME = f"pyshacl-turbo {pyshacl_turbo.__version__}"


def run_native(
    triples: Iterable[ox.Triple],
    shapes: ShapeSet,
    focus: Collection[Node] | None = None,
    *,
    progress: Progress | None = None,
) -> list[ValidationResult]:
    """Validate the triples against the shapes; with focus, keep only those nodes' results.

    Every triple a focus node's checks read must be among the triples (the incremental
    validator's neighbourhood); results of the other nodes are then meaningless and dropped.
    """
    data = ox.Store()
    data.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    split = routing(shapes.graph)
    if progress is not None:
        progress.finish()
        progress.start(f"validating with {ENGINE_NAME}", 1, "step")
    results: list[ValidationResult] = []
    if split.native:
        results.extend(_turbo(data, shapes, split))
    if split.reference:
        results.extend(_reference(data, shapes, split, focus))
    if focus is None:
        return results
    wanted = set(focus)
    return [r for r in results if r.focus_node in wanted]


def _turbo(data: ox.Store, shapes: ShapeSet, split: Routing) -> list[ValidationResult]:
    """The results of the shapes the native engine validates."""
    program = _compiled(shapes)
    chosen = None if not split.reference else [str(s) for s in split.native]
    _conforms, report, _text = program.validate(
        data, use_shapes=chosen, _normalize_report_literals=False
    )
    if not isinstance(report, Graph):
        raise RuntimeError(f"SHACL engine failure: {report}")
    return results_from_report_graph(report, shapes.graph)


def _reference(
    data: ox.Store, shapes: ShapeSet, split: Routing, focus: Collection[Node] | None
) -> list[ValidationResult]:
    """The results of the shapes routed to pySHACL."""
    graph = PreparedQueryGraph()
    graph.addN((*triple_to_rdflib(q.triple), graph) for q in data)
    return run_shacl_on(graph, shapes.graph, focus, only=split.reference)


@lru_cache(maxsize=8)
def _compiled_for(fingerprint: str, graph: Graph) -> Any:
    """Shapes compiled once per shapes graph (keyed by its fingerprint)."""
    return pyshacl_turbo.compile_shapes(graph, advanced=True)


def _compiled(shapes: ShapeSet) -> Any:
    """The compiled program of a shape set."""
    return _compiled_for(shapes.fingerprint, shapes.graph)
