"""One log line per request: paste's TransLogger when installed, else an equivalent here.

Lines carry the client address, method, path with query string, status, size and user agent;
never a request header such as Authorization.
"""

from __future__ import annotations

import importlib
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
LOGGER = "qalamoun_kg.access"


def with_access_log(app: WSGIApp) -> WSGIApp:
    """Wrap a WSGI app so that each request is logged once it has been answered."""
    try:
        translogger = importlib.import_module("paste.translogger").TransLogger
    except ImportError:
        return _AccessLog(app)
    logged: WSGIApp = translogger(app, logger_name=LOGGER, setup_console_handler=False)
    return logged


class _AccessLog:
    """TransLogger's line format, for installations without paste."""

    def __init__(self, app: WSGIApp) -> None:
        self._app = app
        self._log = logging.getLogger(LOGGER)

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterator[bytes]:
        """Answer the request, then log it."""
        started = time.time()
        seen: dict[str, str] = {}

        def recording_start(status: str, headers: list[tuple[str, str]], *rest: Any) -> Any:
            seen["status"] = status.split(" ", 1)[0]
            seen["size"] = next((v for k, v in headers if k.lower() == "content-length"), "-")
            return start_response(status, headers, *rest)

        body = self._app(environ, recording_start)
        try:
            yield from body
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()
            self._line(environ, seen, started)

    def _line(self, environ: dict[str, Any], seen: dict[str, str], started: float) -> None:
        """Write the line."""
        path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
        if environ.get("QUERY_STRING"):
            path += "?" + environ["QUERY_STRING"]
        stamp = time.strftime("%d/%b/%Y:%H:%M:%S %z", time.localtime(started))
        self._log.info(
            '%s - - [%s] "%s %s %s" %s %s "%s" "%s"',
            environ.get("REMOTE_ADDR", "-"),
            stamp,
            environ.get("REQUEST_METHOD", "-"),
            path,
            environ.get("SERVER_PROTOCOL", "-"),
            seen.get("status", "-"),
            seen.get("size", "-"),
            environ.get("HTTP_REFERER", "-"),
            environ.get("HTTP_USER_AGENT", "-"),
        )
