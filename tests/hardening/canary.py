"""A loopback HTTP server that records every request: proof that nothing was fetched."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


class Canary:
    """Listens on 127.0.0.1; answers 200 (or a redirect where told) and remembers each path."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        self.redirects: dict[str, str] = {}
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def port(self) -> int:
        """The port it listens on."""
        return int(self._server.server_address[1])

    def url(self, path: str = "/", host: str = "127.0.0.1") -> str:
        """A URL of this canary."""
        return f"http://{host}:{self.port}{path}"

    def redirect(self, path: str, location: str) -> None:
        """Answer requests for path with 302 to location."""
        self.redirects[path] = location

    def close(self) -> None:
        """Stop listening."""
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        """The request handler class, bound to this canary."""
        canary = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = urlsplit(self.path).path
                canary.hits.append(path)
                if path in canary.redirects:
                    self.send_response(302)
                    self.send_header("Location", canary.redirects[path])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body = b"<urn:canary> <urn:was> <urn:reached> .\n"
                self.send_response(200)
                self.send_header("Content-Type", "text/turtle")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_POST = do_GET

            def log_message(self, format: str, *args: object) -> None:
                """Quiet."""

        return Handler
