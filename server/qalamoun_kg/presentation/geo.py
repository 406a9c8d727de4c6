"""Offline maps: WKT points projected (equirectangular) onto a drawing of the Lebanon–Syria area.

The coastline and borders below are a hand-drawn sketch for orientation (a few dozen vertices),
not survey data; the project's own coordinates are the only exact positions on the map.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Iterable, Sequence

_POINT = re.compile(
    r"^\s*(?:<[^>]*>\s*)?POINT\s*\(\s*([-+]?\d+(?:\.\d+)?)\s+([-+]?\d+(?:\.\d+)?)\s*\)\s*$",
    re.IGNORECASE,
)

# Frame of the drawing: west, south, east, north (degrees).
BOUNDS = (34.75, 33.0, 37.25, 34.9)
WIDTH = 720

# (lon, lat) vertices, sketched from general knowledge of the region; see the module docstring.
COAST = (
    (35.10, 33.09), (35.20, 33.27), (35.37, 33.56), (35.47, 33.90), (35.62, 33.98),
    (35.64, 34.12), (35.66, 34.25), (35.72, 34.33), (35.81, 34.45), (35.97, 34.63),
    (35.87, 34.90),
)  # fmt: skip
LEBANON = (
    *COAST[:10],
    (36.10, 34.64), (36.29, 34.69), (36.45, 34.62), (36.60, 34.48), (36.62, 34.22),
    (36.53, 34.05), (36.40, 33.90), (36.27, 33.80), (36.03, 33.69), (35.86, 33.42),
    (35.74, 33.30), (35.60, 33.27), (35.50, 33.10), (35.35, 33.07),
)  # fmt: skip


@dataclasses.dataclass(frozen=True)
class Point:
    """A WGS 84 position."""

    lon: float
    lat: float


@dataclasses.dataclass(frozen=True)
class MapMark:
    """A labelled point of the drawing, in SVG units."""

    x: float
    y: float
    label: str
    iri: str
    highlight: bool = False
    label_x: float = 0.0
    label_y: float = 0.0
    anchor: str = "start"
    approximate: bool = False


@dataclasses.dataclass(frozen=True)
class GridLine:
    """A graticule line with its degree label."""

    x1: float
    y1: float
    x2: float
    y2: float
    label: str


@dataclasses.dataclass(frozen=True)
class MapDrawing:
    """Everything the SVG template draws."""

    width: int
    height: int
    sea: str
    lebanon: str
    grid: list[GridLine]
    marks: list[MapMark]
    country_labels: list[MapMark]


def parse_point(wkt: str) -> Point | None:
    """The point of a WKT `POINT(lon lat)` literal (an optional CRS IRI first), else None."""
    match = _POINT.match(wkt)
    if match is None:
        return None
    lon, lat = float(match.group(1)), float(match.group(2))
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        return None
    return Point(lon, lat)


def _scale() -> tuple[float, float]:
    """SVG units per degree of longitude and of latitude (equirectangular at the mid latitude)."""
    west, south, east, north = BOUNDS
    per_lon = WIDTH / (east - west)
    per_lat = per_lon / math.cos(math.radians((south + north) / 2))
    return per_lon, per_lat


def height() -> int:
    """Height of the drawing in SVG units."""
    _, per_lat = _scale()
    return round((BOUNDS[3] - BOUNDS[1]) * per_lat)


def project(point: Point) -> tuple[float, float]:
    """SVG (x, y) of a position."""
    per_lon, per_lat = _scale()
    x = (point.lon - BOUNDS[0]) * per_lon
    y = (BOUNDS[3] - point.lat) * per_lat
    return round(x, 1), round(y, 1)


def inside(point: Point) -> bool:
    """Whether a position falls within the frame."""
    west, south, east, north = BOUNDS
    return west <= point.lon <= east and south <= point.lat <= north


def _path(vertices: Sequence[tuple[float, float]], closed: bool) -> str:
    """SVG path data through the projected vertices."""
    steps = [project(Point(lon, lat)) for lon, lat in vertices]
    text = " ".join(f"{'M' if i == 0 else 'L'}{x},{y}" for i, (x, y) in enumerate(steps))
    return text + (" Z" if closed else "")


def _sea() -> str:
    """The Mediterranean: the coast closed along the frame's western edge."""
    west, south, _, north = BOUNDS
    return _path(((west, north), *COAST[::-1], (COAST[0][0], south), (west, south)), True)


def _grid() -> list[GridLine]:
    """Half-degree graticule lines."""
    west, south, east, north = BOUNDS
    lines: list[GridLine] = []
    for lon in _steps(west, east):
        (x, top), (_, bottom) = project(Point(lon, north)), project(Point(lon, south))
        lines.append(GridLine(x, top, x, bottom, f"{lon:g}°E"))
    for lat in _steps(south, north):
        (left, y), (right, _) = project(Point(west, lat)), project(Point(east, lat))
        lines.append(GridLine(left, y, right, y, f"{lat:g}°N"))
    return lines


def _steps(low: float, high: float) -> Iterable[float]:
    """Every half degree strictly inside (low, high)."""
    value = math.floor(low * 2) / 2 + 0.5
    while value < high:
        yield value
        value += 0.5


def drawing(marks: Iterable[MapMark]) -> MapDrawing:
    """The base map with the given marks (highlighted ones drawn last, on top)."""
    chosen = sorted(marks, key=lambda mark: (mark.highlight, mark.label))
    ordered = [m for m in chosen if m.approximate]
    ordered += place_labels([m for m in chosen if not m.approximate])
    syria_x, syria_y = project(Point(37.0, 34.6))
    lebanon_x, lebanon_y = project(Point(35.78, 33.68))
    sea_x, sea_y = project(Point(35.2, 34.25))
    return MapDrawing(
        width=WIDTH,
        height=height(),
        sea=_sea(),
        lebanon=_path(LEBANON, True),
        grid=_grid(),
        marks=ordered,
        country_labels=[
            MapMark(syria_x, syria_y, "SYRIA", ""),
            MapMark(lebanon_x, lebanon_y, "LEBANON", ""),
            MapMark(sea_x, sea_y, "Mediterranean Sea", ""),
        ],
    )


def mark(point: Point, label: str, iri: str, *, highlight: bool = False) -> MapMark | None:
    """A mark for a position inside the frame, else None."""
    if not inside(point):
        return None
    x, y = project(point)
    return MapMark(x, y, label, iri, highlight)


# Candidate label positions around a point: (dx, dy, text-anchor), tried in order.
_OFFSETS = ((8, 4, "start"), (-8, 4, "end"), (0, -9, "middle"), (0, 17, "middle"))
_CHAR_WIDTH = 6.6
_LINE_HEIGHT = 13


def place_labels(marks: Sequence[MapMark]) -> list[MapMark]:
    """Put each label beside its point where it overlaps no label placed before it."""
    # Points are obstacles too, so that no label covers another place's dot.
    taken = [(m.x - 6, m.y - 6, m.x + 6, m.y + 6) for m in marks]
    placed: list[MapMark] = []
    for item in sorted(marks, key=lambda m: (not m.highlight, m.x)):
        boxes = [(_box(item, offset), offset) for offset in _OFFSETS]
        box, (dx, dy, anchor) = next(
            ((b, o) for b, o in boxes if not any(_overlap(b, t) for t in taken) and _fits(b)),
            boxes[0],
        )
        taken.append(box)
        placed.append(
            dataclasses.replace(item, label_x=item.x + dx, label_y=item.y + dy, anchor=anchor)
        )
    return sorted(placed, key=lambda m: (m.highlight, m.label))


def _box(item: MapMark, offset: tuple[int, int, str]) -> tuple[float, float, float, float]:
    """The label's bounding box (left, top, right, bottom) at one offset."""
    dx, dy, anchor = offset
    width = len(item.label) * _CHAR_WIDTH
    left = item.x + dx - {"start": 0.0, "end": width, "middle": width / 2}[anchor]
    bottom = item.y + dy + 3
    return (left, bottom - _LINE_HEIGHT, left + width, bottom)


def _fits(box: tuple[float, float, float, float]) -> bool:
    """Whether a label box lies within the drawing."""
    return box[0] >= 0 and box[1] >= 0 and box[2] <= WIDTH and box[3] <= height()


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    """Whether two boxes intersect."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@dataclasses.dataclass(frozen=True)
class Tile:
    """A web-map tile placed on the drawing (the optional online layer)."""

    x: float
    y: float
    width: float
    height: float
    url: str


TILE_ZOOM = 9


def tiles(template: str, zoom: int = TILE_ZOOM) -> list[Tile]:
    """The slippy-map tiles covering the frame, each placed by its corners' positions.

    Tiles are Web Mercator; placing each one by its own corners keeps the error within a tile
    to a pixel or so at this scale. `template` has `{z}`, `{x}` and `{y}`.
    """
    west, south, east, north = BOUNDS
    first_x, last_x = _tile_x(west, zoom), _tile_x(east, zoom)
    first_y, last_y = _tile_y(north, zoom), _tile_y(south, zoom)
    placed: list[Tile] = []
    for tx in range(first_x, last_x + 1):
        for ty in range(first_y, last_y + 1):
            left, top = project(_tile_corner(tx, ty, zoom))
            right, bottom = project(_tile_corner(tx + 1, ty + 1, zoom))
            url = template.format(z=zoom, x=tx, y=ty)
            placed.append(Tile(left, top, round(right - left, 1), round(bottom - top, 1), url))
    return placed


def _tile_x(lon: float, zoom: int) -> int:
    """Column of the tile holding a longitude."""
    return int((lon + 180) / 360 * 2**zoom)


def _tile_y(lat: float, zoom: int) -> int:
    """Row of the tile holding a latitude."""
    radians = math.radians(lat)
    return int((1 - math.asinh(math.tan(radians)) / math.pi) / 2 * 2**zoom)


def _tile_corner(tx: int, ty: int, zoom: int) -> Point:
    """The north-west corner of a tile."""
    count = 2**zoom
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * ty / count))))
    return Point(tx / count * 360 - 180, lat)
