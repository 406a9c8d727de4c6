"""Template filters: readable dates and date ranges."""

from __future__ import annotations

import datetime as dt

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def long_date(text: str | None) -> str:
    """ "2 August 2014" for an ISO date; other text unchanged."""
    if not text:
        return ""
    try:
        day = dt.date.fromisoformat(text[:10])
    except ValueError:
        return text
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def date_range(start: str | None, end: str | None) -> str:
    """ "2 August 2014", or "2 August 2014 – 7 August 2014" when the days differ."""
    if not end or end == start:
        return long_date(start)
    if not start:
        return f"– {long_date(end)}"
    return f"{long_date(start)} – {long_date(end)}"
