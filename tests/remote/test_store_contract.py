"""The foundation's store behaviours (`tests/test_store.py`) run through the remote backend.

Each case is the foundation's own test function, called with a `RemoteStore` where it takes
`tmp_store` and with that store loaded from the fixture sources where it takes `loaded`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad

from qalamoun_kg.bootstrap import ensure_loaded
from qalamoun_kg.errors import QueryError
from qalamoun_kg.store import Store
from qalamoun_kg.store.remote import RemoteStore
from tests import test_store as contract

pytestmark = pytest.mark.server

EX = "http://example.org/"

# Every behaviour of the foundation's store tests that is not about on-disk folders or the
# backend registry (those are the embedded backend's own business).
CASES: list[Callable[..., None]] = [
    contract.test_reload_of_unchanged_sources_touches_nothing,
    contract.test_changed_file_replaces_only_its_graph,
    contract.test_removed_file_drops_its_graph,
    contract.test_bad_turtle_in_data_raises_with_position_and_leaves_store,
    contract.test_bad_turtle_on_first_load_leaves_store_empty,
    contract.test_replace_graph_sets_exact_content,
    contract.test_replace_graph_from_a_file,
    contract.test_failed_replace_graph_changes_nothing,
    contract.test_replace_graphs_with_a_bad_graph_iri_changes_nothing,
    contract.test_default_union_hides_shapes_meta_and_inferred,
    contract.test_query_dataset_from_clause_and_protocol_parameters,
    contract.test_query_knows_project_prefixes,
    contract.test_update_without_graph_writes_to_the_default_graph,
    contract.test_malformed_update_raises_and_writes_nothing,
    contract.test_add_and_remove,
    contract.test_dump_nquads_keeps_graphs_but_not_meta,
    contract.test_dump_turtle_is_the_default_union,
    contract.test_conversion_to_rdflib_and_back,
]


@pytest.fixture
def remote_loaded(foundation_home: Path, remote_store: RemoteStore) -> RemoteStore:
    """The remote store loaded from the fixture sources (the foundation's `loaded`)."""
    ensure_loaded(remote_store)
    return remote_store


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.__name__.removeprefix("test_"))
def test_foundation_behaviour(case: Callable[..., None], request: pytest.FixtureRequest) -> None:
    remote_fixtures = {"tmp_store": "remote_store", "loaded": "remote_loaded"}
    arguments: dict[str, Any] = {
        name: request.getfixturevalue(remote_fixtures.get(name, name))
        for name in inspect.signature(case).parameters
    }
    case(**arguments)


@pytest.mark.parametrize(
    ("sparql", "line", "column"),
    [
        ("SELECT ?s WHERE { ?s ?p }", 1, 26),
        ("SELECT ?s\nWHERE { ?s ?p ?o }\nLIMT 5", 3, 7),
        # The project prefixes are declared on a line of our own: positions must not move.
        ("SELECT ?s\nWHERE { ?s a qo:Place ; ?p }", 2, 29),
    ],
)
def test_malformed_query_reports_line_and_column(
    any_store: Store, sparql: str, line: int, column: int
) -> None:
    with pytest.raises(QueryError) as caught:
        any_store.query(sparql)
    assert (caught.value.line, caught.value.column) == (line, column)
    assert str(caught.value).startswith(f"query line {line}, column {column}: ")


def test_update_with_project_prefixes_lands_in_the_default_graph(any_store: Store) -> None:
    any_store.update("INSERT DATA { qr:x a qo:Place }")
    place = NamedNode("https://w3id.org/qalamoun/id/x")
    assert [quad.graph_name for quad in any_store.quads(place)] == [DefaultGraph()]
    assert DefaultGraph() not in any_store.graphs()


def test_quads_patterns_by_graph(any_store: Store) -> None:
    graph = NamedNode(EX + "g")
    a, p = NamedNode(EX + "a"), NamedNode(EX + "p")
    any_store.add([Quad(a, p, Literal("1"), graph), Quad(a, p, Literal("2"), DefaultGraph())])
    assert {q.object for q in any_store.quads(a, p, None, graph)} == {Literal("1")}
    assert {q.object for q in any_store.quads(a, p, None, DefaultGraph())} == {Literal("2")}
    assert {q.graph_name for q in any_store.quads(a)} == {graph, DefaultGraph()}
    assert list(any_store.quads(None, None, Literal("1"), DefaultGraph())) == []
    assert any_store.triple_count() == 2
    assert any_store.triple_count(EX + "g") == 1


def test_blank_node_pattern_matches_blank_subjects(any_store: Store) -> None:
    graph = NamedNode(EX + "g")
    p = NamedNode(EX + "p")
    any_store.add(
        [
            Quad(BlankNode(), p, Literal("1"), graph),
            Quad(NamedNode(EX + "a"), p, Literal("2"), graph),
        ]
    )
    found = list(any_store.quads(None, p, None, graph))
    blank_subject = next(q.subject for q in found if isinstance(q.subject, BlankNode))
    assert [q.object for q in any_store.quads(blank_subject, p, None, graph)] == [Literal("1")]


def test_graphs_are_sorted_named_graphs(any_store: Store) -> None:
    p = NamedNode(EX + "p")
    for name in ("b", "a", "c"):
        any_store.add([Quad(NamedNode(EX + "s"), p, Literal(name), NamedNode(EX + name))])
    assert [graph.value for graph in any_store.graphs()] == [EX + "a", EX + "b", EX + "c"]


def test_ask_and_construct_results_have_pyoxigraph_types(any_store: Store) -> None:
    from pyoxigraph import QueryBoolean, QueryTriples

    any_store.update(f"INSERT DATA {{ <{EX}a> <{EX}p> 1 }}")
    assert bool(any_store.query(f"ASK {{ <{EX}a> ?p ?o }}")) is True
    assert isinstance(any_store.query("ASK { ?s ?p 2 }"), QueryBoolean)
    triples = any_store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert isinstance(triples, QueryTriples)
    assert [str(t.object.value) for t in triples] == ["1"]
