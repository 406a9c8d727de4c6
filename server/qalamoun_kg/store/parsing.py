"""Parse RDF fully into memory, turning syntax errors into `InputError`s with file, line, column."""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import Quad, RdfFormat, Triple, parse

from qalamoun_kg.errors import InputError
from qalamoun_kg.store.untrusted import check_untrusted


def parse_quads(
    source: Path | bytes,
    format: RdfFormat = RdfFormat.TURTLE,
    *,
    name: str | None = None,
    base_iri: str | None = None,
    triples_only: bool = False,
) -> list[Quad]:
    """Parse all of a file or bytes before anything is written; blank nodes get fresh ids."""
    label = name or (str(source) if isinstance(source, Path) else "<input>")
    try:
        data = source.read_bytes() if isinstance(source, Path) else source
        check_untrusted(data, format)
        return list(
            parse(
                data,
                format,
                base_iri=base_iri,
                without_named_graphs=triples_only,
                rename_blank_nodes=True,
            )
        )
    except (SyntaxError, OSError, ValueError) as error:
        raise input_error(error, label) from error


def parse_triples(
    source: Path | bytes,
    format: RdfFormat = RdfFormat.TURTLE,
    *,
    name: str | None = None,
    base_iri: str | None = None,
) -> list[Triple]:
    """Parse a graph serialization (no named graphs allowed) into triples."""
    quads = parse_quads(source, format, name=name, base_iri=base_iri, triples_only=True)
    return [quad.triple for quad in quads]


def input_error(error: Exception, label: str | None) -> InputError:
    """The `InputError` for what Oxigraph's parsers raise (with line and column if known)."""
    if isinstance(error, SyntaxError):
        message = str(error.args[0]) if error.args else str(error)
        message = message.split(": ", 1)[-1] if message.startswith("Parser error") else message
        return InputError(message, path=label, line=error.lineno, column=error.offset)
    if isinstance(error, OSError):
        return InputError(f"cannot read: {error.strerror or error}", path=label)
    return InputError(str(error), path=label)
