"""The HTML pages and their JSON twins over the project's data, through the Flask test client."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from qalamoun_kg.namespaces import PREFIXES
from qalamoun_kg.store import Store
from qalamoun_kg.web import close_app
from tests.ui.apps import make_app

COMPETENCY_QUERIES = sorted((Path(__file__).parent.parent / "competency").glob("[0-9][0-9]-*.rq"))

QR = "https://w3id.org/qalamoun/id/"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
# src/href values pointing at another host (YASGUI's own code is not HTML and not checked here).
EXTERNAL_ASSET = re.compile(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="(?:https?:)?//', re.I)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/timeline",
        "/claims",
        "/claims?all=1",
        "/map",
        "/citations",
        "/search?q=arsal",
        "/id/event/battle-of-arsal",
        "/id/place/arsal",
        "/id/actor/hezbollah",
        "/id/citation/6",
        "/id/claim/infobox-lebanese-soldiers-killed-20",
        "/id/country/lebanon",
        "/id/person/jean-kahwaji",
    ],
)
def test_pages_render_without_external_assets(client: FlaskClient, path: str) -> None:
    response = client.get(path, headers={"Accept": BROWSER})
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert EXTERNAL_ASSET.search(page) is None
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_query_page_carries_prefixes_gallery_and_endpoint(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    found = re.search(r'id="qkg-config">(.*?)</script>', page, re.S)
    assert found is not None
    config = json.loads(found.group(1))
    assert config["prefixes"] == PREFIXES
    assert config["endpoint"].endswith("/sparql")
    assert all(f"PREFIX {p}: <{iri}>" in config["defaultQuery"] for p, iri in PREFIXES.items())
    titles = [example["title"] for example in config["examples"]]
    assert len(titles) == len(COMPETENCY_QUERIES) == 29
    assert "When did the offensive start and end?" in titles
    assert page.count('class="example"') == len(COMPETENCY_QUERIES)
    assert 'id="infer-switch"' in page


def test_gallery_links_reopen_the_query(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    first = re.search(r'class="example" data-slug="01-offensive-dates" href="([^"]+)"', page)
    assert first is not None
    link = first.group(1).replace("&amp;", "&")
    assert link.startswith("/?query=") and "tabTitle=" in link


def test_resource_page_shows_kind_details(client: FlaskClient) -> None:
    page = client.get("/id/event/battle-of-arsal").get_data(as_text=True)
    assert "2 August 2014 – 7 August 2014" in page
    assert 'href="/id/place/arsal"' in page
    assert "Sub-events" in page and "Claims about this event" in page
    assert 'href="/id/citation/9"' in page  # the 19 soldiers killed, footnote 9
    assert 'class="conflict"' in page


def test_place_page_has_an_offline_map_and_its_events(client: FlaskClient) -> None:
    page = client.get("/id/place/arsal").get_data(as_text=True)
    assert '<svg class="map"' in page and "mark highlight" in page
    assert "عرسال" in page and "Ersal" in page
    assert "What happened here" in page and 'href="/id/event/battle-of-arsal"' in page


def test_actor_page_has_a_timeline_and_figures(client: FlaskClient) -> None:
    page = client.get("/id/actor/lebanese-army").get_data(as_text=True)
    assert '<figure class="timeline">' in page
    assert "Figures about Lebanese Army" in page


def test_citation_page_lists_what_it_supports(client: FlaskClient) -> None:
    page = client.get("/id/citation/6").get_data(as_text=True)
    assert "More than 650 terrorists were killed" in page
    assert "What it supports" in page and "/id/claim/" in page


def test_wikidata_link_goes_out(client: FlaskClient) -> None:
    page = client.get("/id/actor/hezbollah").get_data(as_text=True)
    assert 'href="https://www.wikidata.org/wiki/Q41053"' in page


def test_ontology_terms_have_pages(client: FlaskClient) -> None:
    response = client.get(
        "/resource", query_string={"iri": "https://w3id.org/qalamoun/ontology#Town"}
    )
    assert response.status_code == 200
    assert "/id/place/arsal" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("accept", "mimetype"),
    [
        ("text/turtle", "text/turtle"),
        ("application/ld+json", "application/ld+json"),
        ("application/n-triples", "application/n-triples"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("text/turtle;q=0.5, application/rdf+xml", "application/rdf+xml"),
        (BROWSER, "text/html"),
        ("*/*", "text/html"),
    ],
)
def test_content_negotiation(client: FlaskClient, accept: str, mimetype: str) -> None:
    response = client.get("/id/place/arsal", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype == mimetype
    assert "Accept" in response.headers["Vary"]


def test_rdf_holds_the_resource_triples(client: FlaskClient) -> None:
    text = client.get("/id/place/arsal", headers={"Accept": "application/n-triples"}).get_data(
        as_text=True
    )
    assert f'<{QR}place/arsal> <http://www.w3.org/2000/01/rdf-schema#label> "Arsal"@en .' in text
    assert f"<{QR}event/battle-of-arsal> " in text  # inbound links too


@pytest.mark.parametrize(
    ("fmt", "mimetype"),
    [("ttl", "text/turtle"), ("jsonld", "application/ld+json"), ("nt", "application/n-triples"),
     ("rdf", "application/rdf+xml"), ("json", "application/json"), ("html", "text/html")],
)  # fmt: skip
def test_format_parameter_overrides_accept(client: FlaskClient, fmt: str, mimetype: str) -> None:
    response = client.get(f"/id/place/arsal?format={fmt}", headers={"Accept": BROWSER})
    assert response.status_code == 200
    assert response.mimetype == mimetype


def test_bad_format_and_unacceptable_accept(client: FlaskClient) -> None:
    assert client.get("/id/place/arsal?format=png").status_code == 400
    response = client.get("/id/place/arsal", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "text/turtle" in response.get_data(as_text=True)


def test_unknown_resource_is_a_404_offering_search(client: FlaskClient) -> None:
    response = client.get("/id/place/atlantis", headers={"Accept": BROWSER})
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert 'action="/search"' in page and 'value="atlantis"' in page
    turtle = client.get("/id/place/atlantis", headers={"Accept": "text/turtle"})
    assert turtle.status_code == 404 and turtle.mimetype == "text/plain"


def test_json_twins_share_the_page_data(client: FlaskClient) -> None:
    resource = client.get("/id/place/arsal?format=json").get_json()
    assert resource["node"] == {"iri": f"{QR}place/arsal", "label": "Arsal"}
    assert "place" in resource["kinds"] and resource["place"]["location"]["point"]["lat"] > 34
    timeline = client.get("/timeline", headers={"Accept": "application/json"}).get_json()
    titles = [group["title"] for group in timeline["groups"]]
    assert titles[:5] == [
        "The offensive",
        "Prelude and background",
        "Surrounding of Tfail",
        "Battle for the hills",
        "Battle of Arsal",
    ]
    assert "Aftermath" in titles


def test_claims_page_pairs_every_stated_conflict(client: FlaskClient) -> None:
    data = client.get("/claims?format=json").get_json()
    pairs = {
        frozenset((p["first"]["node"]["iri"], p["second"]["node"]["iri"])) for p in data["pairs"]
    }
    assert frozenset(
        (f"{QR}claim/infobox-lebanese-soldiers-killed-20",
         f"{QR}claim/lebanese-soldiers-killed-19-2014-08-12")
    ) in pairs  # fmt: skip
    page = client.get("/claims").get_data(as_text=True)
    for claim in set().union(*pairs):
        assert f'<tr class="conflict" id="{claim.rsplit("/", 1)[-1]}">' in page
    assert "side by side" in page


def test_citations_page_lists_all_53(client: FlaskClient) -> None:
    rows = client.get("/citations?format=json").get_json()
    assert [row["number"] for row in rows] == list(range(1, 54))
    page = client.get("/citations").get_data(as_text=True)
    assert page.count('<tr id="note-') == 53


def test_map_page_marks_the_located_places(client: FlaskClient) -> None:
    data = client.get("/map?format=json").get_json()
    marked = {mark["label"] for mark in data["drawing"]["marks"]}
    assert {"Arsal", "Damascus", "Rankous", "Nahle"} <= marked


def test_map_lists_every_place_and_shows_approximate_ones_at_their_basis(
    client: FlaskClient,
) -> None:
    data = client.get("/map?format=json").get_json()
    marked = {mark["label"] for mark in data["drawing"]["marks"]}
    listed = {place["node"]["label"]: place for place in data["places"]}
    assert len(listed) == 31
    assert listed["Tfail"]["via"]["iri"] == f"{QR}place/anti-lebanon-mountains"
    assert listed["Tfail"]["source"].startswith("approximate:")
    assert "Tfail" not in marked and listed["Arsal"]["via"] is None


def test_search_finds_alternative_spellings(client: FlaskClient) -> None:
    hits = client.get("/search?q=Ersal&format=json").get_json()
    assert hits[0]["node"]["iri"] == f"{QR}place/arsal"
    assert hits[0]["alternative"] is True
    page = client.get("/search?q=Kahwagi").get_data(as_text=True)
    assert 'href="/id/person/jean-kahwaji"' in page
    empty = client.get("/search?q=zzzzqqq").get_data(as_text=True)
    assert "Nothing matches" in empty


def test_map_tiles_are_off_unless_configured_and_asked(
    client: FlaskClient, memory_store: Store
) -> None:
    offline = client.get("/map?tiles=1").get_data(as_text=True)
    assert "<image" not in offline and "Show online map tiles" not in offline
    template = "https://tiles.example.org/{z}/{x}/{y}.png"
    app = make_app(memory_store, {"QKG_MAP_TILES": template})
    try:
        configured = app.test_client()
        assert "<image" not in configured.get("/map").get_data(as_text=True)
        response = configured.get("/map?tiles=1")
        page = response.get_data(as_text=True)
        assert page.count('<image href="https://tiles.example.org/9/') >= 4
        assert (
            "img-src 'self' data: https://tiles.example.org"
            in response.headers["Content-Security-Policy"]
        )
    finally:
        close_app(app)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Hizbollah", "actor/hezbollah"),
        ("Arsel", "place/arsal"),
        ("Yunin", "place/youneen"),
        ("Flitah", "place/flita"),
        ("Dimashq", "place/damascus"),
        ("حزب الله", "actor/hezbollah"),
    ],
)
def test_search_uses_the_name_matcher(client: FlaskClient, name: str, expected: str) -> None:
    hits = client.get("/search", query_string={"q": name, "format": "json"}).get_json()
    assert hits[0]["node"]["iri"] == f"{QR}{expected}"
    assert hits[0]["score"] >= 90 and hits[0]["match"] is True


def test_search_by_type_and_other_labels(client: FlaskClient) -> None:
    typed = client.get("/search?q=Arsal&type=qo:Event&format=json").get_json()
    assert typed and all("/event/" in hit["node"]["iri"] for hit in typed)
    footnote = client.get("/search?q=footnote 24&format=json").get_json()
    assert footnote[0]["node"]["iri"] == f"{QR}citation/24"
    page = client.get("/search?q=Hizbollah").get_data(as_text=True)
    assert 'data-suggest="/reconcile/suggest/entity"' in page and "spelling variant" in page


def test_query_editor_completes_from_our_graph(client: FlaskClient) -> None:
    terms = client.get("/query/vocabulary.json").get_json()
    qo, qr = PREFIXES["qo"], PREFIXES["qr"]
    assert terms["classes"][f"{qo}Town"] == "town"
    assert f"{qo}inCountry" in terms["properties"]
    assert terms["entities"][f"{qr}place/arsal"] == "Arsal"
    page = client.get("/").get_data(as_text=True)
    found = re.search(r'id="qkg-config">(.*?)</script>', page, re.S)
    assert found is not None
    config = json.loads(found.group(1))
    assert config["vocabulary"] == "/query/vocabulary.json"
    assert 'id="labels-switch"' in page


def test_person_page_shows_role_and_fate_and_a_total_its_parts(client: FlaskClient) -> None:
    person = client.get("/id/person/arrested-al-nusra-commander").get_data(as_text=True)
    assert 'href="/id/actor/al-nusra-front"' in person
    assert ">commander<" in person and ">arrested<" in person
    total = client.get("/id/claim/infobox-rebels-killed-930-plus").get_data(as_text=True)
    parts = (
        "rebels-killed-first-week-650",
        "rebels-killed-air-strike-east-of-arsal-20",
        "rebels-killed-al-jobeh-other-sources-200",
        "militants-killed-60-2014-08-12",
    )
    assert all(f'href="/id/claim/{part}"' in total for part in parts)
