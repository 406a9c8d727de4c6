"""Run pyshacl on an rdflib graph and read its report into typed results."""

from __future__ import annotations

from collections.abc import Collection
from functools import lru_cache
from typing import Any

import pyshacl
from pyshacl import Validator
from pyshacl.graph_abstraction import DataGraph
from rdflib import Graph
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from qalamoun_kg.validation.report import ValidationResult, results_from_report_graph


@lru_cache(maxsize=1024)
def _prepared(text: str) -> Query:
    """A parsed and translated SPARQL query, reused across focus nodes and runs."""
    return prepareQuery(text)


class PreparedQueryGraph(Graph):
    """An rdflib Graph that parses each distinct SPARQL text once.

    pyshacl sends the same constraint text for every focus node; rdflib would parse it anew
    each time, which costs more than evaluating it.
    """

    def query(self, query_object: Any, *args: Any, **kwargs: Any) -> Any:
        """Run a query, taking a string through the cache of prepared queries."""
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


def run_shacl(data: Graph, shapes: Graph) -> list[ValidationResult]:
    """Validate every node of data against shapes, through pyshacl's public entry point."""
    _conforms, report, _text = pyshacl.validate(
        data, shacl_graph=shapes, advanced=True, inplace=True
    )
    return results_from_report_graph(report, shapes)


def run_shacl_on(
    data: Graph,
    shapes: Graph,
    focus: Collection[Node] | None,
    only: Collection[Node] | None = None,
) -> list[ValidationResult]:
    """Validate only the given focus nodes (all when None), with only the given shapes if named.

    pyshacl's own `focus_nodes` option also filters the value nodes that nested shapes
    (sh:qualifiedValueShape, sh:not, sh:or) are checked on, which then pass vacuously and give
    false results; so the targets of each shape are narrowed here and nested checks left alone.
    """
    validator = Validator(
        DataGraph.from_rdflib(data), shacl_graph=shapes, options={"advanced": True, "inplace": True}
    )
    executor = validator.make_executor()
    graph = validator.data_graph
    shape_list = list(validator.shacl_graph.shapes)
    if only is not None:
        chosen = set(only)
        shape_list = [s for s in shape_list if s.node in chosen]
    for shape in shape_list:
        shape.set_advanced(True)
    wanted = None if focus is None else set(focus)
    reports: list[Any] = []
    for shape in shape_list:
        targets = [n for n in shape.focus_nodes(graph) if wanted is None or n in wanted]
        if targets:
            reports.extend(shape.validate(executor, graph, focus=targets)[1])
    report, _text = Validator.create_validation_report(validator.shacl_graph, not reports, reports)
    return results_from_report_graph(report, shapes)
