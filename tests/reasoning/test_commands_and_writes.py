"""`qkg infer`, `qkg query --infer`, and the inferred graph after writes over HTTP and CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from qalamoun_kg.cli import main
from qalamoun_kg.reasoning.materialize import inferred_facts, premises
from qalamoun_kg.store import Store, open_store
from qalamoun_kg.web import ServerConfig, close_app, create_app
from tests.reasoning.owlrl_reference import stored_inferred

TOKEN = "reasoning-tests-" + "t" * 32
TEST_TOWN = """
PREFIX qo: <https://w3id.org/qalamoun/ontology#>
INSERT DATA {
  <https://w3id.org/qalamoun/id/place/test-town> a qo:Town ;
      rdfs:label "A test town"@en ;
      qo:locatedIn <https://w3id.org/qalamoun/id/place/baalbek-district> .
}
"""
IN_LEBANON = (
    "ASK { <https://w3id.org/qalamoun/id/place/test-town> "
    "<https://w3id.org/qalamoun/ontology#inCountry> "
    "<https://w3id.org/qalamoun/id/country/lebanon> }"
)


def run(*args: str) -> tuple[int, str, str]:
    """Run `qkg` in-process: exit code, stdout, stderr."""
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def recomputed(store: Store) -> set[object]:
    """The inferred graph's content computed from scratch."""
    return set(inferred_facts(*premises(store)))


def test_infer_and_query_switch(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    code, _, err = run("infer", "--store", store)
    assert code == 0 and "inferred" in err
    ask = "ASK { <https://w3id.org/qalamoun/id/actor/hezbollah> a qo:Actor }"
    assert (
        json.loads(run("query", ask, "--format", "json", "--store", store)[1])["boolean"] is False
    )
    inferred = run("query", "--infer", ask, "--format", "json", "--store", store)[1]
    assert json.loads(inferred)["boolean"] is True


def test_check_reports_disjoint_classes(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    assert run("infer", "--check", "--store", store)[0] == 0
    raw = open_store(store)
    raw.add(
        [
            ox.Quad(
                ox.NamedNode("https://w3id.org/qalamoun/id/place/arsal"),
                ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                ox.NamedNode("https://w3id.org/qalamoun/ontology#Person"),
                ox.NamedNode("https://w3id.org/qalamoun/graph/user"),
            )
        ]
    )
    raw.close()
    code, out, _ = run("infer", "--check", "--store", store)
    assert code == 1
    assert "cax-dw" in out and "place/arsal" in out and "Person" in out and "Place" in out


def test_http_update_maintains_the_inferred_graph(inferred_store: Store) -> None:
    app = create_app(inferred_store, ServerConfig(writable=True, token=TOKEN, workers=1))
    try:
        client = app.test_client()
        answer = client.post(
            "/sparql", data={"update": TEST_TOWN}, headers={"Authorization": f"Bearer {TOKEN}"}
        )
        assert answer.status_code in (200, 204), answer.get_data(as_text=True)
        accept = {"Accept": "application/sparql-results+json"}
        plain = client.get("/sparql", query_string={"query": IN_LEBANON}, headers=accept)
        inferred = client.get(
            "/sparql", query_string={"query": IN_LEBANON, "infer": "true"}, headers=accept
        )
        assert plain.get_json()["boolean"] is False
        assert inferred.get_json()["boolean"] is True
    finally:
        close_app(app)
    assert stored_inferred(inferred_store) == recomputed(inferred_store)


@pytest.mark.parametrize("mode", ["--no-bulk", "--bulk"])
def test_load_maintains_the_inferred_graph(tmp_path: Path, mode: str) -> None:
    store = str(tmp_path / "store")
    assert run("infer", "--store", store)[0] == 0
    new = tmp_path / "test-town.ttl"
    new.write_text(
        "@prefix qo: <https://w3id.org/qalamoun/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://w3id.org/qalamoun/id/place/test-town> a qo:Town ;\n"
        '    rdfs:label "A test town"@en ;\n'
        "    qo:locatedIn <https://w3id.org/qalamoun/id/place/baalbek-district> .\n"
    )
    code, _, err = run("load", mode, str(new), "--store", store)
    assert code == 0, err
    assert ("(bulk)" in err) is (mode == "--bulk")
    out = run("query", "--infer", IN_LEBANON, "--format", "json", "--store", store)[1]
    assert json.loads(out)["boolean"] is True


def test_refused_bulk_load_writes_nothing(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    assert run("infer", "--store", store)[0] == 0
    before = run("dump", "--store", store)[1]
    bad = tmp_path / "bad.nt"
    bad.write_text(  # a second footnote 9: the citation numbers must stay unique
        "<https://w3id.org/qalamoun/id/citation/s9> "
        "<https://w3id.org/qalamoun/ontology#footnoteNumber> "
        '"9"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
    )
    code, _, err = run("load", "--bulk", str(bad), "--store", store)
    assert code == 1 and "nothing was written" in err
    assert run("dump", "--store", store)[1] == before
