"""Every constraint of the shapes has a bad fixture that triggers exactly it, and a good twin."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal
from rdflib.namespace import SH
from rdflib.term import Node

from qalamoun_kg.store import Store
from qalamoun_kg.validation import ValidationResult, validate_addition
from qalamoun_kg.validation.inputs import read_triples

FIXTURES = Path(__file__).parent.parent / "fixtures" / "shapes"
SHAPES = Path(__file__).parent.parent.parent / "shapes"
QSH = "https://w3id.org/qalamoun/shapes#"
BAD = sorted((FIXTURES / "bad").glob("*.ttl"))
GOOD = sorted((FIXTURES / "good").glob("*.ttl"))
Kind = tuple[str, str, str]


def local(term: Node | None) -> str:
    """The local name of a shapes or SHACL IRI ('' for None)."""
    if term is None:
        return ""
    text = str(term)
    return text.split("#", 1)[1] if "#" in text else text


def expectation(path: Path) -> Kind:
    """The (shape, component, constraint) named on the fixture's `# expect:` line."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: "), f"{path.name} has no expect line"
    parts = first.removeprefix("# expect: ").split()
    return (parts[0], parts[1], parts[2] if len(parts) > 2 else "")


def kind(result: ValidationResult) -> Kind:
    """What a result is an instance of."""
    return (
        local(result.source_shape),
        local(result.constraint_component),
        local(result.source_constraint),
    )


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.stem)
def test_bad_fixture_triggers_exactly_its_constraint(memory_store: Store, path: Path) -> None:
    report = validate_addition(memory_store, read_triples([path]))
    assert {kind(r) for r in report.results} == {expectation(path)}, report.to_text()


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.stem)
def test_good_twin_raises_nothing(memory_store: Store, path: Path) -> None:
    report = validate_addition(memory_store, read_triples([path]))
    assert report.results == (), report.to_text()


def test_every_fixture_has_a_twin() -> None:
    assert [p.name for p in BAD] == [p.name for p in GOOD]


def constraint_units() -> set[Kind]:
    """Every property shape, SPARQL constraint and node shape with node-level constraints."""
    shapes = Graph()
    for path in SHAPES.glob("*.ttl"):
        shapes.parse(path)
    units: set[Kind] = set()
    for shape in shapes.subjects(RDF.type, SH.PropertyShape):
        units.add((local(shape), "", ""))
    for shape, constraint in shapes.subject_objects(SH.sparql):
        units.add((local(shape), "SPARQLConstraintComponent", local(constraint)))
    for key in (SH["not"], SH["class"], SH["in"]):
        for shape in shapes.subjects(key, None):
            if (shape, RDF.type, SH.NodeShape) in shapes:
                units.add((local(shape), "", ""))
    return units


def test_every_constraint_has_a_bad_fixture() -> None:
    expected = {expectation(p) for p in BAD}
    covered = {(s, "", "") for s, _, c in expected if not c} | {e for e in expected if e[2]}
    missing = sorted(constraint_units() - covered)
    assert not missing, f"constraints without a bad fixture: {missing}"


def test_every_ontology_class_has_a_node_shape() -> None:
    ontology = Graph().parse(SHAPES.parent / "ontology" / "qalamoun.ttl")
    shapes = Graph()
    for path in SHAPES.glob("*.ttl"):
        shapes.parse(path)
    classes = {
        c
        for c in ontology.subjects(RDF.type, OWL.Class)
        if str(c).startswith("https://w3id.org/qalamoun/ontology#")
    }
    targeted = set(shapes.objects(None, SH.targetClass))
    assert classes, "no classes read from the ontology"
    assert sorted(classes - targeted, key=str) == []


def test_every_constraint_explains_itself() -> None:
    shapes = Graph()
    for path in SHAPES.glob("*.ttl"):
        shapes.parse(path)
    constraints = set(shapes.subjects(RDF.type, SH.PropertyShape)) | set(
        shapes.subjects(RDF.type, SH.SPARQLConstraint)
    )
    for key in (SH["not"], SH["class"], SH["in"]):
        constraints |= {
            s for s in shapes.subjects(key, None) if (s, RDF.type, SH.NodeShape) in shapes
        }
    for node in constraints:
        messages = list(shapes.objects(node, SH.message))
        comments = list(shapes.objects(node, RDFS.comment))
        assert len(messages) == 1 and len(comments) == 1, node
        assert (
            isinstance(messages[0], Literal)
            and messages[0].language == "en"
            and len(str(messages[0])) > 30
        ), node
