"""Browsing as in Datasette: `/id/` (every kind), `/id/<kind>`, `/classes/`, `/classes/<Name>`.

Every list is paged (`?page=`, `?size=`), sortable (`?sort=label|-label|type|-type|id|-id`) and
available as HTML, JSON and CSV: by extension (`/id/place.csv`), `?format=` or Accept.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, request, url_for

from qalamoun_kg.namespaces import QO
from qalamoun_kg.presentation.listing import (
    COLUMNS,
    Group,
    Listing,
    classes,
    kinds,
    listing,
    members_of_class,
    members_of_kind,
    table,
)
from qalamoun_kg.presentation.model import plain
from qalamoun_kg.store import Store
from qalamoun_kg.web.pages.respond import html, install_helpers, text, vary

HTML, JSON, CSV = "html", "json", "csv"
MEDIA = {"text/html": HTML, "application/json": JSON, "text/csv": CSV}
CONTENT_TYPES = {JSON: "application/json", CSV: "text/csv; charset=utf-8"}


def create_blueprint(store: Store) -> Blueprint:
    """The browsing lists, answering from the given store."""
    blueprint = Blueprint("browse", __name__, template_folder="templates")
    install_helpers(blueprint)

    @blueprint.route("/id/")
    def all_kinds() -> Response:
        """Every kind of resource, with counts, and a link to the classes."""
        return _groups(lambda: kinds(store), "Kinds of resource", "browse.kind", "")

    @blueprint.route("/id/<name>")
    def kind(name: str) -> Response:
        """Every resource of one kind (`/id/place`), one page of them."""
        key, fmt = _split(name)
        members = members_of_kind(store, key)
        if not members:
            return _missing(f"no resources under /id/{key}/", fmt)
        return _list(store, f"Kind: {key}", members, fmt, "browse.kind", name=key)

    @blueprint.route("/classes/")
    def all_classes() -> Response:
        """Every class of the ontology with its instance count."""
        return _groups(lambda: classes(store), "Classes", "browse.of_class", "")

    @blueprint.route("/classes/<name>")
    def of_class(name: str) -> Response:
        """The instances of one class (`/classes/Town`), subclasses included."""
        key, fmt = _split(name)
        known = {group.key: group for group in classes(store)}
        if key not in known:
            return _missing(f"no class {QO}{key} in the ontology", fmt)
        members = members_of_class(store, str(QO) + key)
        title = f"Class: {known[key].label}"
        return _list(store, title, members, fmt, "browse.of_class", name=key, iri=str(QO) + key)

    return blueprint


def _split(name: str) -> tuple[str, str | None]:
    """`place.csv` -> ("place", "csv"); no known extension -> (name, None)."""
    stem, dot, extension = name.rpartition(".")
    if dot and extension in (HTML, JSON, CSV):
        return stem, extension
    return name, None


def _format(extension: str | None) -> str | None:
    """The answer's format: extension, `?format=`, else Accept (HTML on a tie); None: 406."""
    asked = extension or request.args.get("format", "").strip().lower() or None
    if asked is not None:
        return asked if asked in (HTML, JSON, CSV) else ""
    if not request.accept_mimetypes:
        return HTML
    best = request.accept_mimetypes.best_match(list(MEDIA))
    return MEDIA[best] if best else None


def _list(
    store: Store, title: str, members: list[str], ext: str | None, endpoint: str, **args: str
) -> Response:
    """One page of a list in the negotiated format."""
    fmt = _format(ext)
    if not fmt:
        return _bad_format(fmt)
    found = listing(
        store,
        title,
        members,
        page=_number("page", 1),
        size=_number("size", 0),
        sort=request.args.get("sort", ""),
    )
    route = {k: v for k, v in args.items() if k == "name"}
    urls = _urls(found, endpoint, route)
    if fmt == JSON:
        body = {**plain(_summary(found)), "rows": table(found), **urls}
        response = Response(json.dumps(body, ensure_ascii=False, indent=2) + "\n", 200)
        response.content_type = CONTENT_TYPES[JSON]
    elif fmt == CSV:
        response = Response(_csv(table(found), COLUMNS), 200, content_type=CONTENT_TYPES[CSV])
    else:
        response = html("listing.html", data=found, urls=urls, class_iri=args.get("iri"))
    response.headers["Link"] = _alternates(endpoint, route)
    return vary(response)


def _groups(build: Callable[[], list[Group]], title: str, endpoint: str, ext: str) -> Response:
    """An index of kinds or classes with counts, in the negotiated format."""
    fmt = _format(ext or None)
    if not fmt:
        return _bad_format(fmt)
    groups = build()
    records = [
        {"name": g.key, "label": g.label, "count": g.count, "url": url_for(endpoint, name=g.key)}
        for g in groups
    ]
    if fmt == JSON:
        body = json.dumps({"title": title, "rows": records}, ensure_ascii=False, indent=2)
        return vary(Response(body + "\n", 200, content_type=CONTENT_TYPES[JSON]))
    if fmt == CSV:
        columns = ("name", "label", "count", "url")
        return vary(Response(_csv(records, columns), 200, content_type=CONTENT_TYPES[CSV]))
    return vary(html("groups.html", title=title, groups=records))


def _summary(found: Listing) -> dict[str, Any]:
    """The page's facts without its rows."""
    return {
        "title": found.title,
        "total": found.total,
        "page": found.page,
        "pages": found.pages,
        "size": found.size,
        "sort": found.sort,
    }


def _urls(found: Listing, endpoint: str, route: dict[str, Any]) -> dict[str, str | None]:
    """Links to the previous and next pages and to the CSV and JSON of this page."""
    keep: dict[str, Any] = {k: request.args[k] for k in ("size", "sort") if request.args.get(k)}

    def page_url(number: int) -> str:
        return url_for(endpoint, **route, **keep, page=number)

    name = route.get("name", "")
    return {
        "next_url": page_url(found.page + 1) if found.page < found.pages else None,
        "prev_url": page_url(found.page - 1) if found.page > 1 else None,
        "csv_url": url_for(endpoint, name=f"{name}.csv", **keep, page=found.page),
        "json_url": url_for(endpoint, name=f"{name}.json", **keep, page=found.page),
    }


def _alternates(endpoint: str, route: dict[str, str]) -> str:
    """`Link` header entries for the JSON and CSV of the list."""
    name = route.get("name", "")
    return ", ".join(
        f'<{url_for(endpoint, name=f"{name}.{ext}")}>; rel="alternate"; type="{media}"'
        for ext, media in ((JSON, "application/json"), (CSV, "text/csv"))
    )


def _csv(records: list[dict[str, Any]], columns: tuple[str, ...]) -> str:
    """Records as CSV with a header row."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue()


def _number(name: str, default: int) -> int:
    """A whole-number parameter; anything else is the default."""
    raw = request.args.get(name, "").strip()
    return int(raw) if raw.isdigit() and len(raw) < 7 else default


def _missing(message: str, ext: str | None) -> Response:
    """A 404: the not-found page for people, a line of text (or JSON) for programs."""
    fmt = _format(ext)
    if fmt == HTML:
        return vary(html("not_found.html", 404, iri=message, guess=""))
    return vary(text(message, 404))


def _bad_format(fmt: str | None) -> Response:
    """400 for an unknown `?format=`, 406 when Accept allows no format of the list."""
    if fmt is None:
        return vary(
            text("not acceptable: this list is text/html, application/json or text/csv", 406)
        )
    return vary(text("unknown format; use html, json or csv", 400))
