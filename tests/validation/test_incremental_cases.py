"""Incremental validation on chosen changes to the article graph, each equal to a full run:
the cases the random ones in test_incremental_equivalence.py may or may not draw."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from qalamoun_kg.store import Store
from qalamoun_kg.store.convert import to_rdflib as rdflib_node
from qalamoun_kg.validation import ValidationReport, validate_addition, validate_store
from tests.validation.test_incremental_equivalence import QO, QR, RDF_TYPE, assert_equivalent

ARSAL = ox.NamedNode(QR + "place/arsal")
PLACE = ox.NamedNode(QO + "place")
FOOTNOTE = ox.NamedNode(QO + "footnoteNumber")


@pytest.fixture(scope="module")
def base(memory_store: Store) -> ValidationReport:
    """The full report of the unchanged article graph."""
    return validate_store(memory_store)


def events_at(store: Store, place: ox.NamedNode) -> set[ox.NamedNode]:
    """The events whose qo:place is the place."""
    return {
        q.subject for q in store.quads(None, PLACE, place) if isinstance(q.subject, ox.NamedNode)
    }


def findings(report: ValidationReport, node: ox.NamedNode) -> set[tuple[str, str]]:
    """What the report says about one node: (path, message) pairs."""
    focus = rdflib_node(node)
    return {(str(r.result_path), r.message) for r in report.results if r.focus_node == focus}


def test_removing_a_place_type_rechecks_the_events_there(
    memory_store: Store, base: ValidationReport
) -> None:
    removed = [q.triple for q in memory_store.quads(ARSAL, ox.NamedNode(RDF_TYPE), None)]
    assert removed
    report = validate_addition(memory_store, [], removed)
    assert report.focus is not None and not report.conforms
    events = events_at(memory_store, ARSAL)
    assert events and {rdflib_node(e) for e in events} <= report.focus
    assert_equivalent(memory_store, base, ([], removed))


def test_a_copy_of_a_valid_event_is_valid(memory_store: Store, base: ValidationReport) -> None:
    original = sorted(events_at(memory_store, ARSAL), key=str)[0]
    copy = ox.NamedNode(QR + "event/incremental-copy")
    added = [ox.Triple(copy, q.predicate, q.object) for q in memory_store.quads(original)]
    report = validate_addition(memory_store, added)
    assert report.focus is not None and rdflib_node(copy) in report.focus
    assert findings(report, copy) == findings(base, original)
    assert_equivalent(memory_store, base, (added, []))


def test_a_colliding_footnote_number_reaches_the_other_citation(
    memory_store: Store, base: ValidationReport
) -> None:
    numbered = sorted(
        (q.subject, q.object) for q in memory_store.quads(None, FOOTNOTE, None)
        if isinstance(q.subject, ox.NamedNode)
    )  # fmt: skip
    (first, _), (second, number) = numbered[0], numbered[1]
    added = [ox.Triple(first, FOOTNOTE, number)]
    report = validate_addition(memory_store, added)
    assert report.focus is not None and rdflib_node(second) in report.focus
    assert not report.conforms
    assert_equivalent(memory_store, base, (added, []))
