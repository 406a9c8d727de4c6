"""SHACL validation of new triples in the context of the stored graph, full or incremental.

`validate_addition(store, additions, removals)` checks the graph the store would hold after a
change; `validate_store(store)` checks all of it. Both return a `ValidationReport`, which renders
as text, JSON or a SHACL report graph (Turtle).
"""

from qalamoun_kg.validation.api import (
    add_if_valid,
    as_triples,
    validate_addition,
    validate_store,
)
from qalamoun_kg.validation.report import Severity, ValidationReport, ValidationResult
from qalamoun_kg.validation.shapes import ShapeSet, bundled_shapes, shapes_for

__all__ = [
    "Severity",
    "ShapeSet",
    "ValidationReport",
    "ValidationResult",
    "add_if_valid",
    "as_triples",
    "bundled_shapes",
    "shapes_for",
    "validate_addition",
    "validate_store",
]
