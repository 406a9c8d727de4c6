"""What a client sends cannot choose the server's URLs or slip past decoding: absolute URLs use
--base-url (else a trusted Host, else the listening address), never an attacker's Host header;
malformed UTF-8, percent-encoded in a query string or a form, is a 400; a full query queue is a
503 with Retry-After at once."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from qalamoun_kg.namespaces import QR
from qalamoun_kg.store import open_store
from qalamoun_kg.web import ServerConfig, close_app, create_app
from qalamoun_kg.web.admission import Admission
from qalamoun_kg.web.errors import HttpError

EVIL = "evil.example"
TOKEN = "t" * 40
# Every route that writes absolute URLs, with the Accept it is read with.
URL_ROUTES = {
    "service description": ("/sparql", "text/turtle"),
    "VoID": ("/.well-known/void", "text/turtle"),
    "reconciliation manifest": ("/reconcile", "application/json"),
    "resource redirect": (f"/resource?iri={QR}place/yabroud", "text/html"),
}


def _app(**settings: object) -> Flask:
    """A writable app over an empty in-memory store."""
    store = open_store("memory")
    config = ServerConfig(writable=True, token=TOKEN, workers=0, **settings)  # type: ignore[arg-type]
    return create_app(store, config)


@pytest.fixture
def client() -> Iterator[FlaskClient]:
    app = _app()
    yield app.test_client()
    close_app(app)


def _written_urls(client: FlaskClient, host: str) -> dict[str, str]:
    """Body and Location of each URL route, requested with the given Host header."""
    found = {}
    for name, (path, accept) in URL_ROUTES.items():
        response = client.get(path, headers={"Host": host, "Accept": accept})
        assert response.status_code in (200, 303), (name, response.status_code)
        found[name] = response.get_data(as_text=True) + response.headers.get("Location", "")
    return found


def test_a_forged_host_never_appears_in_urls(client: FlaskClient) -> None:
    for name, text in _written_urls(client, EVIL).items():
        assert EVIL not in text, name


def test_the_base_url_is_used_in_every_absolute_url() -> None:
    app = _app(base_url="https://kg.example.org/graph")
    try:
        written = _written_urls(app.test_client(), EVIL)
    finally:
        close_app(app)
    for name, text in written.items():
        assert EVIL not in text, name
        if name != "resource redirect":  # a relative Location is fine
            assert "https://kg.example.org/graph/" in text, name


def test_a_trusted_host_is_used_when_no_base_url_is_given() -> None:
    app = _app(trusted_hosts=("kg.internal:8080",))
    try:
        written = _written_urls(app.test_client(), "kg.internal:8080")
    finally:
        close_app(app)
    assert "http://kg.internal:8080/sparql" in written["service description"]


@pytest.mark.parametrize(
    ("method", "path", "data", "kind"),
    [
        ("GET", "/sparql?query=ASK%20%7B%7D%FF", None, None),
        ("GET", "/sparql?query=%C0%AF", None, None),
        ("GET", "/reconcile?query=%FF", None, None),
        ("GET", "/resource?iri=http%3A%2F%2Fx%2F%ED%A0%80", None, None),
        ("POST", "/sparql", b"query=ASK%20%7B%7D%FF", "application/x-www-form-urlencoded"),
        (
            "POST",
            "/sparql",
            b"update=INSERT%20DATA%20%7B%7D%FF",
            "application/x-www-form-urlencoded",
        ),
        ("POST", "/reconcile", b"queries=%FF", "application/x-www-form-urlencoded"),
        ("POST", "/sparql", b'ASK { FILTER("\xff") }', "application/sparql-query"),
    ],
)
def test_malformed_utf8_is_400(
    client: FlaskClient, method: str, path: str, data: bytes | None, kind: str | None
) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    if kind:
        headers["Content-Type"] = kind
    response = client.open(path, method=method, data=data, headers=headers)
    assert response.status_code == 400, response.get_data(as_text=True)
    assert "UTF-8" in response.get_data(as_text=True)


def test_a_full_queue_is_503_with_retry_after_at_once() -> None:
    admission = Admission(2)
    entered = threading.Barrier(3)
    release = threading.Event()

    def wait_in_queue() -> None:
        with admission.admitted():
            entered.wait(5)
            release.wait(5)

    waiting = [threading.Thread(target=wait_in_queue) for _ in range(2)]
    for thread in waiting:
        thread.start()
    entered.wait(5)
    with pytest.raises(HttpError) as refused, admission.admitted():
        pass
    release.set()
    for thread in waiting:
        thread.join(5)
    assert refused.value.status == 503 and refused.value.headers["Retry-After"]
    with admission.admitted():
        pass  # free again
