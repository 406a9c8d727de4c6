"""Typed validation reports, rendered as text for people, JSON, or a SHACL report graph."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from qalamoun_kg.namespaces import PREFIXES, RDF, SH

_DISPLAY_PREFIXES = {**PREFIXES, "qsh": "https://w3id.org/qalamoun/shapes#"}
_IRI_IN_PATH = re.compile(r"<([^<>]*)>")
_PATH_KEYS = (
    (SH.inversePath, "^{}"),
    (SH.zeroOrMorePath, "({})*"),
    (SH.oneOrMorePath, "({})+"),
    (SH.zeroOrOnePath, "({})?"),
)


class Severity(Enum):
    """SHACL severities, most serious first."""

    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"

    @property
    def iri(self) -> URIRef:
        """The sh: IRI of the severity."""
        return SH[self.value]

    @classmethod
    def from_iri(cls, iri: Node) -> Severity:
        """The severity named by an sh: IRI (anything unknown counts as a violation)."""
        for severity in cls:
            if iri == severity.iri:
                return severity
        return cls.VIOLATION


@dataclass(frozen=True, order=True)
class ValidationResult:
    """One SHACL result: which node broke which constraint of which shape, and what to do."""

    focus_node: Node
    severity: Severity = field(compare=False)
    source_shape: Node
    constraint_component: URIRef
    result_path: str | None = None
    value: Node | None = None
    source_constraint: Node | None = None
    message: str = ""

    @property
    def key(self) -> tuple[str, ...]:
        """A comparable identity of the result (blank shapes compared by position-free text)."""
        return (
            _term_text(self.focus_node),
            self.severity.value,
            _term_text(self.source_shape),
            str(self.constraint_component),
            self.result_path or "",
            _term_text(self.value),
            _term_text(self.source_constraint),
            self.message,
        )

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON-ready values (terms in N-Triples syntax)."""
        return {
            "focusNode": _term_text(self.focus_node),
            "resultPath": self.result_path,
            "value": _term_text(self.value) or None,
            "severity": self.severity.value,
            "message": self.message,
            "sourceShape": _term_text(self.source_shape),
            "sourceConstraint": _term_text(self.source_constraint) or None,
            "sourceConstraintComponent": str(self.constraint_component),
        }


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of a validation: its results and how many nodes were checked.

    `focus` holds the nodes an incremental validation checked (None after a full one).
    """

    results: tuple[ValidationResult, ...]
    checked_nodes: int = 0
    mode: str = "full"
    focus: frozenset[Node] | None = None

    @property
    def conforms(self) -> bool:
        """True when no result is a violation (warnings and infos do not break conformance)."""
        return not any(r.severity is Severity.VIOLATION for r in self.results)

    def passes(self, *, strict: bool = False) -> bool:
        """Conforms, and with strict also free of warnings."""
        if strict:
            return self.conforms and not self.count(Severity.WARNING)
        return self.conforms

    def count(self, severity: Severity) -> int:
        """Number of results of one severity."""
        return sum(1 for r in self.results if r.severity is severity)

    def result_keys(self) -> frozenset[tuple[str, ...]]:
        """The set of result identities, for comparing two reports."""
        return frozenset(r.key for r in self.results)

    def to_text(self) -> str:
        """A report for people: a summary line, then one block per result, most serious first."""
        counts = Counter(r.severity for r in self.results)
        verdict = "conforms" if self.conforms else "does not conform"
        summary = ", ".join(f"{counts[s]} {s.value.lower()}" for s in Severity if counts[s])
        lines = [f"Validation ({self.mode}, {self.checked_nodes} nodes checked): {verdict}"]
        if summary:
            lines[0] += f" — {summary}"
        for result in sorted(self.results, key=_severity_order):
            lines.extend(_result_lines(result))
        return "\n".join(lines) + "\n"

    def summary(self) -> str:
        """One line: the verdict, results by severity and by source shape (most first)."""
        counts = Counter(r.severity for r in self.results)
        severities = ", ".join(f"{counts[s]} {s.value.lower()}" for s in Severity)
        shapes = Counter(short_term(r.source_shape) for r in self.results)
        ranked = sorted(shapes.items(), key=lambda item: (-item[1], item[0]))
        by_shape = ", ".join(f"{shape} {count}" for shape, count in ranked) or "none"
        verdict = "conforms" if self.conforms else "does not conform"
        return (
            f"{self.mode} validation, {self.checked_nodes} nodes: {verdict}; "
            f"{len(self.results)} results ({severities}); by shape: {by_shape}"
        )

    def to_json(self) -> str:
        """The report as JSON: conforms, counts per severity and the results."""
        document = {
            "conforms": self.conforms,
            "mode": self.mode,
            "checkedNodes": self.checked_nodes,
            "counts": {s.value: self.count(s) for s in Severity},
            "results": [r.to_dict() for r in sorted(self.results, key=_severity_order)],
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

    def to_graph(self) -> Graph:
        """The report as a SHACL `sh:ValidationReport` graph."""
        graph = Graph()
        for prefix, iri in PREFIXES.items():
            graph.bind(prefix, iri)
        report = BNode()
        graph.add((report, RDF.type, SH.ValidationReport))
        graph.add((report, SH.conforms, Literal(self.conforms)))
        for result in self.results:
            graph.add((report, SH.result, _result_node(graph, result)))
        return graph

    def to_turtle(self) -> str:
        """The report graph as Turtle."""
        return self.to_graph().serialize(format="turtle")


def results_from_report_graph(graph: Graph, shapes: Graph) -> list[ValidationResult]:
    """Read pyshacl's report graph into typed results."""
    return [
        _read_result(graph, shapes, node) for node in graph.subjects(RDF.type, SH.ValidationResult)
    ]


def path_text(shapes: Graph, path: Node | None) -> str | None:
    """A SHACL path as SPARQL property-path text, with full IRIs."""
    if path is None:
        return None
    if isinstance(path, URIRef):
        return f"<{path}>"
    items = _list_items(shapes, path)
    if items is not None:
        return "/".join(_wrapped(shapes, item) for item in items)
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        options = _list_items(shapes, alternatives) or []
        return "|".join(_wrapped(shapes, item) for item in options)
    for key, pattern in _PATH_KEYS:
        inner = shapes.value(path, key)
        if inner is not None:
            return pattern.format(path_text(shapes, inner))
    return _term_text(path)


def _wrapped(shapes: Graph, path: Node) -> str:
    """A sub-path in parentheses unless it is a single IRI."""
    text = path_text(shapes, path) or ""
    return text if isinstance(path, URIRef) else f"({text})"


def _list_items(graph: Graph, node: Node) -> list[Node] | None:
    """The members of an RDF list, or None when node is not a list."""
    if node != RDF.nil and graph.value(node, RDF.first) is None:
        return None
    return list(Collection(graph, node))


def _read_result(graph: Graph, shapes: Graph, node: Node) -> ValidationResult:
    """One typed result from a node of pyshacl's report graph."""
    messages = sorted(str(m) for m in graph.objects(node, SH.resultMessage))
    component = graph.value(node, SH.sourceConstraintComponent)
    return ValidationResult(
        focus_node=_required(graph, node, SH.focusNode),
        severity=Severity.from_iri(_required(graph, node, SH.resultSeverity)),
        source_shape=_required(graph, node, SH.sourceShape),
        constraint_component=URIRef(str(component)),
        result_path=_result_path(graph, shapes, node),
        value=graph.value(node, SH.value),
        source_constraint=graph.value(node, SH.sourceConstraint),
        message=" ".join(messages),
    )


def _required(graph: Graph, node: Node, key: URIRef) -> Node:
    """A value every SHACL result has."""
    value = graph.value(node, key)
    if value is None:
        raise ValueError(f"SHACL result without {key}")
    return value


def _result_path(graph: Graph, shapes: Graph, node: Node) -> str | None:
    """The result path as text; pyshacl copies complex paths into the report graph."""
    path = graph.value(node, SH.resultPath)
    if path is None or isinstance(path, URIRef):
        return path_text(shapes, path)
    return path_text(graph, path)


def _result_node(graph: Graph, result: ValidationResult) -> BNode:
    """Write one result into a report graph and return its node."""
    node = BNode()
    graph.add((node, RDF.type, SH.ValidationResult))
    graph.add((node, SH.focusNode, result.focus_node))
    graph.add((node, SH.resultSeverity, result.severity.iri))
    graph.add((node, SH.sourceShape, result.source_shape))
    graph.add((node, SH.sourceConstraintComponent, result.constraint_component))
    if result.result_path is not None:
        graph.add((node, SH.resultPath, _path_term(result.result_path)))
    if result.value is not None:
        graph.add((node, SH.value, result.value))
    if result.source_constraint is not None:
        graph.add((node, SH.sourceConstraint, result.source_constraint))
    if result.message:
        graph.add((node, SH.resultMessage, Literal(result.message, lang="en")))
    return node


def _path_term(text: str) -> Node:
    """A simple path as its IRI; a complex one as a literal of its SPARQL text."""
    if text.startswith("<") and text.endswith(">") and text.count("<") == 1:
        return URIRef(text[1:-1])
    return Literal(text)


def _result_lines(result: ValidationResult) -> list[str]:
    """The text block of one result."""
    head = f"{result.severity.value.upper()}: {short_term(result.focus_node)}"
    if result.result_path:
        head += f" {short_path(result.result_path)}"
    lines = [head, f"  {result.message}" if result.message else "  (no message)"]
    if result.value is not None:
        lines.append(f"  value: {short_term(result.value)}")
    shape = short_term(result.source_shape)
    if result.source_constraint is not None and result.source_constraint != result.source_shape:
        shape += f" / {short_term(result.source_constraint)}"
    lines.append(f"  shape: {shape} ({short_term(result.constraint_component)})")
    return lines


def short_term(term: Node | None) -> str:
    """A term with the longest matching project prefix applied."""
    if isinstance(term, URIRef):
        return _prefixed(str(term))
    return _term_text(term)


def short_path(text: str) -> str:
    """A path text with prefixed names for its IRIs."""
    return _IRI_IN_PATH.sub(lambda match: _prefixed(match.group(1)), text)


def _prefixed(iri: str) -> str:
    """An IRI as prefix:local when a project prefix fits, else in angle brackets."""
    matches = [(prefix, base) for prefix, base in _DISPLAY_PREFIXES.items() if iri.startswith(base)]
    if not matches:
        return f"<{iri}>"
    prefix, base = max(matches, key=lambda item: len(item[1]))
    return f"{prefix}:{iri[len(base) :]}"


def _term_text(term: Node | None) -> str:
    """A term in N-Triples syntax; empty for None."""
    if term is None:
        return ""
    return str(term.n3())


def _severity_order(result: ValidationResult) -> tuple[int, tuple[str, ...]]:
    """Sort key: violations first, then by identity."""
    return (list(Severity).index(result.severity), result.key)
