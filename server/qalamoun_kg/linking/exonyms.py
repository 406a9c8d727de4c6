"""Other names of well-known places (`exonyms.tsv`), added to the label index as other names."""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources

EXONYMS_FILE = "exonyms.tsv"


@cache
def exonym_rows() -> tuple[tuple[str, str, str], ...]:
    """(entity id, name, language) of each row of the shipped list (comment lines skipped)."""
    text = resources.files("qalamoun_kg.linking").joinpath(EXONYMS_FILE).read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    rows = csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t")
    return tuple((row["entity"], row["name"], row["language"]) for row in rows)
