"""Reports render as text, JSON and a SHACL report graph that parse back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal
from rdflib.namespace import SH

from qalamoun_kg.store import Store
from qalamoun_kg.validation import ValidationReport, validate_addition
from qalamoun_kg.validation.inputs import read_triples

BAD = Path(__file__).parent.parent / "fixtures" / "shapes" / "bad"


@pytest.fixture(scope="module")
def report(memory_store: Store) -> ValidationReport:
    """A report with a violation (an event ending before it starts)."""
    return validate_addition(memory_store, read_triples([BAD / "event-end-before-start.ttl"]))


def test_text_names_node_message_and_shape(report: ValidationReport) -> None:
    text = report.to_text()
    assert "does not conform" in text
    assert "qr:event/test-clash" in text
    assert "The end date lies before the start date" in text
    assert "qsh:EventEndNotBeforeStart" in text


def test_json_parses_with_every_field(report: ValidationReport) -> None:
    document = json.loads(report.to_json())
    assert document["conforms"] is False
    assert document["counts"]["Violation"] == 1
    (result,) = document["results"]
    assert result["focusNode"] == "<https://w3id.org/qalamoun/id/event/test-clash>"
    assert result["resultPath"] == "<https://w3id.org/qalamoun/ontology#endDate>"
    assert result["sourceConstraint"].endswith("#EventEndNotBeforeStart>")
    assert result["sourceConstraintComponent"].endswith("SPARQLConstraintComponent")
    assert result["value"].startswith('"2014-08-02"')


def test_turtle_is_a_shacl_report(report: ValidationReport) -> None:
    graph = Graph().parse(data=report.to_turtle(), format="turtle")
    (node,) = graph.subjects(RDF.type, SH.ValidationReport)
    assert graph.value(node, SH.conforms) == Literal(False)
    (result,) = graph.objects(node, SH.result)
    assert graph.value(result, SH.resultSeverity) == SH.Violation
    assert graph.value(result, SH.sourceConstraintComponent) == SH.SPARQLConstraintComponent


def test_conforming_report_is_empty_and_passes(memory_store: Store) -> None:
    good = BAD.parent / "good" / "event-end-before-start.ttl"
    clean = validate_addition(memory_store, read_triples([good]))
    assert clean.conforms and clean.passes(strict=True)
    assert json.loads(clean.to_json())["results"] == []
