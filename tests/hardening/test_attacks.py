"""Attacks on a live, writable server, gathered in one place: each is refused, the store is
unchanged, and the server goes on answering. Attacks tested elsewhere are listed, not repeated:

- update without a token 401, wrong token 403, read-only 403; graph store likewise:
  tests/web/test_update_http.py. More ways of presenting a token, on every write route: here.
- SERVICE to a host not on --allow-fetch, or to an allowed host on loopback:
  tests/web/test_query_http.py. SERVICE hidden from the check (comments, quotes, escapes) and
  LOAD redirected inward: tests/hardening/test_ssrf.py. SERVICE and LOAD to 127.0.0.1,
  169.254.169.254, 10/8, 192.168/16 and ::1 even when listed; JSON-LD remote contexts and
  RDF/XML external entities, on the write routes and /validate: here.
- a cross-product query stopped at the time limit while others are served:
  tests/web/test_isolation.py. Property-path bombs and deep nesting: here.
- a body over --max-body is 413: tests/web/test_query_http.py. 64 MiB, unread: here.
- markup in labels: tests/ui/test_escaping.py, tests/ui/test_browser.py; in reconciliation
  input: tests/linking/test_linking_reconcile_api.py; in the query echo and errors: here.
- path traversal on static, resource and graph store routes: here.
- CORS without credentials on /sparql: tests/web/test_query_http.py; on every route: here.
- the token in the access log: tests/web/test_access_log.py; in every live server's log at
  teardown: tests/support/live.py; after accepted and refused writes: here.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.hardening.canary import Canary
from tests.hardening.livekg import start_server
from tests.support.live import Server, store_digest

pytestmark = pytest.mark.server

INTERNAL_HOSTS = ["127.0.0.1", "169.254.169.254", "10.0.0.1", "192.168.1.1", "[::1]", "localhost"]
ASK = "ASK { ?s a qo:Offensive }"
MIB = 1024 * 1024
REFUSED: list[str] = []  # every attack refused in this module, for the closing figures


@pytest.fixture(scope="module")
def target(
    loaded_store: Path, frozen_sources: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """A writable server that lists internal hosts on --allow-fetch (their addresses still bar
    them), with a 3 s time limit and the default 16 MiB body limit."""
    allow = [f"--allow-fetch={host.strip('[]')}" for host in INTERNAL_HOSTS]
    workdir = tmp_path_factory.mktemp("attacked")
    live = start_server(loaded_store, frozen_sources, workdir, "--timeout", "3", *allow)
    yield live
    live.stop()
    live.assert_clean_log()
    print(f"\nattacks refused: {len(REFUSED)}")


def refused(what: str, response: requests.Response, *statuses: int) -> None:
    """The attack got one of the given statuses and no traceback; counted."""
    assert response.status_code in statuses, (what, response.status_code, response.text[:500])
    assert "Traceback" not in response.text
    REFUSED.append(what)


def update(server: Server, text: str, headers: dict[str, str] | None = None) -> requests.Response:
    """POST a SPARQL update with the given headers (the token's by default)."""
    sent = {
        "Content-Type": "application/sparql-update",
        **(server.auth if headers is None else headers),
    }
    return requests.post(server.sparql, data=text.encode(), headers=sent, timeout=60)


WRITE = (
    'INSERT DATA { qr:place\\/attack a qo:Village ; rdfs:label "Attack"@en ;'
    " qo:inCountry qr:country\\/lebanon }"
)


def credentials(token: str) -> dict[str, tuple[dict[str, str], str, int]]:
    """Ways of presenting (or not) a token: headers, a query string, and the status expected."""
    return {
        "none": ({}, "", 401),
        "empty bearer": ({"Authorization": "Bearer "}, "", 401),
        "wrong token": ({"Authorization": "Bearer not-the-token"}, "", 403),
        "token prefix": ({"Authorization": f"Bearer {token[:-1]}"}, "", 403),
        "token with a suffix": ({"Authorization": f"Bearer {token}x"}, "", 403),
        "basic scheme": ({"Authorization": f"Basic {token}"}, "", 401),
        "a token-like query parameter": ({}, "?access_token=guess", 401),
        "token as a cookie": ({"Cookie": f"token={token}"}, "", 401),
        "non-ASCII token": ({"Authorization": "Bearer \xe9\xff"}, "", 403),
    }


WRITES = {
    "update (direct)": ("POST", "/sparql", "application/sparql-update", WRITE),
    "update (form)": ("POST", "/sparql", "application/x-www-form-urlencoded", f"update={WRITE}"),
    "graph store PUT": (
        "PUT",
        "/rdf-graph-store?graph=urn:x",
        "text/turtle",
        "<urn:a> <urn:b> 1 .",
    ),
    "graph store POST": ("POST", "/rdf-graph-store?default", "text/turtle", "<urn:a> <urn:b> 1 ."),
    "graph store DELETE": ("DELETE", "/rdf-graph-store?default", "text/turtle", ""),
    "graph store direct PUT": ("PUT", "/rdf-graph-store/x", "text/turtle", "<urn:a> <urn:b> 1 ."),
}


def test_writes_without_the_right_token_are_refused(target: Server) -> None:
    before = store_digest(target.store)
    for write, (method, path, kind, body) in WRITES.items():
        for how, (headers, query, status) in credentials(target.token).items():
            response = requests.request(
                method,
                f"{target.url}{path}{query.replace('?', '&') if '?' in path else query}",
                data=body.encode("utf-8"),
                headers={"Content-Type": kind, **headers},
                timeout=60,
            )
            refused(f"{write}, {how}", response, status)
            if status == 401:
                assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert store_digest(target.store) == before


@pytest.mark.parametrize("host", INTERNAL_HOSTS)
def test_load_and_service_to_internal_addresses_are_refused(
    target: Server, canary: Canary, host: str
) -> None:
    """Each host is on --allow-fetch; its address still bars it, before any request is made."""
    url = canary.url("/data.ttl", host=host)
    before = store_digest(target.store)
    load = update(target, f"LOAD <{url}> INTO GRAPH <urn:loaded>")
    refused(f"LOAD {host}", load, 400)
    assert "non-public address" in load.text
    service = requests.get(
        target.sparql,
        params={"query": f"SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"},
        timeout=60,
    )
    refused(f"SERVICE {host}", service, 400)
    assert "non-public address" in service.text
    in_update = update(target, f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}")
    refused(f"SERVICE in an update {host}", in_update, 400)
    assert canary.hits == []
    assert store_digest(target.store) == before


def test_documents_cannot_make_the_server_fetch(target: Server, canary: Canary) -> None:
    """A JSON-LD remote @context and RDF/XML external entities are not fetched."""
    jsonld = f'{{"@context": "{canary.url("/context")}", "@id": "urn:a", "name": "x"}}'
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "{canary.url("/entity")}">'
        '<!ENTITY f SYSTEM "file:///etc/passwd">]>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:ex="urn:ex#"><rdf:Description rdf:about="urn:a"><ex:p>&e;&f;</ex:p>'
        "</rdf:Description></rdf:RDF>"
    )
    for kind, body in (("application/ld+json", jsonld), ("application/rdf+xml", xml)):
        response = requests.put(
            f"{target.url}/rdf-graph-store?graph=urn:fetching",
            data=body.encode(),
            headers={"Content-Type": kind, **target.auth},
            timeout=60,
        )
        assert response.status_code < 500, response.text
        REFUSED.append(f"fetch from a {kind} document")
        checked = requests.post(
            f"{target.url}/validate",
            data=body.encode(),
            headers={"Content-Type": kind, "Accept": "text/plain"},
            timeout=60,
        )
        assert checked.status_code < 500 and "root:" not in checked.text, checked.text
        REFUSED.append(f"fetch from a {kind} document sent to /validate")
    stored = requests.get(
        f"{target.url}/rdf-graph-store?graph=urn:fetching", headers={"Accept": "text/turtle"}
    )
    assert "root:" not in stored.text
    assert canary.hits == []


BOMBS = {
    "any-path closure": "SELECT (COUNT(*) AS ?n) { ?a (!rdf:type|^!rdf:type)* ?b }",
    "two closures joined": "SELECT (COUNT(*) AS ?n) "
    "{ ?a (<urn:p>|!<urn:p>)* ?b . ?b (!<urn:q>)+ ?c }",
    "closure over a cross product": "SELECT (COUNT(*) AS ?n) { ?a ?p ?b . ?c (!<urn:x>)* ?d }",
}


@pytest.mark.parametrize("bomb", BOMBS.values(), ids=list(BOMBS))
def test_property_path_bombs_stop_at_the_limit_while_others_are_served(
    target: Server, bomb: str
) -> None:
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        stopped = pool.submit(requests.get, target.sparql, params={"query": bomb}, timeout=120)
        time.sleep(0.3)
        simple = requests.get(target.sparql, params={"query": ASK}, timeout=120)
        still_running = not stopped.done()
        answer = stopped.result()
    assert simple.status_code == 200 and simple.json()["boolean"] is True
    assert still_running, "the bomb finished before the other query: it proved nothing"
    refused(f"bomb: {bomb[:40]}", answer, 503)
    assert "timed out" in answer.text


@pytest.mark.parametrize("depth", [600, 50_000])
def test_deep_nesting_is_400_not_a_crash(target: Server, depth: int) -> None:
    """Oxigraph's parser recursion overflowed the stack at ~5,000 levels and killed the worker."""
    nested = "SELECT * WHERE " + "{ " * depth + "?s ?p ?o " + "} " * depth
    expression = "ASK { FILTER(" + "(" * depth + "1" + ")" * depth + ") }"
    for query in (nested, expression):
        response = requests.post(target.sparql, data={"query": query}, timeout=120)
        refused(f"query nested {depth} deep", response, 400)
        assert "levels deep" in response.text
    deep_update = "INSERT { <urn:a> <urn:b> 1 } WHERE " + "{ " * depth + "} " * depth
    refused(f"update nested {depth} deep", update(target, deep_update), 400)
    assert requests.get(target.sparql, params={"query": ASK}, timeout=60).status_code == 200


def send_headers_only(port: int, length: int, sent: int) -> bytes:
    """Announce a body of `length` bytes, send `sent` of them, and read what comes back."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        head = (
            f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {length}\r\n"
            "Content-Type: application/sparql-query\r\nConnection: close\r\n\r\n"
        )
        sock.sendall(head.encode())
        with contextlib.suppress(OSError):  # it may answer and close before taking it all
            sock.sendall(b" " * sent)
        answer = b""
        with contextlib.suppress(ConnectionResetError):  # closed with our bytes unread
            while chunk := sock.recv(65536):
                answer += chunk
        return answer


def test_64_mib_body_is_413_without_being_read(target: Server) -> None:
    rss = target.rss_kib()
    answer = send_headers_only(target.port, 64 * MIB, 64 * 1024)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:300]
    REFUSED.append("64 MiB body announced by Content-Length")

    def chunks() -> Iterator[bytes]:
        for _ in range(64):
            yield b" " * MIB

    try:
        chunked = requests.post(
            target.sparql,
            data=chunks(),
            headers={"Content-Type": "application/sparql-query"},
            timeout=120,
        )
        assert chunked.status_code == 413, chunked.text[:300]
    except requests.ConnectionError:
        pass  # closed while we were still sending: refused as well
    REFUSED.append("64 MiB chunked body")
    assert target.rss_kib() - rss < 32 * 1024, "the server's memory grew by the body's size"
    assert requests.get(target.sparql, params={"query": ASK}, timeout=60).status_code == 200


TRAVERSALS = [
    "/assets/../../../../etc/passwd",
    "/assets/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/assets/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/assets/%252e%252e/%252e%252e/etc/passwd",
    "/assets/..%5c..%5c..%5cetc%5cpasswd",
    "/assets/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
    "/assets//etc/passwd",
    "/assets/%00/etc/passwd",
    "/id/../../../../etc/passwd",
    "/id/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/id/..%2f..%2f..%2fetc%2fpasswd",
    "/rdf-graph-store/../../../../etc/passwd",
    "/rdf-graph-store/%2e%2e/%2e%2e/etc/passwd",
    "/reconcile/preview/../../../../etc/passwd",
    "/../../../../etc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd",
]


def raw_get(port: int, path: str) -> tuple[int, bytes]:
    """GET a path exactly as written (no client normalization of dots)."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
        )
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


@pytest.mark.parametrize("path", TRAVERSALS)
def test_path_traversal_is_404(target: Server, path: str) -> None:
    status, body = raw_get(target.port, path)
    if status == 308:  # werkzeug merges doubled slashes: /assets/etc/passwd, inside /assets
        status, body = raw_get(target.port, path.replace("//", "/"))
    assert status in (400, 404), (status, body[:300])
    assert b"root:" not in body
    REFUSED.append(f"traversal {path}")


def test_resource_route_reads_no_files(target: Server) -> None:
    for iri in ("file:///etc/passwd", "/etc/passwd", "../../etc/passwd"):
        response = requests.get(f"{target.url}/resource", params={"iri": iri}, timeout=60)
        refused(f"resource {iri}", response, 400, 404)
        assert "root:" not in response.text


SCRIPT = "<script>alert(1)</script>"


def html_is_escaped(response: requests.Response) -> None:
    """Nothing the client sent is markup in an HTML answer; other answers are not HTML."""
    kind = response.headers.get("Content-Type", "")
    assert "<script>alert" not in response.text or not kind.startswith("text/html"), kind
    assert response.headers.get("X-Content-Type-Options") == "nosniff", response.url


def test_script_in_queries_and_errors_is_text(target: Server) -> None:
    browser = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    attempts = [
        requests.get(target.sparql, params={"query": f"SELECT * {{ {SCRIPT} }}"}, headers=browser),
        requests.get(target.sparql, params={"query": ASK, "format": SCRIPT}, headers=browser),
        requests.get(target.sparql, params={"query": f'ASK {{ ?s ?p "{SCRIPT}"'}, headers=browser),
        requests.post(target.sparql, data=SCRIPT, headers={**browser, "Content-Type": SCRIPT}),
        requests.get(f"{target.url}/id/place/{SCRIPT}", headers=browser),
        requests.get(f"{target.url}/resource", params={"iri": f"urn:{SCRIPT}"}, headers=browser),
        requests.get(f"{target.url}/search", params={"q": SCRIPT}, headers=browser),
        requests.get(f"{target.url}/reconcile/preview", params={"id": SCRIPT}, headers=browser),
        requests.get(f"{target.url}/{SCRIPT}", headers=browser),
        update(target, f'INSERT DATA {{ qr:place\\/x a qo:Village ; rdfs:label "{SCRIPT}" }}',
               {**target.auth, **browser}),
        update(target, f"INSERT DATA {{ {SCRIPT} }}", {**target.auth, **browser}),
    ]  # fmt: skip
    for response in attempts:
        assert response.status_code < 500, response.text[:300]
        html_is_escaped(response)
        REFUSED.append(f"script echoed by {response.url[:60]}")


CORS_ROUTES = ["/sparql", "/rdf-graph-store?default", "/.well-known/void", "/id/place/arsal",
               "/reconcile", "/", "/timeline", "/assets/style.css", "/validate"]  # fmt: skip


@pytest.mark.parametrize("route", CORS_ROUTES)
def test_cors_never_allows_credentials(target: Server, route: str) -> None:
    origin = {"Origin": "https://attacker.example", "Cookie": "session=1"}
    read = requests.get(f"{target.url}{route}", headers=origin, timeout=60)
    preflight = requests.options(
        f"{target.url}{route}",
        headers={
            **origin,
            "Access-Control-Request-Method": "PUT",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
        timeout=60,
    )
    for response in (read, preflight):
        assert "Access-Control-Allow-Credentials" not in response.headers
        assert response.headers.get("Access-Control-Allow-Origin") in (None, "*")
    assert "authorization" not in preflight.headers.get("Access-Control-Allow-Headers", "").lower()
    REFUSED.append(f"credentialed CORS on {route}")


def test_the_token_never_reaches_the_log(target: Server) -> None:
    """Accepted and refused writes carry the token; none of it is logged."""
    accepted = update(target, WRITE)
    assert accepted.status_code == 200, accepted.text
    rejected = update(target, "INSERT DATA { qr:place\\/nolabel a qo:Village }")
    assert rejected.status_code == 422
    update(target, "NOT SPARQL")
    assert target.token not in target.log()
    REFUSED.append("token in the log")
