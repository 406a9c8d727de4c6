"""Render query results: an aligned text table, CSV, TSV, SPARQL JSON/XML, or RDF for graphs."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import BinaryIO

import pyoxigraph
from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Triple,
)

from qalamoun_kg.errors import InputError
from qalamoun_kg.namespaces import PREFIXES, XSD
from qalamoun_kg.store.base import QueryResult

SOLUTION_FORMATS: dict[str, QueryResultsFormat] = {
    "csv": QueryResultsFormat.CSV,
    "tsv": QueryResultsFormat.TSV,
    "json": QueryResultsFormat.JSON,
    "xml": QueryResultsFormat.XML,
}
GRAPH_FORMATS: dict[str, RdfFormat] = {
    "turtle": RdfFormat.TURTLE,
    "ntriples": RdfFormat.N_TRIPLES,
    "jsonld": RdfFormat.JSON_LD,
    "rdfxml": RdfFormat.RDF_XML,
}
FORMATS = ("table", *SOLUTION_FORMATS, *GRAPH_FORMATS)

_BARE_DATATYPES = frozenset(
    str(XSD[name]) for name in ("string", "integer", "decimal", "double", "boolean")
)
# Looser than Turtle's PN_LOCAL on purpose: `qr:actor/hezbollah` reads better than the full IRI.
_LOCAL_NAME = re.compile(r"(?:[\w\-]|[\w\-][\w\-./]*[\w\-/])?")
MAX_CELL_WIDTH = 80


def write_result(result: QueryResult, fmt: str, out: BinaryIO) -> None:
    """Write a query result in the named format; streams except for `table`."""
    if isinstance(result, QueryTriples):
        _write_graph(result, fmt, out)
    elif fmt == "table":
        out.write(table_text(result).encode("utf-8"))
    elif fmt in SOLUTION_FORMATS:
        result.serialize(out, SOLUTION_FORMATS[fmt])
    else:
        kind = "ASK" if isinstance(result, QueryBoolean) else "SELECT"
        choices = ", ".join(("table", *SOLUTION_FORMATS))
        raise InputError(f"format {fmt!r} does not fit {kind} results; use one of {choices}")


def _write_graph(triples: QueryTriples, fmt: str, out: BinaryIO) -> None:
    """Write CONSTRUCT/DESCRIBE triples as RDF (Turtle for `table`)."""
    rdf_format = GRAPH_FORMATS.get("turtle" if fmt == "table" else fmt)
    if rdf_format is None:
        choices = ", ".join(GRAPH_FORMATS)
        raise InputError(f"format {fmt!r} does not fit a graph result; use one of {choices}")
    pyoxigraph.serialize(triples, out, rdf_format, prefixes=PREFIXES)


def table_text(
    result: QuerySolutions | QueryBoolean, prefixes: Mapping[str, str] = PREFIXES
) -> str:
    """An aligned plain-text table of solutions (or `true`/`false` for ASK), with a row count."""
    if isinstance(result, QueryBoolean):
        return "true\n" if bool(result) else "false\n"
    header = [variable.value for variable in result.variables]
    rows = [
        [_clip(term_text(term, prefixes)) if term is not None else "" for term in solution]
        for solution in result
    ]
    widths = [max([_width(h), *(_width(row[i]) for row in rows)]) for i, h in enumerate(header)]
    lines = [
        _table_line(header, widths),
        "-+-".join("-" * width for width in widths),
        *(_table_line(row, widths) for row in rows),
    ]
    count = f"({len(rows)} row{'' if len(rows) == 1 else 's'})"
    return "\n".join(line.rstrip() for line in lines) + f"\n{count}\n"


def term_text(
    term: NamedNode | BlankNode | Literal | Triple, prefixes: Mapping[str, str] = PREFIXES
) -> str:
    """A short human reading of a term: prefixed names, bare strings and numbers, `value@lang`."""
    if isinstance(term, NamedNode):
        return compact_iri(term.value, prefixes)
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if isinstance(term, Literal):
        value = term.value.replace("\n", "\\n")
        if term.language:
            return f"{value}@{term.language}"
        if term.datatype.value in _BARE_DATATYPES:
            return value
        return f"{value}^^{compact_iri(term.datatype.value, prefixes)}"
    parts = (term_text(part, prefixes) for part in (term.subject, term.predicate, term.object))
    return "<< " + " ".join(parts) + " >>"


def compact_iri(iri: str, prefixes: Mapping[str, str] = PREFIXES) -> str:
    """`prefix:local` for the longest matching namespace, else `<iri>`."""
    best = ""
    for name, namespace in prefixes.items():
        if iri.startswith(namespace) and len(namespace) > len(prefixes.get(best, "")):
            local = iri[len(namespace) :]
            if _LOCAL_NAME.fullmatch(local):
                best = name
    return f"{best}:{iri[len(prefixes[best]) :]}" if best else f"<{iri}>"


def _table_line(cells: list[str], widths: list[int]) -> str:
    """Cells padded to their column widths, joined by ` | `."""
    return " | ".join(
        cell + " " * (width - _width(cell)) for cell, width in zip(cells, widths, strict=True)
    )


def _clip(text: str) -> str:
    """Shorten a cell to MAX_CELL_WIDTH characters so one long comment does not widen the table."""
    return text if len(text) <= MAX_CELL_WIDTH else text[: MAX_CELL_WIDTH - 1] + "…"


def _width(text: str) -> int:
    """Terminal columns a string takes: wide characters count two, combining marks none."""
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )
