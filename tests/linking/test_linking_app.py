"""`/reconcile` inside the project's app: registered by the factory, and fresh after updates."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from qalamoun_kg.store import Store
from qalamoun_kg.web import ServerConfig, close_app, create_app

TOKEN = "linking-tests-" + "t" * 32
YABROUD = """
PREFIX qo: <https://w3id.org/qalamoun/ontology#>
PREFIX qr: <https://w3id.org/qalamoun/id/>
INSERT DATA { qr:place\\/yabroud a qo:Town ; rdfs:label "Yabroud"@en . }
"""


@pytest.fixture
def app_client(fresh_store: Store) -> Iterator[FlaskClient]:
    """A writable app of the factory over a store of its own."""
    app = create_app(fresh_store, ServerConfig(writable=True, token=TOKEN, workers=1))
    yield app.test_client()
    close_app(app)


def top(client: FlaskClient, name: str) -> dict[str, object]:
    """The first candidate for a name, or {} when there is none."""
    queries = json.dumps({"q": {"query": name}})
    response = client.post("/reconcile", data={"queries": queries})
    assert response.status_code == 200, response.get_data(as_text=True)
    result: list[dict[str, object]] = response.get_json()["q"]["result"]
    return result[0] if result else {}


def test_the_factory_registers_reconcile(app_client: FlaskClient) -> None:
    manifest = app_client.get("/reconcile").get_json()
    assert manifest["name"] == "Qalamoun offensive knowledge graph"
    assert top(app_client, "Ersal")["id"] == "place/arsal"
    view = manifest["view"]["url"].replace("{{id}}", "place/arsal").removeprefix("http://localhost")
    assert app_client.get(view, headers={"Accept": "text/html"}).status_code == 200


def test_an_update_is_seen_by_the_next_query(app_client: FlaskClient) -> None:
    assert top(app_client, "Yabrud") == {}
    response = app_client.post(
        "/sparql", data={"update": YABROUD}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert response.status_code in (200, 204), response.get_data(as_text=True)
    found = top(app_client, "Yabrud")
    assert (found["id"], found["match"]) == ("place/yabroud", True)
