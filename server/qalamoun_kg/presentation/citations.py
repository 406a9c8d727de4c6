"""Citations: the footnote list and what each footnote supports."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from qalamoun_kg.namespaces import QO
from qalamoun_kg.presentation.claims import ClaimView, load_claims
from qalamoun_kg.presentation.events import EventRow, event_rows
from qalamoun_kg.presentation.facts import (
    Term,
    first_text,
    iri_of,
    iris_in,
    labels,
    outgoing,
    ref,
    select,
    values,
)
from qalamoun_kg.presentation.kinds import kinds_of
from qalamoun_kg.presentation.model import Node, node, nodes
from qalamoun_kg.store import Store


@dataclasses.dataclass(frozen=True)
class CitationRow:
    """A footnote: number, title, publisher, dates, and the resources citing it."""

    node: Node
    number: int | None
    title: str | None
    publisher: list[Node]
    published: str | None
    retrieved: str | None
    times_cited: int | None
    supports: list[Node]
    kinds: dict[str, str]  # supported IRI -> its kind (event, claim, place …)


@dataclasses.dataclass(frozen=True)
class CitationDetails:
    """A citation's page: its row, and what it supports split by kind."""

    row: CitationRow
    events: list[EventRow]
    claims: list[ClaimView]
    others: list[Node]


def citation_rows(store: Store, iris: list[str] | None = None) -> list[CitationRow]:
    """The given citations (default: every qo:Citation) in footnote order."""
    if iris is None:
        found = select(store, f"SELECT ?c WHERE {{ ?c a/<{_SUBCLASS}>* <{QO.Citation}> }}")
        iris = [iri for row in found if (iri := iri_of(row["c"]))]
    facts = outgoing(store, iris)
    supports = _supported(store, iris)
    publishers = {p for f in facts.values() for p in iris_in(f.get(str(QO.publisher), []))}
    supported = {s for found in supports.values() for s in found}
    named = labels(store, [*iris, *publishers, *supported])
    kinds = {iri: "/".join(sorted(k)) for iri, k in kinds_of(store, supported).items()}
    rows = [_row(iri, facts.get(iri, {}), supports.get(iri, []), named, kinds) for iri in iris]
    return sorted(rows, key=lambda row: (row.number or 0, row.node.iri))


_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
# Supported resources listed by kind: events, then claims, places, actors, the rest.
_KIND_ORDER = {"event": 0, "claim": 1, "place": 2, "actor": 3}


def _row(
    iri: str,
    facts: Mapping[str, list[Term]],
    supported: list[str],
    named: Mapping[str, str],
    kinds: Mapping[str, str],
) -> CitationRow:
    """One citation's row from its triples."""
    number, cited = first_text(facts, QO.footnoteNumber), first_text(facts, QO.timesCited)
    return CitationRow(
        node=node(iri, named),
        number=int(number) if number and number.isdigit() else None,
        title=first_text(facts, QO.title),
        publisher=nodes(iris_in(facts.get(str(QO.publisher), [])), named),
        published=first_text(facts, QO.publicationDate),
        retrieved=first_text(facts, QO.retrievalDate),
        times_cited=int(cited) if cited and cited.isdigit() else None,
        supports=sorted(
            nodes(supported, named), key=lambda n: _KIND_ORDER.get(kinds.get(n.iri, ""), 9)
        ),
        kinds={s: kinds.get(s, "other") for s in supported},
    )


def _supported(store: Store, citations: list[str]) -> dict[str, list[str]]:
    """Citation IRI -> resources citing it (qo:citation) or that it says it supports."""
    if not citations:
        return {}
    sparql = f"""
        SELECT DISTINCT ?c ?s WHERE {{
          VALUES ?c {{ {values(citations)} }}
          {{ ?s <{QO.citation}> ?c }} UNION {{ ?c <{QO.supports}> ?s }}
        }}"""
    found: dict[str, list[str]] = {}
    for row in select(store, sparql):
        citation, subject = iri_of(row["c"]), iri_of(row["s"])
        if citation and subject:
            found.setdefault(citation, []).append(subject)
    return found


def citation_details(store: Store, iri: str) -> CitationDetails | None:
    """A citation's row with the events, claims and other resources it supports."""
    rows = citation_rows(store, [iri])
    if not rows:
        return None
    row = rows[0]
    claim_iris = [s for s, kind in row.kinds.items() if kind == "claim"]
    event_iris = [s for s, kind in row.kinds.items() if kind == "event"]
    others = [item for item in row.supports if row.kinds[item.iri] not in ("claim", "event")]
    events = event_rows(store, f"VALUES ?event {{ {' '.join(ref(e) for e in event_iris)} }}")
    return CitationDetails(row, events, load_claims(store, claim_iris), others)
