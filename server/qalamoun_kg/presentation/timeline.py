"""Timelines drawn as SVG: one row per event, grouped (prelude, phases, aftermath), to scale."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence

from qalamoun_kg.presentation.events import EventRow, row_order
from qalamoun_kg.presentation.model import Node

# Events ending more than this long before the latest one are listed apart, not drawn to scale.
WINDOW = dt.timedelta(days=90)
PAD = dt.timedelta(days=3)
ROW = 20
COMPACT_ROW = 16
HEADER = 26
AXIS = 30
EDGE = 18
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

Scale = Callable[[dt.date], float]


@dataclasses.dataclass(frozen=True)
class TimelineGroup:
    """A titled set of events drawn together, e.g. a phase and its parts."""

    title: str
    node: Node | None
    rows: list[EventRow]
    span: EventRow | None = None  # the phase itself, shaded behind its events


@dataclasses.dataclass(frozen=True)
class Bar:
    """One event drawn as a bar with its label beside it."""

    x: float
    y: float
    width: float
    label: str
    iri: str
    dates: str
    text_x: float
    anchor: str
    kind: str
    shown: str = ""  # the label as drawn: shortened with "…" when neither side has room


@dataclasses.dataclass(frozen=True)
class Band:
    """A group's header and the shaded span of its phase."""

    title: str
    iri: str | None
    y: float
    height: float
    x: float | None
    width: float | None


@dataclasses.dataclass(frozen=True)
class Tick:
    """A dated line of the axis."""

    x: float
    label: str
    major: bool


@dataclasses.dataclass(frozen=True)
class TimelineDrawing:
    """Everything the SVG template draws, and the events too early for the scale."""

    width: int
    height: int
    ticks: list[Tick]
    bands: list[Band]
    bars: list[Bar]
    before: list[EventRow]
    first: str
    last: str


def _date(text: str | None) -> dt.date | None:
    """An ISO date, or None when absent or malformed."""
    try:
        return dt.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _span(row: EventRow) -> tuple[dt.date, dt.date] | None:
    """An event's first and last day (end defaults to start)."""
    start = _date(row.start)
    end = _date(row.end) or start
    return (start, max(start, end)) if start and end else None


def _window(groups: Sequence[TimelineGroup]) -> tuple[dt.date, dt.date] | None:
    """The dates drawn to scale: back from the last day by WINDOW at most, padded."""
    spans = [s for g in groups for r in (*g.rows, *([g.span] if g.span else [])) if (s := _span(r))]
    if not spans:
        return None
    last = max(end for _, end in spans)
    cutoff = last - WINDOW
    first = min(start for start, end in spans if end >= cutoff)
    return max(first, cutoff) - PAD, last + PAD


def draw(
    groups: Sequence[TimelineGroup], *, width: int = 960, compact: bool = False
) -> TimelineDrawing:
    """Lay the groups out one event per row under a dated axis."""
    window = _window(groups)
    first, last = window or (dt.date.today(), dt.date.today())
    days = max((last - first).days + 1, 1)

    def x_of(day: dt.date) -> float:
        return round((max(day, first) - first).days * width / days, 1)

    bands: list[Band] = []
    bars: list[Bar] = []
    before: list[EventRow] = []
    y = float(AXIS)
    for group in groups:
        if group.title and not compact:
            bands.append(_band(group, y, x_of, len(group.rows)))
            y += HEADER
        for row in sorted(group.rows, key=row_order):
            span = _span(row)
            if span is None or span[1] < first:
                before.append(row)
                continue
            bars.append(_bar(row, span, y, x_of, width))
            y += COMPACT_ROW if compact else ROW
    return TimelineDrawing(
        width,
        int(y) + 6,
        _ticks(first, last, x_of),
        bands,
        bars,
        before,
        first.isoformat(),
        last.isoformat(),
    )


def _band(group: TimelineGroup, y: float, x_of: Scale, count: int) -> Band:
    """The header band of a group, shaded over its phase's dates when it has one."""
    span = _span(group.span) if group.span else None
    x = x_of(span[0]) if span else None
    right = x_of(span[1] + dt.timedelta(days=1)) if span else None
    height = HEADER + ROW * count
    iri = group.node.iri if group.node else None
    return Band(
        group.title,
        iri,
        y,
        height,
        x,
        round(right - x, 1) if x is not None and right is not None else None,
    )


# Width of a character of the bar labels (11px sans-serif), a little generous, and the gap.
LABEL_CHAR_WIDTH = 6.3
LABEL_GAP = 5.0


def _bar(row: EventRow, span: tuple[dt.date, dt.date], y: float, x_of: Scale, width: int) -> Bar:
    """One event's bar, at least a few units wide, its label on the side where it fits
    (after the bar if both do), shortened only when neither side has room."""
    start, end = span
    x = x_of(start)
    bar_width = round(max(x_of(end + dt.timedelta(days=1)) - x, 4.0), 1)
    label = row.node.label
    room_right, room_left = width - (x + bar_width + LABEL_GAP), x - LABEL_GAP
    needed = len(label) * LABEL_CHAR_WIDTH
    right_side = needed <= room_right or (needed > room_left and room_right >= room_left)
    shown = _fit(label, room_right if right_side else room_left)
    return Bar(
        x=x,
        y=y + 4,
        width=bar_width,
        label=row.node.label,
        iri=row.node.iri,
        dates=_dates_text(start, end),
        text_x=x + bar_width + LABEL_GAP if right_side else x - LABEL_GAP,
        anchor="start" if right_side else "end",
        kind=row.type.label if row.type else "event",
        shown=shown,
    )


def _fit(label: str, room: float) -> str:
    """The label, or its start and "…" when it is wider than the room."""
    fits = int(room // LABEL_CHAR_WIDTH)
    if len(label) <= fits:
        return label
    return label[: max(fits - 1, 1)].rstrip() + "…"


def _dates_text(start: dt.date, end: dt.date) -> str:
    """ "21 Jun 2014" or "21 Jun – 27 Jun 2014"."""
    if start == end:
        return short_date(start, year=True)
    return f"{short_date(start, year=start.year != end.year)} – {short_date(end, year=True)}"


def short_date(day: dt.date, *, year: bool = False) -> str:
    """ "21 Jun", with the year when asked."""
    text = f"{day.day} {MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def _ticks(first: dt.date, last: dt.date, x_of: Scale) -> list[Tick]:
    """Lines on the 1st (major), 8th, 15th and 22nd of each month in the window."""
    ticks: list[Tick] = []
    day = first
    while day <= last:
        x = x_of(day)
        if day.day in (1, 8, 15, 22):
            # A label centred on a line too near an edge would be cut off: keep the line only.
            edge = x < EDGE or x > x_of(last) - EDGE
            ticks.append(Tick(x, "" if edge else short_date(day), day.day == 1))
        day += dt.timedelta(days=1)
    return ticks
