"""Browsing lists (`/id/`, `/id/<kind>`, `/classes/…`) in HTML, JSON and CSV, paged and sorted."""

from __future__ import annotations

import csv
import io

import pytest
from flask.testing import FlaskClient

QR = "https://w3id.org/qalamoun/id/"
QO = "https://w3id.org/qalamoun/ontology#"


def test_index_lists_every_kind_with_counts(client: FlaskClient) -> None:
    rows = client.get("/id/", headers={"Accept": "application/json"}).get_json()["rows"]
    counts = {row["name"]: row["count"] for row in rows}
    assert {"place", "actor", "event", "claim", "citation", "person", "country"} <= set(counts)
    assert counts["place"] >= 28 and all(count > 0 for count in counts.values())
    page = client.get("/id/").get_data(as_text=True)
    assert 'href="/id/place"' in page and 'href="/classes/"' in page


def test_every_kind_is_browsable(client: FlaskClient) -> None:
    for row in client.get("/id/?format=json").get_json()["rows"]:
        listed = client.get(f"{row['url']}.json?size=1000").get_json()
        assert listed["total"] == row["count"], row
        assert all(item["id"].startswith(f"{QR}{row['name']}/") for item in listed["rows"])


def test_kind_list_in_three_formats(client: FlaskClient) -> None:
    page = client.get("/id/place")
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert 'href="/id/place/arsal"' in page.get_data(as_text=True)
    assert "/id/place.csv" in page.headers["Link"] and page.headers["Vary"] == "Accept"
    by_accept = client.get("/id/place", headers={"Accept": "text/csv"})
    by_extension = client.get("/id/place.csv")
    assert by_accept.mimetype == by_extension.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(by_extension.get_data(as_text=True))))
    assert f"{QR}place/arsal" in {row["id"] for row in rows}
    assert rows[0].keys() == {"id", "label", "types", "summary"}
    assert client.get("/id/place?format=json").get_json()["total"] == len(rows)


def test_paging_and_sorting(client: FlaskClient) -> None:
    first = client.get("/id/place.json?size=5&sort=-label").get_json()
    second = client.get(first["next_url"].replace("/id/place?", "/id/place.json?")).get_json()
    assert (first["page"], second["page"], first["size"]) == (1, 2, 5)
    labels = [row["label"].casefold() for row in first["rows"] + second["rows"]]
    assert labels == sorted(labels, reverse=True) and len(set(labels)) == 10
    assert first["prev_url"] is None and second["prev_url"]


def test_class_pages_list_instances_with_subclasses(client: FlaskClient) -> None:
    settlements = client.get("/classes/Settlement.json").get_json()
    towns = client.get("/classes/Town.json").get_json()
    assert {row["id"] for row in towns["rows"]} < {row["id"] for row in settlements["rows"]}
    assert f"{QR}place/arsal" in {row["id"] for row in towns["rows"]}
    counts = {
        row["name"]: row["count"] for row in client.get("/classes/?format=json").get_json()["rows"]
    }
    assert counts["Town"] == towns["total"] and counts["Place"] >= counts["Settlement"]
    term = client.get("/resource", query_string={"iri": f"{QO}Town"}).get_data(as_text=True)
    assert "<h2>Instances</h2>" in term and 'href="/id/place/arsal"' in term
    assert 'href="/classes/Town.csv"' in term


def test_unknown_lists_and_formats(client: FlaskClient) -> None:
    assert client.get("/id/nothing").status_code == 404
    assert client.get("/classes/Nothing.json").status_code == 404
    assert client.get("/id/place?format=xml").status_code == 400
    assert client.get("/id/place", headers={"Accept": "image/png"}).status_code == 406
    assert client.get("/id/place/arsal").status_code == 200


@pytest.mark.parametrize(
    ("path", "column", "rows"),
    [
        ("/timeline", "group", 50),
        ("/claims?all=1", "claimants", 70),
        ("/map", "lat", 25),
        ("/citations", "number", 53),
        ("/search?q=Arsal", "score", 10),
    ],
)
def test_every_view_downloads_as_csv(
    client: FlaskClient, path: str, column: str, rows: int
) -> None:
    joiner = "&" if "?" in path else "?"
    response = client.get(f"{path}{joiner}format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    table = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(table) >= rows and column in table[0]
    assert all(row["node_iri"].startswith("https://w3id.org/qalamoun/id/") for row in table)
    by_accept = client.get(path, headers={"Accept": "text/csv"})
    assert by_accept.mimetype == "text/csv" and by_accept.headers["Vary"] == "Accept"
    page = client.get(path).get_data(as_text=True)
    assert "format=csv" in page
