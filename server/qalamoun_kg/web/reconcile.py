"""`/reconcile`: the W3C Reconciliation Service API (0.2) over HTTP, as OpenRefine calls it.

Only translates requests into calls of `qalamoun_kg.linking` and its answers into responses:
`GET|POST /reconcile` (manifest, `queries=`, `query=`, `extend=`), `/reconcile/suggest/entity`,
`/suggest/type`, `/suggest/property`, `/flyout/entity`, `/preview`, `/propose_properties`.
Bad input is a 400 with a JSON `{"error": …}` (in a batch, only a batch that is no JSON object of
queries: a bad query gets its own error); JSONP via `callback=` for old clients.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html import escape
from typing import Any

from flask import Blueprint, Response, request

from qalamoun_kg.errors import InputError, QueryError
from qalamoun_kg.linking import extend as extension
from qalamoun_kg.linking import reconcile as service
from qalamoun_kg.linking import suggest
from qalamoun_kg.linking.ids import entity_id
from qalamoun_kg.store.base import Store

_CALLBACK = re.compile(r"[A-Za-z_$][0-9A-Za-z_$.]{0,63}")
MAX_NUMBER = 10_000


def create_blueprint(store: Store) -> Blueprint:
    """The reconciliation blueprint, answering from the given store."""
    blueprint = Blueprint("reconcile", __name__, url_prefix="/reconcile")

    @blueprint.route("", methods=["GET", "POST"], strict_slashes=False)
    def endpoint() -> Response:
        """Manifest, or a batch, single query or data extension, by parameter."""
        return _answer(lambda: _endpoint(store))

    @blueprint.route("/suggest/entity")
    def suggest_entity() -> Response:
        """Entities by name prefix."""
        return _answer(
            lambda: suggest.suggest_entities(
                store, _prefix(), types=_types(), cursor=_cursor(), limit=_number("limit")
            )
        )

    @blueprint.route("/suggest/type")
    def suggest_type() -> Response:
        """Types by name prefix."""
        return _answer(
            lambda: suggest.suggest_types(
                store, _prefix(), cursor=_cursor(), limit=_number("limit")
            )
        )

    @blueprint.route("/suggest/property")
    def suggest_property() -> Response:
        """Properties by name prefix."""
        return _answer(
            lambda: suggest.suggest_properties(
                _prefix(), types=_types(), cursor=_cursor(), limit=_number("limit")
            )
        )

    @blueprint.route("/flyout/entity")
    def flyout() -> Response:
        """The flyout HTML of an entity."""
        return _answer(lambda: _flyout(store))

    @blueprint.route("/preview")
    def preview() -> Response:
        """The HTML preview of an entity."""
        return _preview(store)

    @blueprint.route("/propose_properties", methods=["GET", "POST"])
    def propose() -> Response:
        """Properties worth fetching for a type."""
        return _answer(
            lambda: extension.propose_properties(
                store, request.values.get("type", ""), _number("limit")
            )
        )

    blueprint.after_request(_allow_any_origin)
    return blueprint


def _endpoint(store: Store) -> dict[str, Any]:
    """Dispatch `/reconcile` on its parameters."""
    values = request.values
    if "queries" in values:
        return service.reconcile(store, service.parse_batch(values["queries"]))
    if "extend" in values:
        ids, properties = extension.parse_extend(values["extend"])
        return extension.extend(store, ids, properties)
    if "query" in values:
        index = service.index_for(store)
        return service.answer(
            store, service.matcher_for(index), service.parse_single(values["query"])
        )
    found = service.manifest(_base_url())
    found["defaultTypes"] = service.default_types(store)
    return found


def _flyout(store: Store) -> dict[str, Any]:
    """`{id, html}` for a known entity; an unknown one is an `InputError`."""
    entity = _required("id")
    found = suggest.flyout(store, entity, _view_url(entity))
    if found is None:
        raise InputError(f"no entity with id {entity!r}")
    return dict(found)


def _preview(store: Store) -> Response:
    """An HTML page; a missing or unknown id is a short escaped HTML error page."""
    entity = request.args.get("id", "")
    page = suggest.preview_html(store, entity, _view_url(entity)) if entity.strip() else None
    if page is not None:
        return Response(page, mimetype="text/html")
    body = f"<!DOCTYPE html><p>No entity with id <code>{escape(entity)}</code>.</p>\n"
    return Response(body, status=404 if entity.strip() else 400, mimetype="text/html")


def _answer(produce: Callable[[], object]) -> Response:
    """Run a handler: JSON (or JSONP) on success, a 400 JSON error on bad input."""
    callback = request.values.get("callback")
    if callback is not None and not _CALLBACK.fullmatch(callback):
        return _json({"error": "callback must be a JavaScript identifier"}, 400)
    try:
        payload = produce()
    except (InputError, QueryError) as error:
        return _json({"error": str(error)}, 400, callback)
    return _json(payload, 200, callback)


def _json(payload: object, status: int, callback: str | None = None) -> Response:
    """A JSON response, wrapped as JSONP when a callback is named.

    Lone surrogates (from `\\ud800` escapes in a request) cannot be UTF-8: they stay escaped.
    """
    text = json.dumps(payload, ensure_ascii=False)
    if not text.isascii() and not _encodable(text):
        text = json.dumps(payload)
    if callback:
        return Response(f"/**/{callback}({text});", status, mimetype="application/javascript")
    return Response(text, status, mimetype="application/json")


def _encodable(text: str) -> bool:
    """Whether the text can be written as UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _allow_any_origin(response: Response) -> Response:
    """Browser-based reconciliation clients may call from any page: the data is public."""
    response.headers.setdefault("Access-Control-Allow-Origin", "*")
    return response


def _base_url() -> str:
    """The server root as the client reached it."""
    return request.url_root.rstrip("/")


def _view_url(entity: str) -> str:
    """The resource page of an entity."""
    return f"{_base_url()}/id/{entity_id(entity)}"


def _prefix() -> str:
    """The `prefix` parameter (required)."""
    return _required("prefix")


def _required(name: str) -> str:
    """A parameter that must be given."""
    value = request.values.get(name)
    if value is None or not value.strip():
        raise InputError(f"missing parameter {name!r}")
    return value


def _types() -> tuple[str, ...]:
    """The optional `type` parameter(s)."""
    return tuple(t for t in request.values.getlist("type") if t.strip())


def _cursor() -> int:
    """The `cursor` (offset) parameter."""
    return _number("cursor")


def _number(name: str) -> int:
    """A whole-number parameter, 0 when absent."""
    raw = request.values.get(name, "").strip()
    if not raw:
        return 0
    if not raw.isdigit() or int(raw) > MAX_NUMBER:
        raise InputError(f"{name} must be a whole number from 0 to {MAX_NUMBER}")
    return int(raw)
