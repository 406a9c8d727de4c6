"""Read RDF files of new triples (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from xml.parsers import expat

import pyoxigraph as ox

from qalamoun_kg.errors import InputError
from qalamoun_kg.store.parsing import parse_quads

FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}

EXTENSIONS: dict[str, str] = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "ntriples",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "jsonld",
    ".json": "jsonld",
    ".rdf": "rdfxml",
    ".xml": "rdfxml",
    ".owl": "rdfxml",
}


def format_of(path: Path, named: str | None = None) -> ox.RdfFormat:
    """The format named, or the one the file's extension implies."""
    name = named or EXTENSIONS.get(path.suffix.lower())
    if name is None:
        known = ", ".join(sorted(EXTENSIONS))
        raise InputError(
            f"unknown RDF format (extensions: {known}; or --format-in)", path=str(path)
        )
    return FORMATS[name]


def read_triples(paths: Iterable[Path], named_format: str | None = None) -> list[ox.Triple]:
    """All triples of the files, parsed completely before anything else happens.

    Graph names of N-Quads and TriG are dropped: new triples go into one graph. A syntax error
    is an `InputError` naming file, line and column; blank nodes get fresh ids per file.
    """
    triples: list[ox.Triple] = []
    for path in paths:
        if not path.is_file():
            raise InputError("no such file", path=str(path))
        triples.extend(quad.triple for quad in _parse(path, format_of(path, named_format)))
    return triples


def _parse(path: Path, fmt: ox.RdfFormat) -> list[ox.Quad]:
    """Parse one file; an RDF/XML error without a position gets the XML parser's, if any."""
    try:
        return parse_quads(path, fmt, name=str(path))
    except InputError as error:
        if error.line is None and fmt == ox.RdfFormat.RDF_XML:
            raise _xml_position(path, error) from error
        raise


def _xml_position(path: Path, error: InputError) -> InputError:
    """The error with the line and column where the XML stops being well-formed."""
    parser = expat.ParserCreate()
    try:
        parser.Parse(path.read_bytes(), True)
    except expat.ExpatError as xml_error:
        return InputError(
            error.message, path=error.path, line=xml_error.lineno, column=xml_error.offset + 1
        )
    return error
