"""Events: dated rows for timelines, and the details an event's page shows."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from qalamoun_kg.namespaces import QO, RDF, RDFS
from qalamoun_kg.presentation.claims import ClaimView, claims_where, load_claims
from qalamoun_kg.presentation.facts import (
    Term,
    first_text,
    iri_of,
    iris_in,
    labels,
    objects_via,
    ref,
    select,
    text_of,
)
from qalamoun_kg.presentation.model import Node, node, nodes
from qalamoun_kg.store import Store

EVENT = str(QO.Event)


@dataclasses.dataclass(frozen=True)
class EventRow:
    """An event as a line of a list or a bar of a timeline."""

    node: Node
    start: str | None
    end: str | None
    type: Node | None
    date_description: str | None = None


@dataclasses.dataclass(frozen=True)
class Role:
    """Participants of an event in one role (attacker, defender, …)."""

    role: Node
    actors: list[Node]


@dataclasses.dataclass(frozen=True)
class EventDetails:
    """What an event's page shows beyond its plain properties."""

    start: str | None
    end: str | None
    precision: Node | None
    date_description: str | None
    places: list[Node]
    roles: list[Role]
    parents: list[Node]
    parts: list[EventRow]
    prelude: list[EventRow]
    aftermath: list[EventRow]
    claims: list[ClaimView]


def event_rows(store: Store, pattern: str = "") -> list[EventRow]:
    """Dated events (`?event`) matching an optional group pattern, in date order."""
    sparql = f"""
        SELECT ?event ?start ?end ?type ?description WHERE {{
          {pattern}
          ?event a ?type . ?type <{RDFS.subClassOf}>* <{EVENT}> .
          OPTIONAL {{ ?event <{QO.startDate}> ?start }}
          OPTIONAL {{ ?event <{QO.endDate}> ?end }}
          OPTIONAL {{ ?event <{QO.dateDescription}> ?description }}
        }}"""
    rows = select(store, sparql)
    named = labels(store, {i for row in rows for k in ("event", "type") if (i := iri_of(row[k]))})
    by_event: dict[str, EventRow] = {}
    for row in rows:
        iri = iri_of(row["event"])
        if iri is None or iri in by_event:
            continue
        kind = iri_of(row["type"])
        by_event[iri] = EventRow(
            node(iri, named),
            text_of(row["start"]),
            text_of(row["end"]),
            node(kind, named) if kind else None,
            text_of(row["description"]),
        )
    return sorted(by_event.values(), key=row_order)


def row_order(row: EventRow) -> tuple[str, str, str]:
    """Events by start, then end, then label."""
    return (row.start or "9999", row.end or "9999", row.node.label)


def event_details(store: Store, iri: str, facts: Mapping[str, list[Term]]) -> EventDetails:
    """Date, place, participants by role, structure and claims of one event."""
    this = ref(iri)
    roles = _roles(store, this)
    place_iris = objects_via(store, iri, QO.place)
    precision = iris_in(facts.get(str(QO.datePrecision), []))
    parents = iris_in(facts.get(str(QO.partOf), []))
    named = labels(store, [*place_iris, *precision, *parents])
    return EventDetails(
        start=first_text(facts, QO.startDate),
        end=first_text(facts, QO.endDate),
        precision=node(precision[0], named) if precision else None,
        date_description=first_text(facts, QO.dateDescription),
        places=nodes(place_iris, named),
        roles=roles,
        parents=nodes(parents, named),
        parts=event_rows(store, f"?event <{QO.partOf}> {this} ."),
        prelude=event_rows(store, f"?event <{QO.preludeTo}> {this} ."),
        aftermath=event_rows(store, f"?event <{QO.aftermathOf}> {this} ."),
        claims=load_claims(store, claims_where(store, f"?claim <{QO.about}> {this} .")),
    )


def _roles(store: Store, this: str) -> list[Role]:
    """Participants grouped by the sub-property of qo:participant that links them."""
    sparql = f"""
        SELECT ?role ?actor WHERE {{
          {this} ?role ?actor . ?role <{RDFS.subPropertyOf}>* <{QO.participant}> .
        }}"""
    pairs = [
        (role, actor)
        for row in select(store, sparql)
        if (role := iri_of(row["role"])) and (actor := iri_of(row["actor"]))
    ]
    named = labels(store, {iri for pair in pairs for iri in pair})
    grouped: dict[str, list[str]] = {}
    for role, actor in pairs:
        grouped.setdefault(role, []).append(actor)
    roles = [Role(node(role, named), nodes(actors, named)) for role, actors in grouped.items()]
    return sorted(roles, key=lambda item: _ROLE_ORDER.get(item.role.iri, 99))


_ROLE_ORDER = {
    str(iri): rank
    for rank, iri in enumerate(
        (QO.attacker, QO.defender, QO.supporter, QO.belligerent, QO.commander, QO.person)
    )
}


def types_of(facts: Mapping[str, list[Term]]) -> list[str]:
    """The asserted rdf:type IRIs of one resource."""
    return iris_in(facts.get(str(RDF.type), []))
