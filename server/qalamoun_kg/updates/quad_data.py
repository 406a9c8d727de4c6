"""Requests made only of INSERT DATA and DELETE DATA, read by Oxigraph's TriG parser.

rdflib's SPARQL parser takes most of a second for a hundred triples; the quad data of these
operations is TriG, which Oxigraph parses in microseconds. Anything else, and anything this
reading is not sure of, gives None and takes the full SPARQL path, which also reports errors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from qalamoun_kg.errors import InputError
from qalamoun_kg.execution.lexical import blanked, outer_blocks, split_prologue
from qalamoun_kg.namespaces import PREFIXES
from qalamoun_kg.store.parsing import parse_quads

_IRI = r"<[^<>\"{}|^`\\\x00-\x20]*>"
_IRI_TOKEN = re.compile(_IRI)
_OPERATION = re.compile(r"\s*(INSERT|DELETE)\s+DATA\s*$", re.I)
_SEPARATOR = re.compile(r"\s*;")
# Tokens that are not words: prefixed names, blank node labels, language tags, numbers.
_NOT_WORDS = re.compile(
    r"(?:[A-Za-z][\w\-.]*)?:(?:[\w\-.:%]|\\.)*"
    r"|_:[\w\-.]*"
    r"|@[A-Za-z]+(?:-[A-Za-z0-9]+)*"
    r"|[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
)
_WORD = re.compile(r"[A-Za-z][\w\-]*")
_BODY_WORDS = frozenset({"graph", "a", "true", "false"})
_GRAPH_BLOCK = re.compile(r"GRAPH\s+(?:<[^>]*>|[\w\-.]*:[^\s{}]*)\s*$", re.I)
_TRIG_PROLOGUE = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())


@dataclass(frozen=True)
class DataOperation:
    """INSERT DATA (insert=True) or DELETE DATA, with its ground quads."""

    insert: bool
    quads: list[ox.Quad]


def data_operations(text: str, base_iri: str | None = None) -> list[DataOperation] | None:
    """The operations of a request made only of INSERT/DELETE DATA, else None."""
    code = blanked(text)
    blocks = outer_blocks(code)
    if not blocks or ("_:" in code and len(blocks) > 1):
        return None  # a blank node label shared by two operations is the full parser's call
    operations: list[DataOperation] = []
    declarations: list[str] = []
    position = 0
    for start, end in blocks:
        head = code[position:start]
        if operations:
            separator = _SEPARATOR.match(head)
            if separator is None:
                return None
            head = head[separator.end() :]
        prologue, head = split_prologue(head)
        if prologue.strip():
            declarations.append(prologue.strip())
        kind = _OPERATION.match(head)
        body = None if kind is None else _trig_body(text, code, start, end)
        quads = None if body is None else _parsed(declarations, body, base_iri)
        if kind is None or quads is None:
            return None
        insert = kind.group(1).upper() == "INSERT"
        if not _allowed(insert, quads):
            return None
        operations.append(DataOperation(insert, quads))
        position = end + 1
    return operations if re.fullmatch(r"\s*;?\s*", code[position:]) else None


def _trig_body(text: str, code: str, start: int, end: int) -> str | None:
    """The body of one operation as TriG, or None when SPARQL and TriG may read it apart."""
    body_code = code[start + 1 : end]
    if re.search(r"@(?:prefix|base)\b", body_code, re.I):
        return None
    tokens = _NOT_WORDS.sub(" ", _IRI_TOKEN.sub(" ", body_code))
    words = {_keyword(word.group()) for word in _WORD.finditer(tokens)}
    if not words <= _BODY_WORDS:
        return None
    depth = 0
    for match in re.finditer(r"[{}]", body_code):
        opens = match.group() == "{"
        if opens and depth == 0 and not _GRAPH_BLOCK.search(body_code[: match.start()]):
            return None  # TriG also takes `<g> { }` and `{ }`, which SPARQL does not
        depth += 1 if opens else -1
    body = text[start + 1 : end]
    stripped = body_code.rstrip()
    # SPARQL may end the triples without a dot, TriG may not.
    needs_dot = bool(stripped) and stripped[-1] not in ".}"
    return body + (" .\n" if needs_dot else "\n")


def _keyword(word: str) -> str:
    """GRAPH in any case (SPARQL and TriG agree); `a`, `true` and `false` as written."""
    return "graph" if word.lower() == "graph" else word


def _parsed(declarations: list[str], body: str, base_iri: str | None) -> list[ox.Quad] | None:
    """The quads of a body under the project's and the request's prefixes."""
    document = _TRIG_PROLOGUE + "\n".join(declarations) + "\n" + body
    try:
        return parse_quads(document.encode("utf-8"), ox.RdfFormat.TRIG, base_iri=base_iri)
    except InputError:
        return None


def _allowed(insert: bool, quads: list[ox.Quad]) -> bool:
    """SPARQL's rules on quad data: no blank graph names; no blank nodes in DELETE DATA."""
    if any(isinstance(quad.graph_name, ox.BlankNode) for quad in quads):
        return False
    return insert or not any(_has_blank(quad.triple) for quad in quads)


def _has_blank(triple: ox.Triple) -> bool:
    """Whether a triple (quoted triples included) holds a blank node."""
    return any(
        isinstance(term, ox.BlankNode) or (isinstance(term, ox.Triple) and _has_blank(term))
        for term in (triple.subject, triple.object)
    )
