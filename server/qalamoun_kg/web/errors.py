"""Every error as a short text (or JSON) body with the right status; never a traceback."""

from __future__ import annotations

import json
import logging
import re

from flask import Flask, Request, Response, request
from werkzeug.exceptions import HTTPException

from qalamoun_kg.errors import InputError, QueryError
from qalamoun_kg.execution import JobError
from qalamoun_kg.execution.fetch import FetchRefused
from qalamoun_kg.updates.evaluate import UpdateFailed
from qalamoun_kg.updates.limit import WriteTimeout
from qalamoun_kg.updates.writer import Rejected

log = logging.getLogger(__name__)
# Oxigraph lists the tokens it expected, character classes among them; those tell a person
# nothing, so only the quoted tokens and keywords are kept.
RETRY = {"Retry-After": "5"}
_EXPECTED = re.compile(r"(.*?expected one of )(.*)", re.DOTALL)


class HttpError(Exception):
    """An error answer: status, message, extra headers."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def tidy(message: str) -> str:
    """A parser message without character-class noise, on one line."""
    found = _EXPECTED.match(message)
    if found is not None:
        items = [item for item in _top_level_items(found.group(2)) if not item.startswith("[")]
        message = found.group(1) + (", ".join(items) if items else "a name or a value")
    return " ".join(message.split())


def _top_level_items(text: str) -> list[str]:
    """The comma-separated items of a list, commas inside quotes or brackets not counting."""
    items: list[str] = []
    current: list[str] = []
    depth, quote = 0, ""
    for char in text:
        if quote:
            quote = "" if char == quote and (not current or current[-1] != "\\") else quote
        elif char in "\"'":
            quote = char
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == "," and depth == 0:
            items.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    items.append("".join(current).strip())
    return [item for item in items if item]


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """Plain text, or JSON `{"status", "error"}` when the client prefers JSON to text."""
    if _wants_json(request):
        body = json.dumps({"status": status, "error": message}, ensure_ascii=False) + "\n"
        response = Response(body, status, content_type="application/json")
    else:
        response = Response(message + "\n", status, content_type="text/plain; charset=utf-8")
    response.headers.update(headers or {})
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def rejected_response(error: Rejected) -> Response:
    """A refused write; 422 carries the SHACL report as JSON, Turtle or text by Accept."""
    if error.report is None:
        return error_response(error.status, error.message)
    offered = ["application/json", "text/turtle", "text/plain"]
    accept = request.accept_mimetypes
    chosen = accept.best_match(offered) if accept else "application/json"
    if chosen == "text/turtle":
        return Response(error.report.to_turtle(), 422, content_type="text/turtle; charset=utf-8")
    if chosen == "text/plain":
        text = f"{error.message}\n\n{error.report.to_text()}"
        return Response(text, 422, content_type="text/plain; charset=utf-8")
    return Response(error.report.to_json(), 422, content_type="application/json")


def register(app: Flask) -> None:
    """Install the handlers on the app."""
    app.register_error_handler(HttpError, lambda e: error_response(e.status, e.message, e.headers))
    app.register_error_handler(JobError, _job_error)
    app.register_error_handler(QueryError, lambda e: error_response(400, tidy(str(e))))
    app.register_error_handler(InputError, lambda e: error_response(400, str(e)))
    app.register_error_handler(FetchRefused, lambda e: error_response(400, str(e)))
    app.register_error_handler(UpdateFailed, lambda e: error_response(400, str(e)))
    app.register_error_handler(Rejected, rejected_response)
    app.register_error_handler(WriteTimeout, lambda e: error_response(503, str(e), RETRY))
    app.register_error_handler(HTTPException, _http_exception)
    app.register_error_handler(Exception, _internal)


def _job_error(error: JobError) -> Response:
    """A failed job; a 503 (busy, timed out) says when to try again."""
    return error_response(error.status, tidy(error.message), RETRY if error.status == 503 else None)


def _http_exception(error: HTTPException) -> Response:
    """Flask's own errors (404, 405, 413 …) in our format, keeping their headers."""
    status = error.code or 500
    message = f"{status} {error.name}: {error.description}"
    headers = {k: v for k, v in error.get_headers() if k.lower() not in ("content-type",)}
    headers.pop("Content-Length", None)
    return error_response(status, message, headers)


def _internal(error: Exception) -> Response:
    """Anything unexpected: logged here with its traceback, a plain 500 for the client."""
    log.exception("internal error on %s %s", request.method, request.path, exc_info=error)
    return error_response(500, "internal server error (logged on the server)")


def _wants_json(req: Request) -> bool:
    """Whether the client ranks application/json above text/plain."""
    accept = req.accept_mimetypes
    if not accept:
        return False
    return accept.best_match(["text/plain", "application/json"]) == "application/json" and (
        accept["application/json"] > accept["text/plain"]
    )
