"""Places: where each one lies on the map, and what a place's page shows."""

from __future__ import annotations

import dataclasses
import math

from qalamoun_kg.namespaces import GEO, QO, RDFS
from qalamoun_kg.presentation.events import EventRow, event_rows
from qalamoun_kg.presentation.facts import iri_of, labels, ref, select, text_of
from qalamoun_kg.presentation.geo import MapDrawing, MapMark, Point, drawing, mark, parse_point
from qalamoun_kg.presentation.model import Node, node, nodes
from qalamoun_kg.store import Store

PLACE = str(QO.Place)


@dataclasses.dataclass(frozen=True)
class Located:
    """A place and the position it is drawn at: its own, or that of a place it lies in."""

    node: Node
    point: Point
    source: str | None
    via: Node | None  # the place whose point stands in (enclosing, or an approximate point's basis)


@dataclasses.dataclass(frozen=True)
class PlaceDetails:
    """What a place's page shows beyond its plain properties."""

    location: Located | None
    map: MapDrawing | None
    events: list[EventRow]
    contains: list[Node]


def located_places(store: Store) -> list[Located]:
    """Every place with a position, its own geometry preferred to an enclosing place's.

    An approximate point (`qo:positionBasis`) is shown at its basis, like an enclosing place's."""
    sparql = f"""
        SELECT ?place ?via ?wkt ?source ?own WHERE {{
          ?place a/<{RDFS.subClassOf}>* <{PLACE}> .
          {{ ?place <{GEO.hasGeometry}> ?g .
             OPTIONAL {{ ?g <{QO.positionBasis}> ?basis }}
             BIND(COALESCE(?basis, ?place) AS ?via) BIND("own" AS ?own) }}
          UNION {{ ?place <{QO.locatedIn}>+ ?via . ?via <{GEO.hasGeometry}> ?g }}
          ?g <{GEO.asWKT}> ?wkt .
          OPTIONAL {{ ?g <{QO.coordinateSource}> ?source }}
        }}"""
    rows = select(store, sparql)
    named = labels(store, {i for row in rows for k in ("place", "via") if (i := iri_of(row[k]))})
    depth = _depths(store)
    found: dict[str, tuple[int, Located]] = {}
    for row in rows:
        place, via, wkt = iri_of(row["place"]), iri_of(row["via"]), text_of(row["wkt"])
        point = parse_point(wkt) if wkt else None
        if place is None or via is None or point is None:
            continue
        # Own point first, then an approximate one, then the innermost enclosing place.
        own = text_of(row["own"]) == "own"
        rank = 1_000_000 if via == place else 999_999 if own else depth.get(via, 0)
        if place not in found or rank > found[place][0]:
            stand_in = None if via == place else node(via, named)
            found[place] = (
                rank,
                Located(node(place, named), point, text_of(row["source"]), stand_in),
            )
    return sorted((item for _, item in found.values()), key=lambda item: item.node.label.casefold())


def _depths(store: Store) -> dict[str, int]:
    """Place IRI -> how many places it lies in (directly or not)."""
    sparql = (
        f"SELECT ?p (COUNT(DISTINCT ?up) AS ?n) WHERE {{ ?p <{QO.locatedIn}>+ ?up }} GROUP BY ?p"
    )
    rows = select(store, sparql)
    return {p: int(n) for row in rows if (p := iri_of(row["p"])) and (n := text_of(row["n"]))}


@dataclasses.dataclass(frozen=True)
class PlaceMap:
    """The map page: the drawing, every located place, and the places that are not drawn."""

    drawing: MapDrawing
    places: list[Located]
    outside: list[Node]  # located, but beyond the drawing's frame
    unlocated: list[Node]  # no coordinates, not even through an enclosing place


# Places drawn at an enclosing place's point sit on a small ring around it, so each one shows.
APPROXIMATE_RING = 11.0


def place_map(store: Store) -> PlaceMap:
    """Every place of the store on the map (approximate ones marked) and those not drawn."""
    places = located_places(store)
    own = [m for item in places if item.via is None if (m := _mark(item, False)) is not None]
    approximate = _approximate_marks(places)
    drawn = {m.iri for m in own + approximate}
    outside = [item.node for item in places if item.node.iri not in drawn]
    every = [i for row in select(store, _PLACES) if (i := iri_of(row["p"]))]
    located = {item.node.iri for item in places}
    missing = [iri for iri in every if iri not in located]
    return PlaceMap(
        drawing(own + approximate), places, outside, nodes(missing, labels(store, missing))
    )


_PLACES = f"SELECT DISTINCT ?p WHERE {{ ?p a/<{RDFS.subClassOf}>* <{PLACE}> FILTER(isIRI(?p)) }}"


def _approximate_marks(places: list[Located]) -> list[MapMark]:
    """Marks for the places shown at an enclosing place's point, spread on a ring around it."""
    around: dict[str, list[Located]] = {}
    for item in places:
        if item.via is not None:
            around.setdefault(item.via.iri, []).append(item)
    marks: list[MapMark] = []
    for group in around.values():
        for index, item in enumerate(group):
            made = _mark(item, False)
            if made is None:
                continue
            angle = 2 * math.pi * index / len(group) - math.pi / 2
            x = round(made.x + APPROXIMATE_RING * math.cos(angle), 1)
            y = round(made.y + APPROXIMATE_RING * math.sin(angle), 1)
            marks.append(dataclasses.replace(made, x=x, y=y, approximate=True))
    return marks


def map_of(places: list[Located], highlight: str | None = None) -> MapDrawing:
    """The base map with a mark per place that has its own point, plus the highlighted one."""
    marks = [
        made
        for item in places
        if item.via is None or item.node.iri == highlight
        if (made := _mark(item, item.node.iri == highlight)) is not None
    ]
    return drawing(marks)


def _mark(item: Located, highlight: bool) -> MapMark | None:
    """The map mark of one located place."""
    return mark(item.point, item.node.label, item.node.iri, highlight=highlight)


def place_details(store: Store, iri: str) -> PlaceDetails:
    """Position, map, events and contained places of one place."""
    places = located_places(store)
    location = next((item for item in places if item.node.iri == iri), None)
    this = ref(iri)
    events = event_rows(
        store,
        f"{{ SELECT DISTINCT ?event WHERE {{ ?event ?p ?at . "
        f"?p <{RDFS.subPropertyOf}>* <{QO.place}> . ?at <{QO.locatedIn}>* {this} }} }}",
    )
    inside_rows = select(store, f"SELECT ?p WHERE {{ ?p <{QO.locatedIn}> {this} }}")
    inside = [i for row in inside_rows if (i := iri_of(row["p"]))]
    return PlaceDetails(
        location=location,
        map=map_of(places, iri) if location else None,
        events=events,
        contains=nodes(inside, labels(store, inside)),
    )
