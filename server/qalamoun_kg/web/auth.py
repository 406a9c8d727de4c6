"""Who may write: a writable server and the bearer token, compared in constant time."""

from __future__ import annotations

import hmac

from flask import Request

from qalamoun_kg.web.config import ServerConfig
from qalamoun_kg.web.errors import HttpError

CHALLENGE = 'Bearer realm="qkg"'


def require_writer(req: Request, config: ServerConfig) -> None:
    """Raise 403 on a read-only server, 401 without a bearer token, 403 with a wrong one."""
    if not config.writable or not config.token:
        raise HttpError(403, "this server is read-only; start it with --writable to accept writes")
    scheme, _, given = req.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise HttpError(
            401, "writes need Authorization: Bearer <token>", {"WWW-Authenticate": CHALLENGE}
        )
    if not hmac.compare_digest(given.strip().encode("utf-8"), config.token.encode("utf-8")):
        raise HttpError(403, "the bearer token is not valid for this server")
