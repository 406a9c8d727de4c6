"""Search over labels and alternative labels."""

from __future__ import annotations

import dataclasses

from pyoxigraph import Literal

from qalamoun_kg.namespaces import RDF, RDFS, SKOS
from qalamoun_kg.presentation.facts import iri_of, labels, select, text_of, values
from qalamoun_kg.presentation.model import Node, node, nodes
from qalamoun_kg.store import Store

MAX_QUERY = 200
LIMIT = 100


@dataclasses.dataclass(frozen=True)
class Hit:
    """A resource whose label or alternative label matches the search."""

    node: Node
    matched: str
    alternative: bool
    types: list[Node]


def search(store: Store, text: str, limit: int = LIMIT) -> list[Hit]:
    """Resources whose labels contain the text (case-insensitive), best matches first."""
    wanted = " ".join(text.split())[:MAX_QUERY]
    if not wanted:
        return []
    needle = str(Literal(wanted.casefold()))
    sparql = f"""
        SELECT ?s ?p ?l WHERE {{
          VALUES ?p {{ <{RDFS.label}> <{SKOS.altLabel}> }}
          ?s ?p ?l . FILTER (isIRI(?s) && CONTAINS(LCASE(STR(?l)), {needle}))
        }}"""
    best: dict[str, tuple[tuple[int, int, str], str, bool]] = {}
    for row in select(store, sparql):
        subject, label = iri_of(row["s"]), text_of(row["l"])
        if subject is None or label is None:
            continue
        alternative = iri_of(row["p"]) == str(SKOS.altLabel)
        score = (_rank(label, wanted), int(alternative), label.casefold())
        if subject not in best or score < best[subject][0]:
            best[subject] = (score, label, alternative)
    chosen = sorted(best, key=lambda iri: best[iri][0])[:limit]
    return _hits(store, chosen, {iri: best[iri][1:] for iri in chosen})


def _rank(label: str, wanted: str) -> int:
    """0 for an exact match, 1 for a prefix, 2 for a word start, 3 for anything else."""
    folded, needle = label.casefold(), wanted.casefold()
    if folded == needle:
        return 0
    if folded.startswith(needle):
        return 1
    return 2 if f" {needle}" in f" {folded}" else 3


def _hits(store: Store, chosen: list[str], matched: dict[str, tuple[str, bool]]) -> list[Hit]:
    """Hits with their labels and types."""
    if not chosen:
        return []
    rows = select(
        store, f"SELECT ?s ?t WHERE {{ VALUES ?s {{ {values(chosen)} }} ?s <{RDF.type}> ?t }}"
    )
    types: dict[str, list[str]] = {}
    for row in rows:
        subject, kind = iri_of(row["s"]), iri_of(row["t"])
        if subject and kind:
            types.setdefault(subject, []).append(kind)
    named = labels(store, [*chosen, *(t for found in types.values() for t in found)])
    return [
        Hit(node(iri, named), matched[iri][0], matched[iri][1], nodes(types.get(iri, []), named))
        for iri in chosen
    ]
