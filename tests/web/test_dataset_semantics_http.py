"""Standard write semantics over HTTP on a store holding the article: no request changes a graph
it does not name, CLEAR/DROP ALL reset the writable dataset, and managed graphs survive."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from tests.support.live import Server

pytestmark = pytest.mark.server

GSP = "/rdf-graph-store"
ONTOLOGY = "https://w3id.org/qalamoun/graph/ontology"
SHAPES = "https://w3id.org/qalamoun/graph/shapes"
INFERRED = "https://w3id.org/qalamoun/graph/inferred"
CITATIONS = "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a qo:Citation }"


@pytest.fixture
def article(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A writable server of its own on the article data (these tests change it a lot)."""
    workdir = tmp_path_factory.mktemp("dataset")
    server = Server(workdir, str(workdir / "store"), options=["--timeout", "60"]).start()
    yield server
    server.stop()
    server.assert_clean_log()


def update(server: Server, text: str) -> requests.Response:
    """POST an update with the token."""
    headers = {"Content-Type": "application/sparql-update", **server.auth}
    return requests.post(server.sparql, data=text.encode(), headers=headers, timeout=300)


def select_one(server: Server, query: str) -> str:
    """The single value of a one-row SELECT."""
    response = requests.get(server.sparql, params={"query": query}, timeout=60)
    assert response.status_code == 200, response.text
    row = response.json()["results"]["bindings"][0]
    return str(next(iter(row.values()))["value"])


def named_graphs(server: Server) -> set[str]:
    """Every named graph a query can list."""
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"
    response = requests.get(server.sparql, params={"query": query}, timeout=60)
    return {b["g"]["value"] for b in response.json()["results"]["bindings"]}


def graph_size(server: Server, graph: str) -> int:
    """Number of triples in one named graph."""
    return int(
        select_one(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    )


def test_default_graph_operations_leave_the_article_alone(article: Server) -> None:
    citations = select_one(article, CITATIONS)
    graphs = named_graphs(article)
    body = b"<http://example.org/s> <http://example.org/p> <http://example.org/o> ."
    put = requests.put(
        article.url + GSP,
        params={"default": ""},
        data=body,
        headers={"Content-Type": "text/turtle", **article.auth},
        timeout=60,
    )
    assert put.status_code in (200, 201, 204), put.text
    for text in (
        "DELETE WHERE { ?s ?p ?o }",
        "CLEAR DEFAULT",
        "DROP DEFAULT",
        "INSERT DATA { <http://example.org/a> <http://example.org/p> 1 }",
        "COPY DEFAULT TO <http://example.org/copy>",
        "MOVE DEFAULT TO <http://example.org/moved>",
        "DELETE DATA { GRAPH <http://example.org/moved> "
        "{ <http://example.org/a> <http://example.org/p> 1 } }",
    ):
        response = update(article, text)
        assert response.status_code == 200, (text, response.text)
        assert select_one(article, CITATIONS) == citations, text
    assert named_graphs(article) == graphs | {"http://example.org/copy", "http://example.org/moved"}
    copied = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <http://example.org/copy> { ?s ?p ?o } }"
    assert select_one(article, copied) == "1"


def test_load_silent_of_a_refused_source_is_not_an_error(article: Server) -> None:
    response = update(article, "LOAD SILENT <http://example.org/nothing.ttl>")
    assert response.status_code == 200, response.text
    assert update(article, "LOAD <http://example.org/nothing.ttl>").status_code == 400


def test_drop_all_resets_the_dataset_and_keeps_the_managed_graphs(article: Server) -> None:
    ontology, shapes = graph_size(article, ONTOLOGY), graph_size(article, SHAPES)
    assert graph_size(article, INFERRED) > 0
    response = update(article, "DROP ALL")
    assert response.status_code == 200, response.text
    assert select_one(article, CITATIONS) == "0"
    assert graph_size(article, ONTOLOGY) == ontology
    assert graph_size(article, SHAPES) == shapes
    about_the_article = (
        "ASK { GRAPH <" + INFERRED + "> { ?s ?p ?o "
        'FILTER(STRSTARTS(STR(?s), "https://w3id.org/qalamoun/id/")) } }'
    )
    answer = requests.get(article.sparql, params={"query": about_the_article}, timeout=60)
    assert answer.json()["boolean"] is False  # inferred facts about the dropped data are gone
    assert update(article, "CLEAR ALL").status_code == 200
    assert update(article, "INSERT DATA { <http://example.org/s> <http://example.org/p> 1 }").ok
    default = requests.get(
        article.url + GSP,
        params={"default": ""},
        headers={"Accept": "application/n-triples"},
        timeout=60,
    )
    assert len(default.text.strip().splitlines()) == 1
