"""The W3C SHACL test suite (core and SPARQL parts): read its manifests, run an engine on a test.

The suite is found at `$QKG_W3C_DIR/shacl` or at `shared/w3c/shacl/` beside the checkout (or
beside one of its parent folders, for a git worktree). A test
passes when the engine's report has the expected `sh:conforms` and the same set of results
(focus node, path, value, severity, source shape, constraint component); an expected
`sht:Failure` passes when the engine refuses the shapes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace
from rdflib.collection import Collection
from rdflib.term import Node

from qalamoun_kg.namespaces import RDF, SH
from qalamoun_kg.validation.report import path_text

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
CHECKOUT = Path(__file__).resolve().parents[2]

# An engine takes (data, shapes) and returns (conforms, report graph); raising means refusal.
Engine = Callable[[Graph, Graph], tuple[bool, Graph]]
ResultKey = tuple[str, str, str, str, str, str]


def suite_root() -> Path | None:
    """The suite's folder, or None when it is not there."""
    configured = os.environ.get("QKG_W3C_DIR")
    candidates = [Path(configured)] if configured else []
    candidates += [folder / "shared" / "w3c" for folder in CHECKOUT.parents]
    return next((c / "shacl" for c in candidates if (c / "shacl" / "manifest.ttl").is_file()), None)


@dataclass(frozen=True)
class SuiteTest:
    """One `sht:Validate` entry: its files, and the expected report (None for a failure)."""

    name: str
    data: Path
    shapes: Path
    conforms: bool | None
    results: frozenset[ResultKey]


def suite_tests(root: Path) -> list[SuiteTest]:
    """Every test of the manifests reachable from root/manifest.ttl, in a stable order."""
    return sorted(_tests_of(root / "manifest.ttl", set()), key=lambda t: t.name)


def _tests_of(manifest: Path, seen: set[Path]) -> Iterator[SuiteTest]:
    """Tests of one manifest file and of those it includes."""
    if manifest in seen:
        return
    seen.add(manifest)
    graph = parsed(manifest)
    for included in graph.objects(None, MF.include):
        yield from _tests_of(_local(included), seen)
    for entries in graph.objects(None, MF.entries):
        for entry in Collection(graph, entries):
            if (entry, RDF.type, SHT.Validate) in graph:
                yield _test(graph, manifest, entry)


def _test(graph: Graph, manifest: Path, entry: Node) -> SuiteTest:
    """One test entry read from its manifest graph."""
    action = graph.value(entry, MF.action)
    result = graph.value(entry, MF.result)
    data = _local(graph.value(action, SHT.dataGraph))
    shapes = _local(graph.value(action, SHT.shapesGraph))
    name = f"{manifest.parent.name}/{str(entry).rsplit('/', 1)[-1]}"
    if result == SHT.Failure:
        return SuiteTest(name, data, shapes, None, frozenset())
    verdict = graph.value(result, SH.conforms)
    assert isinstance(verdict, Literal) and result is not None, f"{name}: no expected report"
    return SuiteTest(name, data, shapes, bool(verdict.toPython()), report_keys(graph, result))


def _local(iri: Node | None) -> Path:
    """The file a file: IRI of the suite names."""
    if iri is None:
        raise ValueError("manifest entry without a file")
    return Path(str(iri).removeprefix("file://").split("#", 1)[0])


def parsed(path: Path) -> Graph:
    """A Turtle file parsed with its file: IRI as base, so relative IRIs match across files."""
    graph = Graph()
    graph.parse(path, format="turtle", publicID=path.as_uri())
    return graph


def report_keys(graph: Graph, report: Node, *, anonymous: bool = False) -> frozenset[ResultKey]:
    """The results of a report node as comparable keys.

    `anonymous` writes every blank node as `_:` (for engines that rename blank nodes).
    """
    return frozenset(_key(graph, result, anonymous) for result in graph.objects(report, SH.result))


def _key(graph: Graph, result: Node, anonymous: bool) -> ResultKey:
    """One result's identity."""

    def text(term: Node | None) -> str:
        if term is None:
            return ""
        if isinstance(term, BNode) and anonymous:
            return "_:"
        if isinstance(term, Literal):
            return term.n3()
        return term.n3()

    path = graph.value(result, SH.resultPath)
    path_key = "" if path is None else (path_text(graph, path) or "")
    if anonymous and isinstance(path, BNode) and "_:" in path_key:
        path_key = "_:"
    return (
        text(graph.value(result, SH.focusNode)),
        path_key,
        text(graph.value(result, SH.value)),
        text(graph.value(result, SH.resultSeverity)),
        text(graph.value(result, SH.sourceShape)),
        text(graph.value(result, SH.sourceConstraintComponent)),
    )


@dataclass(frozen=True)
class Outcome:
    """What an engine did on one test."""

    passed: bool
    conforms: bool | None
    results: frozenset[ResultKey]
    error: str = ""


def run_test(test: SuiteTest, engine: Engine, *, anonymous: bool = False) -> Outcome:
    """Run the engine on a test and compare with the expected report."""
    data = parsed(test.data)
    shapes = data if test.shapes == test.data else parsed(test.shapes)
    try:
        conforms, report = engine(data, shapes)
    except Exception as error:  # an engine refusing the shapes is the expected failure
        return Outcome(test.conforms is None, None, frozenset(), f"{type(error).__name__}: {error}")
    if test.conforms is None:
        return Outcome(False, conforms, frozenset(), "expected a failure")
    node = report.value(None, RDF.type, SH.ValidationReport, any=True)
    found = report_keys(report, node, anonymous=anonymous) if node is not None else frozenset()
    expected = test.results
    if anonymous:
        expected = frozenset(_anonymised(key) for key in expected)
    return Outcome(conforms == test.conforms and found == expected, conforms, found)


def _anonymised(key: ResultKey) -> ResultKey:
    """A key with its blank nodes written as `_:`."""
    parts = tuple("_:" if part.startswith("_:") else part for part in key)
    return (parts[0], parts[1], parts[2], parts[3], parts[4], parts[5])
