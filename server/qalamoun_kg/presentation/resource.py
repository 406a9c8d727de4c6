"""A resource's page: labels, types, summary, every property and inbound link, and by kind the
event, place, actor, claim or citation details."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from qalamoun_kg.namespaces import OWL, QO, RDF, RDFS, SKOS, WD
from qalamoun_kg.presentation.actors import ActorDetails, actor_details
from qalamoun_kg.presentation.citations import CitationDetails, citation_details
from qalamoun_kg.presentation.claims import ClaimView, load_claims
from qalamoun_kg.presentation.events import EventDetails, event_details
from qalamoun_kg.presentation.facts import (
    Term,
    first_text,
    iri_of,
    iris_in,
    labels,
    outgoing,
    ref,
    select,
)
from qalamoun_kg.presentation.kinds import kinds_of
from qalamoun_kg.presentation.model import Lit, Node, Value, node, nodes, value_of
from qalamoun_kg.presentation.places import PlaceDetails, place_details
from qalamoun_kg.store import Store

INBOUND_LIMIT = 500
# Properties listed first, in this order; the rest follow by label.
_FIRST = [str(p) for p in (RDF.type, RDFS.label, SKOS.altLabel, QO.summary, RDFS.comment)]


@dataclasses.dataclass(frozen=True)
class PropertyValues:
    """One property and its values (or, for inbound links, the resources pointing here)."""

    property: Node
    values: list[Value]


@dataclasses.dataclass(frozen=True)
class Resource:
    """Everything a resource's page shows."""

    node: Node
    labels: list[Lit]
    alt_labels: list[Lit]
    types: list[Node]
    summary: str | None
    wikidata: list[str]
    kinds: list[str]
    properties: list[PropertyValues]
    inbound: list[PropertyValues]
    inbound_truncated: bool
    event: EventDetails | None = None
    place: PlaceDetails | None = None
    actor: ActorDetails | None = None
    claim: ClaimView | None = None
    citation: CitationDetails | None = None


def describe(store: Store, iri: str) -> Resource | None:
    """The page of a resource, or None when the store says nothing about it."""
    facts = outgoing(store, [iri]).get(iri, {})
    inbound, truncated = _inbound(store, iri)
    if not facts and not inbound:
        return None
    mentioned = {i for terms in facts.values() for i in iris_in(terms)} | set(facts)
    mentioned |= {s for _, s in inbound} | {p for p, _ in inbound} | {iri}
    named = labels(store, mentioned)
    kinds = sorted(kinds_of(store, [iri]).get(iri, set()))
    return Resource(
        node=node(iri, named),
        labels=_literals(facts, RDFS.label),
        alt_labels=_literals(facts, SKOS.altLabel),
        types=nodes(iris_in(facts.get(str(RDF.type), [])), named),
        summary=first_text(facts, QO.summary),
        wikidata=[i for i in iris_in(facts.get(str(OWL.sameAs), [])) if i.startswith(str(WD))],
        kinds=kinds,
        properties=_properties(facts, named),
        inbound=_grouped_inbound(inbound, named),
        inbound_truncated=truncated,
        event=event_details(store, iri, facts) if "event" in kinds else None,
        place=place_details(store, iri) if "place" in kinds else None,
        actor=actor_details(store, iri) if "actor" in kinds else None,
        claim=next(iter(load_claims(store, [iri])), None) if "claim" in kinds else None,
        citation=citation_details(store, iri) if "citation" in kinds else None,
    )


def _literals(facts: Mapping[str, list[Term]], predicate: object) -> list[Lit]:
    """The literal values of a predicate, sorted by language."""
    found = [v for t in facts.get(str(predicate), []) if isinstance(v := value_of(t, {}), Lit)]
    return sorted(found, key=lambda lit: (lit.lang != "en", lit.lang or "", lit.text))


def _properties(facts: Mapping[str, list[Term]], named: Mapping[str, str]) -> list[PropertyValues]:
    """Every property with its values, well-known ones first."""
    rows = [
        PropertyValues(node(p, named), sorted((value_of(t, named) for t in terms), key=_value_key))
        for p, terms in facts.items()
    ]
    return sorted(rows, key=_property_key)


def _property_key(row: PropertyValues) -> tuple[int, str]:
    """Well-known properties first, then by label."""
    iri = row.property.iri
    return (_FIRST.index(iri) if iri in _FIRST else len(_FIRST), row.property.label.casefold())


def _value_key(value: Value) -> tuple[int, str]:
    """Resources before literals, each by their text."""
    if isinstance(value, Node):
        return (0, value.label.casefold())
    return (1, f"{value.lang or ''}{value.text}")


def _inbound(store: Store, iri: str) -> tuple[list[tuple[str, str]], bool]:
    """(property, subject) pairs pointing at the resource, and whether there were more."""
    sparql = f"SELECT ?s ?p WHERE {{ ?s ?p {ref(iri)} }} LIMIT {INBOUND_LIMIT + 1}"
    pairs = [
        (p, s)
        for row in select(store, sparql)
        if (s := iri_of(row["s"])) and (p := iri_of(row["p"]))
    ]
    return pairs[:INBOUND_LIMIT], len(pairs) > INBOUND_LIMIT


def _grouped_inbound(
    pairs: list[tuple[str, str]], named: Mapping[str, str]
) -> list[PropertyValues]:
    """Inbound links grouped by property."""
    grouped: dict[str, list[str]] = {}
    for predicate, subject in pairs:
        grouped.setdefault(predicate, []).append(subject)
    rows = [PropertyValues(node(p, named), list(nodes(s, named))) for p, s in grouped.items()]
    return sorted(rows, key=lambda row: row.property.label.casefold())
