"""LOAD <url>: fetch an RDF document through the fetch policy, with size and time limits."""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import urljoin, urlsplit

import pyoxigraph as ox
import requests

from qalamoun_kg.errors import InputError
from qalamoun_kg.execution.fetch import FetchPolicy
from qalamoun_kg.execution.formats import INPUT_FORMATS
from qalamoun_kg.store.parsing import parse_triples
from qalamoun_kg.updates.evaluate import UpdateFailed
from qalamoun_kg.updates.pinned import pinned_session

# Each hop is checked against the policy: a public host may redirect to an internal one.
MAX_REDIRECTS = 5
ACCEPT = "text/turtle, application/n-triples;q=0.9, application/rdf+xml;q=0.8, */*;q=0.1"


class Fetcher:
    """Loads remote RDF for LOAD, refusing what the policy does not allow."""

    def __init__(self, policy: FetchPolicy, *, max_bytes: int, timeout: float) -> None:
        self.policy = policy
        self.max_bytes = max_bytes
        self.timeout = timeout
        self._session = pinned_session(policy)

    def __call__(self, url: str) -> list[ox.Triple]:
        """The triples of the document at url."""
        target = url
        for _ in range(MAX_REDIRECTS + 1):
            self.policy.check("LOAD", target)
            try:
                with self._session.get(
                    target,
                    headers={"Accept": ACCEPT},
                    timeout=self.timeout,
                    stream=True,
                    allow_redirects=False,
                ) as response:
                    if response.is_redirect:
                        target = urljoin(target, response.headers["Location"])
                        continue
                    response.raise_for_status()
                    data = self._read(response)
                    media = response.headers.get("Content-Type", "").split(";")[0]
            except requests.RequestException as error:
                raise UpdateFailed(f"cannot fetch <{url}>: {error}") from error
            return self._parse(data, media.strip().lower(), target)
        raise UpdateFailed(f"cannot fetch <{url}>: more than {MAX_REDIRECTS} redirects")

    def _parse(self, data: bytes, media: str, url: str) -> list[ox.Triple]:
        """The triples of a fetched document."""
        try:
            return parse_triples(data, _format(media, url), name=url, base_iri=url)
        except InputError as error:
            raise UpdateFailed(str(error)) from error

    def _read(self, response: requests.Response) -> bytes:
        """The body, at most max_bytes."""
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_content(64 * 1024):
            size += len(chunk)
            if size > self.max_bytes:
                raise UpdateFailed(f"the document is larger than {self.max_bytes} bytes")
            chunks.append(chunk)
        return b"".join(chunks)


def _format(media: str, url: str) -> ox.RdfFormat:
    """The RDF format from the media type, else from the file extension, else Turtle."""
    if media in INPUT_FORMATS:
        return INPUT_FORMATS[media]
    guessed = ox.RdfFormat.from_extension(PurePosixPath(urlsplit(url).path).suffix.lstrip("."))
    return guessed or ox.RdfFormat.TURTLE
