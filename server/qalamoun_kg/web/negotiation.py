"""Choosing the result format: `format=` (or `output=`) first, else the Accept header."""

from __future__ import annotations

from functools import lru_cache

from flask import Request
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from qalamoun_kg.execution.formats import (
    BY_NAME,
    GRAPH,
    SOLUTIONS,
    ResultFormat,
    family_formats,
    named_for_family,
)
from qalamoun_kg.web.errors import HttpError

FORMAT_PARAMETERS = ("format", "output")


def requested_format(req: Request) -> str | None:
    """The format name a `format=`/`output=` parameter asks for (short name or media type)."""
    for key in FORMAT_PARAMETERS:
        value = req.args.get(key) or (req.form.get(key) if req.method == "POST" else None)
        if value:
            return _format_name(value.strip().lower())
    return None


def choose(req: Request, family: str) -> ResultFormat | None:
    """The format for one result family, or None when the client accepts none of them."""
    asked = requested_format(req)
    if asked is not None:
        return named_for_family(asked, family)
    return _best(req.headers.get("Accept", ""), family)


@lru_cache(maxsize=256)
def _best(header: str, family: str) -> ResultFormat | None:
    """The best format of a family for an Accept header (clients repeat theirs: cached)."""
    formats = family_formats(family)
    accept = accepted(header)
    if not accept:
        return formats[0]
    by_media = {media: fmt for fmt in formats for media in fmt.accepts}
    best = accept.best_match(list(by_media))
    return by_media[best] if best else None


def accepted(header: str) -> MIMEAccept:
    """The Accept header without media type parameters (`text/turtle; charset=utf-8` is Turtle)."""
    parsed = parse_accept_header(header, MIMEAccept)
    return MIMEAccept([(value.split(";", 1)[0].strip(), q) for value, q in parsed])


def choose_both(req: Request) -> tuple[str | None, str | None]:
    """Format names for a SELECT/ASK result and for a CONSTRUCT/DESCRIBE result."""
    solutions, graph = choose(req, SOLUTIONS), choose(req, GRAPH)
    if solutions is None and graph is None:
        raise not_acceptable()
    return (solutions.name if solutions else None), (graph.name if graph else None)


def not_acceptable() -> HttpError:
    """406 listing what the endpoint can send."""
    offered = ", ".join(f.media_type for f in BY_NAME.values())
    return HttpError(406, f"not acceptable: the endpoint answers in {offered}")


def _format_name(value: str) -> str:
    """A known format name for a short name or media type; 400 otherwise."""
    if value in BY_NAME:
        return value
    for fmt in BY_NAME.values():
        if value in fmt.accepts:
            return fmt.name
    names = ", ".join(BY_NAME)
    raise HttpError(400, f"unknown format {value!r}; use one of {names} or a media type")
