"""The shipped offline index of Wikidata items (`wikidata-offline.tsv`), as a label index.

The file holds only the items of the project's checked reference list; see its header.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from functools import cache
from importlib import resources

from qalamoun_kg.linking.ids import wikidata_iri
from qalamoun_kg.linking.index import Entry, LabelIndex, TypeInfo, make_entry, small_index

OFFLINE_FILE = "wikidata-offline.tsv"


@cache
def offline_rows() -> tuple[dict[str, str], ...]:
    """The rows of the shipped file (comment lines skipped)."""
    text = resources.files("qalamoun_kg.linking").joinpath(OFFLINE_FILE).read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return tuple(csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t"))


def offline_index(types: Mapping[str, TypeInfo]) -> LabelIndex:
    """The offline items as a label index (ids are Q-numbers); classes closed over `types`."""
    return small_index((_entry(row, types) for row in offline_rows()), types)


def _entry(row: dict[str, str], types: Mapping[str, TypeInfo]) -> Entry:
    """One item: its label as the preferred name, its aliases as alternative names."""
    aliases = [alias for alias in row.get("aliases", "").split("|") if alias.strip()]
    names = [(row["label"], True)] + [(alias, False) for alias in aliases]
    entry = make_entry(row["qid"], wikidata_iri(row["qid"]), names, [row["kind"]], types)
    entry.description = row.get("evidence", "")
    entry.wikidata = [row["qid"]]
    return entry
