"""One log line per request, by paste's TransLogger (Apache's combined format).

Lines carry the client address, method, path with query string, status, size and user agent;
never a request header such as Authorization.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from paste.translogger import TransLogger

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
LOGGER = "qalamoun_kg.access"


def with_access_log(app: WSGIApp) -> WSGIApp:
    """Wrap a WSGI app so that each request is logged once it has been answered."""
    logged: WSGIApp = TransLogger(app, logger_name=LOGGER, setup_console_handler=False)
    return logged
