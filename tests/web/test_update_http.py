"""Updates and the Graph Store Protocol over HTTP: tokens, validation, one transaction."""

from __future__ import annotations

import hashlib
import json
import uuid

import pytest
import rdflib
import requests

from tests.support.live import Server

pytestmark = pytest.mark.server

GSP = "/rdf-graph-store"
UPDATE = {"Content-Type": "application/sparql-update"}


def village(slug: str, extra: str = "") -> str:
    """Turtle body of a valid village (the shapes' good fixture), with optional extra lines."""
    return (
        f'qr:place\\/{slug} a qo:Village ; rdfs:label "Test village {slug}"@en ;\n'
        f"    qo:inCountry qr:country\\/lebanon {extra} ."
    )


def update(server: Server, text: str, **headers: str) -> requests.Response:
    """POST an update with the token (unless headers replace it)."""
    sent = {**UPDATE, **server.auth, **headers}
    return requests.post(server.sparql, data=text.encode(), headers=sent, timeout=120)


def ask(server: Server, query: str) -> bool:
    """The boolean answer of an ASK."""
    response = requests.get(server.sparql, params={"query": query}, timeout=60)
    assert response.status_code == 200, response.text
    return bool(response.json()["boolean"])


def digest(server: Server) -> str:
    """A digest of the whole dump: every named graph read whole through the graph store."""
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } } ORDER BY ?g"
    listed = requests.get(server.sparql, params={"query": query}, timeout=60)
    assert "X-SPARQL-MaxRows" not in listed.headers
    lines: list[str] = []
    for binding in listed.json()["results"]["bindings"]:
        graph = binding["g"]["value"]
        response = requests.get(
            server.url + GSP,
            params={"graph": graph},
            headers={"Accept": "application/n-triples"},
            timeout=60,
        )
        assert response.status_code == 200
        lines.extend(f"{graph} {line}" for line in response.text.splitlines())
    return hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()


USER_GRAPH = "https://w3id.org/qalamoun/graph/user"


def test_valid_update_is_committed_and_visible(live: Server) -> None:
    slug = f"village-{uuid.uuid4().hex[:8]}"
    response = update(live, f"INSERT DATA {{ {village(slug)} }}")
    assert response.status_code == 200, response.text
    assert response.json()["inserted"] == 3
    # in the store's default graph, and in no named graph
    assert ask(live, f"ASK {{ qr:place\\/{slug} a qo:Village }}")
    assert not ask(live, f"ASK {{ GRAPH ?g {{ qr:place\\/{slug} a qo:Village }} }}")
    response = update(live, f"DELETE WHERE {{ qr:place\\/{slug} ?p ?o }}")
    assert response.status_code == 200
    assert response.json()["deleted"] == 3
    assert not ask(live, f"ASK {{ qr:place\\/{slug} ?p ?o }}")


def test_form_encoded_update(live: Server) -> None:
    slug = f"village-{uuid.uuid4().hex[:8]}"
    response = requests.post(
        live.sparql,
        data={"update": f"INSERT DATA {{ {village(slug)} }}"},
        headers=live.auth,
        timeout=120,
    )
    assert response.status_code == 200, response.text


def test_update_without_token_is_401_and_wrong_token_is_403(live: Server) -> None:
    text = f"INSERT DATA {{ {village('never')} }}"
    missing = requests.post(live.sparql, data=text.encode(), headers=UPDATE, timeout=30)
    assert missing.status_code == 401
    assert missing.headers["WWW-Authenticate"].startswith("Bearer")
    wrong = update(live, text, Authorization="Bearer " + "x" * 40)
    assert wrong.status_code == 403
    assert not ask(live, "ASK { qr:place\\/never ?p ?o }")


def test_update_with_get_is_refused(live: Server) -> None:
    response = requests.get(live.sparql, params={"update": "CLEAR ALL"}, timeout=30)
    assert response.status_code == 400


def test_invalid_update_is_422_with_report_and_changes_nothing(live: Server) -> None:
    before = digest(live)
    bad = village("bad-alt", '; skos:altLabel "x"')
    text = f"INSERT DATA {{ {bad} }}"
    response = update(live, text)
    assert response.status_code == 422, response.text
    report = response.json()
    assert report["conforms"] is False
    assert any("altLabel" in (r["resultPath"] or "") for r in report["results"])
    as_turtle = update(live, text, Accept="text/turtle")
    assert as_turtle.status_code == 422
    graph = rdflib.Graph().parse(data=as_turtle.text, format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert (None, sh.conforms, rdflib.Literal(False)) in graph
    assert digest(live) == before


def test_managed_graphs_are_refused(live: Server) -> None:
    before = digest(live)
    response = update(live, "CLEAR GRAPH <https://w3id.org/qalamoun/graph/shapes>")
    assert response.status_code == 403
    assert "managed" in response.text
    ontology = "https://w3id.org/qalamoun/graph/ontology"
    assert update(live, f"DROP GRAPH <{ontology}>").status_code == 403
    # outside the writable dataset, a WHERE clause finds nothing there to delete
    assert (
        update(live, f"DELETE WHERE {{ GRAPH <{ontology}> {{ ?s ?p ?o }} }}").json()["deleted"] == 0
    )
    assert digest(live) == before


def test_update_syntax_error_is_400_with_position(live: Server) -> None:
    response = update(live, "INSERT DATA { <http://e/s> <http://e/p> }")
    assert response.status_code == 400
    assert "line 1" in response.text
    assert "Traceback" not in response.text


def test_load_from_a_host_not_allowed_is_400(live: Server) -> None:
    response = update(live, "LOAD <http://example.org/data.ttl>")
    assert response.status_code == 400
    assert "--allow-fetch" in response.text


def test_read_only_server_refuses_updates(guarded: Server) -> None:
    response = requests.post(
        guarded.sparql, data=b"CLEAR ALL", headers={**UPDATE, **guarded.auth}, timeout=30
    )
    assert response.status_code == 403
    assert "read-only" in response.text


def test_graph_store_put_get_post_delete(live: Server) -> None:
    graph = f"https://w3id.org/qalamoun/graph/test-{uuid.uuid4().hex[:8]}"
    url = live.url + GSP
    body = "@prefix qo: <https://w3id.org/qalamoun/ontology#> .\n" + _prefixes() + village("gsp-a")
    turtle = {"Content-Type": "text/turtle", **live.auth}
    assert requests.get(url, params={"graph": graph}, timeout=30).status_code == 404
    created = requests.put(
        url, params={"graph": graph}, data=body.encode(), headers=turtle, timeout=120
    )
    assert created.status_code == 201, created.text
    replaced = requests.put(
        url, params={"graph": graph}, data=body.encode(), headers=turtle, timeout=120
    )
    assert replaced.status_code == 204
    got = requests.get(
        url, params={"graph": graph}, headers={"Accept": "application/n-triples"}, timeout=30
    )
    assert got.status_code == 200
    assert got.headers["Content-Type"].startswith("application/n-triples")
    assert len(got.text.strip().splitlines()) == 3
    head = requests.head(url, params={"graph": graph}, timeout=30)
    assert head.status_code == 200 and head.content == b""
    added = requests.post(
        url,
        params={"graph": graph},
        data=(_prefixes() + village("gsp-b")).encode(),
        headers=turtle,
        timeout=120,
    )
    assert added.status_code == 204
    as_jsonld = requests.get(url, params={"graph": graph, "format": "jsonld"}, timeout=30)
    assert len(rdflib.Graph().parse(data=as_jsonld.text, format="json-ld")) == 6
    assert (
        requests.delete(url, params={"graph": graph}, headers=live.auth, timeout=60).status_code
        == 204
    )
    assert requests.get(url, params={"graph": graph}, timeout=30).status_code == 404
    assert (
        requests.delete(url, params={"graph": graph}, headers=live.auth, timeout=60).status_code
        == 404
    )


def test_graph_store_checks_token_body_and_shapes(live: Server) -> None:
    graph = f"https://w3id.org/qalamoun/graph/test-{uuid.uuid4().hex[:8]}"
    url = live.url + GSP
    body = (_prefixes() + village("gsp-c")).encode()
    no_token = requests.put(
        url, params={"graph": graph}, data=body, headers={"Content-Type": "text/turtle"}, timeout=30
    )
    assert no_token.status_code == 401
    unsupported = requests.put(
        url,
        params={"graph": graph},
        data=body,
        headers={"Content-Type": "text/csv", **live.auth},
        timeout=30,
    )
    assert unsupported.status_code == 415
    broken = requests.put(
        url,
        params={"graph": graph},
        data=b"<a> <b> .",
        headers={"Content-Type": "text/turtle", **live.auth},
        timeout=30,
    )
    assert broken.status_code == 400
    assert "Traceback" not in broken.text
    invalid = (_prefixes() + village("gsp-d", '; skos:altLabel "x"')).encode()
    refused = requests.put(
        url,
        params={"graph": graph},
        data=invalid,
        headers={"Content-Type": "text/turtle", **live.auth},
        timeout=120,
    )
    assert refused.status_code == 422
    assert requests.get(url, params={"graph": graph}, timeout=30).status_code == 404
    assert requests.get(url, timeout=30).status_code == 400
    assert requests.get(url, params={"graph": "not an iri"}, timeout=30).status_code == 400


def test_graph_store_default_graph_is_the_store_default_graph(live: Server) -> None:
    url = live.url + GSP
    triples = {"Accept": "application/n-triples"}
    before = requests.get(url, params={"default": ""}, headers=triples, timeout=60)
    assert before.status_code == 200
    assert "Qalamoun offensive" not in before.text  # the article lives in named graphs
    label = f"default-{uuid.uuid4().hex[:8]}"
    body = f'<http://example.org/{label}> <http://example.org/note> "{label}" .'
    posted = requests.post(
        url,
        params={"default": ""},
        data=body.encode(),
        headers={"Content-Type": "text/turtle", **live.auth},
        timeout=60,
    )
    assert posted.status_code == 204, posted.text
    after = requests.get(url, params={"default": ""}, headers=triples, timeout=60)
    assert label in after.text
    assert ask(live, f'ASK {{ ?s <http://example.org/note> "{label}" }}')
    assert ask(live, "ASK { ?x a qo:Citation }")  # queries still see the union


def _prefixes() -> str:
    """Turtle prefixes of the project used by the bodies."""
    return (
        "@prefix qo: <https://w3id.org/qalamoun/ontology#> .\n"
        "@prefix qr: <https://w3id.org/qalamoun/id/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
    )


def test_summary_is_json(live: Server) -> None:
    response = update(live, "INSERT DATA { }")
    assert response.status_code == 200
    assert json.loads(response.text)["inserted"] == 0
