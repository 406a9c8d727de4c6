"""Overview pages: the timeline, the conflicting figures, the map, the citations, search."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, request

from qalamoun_kg.linking.reconcile import default_types
from qalamoun_kg.presentation.citations import citation_rows
from qalamoun_kg.presentation.claims import ClaimView
from qalamoun_kg.presentation.comparison import Comparison, compare_figures
from qalamoun_kg.presentation.geo import tiles
from qalamoun_kg.presentation.model import Node
from qalamoun_kg.presentation.overview import OffensiveTimeline, offensive_timeline
from qalamoun_kg.presentation.places import Located, PlaceMap, place_map
from qalamoun_kg.presentation.search import search
from qalamoun_kg.store import Store
from qalamoun_kg.web.pages.respond import install_helpers, page

# Built by `make ui`: without it the map page shows the SVG sketch only.
LEAFLET = Path(__file__).resolve().parent / "static" / "vendor" / "leaflet" / "leaflet.js"
# A `{z}/{x}/{y}` tile URL template (app config or environment); unset, the map stays offline.
TILES_KEY = "QKG_MAP_TILES"


def create_blueprint(store: Store) -> Blueprint:
    """The overview pages, answering from the given store."""
    blueprint = Blueprint("views", __name__, template_folder="templates")
    install_helpers(blueprint)

    @blueprint.route("/timeline")
    def timeline() -> Response:
        """Phases and events of the offensive, with prelude and aftermath, to scale."""
        return page("timeline.html", lambda: offensive_timeline(store), rows=timeline_rows)

    @blueprint.route("/claims")
    def claims() -> Response:
        """Figures for the same event and category side by side; conflicts highlighted."""
        everything = request.args.get("all", "") in ("1", "true", "yes")
        return page(
            "claims.html",
            lambda: compare_figures(store, everything=everything),
            rows=claim_rows,
            everything=everything,
        )

    @blueprint.route("/map")
    def map_page() -> Response:
        """Every place with coordinates on an offline map; online tiles only when configured
        (QKG_MAP_TILES, a `{z}/{x}/{y}` URL template) and asked for with `?tiles=1`."""
        template = current_app.config.get(TILES_KEY) or os.environ.get(TILES_KEY)
        wanted = bool(template) and request.args.get("tiles") in ("1", "true", "yes")
        layer = tiles(template) if wanted and template else []
        origin = _origin(template) if wanted and template else None
        return page(
            "map.html",
            lambda: _map(store),
            rows=map_rows,
            tiles=layer,
            tile_template=template if wanted else None,
            tiles_available=bool(template),
            leaflet=LEAFLET.is_file(),
            img_sources=[origin] if origin else [],
        )

    @blueprint.route("/citations")
    def citations() -> Response:
        """The footnotes and what each supports."""
        return page("citations.html", lambda: citation_rows(store), rows=list)

    @blueprint.route("/search")
    def search_page() -> Response:
        """Resources for the name `q` (any spelling), optionally of one `type` (`qo:Place`)."""
        query, kind = request.args.get("q", ""), request.args.get("type", "").strip()
        kinds = [(t["id"], t["name"]) for t in default_types(store)]
        types = (kind,) if kind else ()
        return page(
            "search.html",
            lambda: search(store, query, types=types),
            rows=list,
            q=query,
            kind=kind,
            kinds=kinds,
        )

    return blueprint


def _map(store: Store) -> PlaceMap:
    """The map drawing, the located places and those the map cannot show."""
    return place_map(store)


def _origin(template: str) -> str | None:
    """scheme://host of the tile server, for the page's image policy."""
    parts = urlsplit(template)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") else None


@dataclasses.dataclass(frozen=True)
class TimelineRow:
    """An event of the timeline with the group it is drawn in."""

    group: str
    node: Node
    start: str | None
    end: str | None
    type: Node | None


@dataclasses.dataclass(frozen=True)
class Unlocated:
    """A place without coordinates, as a row of the map's table."""

    node: Node


def timeline_rows(data: OffensiveTimeline) -> list[TimelineRow]:
    """The timeline as a table: every event with its group."""
    return [
        TimelineRow(group.title, row.node, row.start, row.end, row.type)
        for group in data.groups
        for row in group.rows
    ]


def claim_rows(data: Comparison) -> list[ClaimView]:
    """The figures as a table: every claim of the groups shown (all with `?all=1`)."""
    return [claim for group in data.groups for claim in group.claims]


def map_rows(data: PlaceMap) -> list[Located | Unlocated]:
    """The places as a table: located ones with their position, then those without."""
    return [*data.places, *(Unlocated(node) for node in data.unlocated)]
