"""`/validate` over HTTP on a read-only server: every input format, the report forms, the errors,
and nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
import requests

from tests.support.live import Server, store_digest

pytestmark = pytest.mark.server

SHAPES = Path(__file__).parent.parent / "fixtures" / "shapes"
BAD = SHAPES / "bad" / "claim-not-before-event.ttl"
GOOD = SHAPES / "good" / "claim-not-before-event.ttl"
GRAPH = ox.NamedNode("https://example.org/some-graph")
MEDIA = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


def as_format(path: Path, fmt: ox.RdfFormat) -> bytes:
    """A Turtle file's triples in another format (in a named graph for the dataset formats)."""
    quads = list(ox.parse(path.read_bytes(), ox.RdfFormat.TURTLE))
    if fmt.supports_datasets:
        data = ox.serialize(
            [ox.Quad(q.subject, q.predicate, q.object, GRAPH) for q in quads], None, fmt
        )
    else:
        data = ox.serialize([q.triple for q in quads], None, fmt)
    assert data is not None
    return data


def validate(server: Server, body: bytes, media: str, accept: str = "") -> requests.Response:
    """POST a body to /validate without any token."""
    headers = {"Content-Type": media}
    if accept:
        headers["Accept"] = accept
    return requests.post(server.url + "/validate", data=body, headers=headers, timeout=120)


def test_conforming_triples(guarded: Server) -> None:
    response = validate(guarded, GOOD.read_bytes(), "text/turtle")
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "application/json"
    report = response.json()
    assert report["conforms"] is True
    assert report["results"] == []


def test_violation_report_names_focus_shape_and_fix(guarded: Server) -> None:
    report = validate(guarded, BAD.read_bytes(), "text/turtle").json()
    assert report["conforms"] is False
    assert report["counts"]["Violation"] == 1
    (result,) = report["results"]
    assert result["focusNode"] == "<https://w3id.org/qalamoun/id/claim/test-figure>"
    assert result["sourceConstraint"] == "<https://w3id.org/qalamoun/shapes#ClaimNotBeforeEvent>"
    assert result["resultPath"] == "<https://w3id.org/qalamoun/ontology#asOf>"
    assert "correct qo:asOf" in result["message"]


@pytest.mark.parametrize("media", sorted(MEDIA))
def test_each_input_format_gives_the_same_report(guarded: Server, media: str) -> None:
    response = validate(guarded, as_format(BAD, MEDIA[media]), media)
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["conforms"] is False
    assert [r["sourceConstraint"] for r in report["results"]] == [
        "<https://w3id.org/qalamoun/shapes#ClaimNotBeforeEvent>"
    ]


def test_same_report_as_qkg_validate(guarded: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from qalamoun_kg.cli import main

    # The server holds its store's lock; `memory` is loaded from the same sources.
    monkeypatch.delenv("QKG_HOME", raising=False)
    cli = CliRunner().invoke(main, ["validate", "--format", "json", "--store", "memory", str(BAD)])
    http = validate(guarded, BAD.read_bytes(), "text/turtle").text
    assert json.loads(http) == json.loads(cli.stdout)


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("", "application/json"),
        ("*/*", "application/json"),
        ("application/json", "application/json"),
        ("text/turtle", "text/turtle"),
        ("text/plain", "text/plain"),
        ("text/html", "text/html"),
        ("text/turtle;q=0.5, application/json;q=0.9", "application/json"),
    ],
)
def test_accept_chooses_the_report_form(guarded: Server, accept: str, expected: str) -> None:
    response = validate(guarded, BAD.read_bytes(), "text/turtle", accept)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].split(";")[0] == expected
    assert "Accept" in response.headers.get("Vary", "")
    if expected == "text/turtle":
        graph = rdflib.Graph().parse(data=response.text, format="turtle")
        sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
        assert (None, sh.conforms, rdflib.Literal(False)) in graph
    if expected == "text/plain":
        assert response.text.startswith("Validation (incremental")
        assert "does not conform" in response.text
    if expected == "text/html":
        assert 'href="/id/claim/test-figure"' in response.text


def test_unacceptable_accept_is_406(guarded: Server) -> None:
    assert validate(guarded, BAD.read_bytes(), "text/turtle", "image/png").status_code == 406


def test_bad_syntax_is_400_with_position(guarded: Server) -> None:
    response = validate(
        guarded, b"@prefix qo: <https://w3id.org/qalamoun/ontology#> .\nqo:x qo:y", "text/turtle"
    )
    assert response.status_code == 400
    assert "request body:2" in response.text


@pytest.mark.parametrize(
    "media", ["application/pdf", "text/n3", "", "text/turtle; charset=latin-1"]
)
def test_unsupported_type_is_415(guarded: Server, media: str) -> None:
    response = requests.post(
        guarded.url + "/validate",
        data=GOOD.read_bytes(),
        headers={"Content-Type": media},
        timeout=60,
    )
    assert response.status_code == 415


def test_body_over_the_limit_is_413(guarded: Server) -> None:
    # The guarded server keeps the default 16 MiB limit; one byte more is refused unread.
    body = b"#" * (16 * 1024 * 1024 + 1)
    assert validate(guarded, body, "text/turtle").status_code == 413


def test_more_triples_than_the_cap_is_413(guarded: Server) -> None:
    from qalamoun_kg.web.validate import MAX_TRIPLES

    lines = [f"<urn:x:s{i}> <urn:x:p> <urn:x:o> .\n" for i in range(MAX_TRIPLES + 1)]
    response = validate(guarded, "".join(lines).encode(), "application/n-triples")
    assert response.status_code == 413
    assert f"at most {MAX_TRIPLES}" in response.text


def test_class_hierarchy_changes_are_422(guarded: Server) -> None:
    body = b"<urn:x:a> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <urn:x:b> .\n"
    response = validate(guarded, body, "application/n-triples")
    assert response.status_code == 422
    assert "qkg validate" in response.text


def test_nothing_is_written(live: Server) -> None:
    before = store_digest(live.store)
    for body in (GOOD.read_bytes(), BAD.read_bytes()):
        assert validate(live, body, "text/turtle").status_code == 200
    assert store_digest(live.store) == before
    ask = "ASK { <https://w3id.org/qalamoun/id/claim/test-figure> ?p ?o }"
    answer = requests.get(live.sparql, params={"query": ask}, timeout=60).json()
    assert answer["boolean"] is False
