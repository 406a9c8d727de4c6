"""The timeline of the whole offensive: prelude, the three phases, aftermath and the rest."""

from __future__ import annotations

import dataclasses

from qalamoun_kg.namespaces import QO, QR
from qalamoun_kg.presentation.events import EventRow, event_rows
from qalamoun_kg.presentation.facts import iri_of, ref, select, text_of
from qalamoun_kg.presentation.timeline import TimelineDrawing, TimelineGroup, draw
from qalamoun_kg.store import Store

OFFENSIVE = str(QR["event/qalamoun-offensive-2014"])


@dataclasses.dataclass(frozen=True)
class OffensiveTimeline:
    """The groups of events in order, and their drawing."""

    groups: list[TimelineGroup]
    drawing: TimelineDrawing


def offensive_timeline(store: Store, offensive: str = OFFENSIVE) -> OffensiveTimeline:
    """Every dated event, grouped as prelude, phases (in date order), aftermath and other."""
    rows = {row.node.iri: row for row in event_rows(store)}
    membership = _membership(store, offensive)
    phases = sorted(
        (rows[p] for p in {g for how, g in membership.values() if how == "phase"} if p in rows),
        key=lambda row: (row.start or "", row.node.label),
    )
    grouped: dict[str, list[EventRow]] = {}
    for iri, row in rows.items():
        how, group = membership.get(iri) or (_by_date(row, rows.get(offensive)), "")
        if iri == offensive or iri in {p.node.iri for p in phases}:
            continue
        grouped.setdefault(group if how == "phase" else how, []).append(row)
    groups = [
        TimelineGroup("The offensive", rows[offensive].node, [rows[offensive]], rows[offensive])
        if offensive in rows
        else None,
        TimelineGroup("Prelude and background", None, grouped.get("prelude", [])),
        *(TimelineGroup(p.node.label, p.node, grouped.get(p.node.iri, []), p) for p in phases),
        TimelineGroup("Aftermath", None, grouped.get("aftermath", [])),
        TimelineGroup("Other events", None, grouped.get("other", [])),
    ]
    kept = [g for g in groups if g is not None and (g.rows or g.span)]
    return OffensiveTimeline(kept, draw(kept))


def _by_date(row: EventRow, offensive: EventRow | None) -> str:
    """Where an event in no group goes: before the offensive, after it, or "other"."""
    if offensive is None:
        return "other"
    if row.end and offensive.start and row.end < offensive.start:
        return "prelude"
    if row.start and offensive.end and row.start > offensive.end:
        return "aftermath"
    return "other"


def _membership(store: Store, offensive: str) -> dict[str, tuple[str, str]]:
    """Event IRI -> ("phase", phase IRI) | ("prelude", …) | ("aftermath", …)."""
    this = ref(offensive)
    sparql = f"""
        SELECT ?event ?how ?group WHERE {{
          {{ ?event <{QO.partOf}>+ ?group . ?group a <{QO.Phase}> ; <{QO.partOf}> {this} .
             BIND("phase" AS ?how) }}
          UNION {{ ?event <{QO.partOf}>* ?top . ?top <{QO.preludeTo}> ?x .
             BIND("prelude" AS ?how) BIND(?x AS ?group) }}
          UNION {{ ?event <{QO.partOf}>* ?top . ?top <{QO.aftermathOf}> ?x .
             BIND("aftermath" AS ?how) BIND(?x AS ?group) }}
        }}"""
    found: dict[str, tuple[str, str]] = {}
    for row in select(store, sparql):
        event, group, how = iri_of(row["event"]), iri_of(row["group"]), text_of(row["how"])
        if event and group and how and (event not in found or how == "phase"):
            found[event] = (how, group)
    return found
