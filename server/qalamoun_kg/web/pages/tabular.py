"""Page data as CSV: each row (a dataclass) flattened into columns, for spreadsheets.

A linked resource becomes two columns (`place`, `place_iri`), a list of them two columns of
values joined by "; " and " ", a position its `lat` and `lon`; nested structures are left out.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Iterable
from typing import Any

from flask import Response

from qalamoun_kg.presentation.geo import Point
from qalamoun_kg.presentation.model import Lit, Node

CSV_TYPE = "text/csv; charset=utf-8"


def flat(record: Any) -> dict[str, str]:
    """One row's columns."""
    columns: dict[str, str] = {}
    fields = dataclasses.fields(record) if dataclasses.is_dataclass(record) else ()
    for field in fields:
        _put(columns, field.name, getattr(record, field.name))
    return columns


def _put(columns: dict[str, str], name: str, value: Any) -> None:
    """Add the column(s) of one field."""
    if isinstance(value, Node):
        columns[name], columns[f"{name}_iri"] = value.label, value.iri
    elif isinstance(value, Lit):
        columns[name] = value.text
    elif isinstance(value, Point):
        columns["lat"], columns["lon"] = f"{value.lat:g}", f"{value.lon:g}"
    elif isinstance(value, list) and all(isinstance(item, Node) for item in value):
        columns[name] = "; ".join(item.label for item in value)
        columns[f"{name}_iris"] = " ".join(item.iri for item in value)
    elif isinstance(value, bool):
        columns[name] = "true" if value else "false"
    elif isinstance(value, str | int | float) or value is None:
        columns[name] = "" if value is None else str(value)


def csv_response(rows: Iterable[Any]) -> Response:
    """The rows as a CSV download, the columns in order of first appearance."""
    records = [flat(row) for row in rows]
    header: dict[str, None] = {}
    for record in records:
        header.update(dict.fromkeys(record))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(header), restval="")
    writer.writeheader()
    writer.writerows(records)
    return Response(out.getvalue(), 200, content_type=CSV_TYPE)
