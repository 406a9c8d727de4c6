"""Run pyshacl on an rdflib graph and read its report into typed results."""

from __future__ import annotations

from collections.abc import Collection
from functools import lru_cache
from typing import Any

import pyshacl
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


def run_shacl(
    data: Graph, shapes: Graph, focus: Collection[Node] | None = None
) -> list[ValidationResult]:
    """Validate data against shapes; with focus, only results on those nodes are kept.

    pyshacl's own `focus_nodes` option is not used: in advanced mode it also filters the value
    nodes of nested shapes (sh:qualifiedValueShape, sh:not), which then pass vacuously and give
    false results. The incremental graph is small, so checking all of it and filtering is cheap.
    """
    _conforms, report, _text = pyshacl.validate(
        data, shacl_graph=shapes, advanced=True, inplace=True
    )
    results = results_from_report_graph(report, shapes)
    if focus is None:
        return results
    wanted = set(focus)
    return [r for r in results if r.focus_node in wanted]
