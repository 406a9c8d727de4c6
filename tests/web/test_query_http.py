"""Queries over HTTP against a live server: methods, content negotiation, errors, limits."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
import rdflib
import requests

from tests.support.live import Server
from tests.web.limits import MAX_BODY, MAX_ROWS

pytestmark = pytest.mark.server

SELECT = "SELECT ?s ?label WHERE { ?s rdfs:label ?label } ORDER BY ?s ?label LIMIT 3"
CONSTRUCT = "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a qo:Offensive ; rdfs:label ?l }"
ASK = "ASK { ?s a qo:Offensive }"
TRACEBACK = "Traceback"


def get(server: Server, query: str, **kwargs: object) -> requests.Response:
    """GET /sparql?query=…"""
    params = {"query": query, **kwargs.pop("params", {})}  # type: ignore[dict-item]
    return requests.get(server.sparql, params=params, timeout=60, **kwargs)  # type: ignore[arg-type]


def test_get_form_post_and_direct_post_give_the_same_answer(live: Server) -> None:
    by_get = get(live, SELECT)
    by_form = requests.post(live.sparql, data={"query": SELECT}, timeout=60)
    by_body = requests.post(
        live.sparql,
        data=SELECT.encode(),
        headers={"Content-Type": "application/sparql-query"},
        timeout=60,
    )
    for response in (by_get, by_form, by_body):
        assert response.status_code == 200, response.text
        assert response.headers["Content-Type"] == "application/sparql-results+json"
    assert by_get.json() == by_form.json() == by_body.json()
    assert len(by_get.json()["results"]["bindings"]) == 3


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("text/csv;q=1.0, application/sparql-results+xml;q=0.2", "text/csv"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_select_negotiates_by_accept_and_quality(live: Server, accept: str, media: str) -> None:
    response = get(live, SELECT, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == media
    assert "Accept" in response.headers["Vary"]
    body = response.text
    if media.endswith("json"):
        assert len(json.loads(body)["results"]["bindings"]) == 3
    elif media.endswith("xml"):
        ns = "{http://www.w3.org/2005/sparql-results#}"
        assert len(ET.fromstring(body).findall(f"{ns}results/{ns}result")) == 3
    elif media == "text/csv":
        rows = list(csv.reader(io.StringIO(body)))
        assert rows[0] == ["s", "label"] and len(rows) == 4
    else:
        assert body.splitlines()[0] == "?s\t?label" and len(body.splitlines()) == 4


@pytest.mark.parametrize(
    ("fmt", "media"),
    [
        ("json", "application/sparql-results+json"),
        ("xml", "application/sparql-results+xml"),
        ("csv", "text/csv"),
        ("tsv", "text/tab-separated-values"),
        ("text/csv", "text/csv"),
    ],
)
def test_format_parameter_overrides_accept(live: Server, fmt: str, media: str) -> None:
    response = get(live, SELECT, params={"format": fmt}, headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == media


@pytest.mark.parametrize(
    ("accept", "media", "rdflib_format"),
    [
        ("text/turtle", "text/turtle", "turtle"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
        ("application/n-quads", "application/n-quads", "nquads"),
        ("application/trig", "application/trig", "trig"),
    ],
)
def test_construct_in_every_rdf_format(
    live: Server, accept: str, media: str, rdflib_format: str
) -> None:
    response = get(live, CONSTRUCT, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].split(";")[0] == media
    graph = rdflib.Dataset() if rdflib_format in ("nquads", "trig") else rdflib.Graph()
    graph.parse(data=response.content, format=rdflib_format)
    labels = {str(o) for _, _, o in graph.triples((None, rdflib.RDFS.label, None))}
    assert "Qalamoun offensive (June–August 2014)" in labels


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "jsonld", "rdfxml", "nquads", "trig"])
def test_construct_format_parameter(live: Server, fmt: str) -> None:
    response = get(live, CONSTRUCT, params={"format": fmt})
    assert response.status_code == 200
    assert response.content


@pytest.mark.parametrize(
    "accept",
    [
        "application/sparql-results+json",
        "text/csv",
        "text/tab-separated-values",
        "application/sparql-results+xml",
    ],
)
def test_ask_answers_true(live: Server, accept: str) -> None:
    response = get(live, ASK, headers={"Accept": accept})
    assert response.status_code == 200
    assert "true" in response.text


def test_describe_is_rdf(live: Server) -> None:
    response = get(live, "DESCRIBE qr:event\\/qalamoun-offensive-2014")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/turtle")
    assert "Qalamoun offensive" in response.text


def test_nothing_acceptable_is_406(live: Server) -> None:
    assert get(live, SELECT, headers={"Accept": "image/png"}).status_code == 406
    # a CONSTRUCT cannot be CSV
    response = get(live, CONSTRUCT, headers={"Accept": "text/csv"})
    assert response.status_code == 406
    assert TRACEBACK not in response.text
    assert get(live, SELECT, params={"format": "turtle"}).status_code == 406


def test_unknown_format_is_400(live: Server) -> None:
    response = get(live, SELECT, params={"format": "yaml"})
    assert response.status_code == 400
    assert "unknown format" in response.text


def test_malformed_query_is_400_with_position(live: Server) -> None:
    response = get(live, "SELECT * WHERE { ?s ?p ?o ")
    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("text/plain")
    assert "line 1, column 27" in response.text
    assert TRACEBACK not in response.text
    assert "[" not in response.text.split("expected", 1)[-1].replace('"["', "")


def test_errors_are_json_for_json_clients(live: Server) -> None:
    response = get(live, "SELECT", headers={"Accept": "application/json, text/plain;q=0.1"})
    assert response.status_code == 400
    assert response.json()["status"] == 400


def test_wrong_method_and_media_types(live: Server) -> None:
    assert requests.put(live.sparql, data="x", timeout=30).status_code == 405
    response = requests.post(
        live.sparql, data=ASK, headers={"Content-Type": "text/plain"}, timeout=30
    )
    assert response.status_code == 415
    response = requests.post(
        live.sparql,
        data=ASK.encode("utf-16"),
        headers={"Content-Type": "application/sparql-query; charset=UTF-16"},
        timeout=30,
    )
    assert response.status_code == 415
    both = requests.post(live.sparql, data={"query": ASK, "update": "CLEAR ALL"}, timeout=30)
    assert both.status_code == 400


def test_head_and_options(live: Server) -> None:
    head = requests.head(live.sparql, params={"query": SELECT}, timeout=30)
    assert head.status_code == 200
    assert head.headers["Content-Type"] == "application/sparql-results+json"
    assert head.content == b""
    options = requests.options(live.sparql, timeout=30)
    assert options.status_code == 200
    assert {"GET", "POST"} <= {m.strip() for m in options.headers["Allow"].split(",")}
    # the server still answers after a HEAD left its result unread
    assert get(live, ASK).status_code == 200


def test_cors_allows_reads_without_credentials(live: Server) -> None:
    origin = {"Origin": "https://yasgui.example"}
    response = get(live, ASK, headers=origin)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    preflight = requests.options(
        live.sparql,
        headers={
            **origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
        timeout=30,
    )
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Credentials" not in preflight.headers
    token_preflight = requests.options(
        live.sparql,
        headers={
            **origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization",
        },
        timeout=30,
    )
    allowed = token_preflight.headers.get("Access-Control-Allow-Headers", "").lower()
    assert "authorization" not in allowed


def test_results_are_cut_at_the_row_cap_and_say_so(live: Server) -> None:
    response = get(live, "SELECT * WHERE { ?s ?p ?o }")
    assert response.status_code == 200
    assert response.headers["X-SPARQL-MaxRows"] == str(MAX_ROWS)
    assert len(response.json()["results"]["bindings"]) == MAX_ROWS
    graph = get(live, "CONSTRUCT WHERE { ?s ?p ?o }", headers={"Accept": "application/n-triples"})
    assert graph.headers["X-SPARQL-MaxRows"] == str(MAX_ROWS)
    assert len(graph.text.strip().splitlines()) == MAX_ROWS
    small = get(live, SELECT)
    assert "X-SPARQL-MaxRows" not in small.headers


def test_too_large_body_is_413(live: Server) -> None:
    body = "ASK {}" + " " * (MAX_BODY + 10)
    response = requests.post(
        live.sparql, data=body, headers={"Content-Type": "application/sparql-query"}, timeout=60
    )
    assert response.status_code == 413
    assert TRACEBACK not in response.text


def test_dataset_parameters(live: Server) -> None:
    ontology = "https://w3id.org/qalamoun/graph/ontology"
    params = {"default-graph-uri": ontology}
    only_ontology = get(live, "ASK { ?s a qo:Offensive }", params=params)
    assert "false" in only_ontology.text
    named = get(
        live,
        "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
        params={"named-graph-uri": ontology},
    )
    graphs = {b["g"]["value"] for b in named.json()["results"]["bindings"]}
    assert graphs == {ontology}


def test_infer_parameter_is_checked(live: Server) -> None:
    assert get(live, ASK, params={"infer": "true"}).status_code == 200
    assert get(live, ASK, params={"infer": "maybe"}).status_code == 400


def test_service_to_a_host_not_allowed_is_400(live: Server) -> None:
    query = "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }"
    response = get(live, query)
    assert response.status_code == 400
    assert "--allow-fetch" in response.text


def test_service_to_an_allowed_host_on_loopback_is_400(guarded: Server) -> None:
    query = "SELECT * WHERE { SERVICE <http://localhost:1/sparql> { ?s ?p ?o } }"
    response = get(guarded, query)
    assert response.status_code == 400
    assert "non-public address" in response.text
    variable = get(guarded, "SELECT * WHERE { SERVICE ?x { ?s ?p ?o } }")
    assert variable.status_code == 400


def test_service_description(live: Server) -> None:
    response = requests.get(live.sparql, timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = graph.value(None, rdflib.RDF.type, sd.Service)
    assert graph.value(service, sd.endpoint) == rdflib.URIRef(live.sparql)
    languages = set(graph.objects(service, sd.supportedLanguage))
    assert {sd.SPARQL11Query, sd.SPARQL11Update} <= languages
    formats = {str(o) for o in graph.objects(service, sd.resultFormat)}
    assert "http://www.w3.org/ns/formats/SPARQL_Results_CSV" in formats
    names = {str(o) for o in graph.objects(None, sd.name)}
    assert "https://w3id.org/qalamoun/graph/ontology" in names
    for accept, fmt in (("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")):
        other = requests.get(live.sparql, headers={"Accept": accept}, timeout=30)
        assert other.headers["Content-Type"].startswith(accept)
        assert len(rdflib.Graph().parse(data=other.text, format=fmt)) == len(graph)
    browser = requests.get(
        live.sparql, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}, timeout=30
    )
    assert browser.status_code == 200


def test_void_description(live: Server) -> None:
    response = requests.get(live.url + "/.well-known/void", timeout=30)
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    dataset = graph.value(None, void.sparqlEndpoint, rdflib.URIRef(live.sparql))
    assert dataset is not None
    for key in ("triples", "entities", "classes", "properties"):
        value = graph.value(dataset, void[key])
        assert value is not None and int(str(value)) > 0, key
    subsets = set(graph.objects(dataset, void.subset))
    assert rdflib.URIRef("https://w3id.org/qalamoun/graph/ontology") in subsets
    examples = {str(x) for x in graph.objects(dataset, void.exampleResource)}
    assert "https://w3id.org/qalamoun/id/event/qalamoun-offensive-2014" in examples
    assert any(graph.objects(dataset, void.classPartition))
    assert any(graph.objects(dataset, void.propertyPartition))
