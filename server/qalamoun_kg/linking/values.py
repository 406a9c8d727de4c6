"""Read the values of reconciliation constraints: dates, points and numbers as people write them.

Each reader returns None for a value it cannot read, so the caller can ignore it (with a warning)
instead of counting it against a candidate.
"""

from __future__ import annotations

import math
import re
from datetime import datetime

_ISO_DATE = re.compile(r"([+-]?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T.*)?")
_DATE_FORMATS = (
    ("%d %B %Y", 3),
    ("%d %b %Y", 3),
    ("%B %d, %Y", 3),
    ("%b %d, %Y", 3),
    ("%B %d %Y", 3),
    ("%d/%m/%Y", 3),
    ("%d.%m.%Y", 3),
    ("%B %Y", 2),
    ("%b %Y", 2),
)
_NUMBER = r"[-+]?\d+(?:\.\d+)?"
_WKT_POINT = re.compile(rf"POINT\s*\(\s*({_NUMBER})\s+({_NUMBER})\s*\)", re.IGNORECASE)
_LAT_LON = re.compile(rf"({_NUMBER})\s*[,;\s]\s*({_NUMBER})")


def date_prefix(text: str) -> str | None:
    """`2014`, `2014-08` or `2014-08-02` for an ISO date or a written one ("2 August 2014")."""
    value = text.strip().lstrip("+")
    iso = _ISO_DATE.fullmatch(value)
    if iso:
        return "-".join(part for part in iso.groups() if part)
    for pattern, parts in _DATE_FORMATS:
        try:
            parsed = datetime.strptime(value, pattern)
        except ValueError:
            continue
        return parsed.date().isoformat()[: (4, 7, 10)[parts - 1]]
    return None


def lat_lon(text: str) -> tuple[float, float] | None:
    """(latitude, longitude) from "lat,lon", "lat lon" or a WKT `POINT(lon lat)`."""
    value = text.strip()
    wkt = _WKT_POINT.fullmatch(value)
    if wkt:
        point = float(wkt.group(2)), float(wkt.group(1))
    else:
        pair = _LAT_LON.fullmatch(value)
        if not pair:
            return None
        point = float(pair.group(1)), float(pair.group(2))
    if not all(math.isfinite(v) for v in point) or abs(point[0]) > 90 or abs(point[1]) > 180:
        return None
    return point
