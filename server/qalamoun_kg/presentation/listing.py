"""Lists to browse: every kind of resource under `/id/`, every class, and their members, paged.

A kind is the first path segment of the resource IRIs (`place` for `…/id/place/arsal`); a class
lists its instances, asserted or through `rdfs:subClassOf`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from pyoxigraph import Literal

from qalamoun_kg.namespaces import OWL, QO, QR, RDF, RDFS
from qalamoun_kg.presentation.facts import iri_of, labels, select, text_of, values
from qalamoun_kg.presentation.model import Node, node, nodes
from qalamoun_kg.store import Store

DEFAULT_SIZE = 100
MAX_SIZE = 1000
SORTS = ("label", "-label", "type", "-type", "id", "-id")
COLUMNS = ("id", "label", "types", "summary")


@dataclasses.dataclass(frozen=True)
class Group:
    """A kind of resource or a class, with how many members it has."""

    key: str
    label: str
    count: int
    iri: str | None = None


@dataclasses.dataclass(frozen=True)
class Row:
    """One member of a list: the resource, its types and summary."""

    node: Node
    types: list[Node]
    summary: str


@dataclasses.dataclass(frozen=True)
class Listing:
    """One page of a list: the rows, the total, and the page asked for."""

    title: str
    total: int
    page: int
    size: int
    sort: str
    rows: list[Row]

    @property
    def pages(self) -> int:
        """How many pages the list has (at least one)."""
        return max(1, -(-self.total // self.size))


def kinds(store: Store) -> list[Group]:
    """The kinds of resource under the project namespace, with counts, by name."""
    prefix = str(QR)
    sparql = f"""
        SELECT ?kind (COUNT(DISTINCT ?s) AS ?n) WHERE {{
          ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{prefix}"))
          BIND(STRBEFORE(STRAFTER(STR(?s), "{prefix}"), "/") AS ?kind) FILTER(?kind != "")
        }} GROUP BY ?kind ORDER BY ?kind"""
    return [
        Group(key, key, int(text_of(row["n"]) or 0))
        for row in select(store, sparql)
        if (key := text_of(row["kind"]))
    ]


def classes(store: Store) -> list[Group]:
    """The ontology's classes with their instance counts (subclasses included), by label."""
    sparql = f"""
        SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{
          ?c a <{OWL.Class}> FILTER(STRSTARTS(STR(?c), "{QO}"))
          OPTIONAL {{ ?s a/<{RDFS.subClassOf}>* ?c FILTER(isIRI(?s)) }}
        }} GROUP BY ?c"""
    rows = [(iri_of(row["c"]), int(text_of(row["n"]) or 0)) for row in select(store, sparql)]
    named = labels(store, [iri for iri, _ in rows if iri])
    found = [Group(iri[len(str(QO)) :], named.get(iri, iri), n, iri) for iri, n in rows if iri]
    return sorted(found, key=lambda g: g.label.casefold())


def members_of_kind(store: Store, kind: str) -> list[str]:
    """The resources whose IRI is under `…/id/<kind>/`."""
    prefix = f"{QR}{kind}/"
    sparql = f"""SELECT DISTINCT ?s WHERE {{
        ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), {Literal(prefix)})) }}"""
    return [iri for row in select(store, sparql) if (iri := iri_of(row["s"]))]


def members_of_class(store: Store, class_iri: str) -> list[str]:
    """The instances of a class, through `rdfs:subClassOf`."""
    sparql = f"""SELECT DISTINCT ?s WHERE {{
        VALUES ?c {{ {values([class_iri])} }} ?s a/<{RDFS.subClassOf}>* ?c FILTER(isIRI(?s)) }}"""
    return [iri for row in select(store, sparql) if (iri := iri_of(row["s"]))]


def listing(
    store: Store,
    title: str,
    members: Sequence[str],
    *,
    page: int = 1,
    size: int = 0,
    sort: str = "",
) -> Listing:
    """One sorted page of the members, each with its label, types and summary."""
    size = min(max(size or DEFAULT_SIZE, 1), MAX_SIZE)
    order = sort if sort in SORTS else "label"
    rows = _rows(store, members)
    rows.sort(key=_sort_key(order.lstrip("-")), reverse=order.startswith("-"))
    pages = max(1, -(-len(rows) // size))
    page = min(max(page, 1), pages)
    chosen = rows[(page - 1) * size : page * size]
    return Listing(title, len(rows), page, size, order, chosen)


def _rows(store: Store, members: Sequence[str]) -> list[Row]:
    """Every member with its label, asserted types and English summary."""
    if not members:
        return []
    sparql = f"""
        SELECT ?s ?t ?summary WHERE {{
          VALUES ?s {{ {values(members)} }}
          OPTIONAL {{ ?s <{RDF.type}> ?t }}
          OPTIONAL {{ ?s <{QO.summary}> ?summary FILTER(LANGMATCHES(LANG(?summary), "en")) }}
        }}"""
    types: dict[str, set[str]] = {iri: set() for iri in members}
    summaries: dict[str, str] = {}
    for row in select(store, sparql):
        subject = iri_of(row["s"])
        if subject is None:
            continue
        if kind := iri_of(row["t"]):
            types[subject].add(kind)
        if summary := text_of(row["summary"]):
            summaries.setdefault(subject, summary)
    named = labels(store, [*types, *(t for found in types.values() for t in found)])
    return [
        Row(node(iri, named), nodes(types[iri], named), summaries.get(iri, "")) for iri in types
    ]


def _sort_key(column: str) -> Callable[[Row], Any]:
    """The key that sorts rows by a column (ties by IRI)."""
    if column == "type":
        return lambda row: (",".join(t.label.casefold() for t in row.types), row.node.iri)
    if column == "id":
        return lambda row: row.node.iri
    return lambda row: (row.node.label.casefold(), row.node.iri)


def table(found: Listing) -> list[dict[str, str]]:
    """The rows as flat records (for CSV and JSON): id, label, types, summary."""
    return [
        {
            "id": row.node.iri,
            "label": row.node.label,
            "types": " ".join(t.iri for t in row.types),
            "summary": row.summary,
        }
        for row in found.rows
    ]


def class_listing(store: Store, iri: str, size: int = 50) -> Listing | None:
    """The first instances of an ontology class (for its page); None for anything else."""
    if not iri.startswith(str(QO)):
        return None
    members = members_of_class(store, iri)
    return listing(store, "Instances", members, size=size) if members else None
