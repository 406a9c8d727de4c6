"""The server's public URL in every absolute URL it writes (service description, VoID, the
reconciliation manifest and previews, redirects, the base of relative IRIs): `--base-url` when
configured; otherwise the request's Host only when it is on `--trusted-host`, else the address
the server listens on. A client's Host header never chooses the URLs others are sent to."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from werkzeug.wrappers import Response

from qalamoun_kg.web.encoding import percent_utf8

WSGIApp = Any


class PublicUrl:
    """WSGI middleware that sets the scheme, host and root path every URL is built from."""

    def __init__(
        self, app: WSGIApp, base_url: str | None = None, trusted_hosts: Iterable[str] = ()
    ) -> None:
        self.app = app
        self.base = urlsplit(base_url) if base_url else None
        self.trusted = {host.strip().lower() for host in trusted_hosts if host.strip()}

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        if self.base is not None:
            environ["wsgi.url_scheme"] = self.base.scheme
            environ["HTTP_HOST"] = self.base.netloc
            environ["SCRIPT_NAME"] = self.base.path.rstrip("/")
        elif not self._trusted(environ):
            environ["HTTP_HOST"] = _own_host(environ)
        # PEP 3333: the raw bytes of the query string, as Latin-1 text.
        if not percent_utf8(str(environ.get("QUERY_STRING", "")).encode("latin-1", "replace")):
            response = Response(
                "the query string is not valid UTF-8 once percent-decoded\n",
                400,
                content_type="text/plain; charset=utf-8",
            )
            return response(environ, start_response)
        answer: Iterable[bytes] = self.app(environ, start_response)
        return answer

    def _trusted(self, environ: dict[str, Any]) -> bool:
        """Whether the request's Host is the listening address or on the trusted list."""
        host = str(environ.get("HTTP_HOST", "")).lower()
        return not host or host in self.trusted or host == _own_host(environ).lower()


def _own_host(environ: dict[str, Any]) -> str:
    """The address and port the server listens on, as a Host value."""
    name, port = str(environ.get("SERVER_NAME", "localhost")), str(environ.get("SERVER_PORT", ""))
    if ":" in name and not name.startswith("["):
        name = f"[{name}]"
    default = "443" if environ.get("wsgi.url_scheme") == "https" else "80"
    return name if port in ("", default) else f"{name}:{port}"
