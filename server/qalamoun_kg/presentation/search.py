"""Search by name: the reconciliation matcher first (spellings, transliterations, ranked, typed),
then any other resource whose label contains the text (citations, claims, sections)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from pyoxigraph import Literal

from qalamoun_kg.linking.ids import type_id
from qalamoun_kg.linking.index import index_for
from qalamoun_kg.linking.matching import EXACT_ALT, Candidate, matcher_for
from qalamoun_kg.namespaces import RDF, RDFS, SKOS
from qalamoun_kg.presentation.facts import iri_of, labels, select, text_of, values
from qalamoun_kg.presentation.model import Node, node, nodes
from qalamoun_kg.store import Store

MAX_QUERY = 200
LIMIT = 100
SUBSTRING = "name contains the text"
# Scores of a label containing the text: equal to it, starting with it, a word starting with it,
# anywhere. They rank such resources (citations, claims) among the matcher's partial names.
CONTAINS_SCORES = (100.0, 75.0, 60.0, 45.0)


@dataclasses.dataclass(frozen=True)
class Hit:
    """A resource found for the search: the name that matched, how, and a score (0–100)."""

    node: Node
    matched: str
    alternative: bool
    types: list[Node]
    score: float = 0.0
    how: str = SUBSTRING
    match: bool = False


def search(store: Store, text: str, limit: int = LIMIT, types: Sequence[str] = ()) -> list[Hit]:
    """Named entities the matcher ranks for the text, then other labels containing it."""
    wanted = " ".join(text.split())[:MAX_QUERY]
    if not wanted:
        return []
    kinds = tuple(type_id(t) for t in types if t.strip())
    index = index_for(store)
    ranked = matcher_for(index).search(wanted, types=kinds, limit=limit)
    found: dict[str, tuple[str, bool, float, str, bool]] = {
        c.entry.iri: (c.label, _alternative(c), c.score, c.how, c.match) for c in ranked
    }
    if not kinds:
        for iri, (label, alternative, score) in _containing(store, wanted).items():
            found.setdefault(iri, (label, alternative, score, SUBSTRING, False))
    chosen = sorted(found, key=lambda iri: -found[iri][2])[:limit]
    return _hits(store, chosen, found)


def _alternative(candidate: Candidate) -> bool:
    """Whether the name that matched is not the entity's own name."""
    return candidate.label != candidate.entry.name or candidate.how == EXACT_ALT


def _containing(store: Store, wanted: str) -> dict[str, tuple[str, bool, float]]:
    """Resources whose labels contain the text (case-insensitive), best matches first."""
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
    return {iri: (*best[iri][1:], CONTAINS_SCORES[best[iri][0][0]]) for iri in best}


def _rank(label: str, wanted: str) -> int:
    """0 for an exact match, 1 for a prefix, 2 for a word start, 3 for anything else."""
    folded, needle = label.casefold(), wanted.casefold()
    if folded == needle:
        return 0
    if folded.startswith(needle):
        return 1
    return 2 if f" {needle}" in f" {folded}" else 3


def _hits(
    store: Store, chosen: list[str], found: dict[str, tuple[str, bool, float, str, bool]]
) -> list[Hit]:
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
    hits = []
    for iri in chosen:
        label, alternative, score, how, match = found[iri]
        kinds = nodes(types.get(iri, []), named)
        hits.append(Hit(node(iri, named), label, alternative, kinds, score, how, match))
    return hits
