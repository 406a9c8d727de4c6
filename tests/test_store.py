"""The store: loading sources into named graphs, reloads, atomic writes, the default union."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import rdflib
from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, RdfFormat, parse

from qalamoun_kg.bootstrap import ensure_loaded
from qalamoun_kg.errors import InputError, QueryError
from qalamoun_kg.namespaces import (
    INFERRED_GRAPH,
    META_GRAPH,
    ONTOLOGY_GRAPH,
    SHAPES_GRAPH,
    data_graph,
)
from qalamoun_kg.store import BACKENDS, Store, backend_kind, open_store
from qalamoun_kg.store.base import has_dataset_clause
from qalamoun_kg.store.convert import quads_from_rdflib, rdflib_dataset, rdflib_graph, to_rdflib
from qalamoun_kg.store.oxigraph import OxigraphStore

FIXTURES = Path(__file__).parent / "fixtures" / "foundation"
EX = "http://example.org/"
ACTORS = str(data_graph("actors"))
PLACES = str(data_graph("places"))

XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


def snapshot(store: Store) -> set[Quad]:
    """Every quad of the store, with blank nodes (fresh on each load) left out."""
    return {
        quad
        for quad in store.quads()
        if not isinstance(quad.subject, BlankNode) and not isinstance(quad.object, BlankNode)
    }


def count(store: Store, sparql: str) -> int:
    """The single integer a `SELECT (COUNT(...) AS ?n)` query returns."""
    solutions = list(store.query(sparql))  # type: ignore[arg-type]
    return int(solutions[0]["n"].value)


@pytest.fixture
def loaded(foundation_home: Path, tmp_store: OxigraphStore) -> OxigraphStore:
    """An on-disk store loaded from the fixture sources."""
    ensure_loaded(tmp_store)
    return tmp_store


def test_sources_load_into_their_named_graphs(foundation_home: Path) -> None:
    store = open_store("memory")
    changed = ensure_loaded(store)
    expected = {str(ONTOLOGY_GRAPH), ACTORS, PLACES, str(SHAPES_GRAPH)}
    assert set(changed) == expected
    assert {graph.value for graph in store.graphs()} == expected | {str(META_GRAPH)}
    assert store.triple_count(PLACES) == 12
    assert store.triple_count(ACTORS) == 7


def test_reload_of_unchanged_sources_touches_nothing(loaded: OxigraphStore) -> None:
    before = snapshot(loaded)
    total = loaded.triple_count()
    assert ensure_loaded(loaded) == []
    assert loaded.triple_count() == total
    assert snapshot(loaded) == before


def test_changed_file_replaces_only_its_graph(loaded: OxigraphStore, foundation_home: Path) -> None:
    places_before = {q for q in snapshot(loaded) if q.graph_name == NamedNode(PLACES)}
    actors = foundation_home / "data" / "actors.ttl"
    actors.write_text(actors.read_text() + '\nactor:group-a rdfs:comment "added"@en .\n')
    assert ensure_loaded(loaded) == [ACTORS]
    assert loaded.triple_count(ACTORS) == 8
    assert {q for q in snapshot(loaded) if q.graph_name == NamedNode(PLACES)} == places_before
    assert ensure_loaded(loaded) == []
    assert loaded.triple_count(ACTORS) == 8


def test_removed_file_drops_its_graph(loaded: OxigraphStore, foundation_home: Path) -> None:
    (foundation_home / "data" / "places.ttl").unlink()
    assert ensure_loaded(loaded) == [PLACES]
    assert NamedNode(PLACES) not in loaded.graphs()
    assert loaded.triple_count(ACTORS) == 7


def test_store_on_disk_keeps_graphs_and_stamps(foundation_home: Path, tmp_path: Path) -> None:
    first = open_store(str(tmp_path / "disk"))
    ensure_loaded(first)
    total = first.triple_count()
    first.close()
    second = open_store(str(tmp_path / "disk"))
    assert ensure_loaded(second) == []
    assert second.triple_count() == total
    second.close()


def test_bad_turtle_in_data_raises_with_position_and_leaves_store(
    loaded: OxigraphStore, foundation_home: Path
) -> None:
    before = snapshot(loaded)
    bad = foundation_home / "data" / "bad.ttl"
    bad.write_bytes((FIXTURES / "bad-syntax.ttl").read_bytes())
    (foundation_home / "data" / "actors.ttl").write_text("")  # a change that must not land
    with pytest.raises(InputError) as caught:
        ensure_loaded(loaded)
    error = caught.value
    assert error.path == str(bad)
    assert (error.line, error.column) == (5, 26)
    assert str(error).startswith(f"{bad}:5:26: ")
    assert snapshot(loaded) == before


def test_bad_turtle_on_first_load_leaves_store_empty(
    foundation_home: Path, tmp_store: OxigraphStore
) -> None:
    (foundation_home / "shapes" / "broken.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\nsh:a sh:b .\n"
    )
    with pytest.raises(InputError, match=r"broken\.ttl:2:"):
        ensure_loaded(tmp_store)
    assert tmp_store.triple_count() == 0


def test_replace_graph_sets_exact_content(tmp_store: OxigraphStore) -> None:
    graph = EX + "g"
    assert tmp_store.replace_graph(graph, b"<http://a> <http://p> 1, 2 .") == 2
    assert tmp_store.replace_graph(graph, b"<http://a> <http://p> 3 .") == 1
    assert [q.object for q in tmp_store.quads(graph=NamedNode(graph))] == [
        Literal("3", datatype=NamedNode(XSD_INTEGER))
    ]


def test_replace_graph_from_a_file(tmp_store: OxigraphStore) -> None:
    source = FIXTURES / "home" / "data" / "places.ttl"
    assert tmp_store.replace_graph(EX + "g", source) == 12


def test_failed_replace_graph_changes_nothing(tmp_store: OxigraphStore) -> None:
    graph = EX + "g"
    tmp_store.replace_graph(graph, b"<http://a> <http://p> 1 .")
    before = snapshot(tmp_store)
    with pytest.raises(InputError, match=r"<input>:1:"):
        tmp_store.replace_graph(graph, b"<http://a> <http://p> .")
    with pytest.raises(InputError):
        tmp_store.replace_graph(graph, b"<http://a> <http://p> 2 . GRAPH <http://g> { }")
    assert snapshot(tmp_store) == before


def test_replace_graphs_with_a_bad_graph_iri_changes_nothing(tmp_store: OxigraphStore) -> None:
    tmp_store.replace_graph(EX + "a", b"<http://a> <http://p> 1 .")
    (triple,) = (q.triple for q in tmp_store.quads())
    with pytest.raises(ValueError):
        tmp_store.replace_graphs({EX + "a": [], "not an iri": [triple]})
    assert tmp_store.triple_count(EX + "a") == 1


def test_default_union_hides_shapes_meta_and_inferred(loaded: OxigraphStore) -> None:
    inferred = NamedNode(str(INFERRED_GRAPH))
    loaded.add([Quad(NamedNode(EX + "s"), NamedNode(EX + "p"), Literal("x"), inferred)])
    everything = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    plain = count(loaded, everything)
    assert plain == 7 + 12 + loaded.triple_count(str(ONTOLOGY_GRAPH))
    with_inference = list(loaded.query(everything, infer=True))  # type: ignore[arg-type]
    assert with_inference[0]["n"].value == str(plain + 1)
    in_shapes = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{SHAPES_GRAPH}> {{ ?s ?p ?o }} }}"
    assert count(loaded, in_shapes) == loaded.triple_count(str(SHAPES_GRAPH)) > 0


def test_query_dataset_from_clause_and_protocol_parameters(loaded: OxigraphStore) -> None:
    from_places = f"SELECT (COUNT(*) AS ?n) FROM <{PLACES}> WHERE {{ ?s ?p ?o }}"
    assert count(loaded, from_places) == 12
    plain = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    solutions = list(loaded.query(plain, default_graphs=[ACTORS]))  # type: ignore[arg-type]
    assert solutions[0]["n"].value == "7"
    named = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    solutions = list(loaded.query(named, named_graphs=[PLACES]))  # type: ignore[arg-type]
    assert solutions[0]["n"].value == "12"


def test_query_knows_project_prefixes(loaded: OxigraphStore) -> None:
    assert count(loaded, "SELECT (COUNT(*) AS ?n) WHERE { ?s a qo:Place }") == 3


@pytest.mark.parametrize(
    ("sparql", "line", "column"),
    [
        ("SELECT ?s WHERE { ?s ?p }", 1, 26),
        ("SELECT ?s\nWHERE { ?s ?p ?o }\nLIMT 5", 3, 7),
    ],
)
def test_malformed_query_reports_line_and_column(
    tmp_store: OxigraphStore, sparql: str, line: int, column: int
) -> None:
    with pytest.raises(QueryError) as caught:
        tmp_store.query(sparql)
    assert (caught.value.line, caught.value.column) == (line, column)
    assert str(caught.value).startswith(f"query line {line}, column {column}: ")


def test_update_without_graph_writes_to_the_default_graph(tmp_store: OxigraphStore) -> None:
    tmp_store.update(f"INSERT DATA {{ <{EX}a> <{EX}p> 1 }}")
    tmp_store.update(f"INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}a> <{EX}p> 2 }} }} ;")
    tmp_store.update("# nothing to do\n")
    graphs = {quad.graph_name for quad in tmp_store.quads()}
    assert graphs == {DefaultGraph(), NamedNode(EX + "g")}
    integer = '"1"^^<http://www.w3.org/2001/XMLSchema#integer>'
    assert [str(q.object) for q in tmp_store.quads(graph=DefaultGraph())] == [integer]
    assert tmp_store.graphs() == [NamedNode(EX + "g")]
    assert bool(tmp_store.query(f"ASK {{ <{EX}a> <{EX}p> 1 }}"))  # queries see the default graph
    tmp_store.update("CLEAR DEFAULT")
    assert list(tmp_store.quads(graph=DefaultGraph())) == []
    assert len(list(tmp_store.quads(graph=NamedNode(EX + "g")))) == 1


def test_malformed_update_raises_and_writes_nothing(tmp_store: OxigraphStore) -> None:
    with pytest.raises(QueryError) as caught:
        tmp_store.update(f"INSERT DATA {{ <{EX}a> <{EX}p> }}")
    assert caught.value.line == 1
    with pytest.raises(QueryError, match="update line"):
        tmp_store.update(f"INSERT DATA {{ <{EX}a> <{EX}p> 1 ")
    assert tmp_store.triple_count() == 0


def test_add_and_remove(tmp_store: OxigraphStore) -> None:
    graph = NamedNode(EX + "g")
    blank = BlankNode()
    quads = [
        Quad(NamedNode(EX + "a"), NamedNode(EX + "p"), Literal('say "hi"\n', language="en"), graph),
        Quad(NamedNode(EX + "a"), NamedNode(EX + "q"), blank, graph),
        Quad(blank, NamedNode(EX + "p"), Literal("1"), DefaultGraph()),
    ]
    tmp_store.add(quads)
    assert tmp_store.triple_count() == 3
    tmp_store.remove(quads)
    assert tmp_store.triple_count() == 0


def test_dump_nquads_keeps_graphs_but_not_meta(loaded: OxigraphStore) -> None:
    out = io.BytesIO()
    loaded.dump(out, RdfFormat.N_QUADS)
    quads = list(parse(out.getvalue(), RdfFormat.N_QUADS))
    assert len(quads) == loaded.triple_count() - loaded.triple_count(str(META_GRAPH))
    assert NamedNode(str(META_GRAPH)) not in {quad.graph_name for quad in quads}


def test_dump_turtle_is_the_default_union(loaded: OxigraphStore) -> None:
    out = io.BytesIO()
    loaded.dump(out, RdfFormat.TURTLE)
    graph = rdflib.Graph().parse(data=out.getvalue(), format="turtle")
    assert len(graph) == count(loaded, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")


def test_open_store_specs(tmp_path: Path) -> None:
    assert backend_kind("memory") == "memory"
    assert backend_kind("https://example.org/sparql") == "remote"
    assert backend_kind(str(tmp_path)) == "oxigraph"
    store = open_store(str(tmp_path / "var" / "store"))
    assert isinstance(store, Store)
    assert (tmp_path / "var" / "store").is_dir()
    store.close()


def test_backend_registry_accepts_factories(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []

    def factory(spec: str) -> Store:
        opened.append(spec)
        return OxigraphStore(None)

    monkeypatch.setitem(BACKENDS, "remote", factory)
    open_store("http://localhost:7878/query").close()
    assert opened == ["http://localhost:7878/query"]


def test_open_store_in_use_is_an_input_error(tmp_path: Path) -> None:
    first = open_store(str(tmp_path / "s"))
    with pytest.raises(InputError, match="cannot open the store"):
        open_store(str(tmp_path / "s"))
    first.close()


@pytest.mark.parametrize(
    ("sparql", "expected"),
    [
        ("SELECT * FROM <http://g> WHERE { ?s ?p ?o }", True),
        ("select * from named <http://g> { graph ?g { ?s ?p ?o } }", True),
        ("SELECT ?from WHERE { ?from ?p 'FROM <x>' } # FROM <y>", False),
        ("PREFIX from: <http://x/> SELECT * { ?s from:p <http://x/FROM> }", False),
        ('SELECT * { ?s ?p """\nFROM <x>\n""" }', False),
    ],
)
def test_has_dataset_clause(sparql: str, expected: bool) -> None:
    assert has_dataset_clause(sparql) is expected


def test_conversion_to_rdflib_and_back(loaded: OxigraphStore) -> None:
    graph = rdflib_graph(loaded, [PLACES, ACTORS])
    assert len(graph) == 19
    assert (None, rdflib.RDFS.label, rdflib.Literal("Group A", lang="en")) in graph
    assert (None, None, rdflib.Literal("km2")) in graph
    dataset = rdflib_dataset(loaded, [PLACES])
    assert len(dataset.graph(rdflib.URIRef(PLACES))) == 12
    original = {q.triple for q in loaded.quads(graph=NamedNode(PLACES))}
    assert {q.triple for q in quads_from_rdflib(rdflib_graph(loaded, [PLACES]), EX)} == original
    integer = Literal("1", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    assert to_rdflib(integer) == rdflib.Literal(1)
