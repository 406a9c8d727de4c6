"""Smaller points of the web UI: timeline labels inside the drawing, the HTML 404 page, the
claimant not repeated, `Link` headers on every resource answer, compressed assets."""

from __future__ import annotations

import gzip
from typing import Any

import pytest
from flask.testing import FlaskClient

from qalamoun_kg.presentation.timeline import LABEL_CHAR_WIDTH

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def _bars_fit(drawing: dict[str, Any]) -> list[str]:
    """The labels of a timeline drawing that run beyond its edges."""
    out = []
    for bar in drawing["bars"]:
        extent = len(bar["shown"]) * LABEL_CHAR_WIDTH
        left = bar["text_x"] - (extent if bar["anchor"] == "end" else 0)
        if left < 0 or left + extent > drawing["width"] + 0.5:
            out.append(bar["shown"])
    return out


def test_timeline_labels_stay_inside_every_drawing(client: FlaskClient) -> None:
    actors = client.get("/id/actor.json?size=1000").get_json()["rows"]
    people = client.get("/id/person.json?size=1000").get_json()["rows"]
    checked = 0
    for row in actors + people:
        path = row["id"].split("/id/", 1)[1]
        actor = client.get(f"/id/{path}?format=json").get_json().get("actor") or {}
        if actor.get("timeline"):
            assert _bars_fit(actor["timeline"]) == [], path
            checked += 1
    assert checked >= 5
    overview = client.get("/timeline?format=json").get_json()
    assert _bars_fit(overview["drawing"]) == []


def test_unknown_paths_are_an_html_page_for_browsers(client: FlaskClient) -> None:
    page = client.get("/no/such/page", headers={"Accept": BROWSER})
    assert page.status_code == 404 and page.mimetype == "text/html"
    text = page.get_data(as_text=True)
    assert 'action="/search"' in text and 'value="page"' in text
    assert "Content-Security-Policy" in page.headers
    program = client.get("/no/such/page", headers={"Accept": "application/json"})
    assert program.status_code == 404 and program.get_json()["status"] == 404
    plain = client.get("/no/such/page")
    assert plain.status_code == 404 and plain.mimetype == "text/plain"


@pytest.mark.parametrize("fmt", ["html", "ttl", "jsonld", "nt", "rdf", "json"])
def test_every_resource_answer_has_link_and_vary(client: FlaskClient, fmt: str) -> None:
    response = client.get(f"/id/place/arsal?format={fmt}")
    assert response.status_code == 200
    link = response.headers["Link"]
    assert '</id/place/arsal?format=ttl>; rel="alternate"; type="text/turtle"' in link
    assert 'type="application/json"' in link
    assert "Accept" in response.headers["Vary"]
    missing = client.get(f"/id/place/atlantis?format={fmt}")
    assert missing.status_code == 404 and "Link" not in missing.headers


def test_claimant_without_a_name_is_not_spelled_out_in_every_row(client: FlaskClient) -> None:
    page = client.get("/claims?all=1").get_data(as_text=True)
    rows = page.count('class="unattributed"')
    assert rows > 10
    assert page.count(">Unattributed (confirmed") == 0
    assert page.count("without a named source.</p>") < rows
    single = client.get("/id/source/unattributed").get_data(as_text=True)
    assert "Unattributed (confirmed without a named source)" in single


def test_static_assets_are_gzipped_for_clients_that_accept_it(client: FlaskClient) -> None:
    plain = client.get("/assets/query.js")
    assert plain.status_code == 200 and "Content-Encoding" not in plain.headers
    assert "Accept-Encoding" in plain.headers["Vary"]
    packed = client.get("/assets/query.js", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.data) == plain.data
    assert len(packed.data) < len(plain.data) / 2
    assert packed.headers.get("ETag") != plain.headers.get("ETag")
