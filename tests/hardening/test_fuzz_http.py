"""Fuzz every HTTP entry point of a live, writable `qkg serve`: never a 500, never a hang, never a
traceback, and a rejected write leaves the store's digest as it was."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.hardening.hostile import (
    COMPETENCY,
    FUZZ,
    UPDATE_SEEDS,
    header_name,
    header_value,
    hostile,
    jsonld_chunks,
    random_text,
    read_seeds,
    reconcile_seeds,
    tally,
    turtle_chunks,
)
from tests.support.live import Server, store_digest

pytestmark = pytest.mark.server

HTTP_FUZZ = settings(FUZZ, max_examples=int(os.environ.get("QKG_HTTP_FUZZ_EXAMPLES", "100")))
# Far above the server's 3 s limit: a request still unanswered after this is a hang.
HANG_SECONDS = 60
QUERY_SEEDS = read_seeds(COMPETENCY)
RDF_SEEDS = turtle_chunks() + jsonld_chunks()
QUERY_PARAMS = ["format", "output", "infer", "default-graph-uri", "named-graph-uri"]
UPDATE_PARAMS = ["using-graph-uri", "using-named-graph-uri"]
PAGES = [
    "/",
    "/timeline",
    "/claims",
    "/map",
    "/citations",
    "/search",
    "/resource",
    "/id/",
    "/validate",
]
PAGE_PARAMS = ["q", "iri", "format", "all", "tiles", "query", "tabTitle", "infer", "callback"]
RECONCILE_PATHS = [
    "",
    "/suggest/entity",
    "/suggest/type",
    "/suggest/property",
    "/flyout/entity",
    "/preview",
    "/propose_properties",
]
RECONCILE_PARAMS = ["queries", "query", "extend", "callback", "prefix", "id", "type", "limit"]
FUZZ_GRAPH = "https://w3id.org/qalamoun/graph/user/fuzz"
RDF_TYPES = ["text/turtle", "application/n-triples", "application/n-quads", "application/trig"]
RDF_TYPES += ["application/ld+json", "application/rdf+xml"]

headers = st.dictionaries(header_name, header_value.map(str.strip), max_size=3)
short_text = st.one_of(random_text, st.sampled_from(["true", "json", "turtle", "1", FUZZ_GRAPH]))


def raw(text: str) -> bytes:
    """UTF-8, lone surrogates kept as the invalid bytes a broken client would send."""
    return text.encode("utf-8", "surrogatepass")


def form(fields: dict[str, str]) -> bytes:
    """A form body (or query string) of possibly invalid text."""
    return urlencode({name: raw(value) for name, value in fields.items()}).encode("ascii")


def answered(response: requests.Response) -> None:
    """A designed answer: no 500, no traceback; 503 only for the time limit or busy workers."""
    body = response.text
    assert response.status_code < 500 or response.status_code == 503, body[:2000]
    if response.status_code == 503:
        assert "timed out" in body or "busy" in body or "could not" in body, body[:2000]
    assert "Traceback" not in body, body[:2000]


class StoreWatch:
    """The store's digest, updated after accepted writes and compared after rejected ones."""

    def __init__(self, store: Path) -> None:
        self.store = store
        self.digest = store_digest(store)
        self.rejected = 0
        self.accepted = 0

    def after_write(self, response: requests.Response) -> None:
        """Check a write's answer: accepted moves the digest on, rejected must leave it."""
        answered(response)
        now = store_digest(self.store)
        if response.ok:
            self.accepted += 1
        else:
            self.rejected += 1
            assert now == self.digest, (response.status_code, response.text[:1000])
        self.digest = now


@pytest.fixture(scope="module")
def watch(server: Server) -> Iterator[StoreWatch]:
    """The live server's store under watch."""
    watched = StoreWatch(Path(server.store))
    yield watched
    print(f"\nwrites: {watched.accepted} accepted, {watched.rejected} rejected (store unchanged)")


@HTTP_FUZZ
@given(
    text=hostile(QUERY_SEEDS),
    how=st.sampled_from(["get", "form", "direct"]),
    extra=headers,
    params=st.dictionaries(st.sampled_from(QUERY_PARAMS), short_text, max_size=2),
)
def test_sparql_query(
    server: Server, text: str, how: str, extra: dict[str, str], params: dict[str, str]
) -> None:
    tally(f"/sparql query ({how})")
    extra.pop("Host", None)
    if how == "get":
        url = f"{server.sparql}?{form({'query': text, **params}).decode()}"
        response = requests.get(url, headers=extra, timeout=HANG_SECONDS)
    elif how == "form":
        extra.setdefault("Content-Type", "application/x-www-form-urlencoded")
        body = form({"query": text, **params})
        response = requests.post(server.sparql, data=body, headers=extra, timeout=HANG_SECONDS)
    else:
        extra.setdefault("Content-Type", "application/sparql-query")
        url = f"{server.sparql}?{form(params).decode()}"
        response = requests.post(url, data=raw(text), headers=extra, timeout=HANG_SECONDS)
    answered(response)


@HTTP_FUZZ
@given(
    text=hostile(UPDATE_SEEDS),
    how=st.sampled_from(["form", "direct"]),
    params=st.dictionaries(st.sampled_from(UPDATE_PARAMS), short_text, max_size=1),
)
def test_sparql_update(
    server: Server, watch: StoreWatch, text: str, how: str, params: dict[str, str]
) -> None:
    tally(f"/sparql update ({how})")
    if how == "form":
        kind = "application/x-www-form-urlencoded"
        url, body = server.sparql, form({"update": text, **params})
    else:
        kind = "application/sparql-update"
        url, body = f"{server.sparql}?{form(params).decode()}", raw(text)
    response = requests.post(
        url, data=body, headers={"Content-Type": kind, **server.auth}, timeout=HANG_SECONDS
    )
    watch.after_write(response)


graph_targets = st.one_of(
    st.just("?default"),
    st.just(""),
    st.just(f"?graph={quote(FUZZ_GRAPH)}"),
    random_text.map(lambda name: "?" + form({"graph": name}).decode()),
    random_text.map(lambda path: "/" + quote(raw(path), safe="/")),
)


@HTTP_FUZZ
@given(
    method=st.sampled_from(["GET", "PUT", "POST", "DELETE"]),
    target=graph_targets,
    kind=header_value.map(str.strip),
    body=hostile(RDF_SEEDS),
)
def test_graph_store(
    server: Server, watch: StoreWatch, method: str, target: str, kind: str, body: str
) -> None:
    tally(f"/rdf-graph-store {method}")
    if method in ("PUT", "DELETE") and target == "?default":
        target = f"?graph={quote(FUZZ_GRAPH)}"  # emptying every data graph is a valid write
    response = requests.request(
        method,
        f"{server.url}/rdf-graph-store{target}",
        data=raw(body) if method in ("PUT", "POST") else None,
        headers={"Content-Type": kind, **server.auth},
        timeout=HANG_SECONDS,
    )
    if method == "GET":
        answered(response)
    else:
        watch.after_write(response)


@HTTP_FUZZ
@given(
    path=st.sampled_from(RECONCILE_PATHS),
    method=st.sampled_from(["GET", "POST"]),
    fields=st.dictionaries(
        st.sampled_from(RECONCILE_PARAMS), hostile(reconcile_seeds()), min_size=1, max_size=3
    ),
)
def test_reconcile(server: Server, path: str, method: str, fields: dict[str, str]) -> None:
    tally(f"/reconcile{path} {method}")
    url = f"{server.url}/reconcile{path}"
    if method == "GET":
        response = requests.get(f"{url}?{form(fields).decode()}", timeout=HANG_SECONDS)
    else:
        kind = {"Content-Type": "application/x-www-form-urlencoded"}
        response = requests.post(url, data=form(fields), headers=kind, timeout=HANG_SECONDS)
    answered(response)


@HTTP_FUZZ
@given(
    body=hostile(RDF_SEEDS),
    kind=st.one_of(st.sampled_from(RDF_TYPES), header_value.map(str.strip)),
    accept=header_value.map(str.strip),
    as_form=st.booleans(),
)
def test_validate(
    server: Server, watch: StoreWatch, body: str, kind: str, accept: str, as_form: bool
) -> None:
    """Whatever is posted to /validate is answered as designed, and nothing is written."""
    tally("/validate POST")
    data = form({"data": body, "format": "auto"}) if as_form else raw(body)
    sent = "application/x-www-form-urlencoded" if as_form else kind
    response = requests.post(
        f"{server.url}/validate",
        data=data,
        headers={"Content-Type": sent, "Accept": accept},
        timeout=HANG_SECONDS,
    )
    answered(response)
    assert store_digest(watch.store) == watch.digest
    if response.headers.get("Content-Type", "").startswith("text/html"):
        assert "<script>alert(1)" not in response.text


@HTTP_FUZZ
@given(
    page=st.sampled_from(PAGES),
    tail=random_text,
    params=st.dictionaries(st.sampled_from(PAGE_PARAMS), short_text, max_size=3),
    accept=header_value.map(str.strip),
)
def test_pages(server: Server, page: str, tail: str, params: dict[str, str], accept: str) -> None:
    path = page + quote(raw(tail), safe="/") if page == "/id/" else page
    tally(f"{page} page")
    response = requests.get(
        f"{server.url}{path}?{form(params).decode()}",
        headers={"Accept": accept},
        timeout=HANG_SECONDS,
    )
    answered(response)
    if response.headers.get("Content-Type", "").startswith("text/html"):
        assert "<script>alert(1)" not in response.text


METHODS = ["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "TRACE", "CONNECT"]
ROUTES = ["/sparql", "/rdf-graph-store", "/reconcile", "/validate", "/id/place/arsal", "/assets/"]
ROUTES += ["/", "*"]
raw_piece = st.binary(max_size=60).map(lambda b: b.replace(b"\r", b"").replace(b"\n", b""))


@HTTP_FUZZ
@given(
    method=st.one_of(st.sampled_from(METHODS), raw_piece.filter(lambda b: b" " not in b)),
    route=st.sampled_from(ROUTES),
    tail=raw_piece,
    fields=st.lists(st.tuples(header_name, st.one_of(header_value, raw_piece)), max_size=6),
    body=st.binary(max_size=500),
)
def test_raw_requests(
    server: Server,
    method: str | bytes,
    route: str,
    tail: bytes,
    fields: list[tuple[str, str | bytes]],
    body: bytes,
) -> None:
    """Requests no client library would send: odd methods, raw bytes in paths and headers."""
    tally("raw request line and headers")
    verb = method.encode("latin-1") if isinstance(method, str) else method
    lines = [verb + b" " + route.encode() + tail.replace(b" ", b"%20") + b" HTTP/1.1"]
    lines += [b"Host: 127.0.0.1", f"Content-Length: {len(body)}".encode(), b"Connection: close"]
    for name, value in fields:
        if name.lower() not in ("host", "content-length", "transfer-encoding", "connection"):
            data = value.encode("latin-1") if isinstance(value, str) else value
            lines.append(name.encode("latin-1") + b": " + data)
    status = exchange(server.port, b"\r\n".join(lines) + b"\r\n\r\n" + body)
    assert status is None or status < 500 or status == 503, status
    assert server.alive()


def exchange(port: int, request: bytes) -> int | None:
    """Send raw bytes; the status of the answer, or None if the server closed without one."""
    with socket.create_connection(("127.0.0.1", port), timeout=HANG_SECONDS) as sock:
        sock.sendall(request)
        answer = b""
        while b"\r\n" not in answer:
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
    if not answer:
        return None
    parts = answer.split(b"\r\n", 1)[0].split()
    assert len(parts) >= 2 and parts[0].startswith(b"HTTP/"), answer[:200]
    return int(parts[1])


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", '/sparql?query=ASK{}&named-graph-uri=x"', 400),
        ("GET", "/sparql?query=ASK{}&default-graph-uri=no-scheme", 400),
        ("POST", "/sparql?using-graph-uri=%5E", 400),
        ("POST", "/rdf-graph-store/OPTIONAL%0C%5E_%3Ab0", 400),
        ("POST", "/rdf-graph-store/%C2%86%C2%A5", 400),
    ],
)
def test_inputs_that_were_500(server: Server, method: str, path: str, status: int) -> None:
    """Found by the fuzzing above: invalid dataset IRIs and graph URLs reached pyoxigraph."""
    headers = {"Content-Type": "text/turtle", **server.auth}
    if path.startswith("/sparql?using"):
        headers["Content-Type"] = "application/sparql-update"
    body = b"INSERT DATA { <urn:a> <urn:b> 1 }" if "using" in path else b""
    response = requests.request(method, server.url + path, data=body, headers=headers, timeout=60)
    assert response.status_code == status, response.text
