"""Responses of the pages: HTML with a strict content policy, the same data as JSON, errors."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from flask import Blueprint, Response, render_template, request

from qalamoun_kg.presentation.model import Lit, Node, plain
from qalamoun_kg.web.pages import formatting, links
from qalamoun_kg.web.pages.negotiation import CONTENT_TYPES, CSV, HTML, JSON, FormatError, choose
from qalamoun_kg.web.pages.tabular import csv_response

# Everything comes from this server: no CDN, no inline script. YASGUI sets inline styles.
CONTENT_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'self'",
        "form-action 'self'",
    )
)


def html(template: str, status: int = 200, **context: Any) -> Response:
    """A rendered template (autoescaped) with the content policy; `img_sources` widens it."""
    response = Response(render_template(template, **context), status, mimetype="text/html")
    extra = " ".join(context.get("img_sources", []))
    policy = CONTENT_POLICY.replace("img-src 'self' data:", f"img-src 'self' data: {extra}".strip())
    response.headers["Content-Security-Policy"] = policy
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def as_json(data: Any, status: int = 200) -> Response:
    """Page data as pretty JSON."""
    text = json.dumps(plain(data), ensure_ascii=False, indent=2)
    return Response(text + "\n", status, content_type=CONTENT_TYPES[JSON])


def text(message: str, status: int) -> Response:
    """A plain-text answer, e.g. an error for a client that asked for RDF."""
    return Response(message + "\n", status, content_type="text/plain; charset=utf-8")


def page(
    template: str,
    build: Callable[[], Any],
    *,
    rows: Callable[[Any], Iterable[Any]] | None = None,
    **context: Any,
) -> Response:
    """A page in HTML or, by `?format=json` or Accept, its data as JSON; with `rows` (the
    page data's table) also as CSV by `?format=csv` or Accept; Vary: Accept."""
    offered = (HTML, JSON, CSV) if rows is not None else (HTML, JSON)
    try:
        chosen = choose(request, offered)
    except FormatError as error:
        return vary(text(str(error), 400))
    if chosen is None:
        return vary(text(f"not acceptable: this page is {', '.join(offered)}", 406))
    data = build()
    if chosen == JSON:
        return vary(as_json(data))
    if chosen == CSV and rows is not None:
        return vary(csv_response(rows(data)))
    return vary(html(template, data=data, **context))


def vary(response: Response) -> Response:
    """Mark a negotiated response as depending on the Accept header."""
    response.vary.add("Accept")
    return response


def install_helpers(blueprint: Blueprint) -> None:
    """Make the templates' filters and tests available to every page of the app."""
    blueprint.add_app_template_filter(links.href, "href")
    blueprint.add_app_template_filter(links.wikidata_id, "wikidata_id")
    blueprint.add_app_template_filter(formatting.long_date, "long_date")
    blueprint.add_app_template_global(formatting.date_range, "date_range")
    blueprint.add_app_template_test(links.is_internal, "internal")
    blueprint.add_app_template_test(lambda value: isinstance(value, Node), "node")
    blueprint.add_app_template_test(lambda value: isinstance(value, Lit), "literal")
