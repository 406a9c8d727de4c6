"""The 404 for people: an HTML page with a search box wherever the path is, not only under /id/.

Programs (no `text/html` preferred in Accept) keep the one-line text or JSON error.
"""

from __future__ import annotations

from flask import Blueprint, Response, request
from werkzeug.exceptions import NotFound

from qalamoun_kg.store import Store
from qalamoun_kg.web.errors import error_response
from qalamoun_kg.web.pages.respond import html

PREFERENCE = ["text/html", "text/plain", "application/json"]


def create_blueprint(store: Store) -> Blueprint:
    """Registers the app's 404 handler (the store is not needed)."""
    blueprint = Blueprint("not_found", __name__, template_folder="templates")
    blueprint.app_errorhandler(NotFound)(_not_found)
    return blueprint


def _not_found(error: NotFound) -> Response:
    """HTML for a browser, else the usual error body."""
    if request.accept_mimetypes.best_match(PREFERENCE) == "text/html":
        guess = request.path.rstrip("/").rsplit("/", 1)[-1].replace("-", " ")
        response = html("not_found.html", 404, iri=request.url, guess=guess)
        response.vary.add("Accept")
        return response
    return error_response(404, f"404 Not Found: {error.description}")
