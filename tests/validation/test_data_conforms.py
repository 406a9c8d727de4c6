"""The project's data, as loaded into the store, conforms to the shapes."""

from __future__ import annotations

from qalamoun_kg.store import Store
from qalamoun_kg.validation import Severity, validate_store


def test_data_has_no_violations_or_warnings(memory_store: Store) -> None:
    report = validate_store(memory_store)
    serious = [r for r in report.results if r.severity is not Severity.INFO]
    assert report.conforms, report.to_text()
    assert not serious, report.to_text()
    assert report.checked_nodes > 300


def test_full_and_incremental_agree_on_an_empty_change(memory_store: Store) -> None:
    from qalamoun_kg.validation import validate_addition

    assert validate_addition(memory_store, []).results == ()
