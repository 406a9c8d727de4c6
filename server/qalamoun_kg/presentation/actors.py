"""Actors: the events they took part in (for a small timeline) and the figures about them."""

from __future__ import annotations

import dataclasses

from qalamoun_kg.namespaces import QO, RDFS
from qalamoun_kg.presentation.claims import ClaimView, claims_where, load_claims
from qalamoun_kg.presentation.events import EventRow, event_rows
from qalamoun_kg.presentation.facts import iri_of, labels, ref, select
from qalamoun_kg.presentation.model import Node, nodes
from qalamoun_kg.presentation.timeline import TimelineDrawing, TimelineGroup, draw
from qalamoun_kg.store import Store


@dataclasses.dataclass(frozen=True)
class ActorEvent:
    """An event an actor took part in, with the roles it had."""

    row: EventRow
    roles: list[Node]


@dataclasses.dataclass(frozen=True)
class ActorDetails:
    """What an actor's page shows beyond its plain properties."""

    events: list[ActorEvent]
    timeline: TimelineDrawing | None
    figures: list[ClaimView]
    claims_made: list[ClaimView]


def actor_details(store: Store, iri: str) -> ActorDetails:
    """Events with roles, a timeline of them, figures concerning the actor and its own claims."""
    this = ref(iri)
    role_rows = select(
        store,
        f"SELECT ?event ?role WHERE {{ ?event ?role {this} . "
        f"?role <{RDFS.subPropertyOf}>* <{QO.participant}> }}",
    )
    roles: dict[str, set[str]] = {}
    for row in role_rows:
        event, role = iri_of(row["event"]), iri_of(row["role"])
        if event and role:
            roles.setdefault(event, set()).add(role)
    rows = event_rows(store, f"VALUES ?event {{ {' '.join(ref(e) for e in roles)} }}")
    role_labels = labels(store, {r for found in roles.values() for r in found})
    events = [ActorEvent(row, nodes(roles.get(row.node.iri, ()), role_labels)) for row in rows]
    return ActorDetails(
        events=events,
        timeline=draw([TimelineGroup("", None, rows)], compact=True) if rows else None,
        figures=load_claims(store, claims_where(store, f"?claim <{QO.concerns}> {this} .")),
        claims_made=load_claims(store, claims_where(store, f"?claim <{QO.claimant}> {this} .")),
    )
