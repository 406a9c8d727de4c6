"""The plain values pages are made of: a linked resource (`Node`) and a literal (`Lit`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any, TypeAlias

from pyoxigraph import BlankNode, Literal, NamedNode

from qalamoun_kg.namespaces import RDF, XSD
from qalamoun_kg.presentation.facts import Term, fallback_label

# Datatypes shown without a datatype tag: the reader sees a plain string or number.
PLAIN_DATATYPES = frozenset(
    str(iri) for iri in (XSD.string, RDF.langString, XSD.integer, XSD.decimal, XSD.boolean)
)


@dataclasses.dataclass(frozen=True)
class Node:
    """A resource shown by its label and linked by its IRI."""

    iri: str
    label: str


@dataclasses.dataclass(frozen=True)
class Lit:
    """A literal: its text, language tag and datatype IRI (None for plain strings and numbers)."""

    text: str
    lang: str | None = None
    datatype: str | None = None


Value: TypeAlias = Node | Lit


def node(iri: str, labels: Mapping[str, str]) -> Node:
    """A `Node` for an IRI, labelled from `labels` or by its short form."""
    return Node(iri, labels.get(iri) or fallback_label(iri))


def nodes(iris: Iterable[str], labels: Mapping[str, str]) -> list[Node]:
    """Distinct nodes for the IRIs, sorted by label."""
    unique = {iri: node(iri, labels) for iri in iris}
    return sorted(unique.values(), key=lambda item: (item.label.casefold(), item.iri))


def value_of(term: Term, labels: Mapping[str, str]) -> Value:
    """A `Node` for an IRI, a `Lit` for a literal; blank nodes and quoted triples as text."""
    if isinstance(term, NamedNode):
        return node(term.value, labels)
    if isinstance(term, Literal):
        datatype = term.datatype.value
        return Lit(term.value, term.language, None if datatype in PLAIN_DATATYPES else datatype)
    if isinstance(term, BlankNode):
        return Lit(f"_:{term.value}")
    return Lit(str(term))


def plain(data: Any) -> Any:
    """Dataclasses, sets and tuples turned into JSON-ready dicts, lists and scalars."""
    if dataclasses.is_dataclass(data) and not isinstance(data, type):
        return {field.name: plain(getattr(data, field.name)) for field in dataclasses.fields(data)}
    if isinstance(data, dict):
        return {str(key): plain(item) for key, item in data.items()}
    if isinstance(data, set | frozenset):
        return sorted(plain(item) for item in data)
    if isinstance(data, list | tuple):
        return [plain(item) for item in data]
    return data
