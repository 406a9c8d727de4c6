"""Real SPARQL clients against a live server: SPARQLWrapper and rdflib's SPARQL stores."""

from __future__ import annotations

import uuid

import pytest
import rdflib
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

from tests.support.live import Server

pytestmark = pytest.mark.server

PREFIXES = """PREFIX qo: <https://w3id.org/qalamoun/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
SELECT = PREFIXES + "SELECT ?label WHERE { ?e a qo:Offensive ; rdfs:label ?label }"
OFFENSIVE = "Qalamoun offensive (June–August 2014)"


def wrapper(server: Server, fmt: str, query: str = SELECT) -> SPARQLWrapper:
    """A SPARQLWrapper for the server's endpoint."""
    client = SPARQLWrapper(server.sparql)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


def test_sparqlwrapper_select_json(live: Server) -> None:
    result = wrapper(live, JSON).queryAndConvert()
    assert isinstance(result, dict)
    labels = [b["label"]["value"] for b in result["results"]["bindings"]]
    assert OFFENSIVE in labels


def test_sparqlwrapper_select_xml(live: Server) -> None:
    document = wrapper(live, XML).queryAndConvert()
    literals = document.getElementsByTagName("literal")  # type: ignore[union-attr]
    assert OFFENSIVE in {node.firstChild.data for node in literals}  # type: ignore[union-attr]


def test_sparqlwrapper_select_csv(live: Server) -> None:
    text = wrapper(live, CSV).queryAndConvert()
    assert isinstance(text, bytes)
    assert OFFENSIVE in text.decode("utf-8")


def test_sparqlwrapper_construct_turtle(live: Server) -> None:
    query = PREFIXES + "CONSTRUCT { ?e rdfs:label ?l } WHERE { ?e a qo:Offensive ; rdfs:label ?l }"
    data = wrapper(live, TURTLE, query).queryAndConvert()
    assert isinstance(data, bytes | str)
    graph = rdflib.Graph().parse(data=data, format="turtle")
    assert rdflib.Literal(OFFENSIVE, lang="en") in set(graph.objects())


def test_sparqlwrapper_post_and_ask(live: Server) -> None:
    client = wrapper(live, JSON, PREFIXES + "ASK { ?e a qo:Offensive }")
    client.setMethod("POST")
    result = client.queryAndConvert()
    assert isinstance(result, dict) and result["boolean"] is True


def test_rdflib_sparqlstore_query(live: Server) -> None:
    graph = rdflib.Graph(SPARQLStore(live.sparql))
    rows = list(graph.query(SELECT))
    assert OFFENSIVE in {str(row[0]) for row in rows}  # type: ignore[index]


def test_rdflib_sparql_update_store(live: Server) -> None:
    store = SPARQLUpdateStore(
        live.sparql, live.sparql, headers={"Authorization": f"Bearer {live.token}"}
    )
    graph = rdflib.Graph(store, identifier=DATASET_DEFAULT_GRAPH_ID)
    slug = uuid.uuid4().hex[:8]
    graph.update(
        PREFIXES
        + "PREFIX qr: <https://w3id.org/qalamoun/id/>\n"
        + f'INSERT DATA {{ qr:place\\/rdflib-{slug} a qo:Village ; rdfs:label "Rdflib {slug}"@en ;'
        + " qo:inCountry qr:country\\/lebanon . }"
    )
    found = list(graph.query(PREFIXES + f'SELECT ?v WHERE {{ ?v rdfs:label "Rdflib {slug}"@en }}'))
    assert [str(row[0]) for row in found] == [  # type: ignore[index]
        f"https://w3id.org/qalamoun/id/place/rdflib-{slug}"
    ]
