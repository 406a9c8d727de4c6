"""Parse SPARQL updates with rdflib and find what they would fetch or what dataset they name."""

from __future__ import annotations

import logging
import re
from collections import OrderedDict, defaultdict
from collections.abc import Iterator
from typing import Any

from pyparsing import ParseBaseException
from rdflib import URIRef
from rdflib.plugins.sparql.algebra import translateUpdate
from rdflib.plugins.sparql.parser import parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Update

from qalamoun_kg.errors import QueryError
from qalamoun_kg.execution.lexical import blanked, check_nesting, outer_blocks, split_prologue
from qalamoun_kg.namespaces import PREFIXES
from qalamoun_kg.updates.diagnosis import diagnose
from qalamoun_kg.updates.terms import exact_literals

# SPARQL's PN_LOCAL_ESC: a backslash before one of these characters in a prefixed name.
_LOCAL_ESCAPE = re.compile(r"\\([_~.\-!$&'()*+,;=/?#@%])")


class _EscapedNameWarnings(logging.Filter):
    """Drops rdflib's warning about `\\/` in IRIs: `_unescaped` resolves those escapes."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep every other record."""
        message = record.getMessage()
        return not ("does not look like a valid URI" in message and "\\" in message)


logging.getLogger("rdflib.term").addFilter(_EscapedNameWarnings())
# The project's prefixes, predeclared on one line (rdflib's initNs loses the PREFIXes of an
# update's later operations); parser line numbers are one more than the user's.
_PROLOGUE = " ".join(f"PREFIX {name}: <{iri}>" for name, iri in PREFIXES.items()) + "\n"


def parse_update(text: str, base_iri: str | None = None) -> Update:
    """The update's algebra; `QueryError` with line and column when it does not parse."""
    check_nesting(text, "update")
    try:
        with exact_literals():
            update = translateUpdate(parseUpdate(_PROLOGUE + text), base=base_iri)
        update.algebra = [_unescaped(op) for op in update.algebra]
        return update
    except ParseBaseException as error:
        line = max(1, error.lineno - 1)
        raise _oxigraph_diagnosis(text) or QueryError(
            f"update line {line}, column {error.col}: {error.msg}", line=line, column=error.col
        ) from error
    except Exception as error:
        raise _oxigraph_diagnosis(text) or QueryError(f"update: {error}") from error


def _oxigraph_diagnosis(text: str) -> QueryError | None:
    """Oxigraph's (clearer) syntax error for an update, or None when Oxigraph accepts it.

    Found in a child process without network (see `diagnosis`): the text is never run here.
    """
    message = diagnose(text, PREFIXES)
    return None if message is None else QueryError.from_parser(SyntaxError(message), what="update")


def _unescaped(node: Any) -> Any:
    """The algebra with prefixed names' escapes resolved (rdflib keeps `qr:place\\/x` as is)."""
    if isinstance(node, URIRef):
        return URIRef(_LOCAL_ESCAPE.sub(r"\1", node)) if "\\" in node else node
    if isinstance(node, CompValue):
        for key in list(node):
            node[key] = _unescaped(OrderedDict.__getitem__(node, key))
        return node
    if isinstance(node, dict):
        items = {_unescaped(k): _unescaped(v) for k, v in node.items()}
        if isinstance(node, defaultdict):
            return defaultdict(node.default_factory, items)
        return items
    if isinstance(node, list):
        return [_unescaped(item) for item in node]
    if isinstance(node, tuple):
        return tuple(_unescaped(item) for item in node)
    return node


def field(node: CompValue, name: str) -> Any:
    """A field of an algebra node, or None (`CompValue.get` gives the key back when missing)."""
    return node[name] if name in node else None  # noqa: SIM401


def names_dataset(update: Update) -> bool:
    """Whether an operation has its own USING, USING NAMED or WITH clause."""
    return any(
        op.name == "Modify" and (field(op, "using") or field(op, "withClause"))
        for op in update.algebra
    )


def fetch_targets(update: Update) -> list[tuple[str, str | None]]:
    """(LOAD|SERVICE, IRI or None for a variable) for every remote source an update names."""
    found: list[tuple[str, str | None]] = []
    for op in update.algebra:
        if op.name == "Load" and not field(op, "silent"):
            # LOAD SILENT must succeed even when refused: the loader checks it when it runs.
            found.append(("LOAD", str(op.iri)))
        for part in _parts(field(op, "where")):
            if part.name == "ServiceGraphPattern":
                term = field(part, "term")
                found.append(("SERVICE", str(term) if isinstance(term, URIRef) else None))
    return found


def _parts(node: Any) -> Iterator[CompValue]:
    """Every algebra node below node."""
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _parts(value)
    elif isinstance(node, list | tuple):
        for item in node:
            yield from _parts(item)


_ENDS_WITH_WHERE = re.compile(r"(?<![\w:])WHERE\s*$", re.IGNORECASE)


def where_query(text: str, update: Update) -> str | None:
    """The WHERE clause of a one-operation DELETE/INSERT update as a SELECT of its own, or None.

    Taken from the text, so that Oxigraph evaluates exactly what the user wrote; the update has
    already parsed, so its last outer block after the keyword WHERE is that clause.
    """
    if len(update.algebra) != 1 or update.algebra[0].name not in ("Modify", "DeleteWhere"):
        return None
    code = blanked(text)
    blocks = outer_blocks(code)
    if not blocks:
        return None
    start, end = blocks[-1]
    if not re.fullmatch(r"\s*;?\s*", code[end + 1 :]) or not _ENDS_WITH_WHERE.search(code[:start]):
        return None
    prologue, _ = split_prologue(text)
    return f"{prologue}\nSELECT * WHERE {text[start : end + 1]}"


def has_service(update: Update) -> bool:
    """Whether any operation calls SERVICE."""
    return any(what == "SERVICE" for what, _iri in fetch_targets(update))
