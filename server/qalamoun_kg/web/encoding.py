"""Malformed UTF-8 is a 400 wherever it comes: percent-encoded in a query string or a form body
(Werkzeug would keep `%FF` as the text "%FF"), or raw in a body (see `protocol`)."""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from flask import Flask, request

from qalamoun_kg.web.errors import HttpError

FORM = "application/x-www-form-urlencoded"


def percent_utf8(raw: bytes) -> bool:
    """Whether percent-encoded bytes decode as UTF-8."""
    try:
        unquote_to_bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def register(app: Flask) -> None:
    """Check every form body before a view reads it."""

    @app.before_request
    def _form_is_utf8() -> None:
        form = request.method == "POST" and request.mimetype == FORM
        if form and not percent_utf8(request.get_data(cache=True)):
            raise HttpError(400, "the form is not valid UTF-8 once percent-decoded")
