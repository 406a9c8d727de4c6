"""Link a table of names (CSV or TSV with a header): each row gets the graph entity and the
Wikidata ID proposed for the name in its chosen column, as added columns."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from qalamoun_kg.errors import InputError
from qalamoun_kg.linking.link import Linker

TABLE_SUFFIXES = {".csv": ",", ".tsv": "\t", ".tab": "\t"}
NAME_COLUMN = "name"
# Added columns: the graph entity the name matches best, its score and whether it auto-matches,
# and the first Wikidata proposal. A name already taken by the input gets a `qkg_` prefix.
ADDED = ("id", "name", "score", "match", "wikidata", "wikidata_score")
MAX_ROWS = 100_000


@dataclass(frozen=True)
class Table:
    """A table read from a file: its delimiter, header, rows and the column holding the names."""

    delimiter: str
    header: list[str]
    rows: list[dict[str, str]]
    column: str


def is_table(path: Path) -> bool:
    """Whether the file is a table of names, by its extension."""
    return path.suffix.lower() in TABLE_SUFFIXES


def read_table(path: Path, column: str | None = None) -> Table:
    """The table, with the names in `column` (default: a `name` column, else the first)."""
    delimiter = TABLE_SUFFIXES[path.suffix.lower()]
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read the table: {error}", path=str(path)) from error
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [name for name in reader.fieldnames or [] if name is not None]
    if not header:
        raise InputError("the table has no header row", path=str(path))
    rows = [{key: value or "" for key, value in row.items() if key is not None} for row in reader]
    if len(rows) > MAX_ROWS:
        raise InputError(f"the table has {len(rows)} rows (at most {MAX_ROWS})", path=str(path))
    return Table(delimiter, header, rows, _column(header, column, path))


def _column(header: Sequence[str], wanted: str | None, path: Path) -> str:
    """The column of names: the one asked for, else `name` (any case), else the first."""
    if wanted is not None:
        if wanted not in header:
            raise InputError(
                f"no column {wanted!r}; the columns are {', '.join(header)}", path=str(path)
            )
        return wanted
    return next((h for h in header if h.strip().lower() == NAME_COLUMN), header[0])


def link_table(linker: Linker, table: Table) -> tuple[list[str], list[dict[str, str]]]:
    """The header and rows with the added columns filled for each row's name."""
    added = {name: (f"qkg_{name}" if name in table.header else name) for name in ADDED}
    rows: list[dict[str, str]] = []
    for row in table.rows:
        rows.append(
            {**row, **{added[k]: v for k, v in _columns(linker, row[table.column]).items()}}
        )
    return [*table.header, *added.values()], rows


def _columns(linker: Linker, name: str) -> dict[str, str]:
    """The added columns for one name (empty cells when nothing is found)."""
    cells = dict.fromkeys(ADDED, "")
    if not name.strip():
        return cells
    found = linker.matcher.search(name, limit=2)
    if found:
        best = found[0]
        cells.update(
            id=best.entry.id, name=best.entry.name, score=f"{best.score:g}", match=_yes(best.match)
        )
    proposals = linker.propose(linker.target_for_name(name))
    if proposals:
        cells.update(wikidata=proposals[0].qid, wikidata_score=f"{proposals[0].score:g}")
    return cells


def _yes(flag: bool) -> str:
    """A boolean cell."""
    return "true" if flag else "false"


def write_table(header: Sequence[str], rows: Sequence[dict[str, str]], delimiter: str) -> str:
    """The table as CSV or TSV text."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(header), delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
