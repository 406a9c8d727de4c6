"""How updates act on the store, computed over an overlay and applied in one transaction.

SPARQL 1.1 Update's semantics: the default graph is the store's real default graph, and an
operation changes the graphs it names and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
import pytest

from qalamoun_kg.errors import QueryError
from qalamoun_kg.execution.fetch import FetchPolicy, FetchRefused
from qalamoun_kg.execution.jobs import QueryTimeout
from qalamoun_kg.namespaces import ONTOLOGY_GRAPH, SHAPES_GRAPH
from qalamoun_kg.store import Store, open_store
from qalamoun_kg.updates.evaluate import UpdateDataset, UpdateFailed
from qalamoun_kg.updates.parse import parse_update
from qalamoun_kg.updates.writer import Rejected, Writer

EX = "http://example.org/"
G1, G2 = ox.NamedNode(EX + "g1"), ox.NamedNode(EX + "g2")
DEFAULT = ox.DefaultGraph()


@pytest.fixture
def store() -> Iterator[Store]:
    """An empty in-memory store (the bundled shapes apply; example.org data has no targets)."""
    opened = open_store("memory")
    yield opened
    opened.close()


@pytest.fixture
def writer(store: Store) -> Writer:
    """A writer with a generous time limit and no remote fetches."""
    return Writer(store, timeout=30, fetch=FetchPolicy(), max_fetch_bytes=1024)


def quads(store: Store, graph: ox.NamedNode | ox.DefaultGraph | None = None) -> set[str]:
    """The store's quads (of one graph) as N-Quads lines."""
    return {str(q) for q in store.quads(None, None, None, graph)}


def dump(store: Store) -> list[str]:
    """Everything, sorted."""
    return sorted(quads(store))


def test_insert_into_the_default_graph_lands_in_the_default_graph(
    store: Store, writer: Writer
) -> None:
    delta = writer.update(f"INSERT DATA {{ <{EX}s> <{EX}p> <{EX}o> }}")
    assert delta.summary()["inserted"] == 1
    assert quads(store, DEFAULT) == {f"<{EX}s> <{EX}p> <{EX}o>"}
    assert store.graphs() == []


def test_delete_from_the_default_graph_leaves_named_graphs(store: Store, writer: Writer) -> None:
    triple = f"<{EX}s> <{EX}p> <{EX}o>"
    writer.update(f"INSERT DATA {{ {triple} GRAPH <{G1.value}> {{ {triple} }} }}")
    delta = writer.update(f"DELETE DATA {{ {triple} }}")
    assert delta.summary()["deleted"] == 1
    assert quads(store, DEFAULT) == set()
    assert len(quads(store, G1)) == 1
    writer.update(f"INSERT DATA {{ {triple} }}")
    writer.update("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert quads(store, DEFAULT) == set()
    assert len(quads(store, G1)) == 1


def test_where_without_using_reads_the_default_graph_only(store: Store, writer: Writer) -> None:
    writer.update(f"INSERT DATA {{ GRAPH <{G1.value}> {{ <{EX}a> <{EX}p> 1 }} }}")
    delta = writer.update(f"INSERT {{ ?s <{EX}q> ?o }} WHERE {{ ?s <{EX}p> ?o }}")
    assert delta.is_empty()
    delta = writer.update(
        f"INSERT {{ ?s <{EX}q> ?o }} WHERE {{ GRAPH <{G1.value}> {{ ?s <{EX}p> ?o }} }}"
    )
    assert quads(store, DEFAULT) == {
        f'<{EX}a> <{EX}q> "1"^^<http://www.w3.org/2001/XMLSchema#integer>'
    }


def test_clear_and_drop_act_on_what_they_name(store: Store, writer: Writer) -> None:
    triple = f"<{EX}s> <{EX}p> <{EX}o>"
    fill = f"INSERT DATA {{ {triple} GRAPH <{G1.value}> {{ {triple} }} }}"
    writer.update(fill)
    writer.update("CLEAR DEFAULT")
    assert quads(store, DEFAULT) == set()
    assert len(quads(store, G1)) == 1
    writer.update(fill)
    writer.update("DROP DEFAULT")
    assert quads(store, DEFAULT) == set()
    assert len(quads(store, G1)) == 1
    writer.update(fill)
    writer.update("CLEAR NAMED")
    assert len(quads(store, DEFAULT)) == 1
    assert quads(store, G1) == set()
    writer.update(fill)
    writer.update("DROP NAMED")
    assert len(quads(store, DEFAULT)) == 1
    assert store.graphs() == []


def test_copy_and_move_of_the_default_graph(store: Store, writer: Writer) -> None:
    writer.update(f"INSERT DATA {{ <{EX}d> <{EX}p> 1 GRAPH <{G1.value}> {{ <{EX}n> <{EX}p> 2 }} }}")
    writer.update(f"COPY DEFAULT TO <{G2.value}>")
    assert {q.split()[0] for q in quads(store, G2)} == {f"<{EX}d>"}
    writer.update(f"MOVE DEFAULT TO <{EX}g3>")
    assert quads(store, DEFAULT) == set()
    assert {q.split()[0] for q in quads(store, ox.NamedNode(EX + "g3"))} == {f"<{EX}d>"}
    assert len(quads(store, G1)) == 1


def test_delete_where_in_a_named_graph_only(store: Store, writer: Writer) -> None:
    triple = f"<{EX}s> <{EX}p> <{EX}o>"
    writer.update(
        f"INSERT DATA {{ GRAPH <{G1.value}> {{ {triple} }} GRAPH <{G2.value}> {{ {triple} }} }}"
    )
    writer.update(f"DELETE WHERE {{ GRAPH <{G1.value}> {{ ?s ?p ?o }} }}")
    assert quads(store, G1) == set()
    assert len(quads(store, G2)) == 1


def test_with_using_and_using_named(store: Store, writer: Writer) -> None:
    writer.update(
        f"INSERT DATA {{ GRAPH <{G1.value}> {{ <{EX}a> <{EX}p> 1 }} "
        f"GRAPH <{G2.value}> {{ <{EX}b> <{EX}p> 2 }} }}"
    )
    writer.update(f"WITH <{G1.value}> INSERT {{ ?s <{EX}q> ?o }} WHERE {{ ?s <{EX}p> ?o }}")
    assert f'<{EX}a> <{EX}q> "1"^^<http://www.w3.org/2001/XMLSchema#integer> <{G1.value}>' in quads(
        store, G1
    )
    assert not any(f"<{EX}b> <{EX}q>" in q for q in quads(store))
    target = EX + "copy"
    where = f"WHERE {{ ?s <{EX}p> ?o ; ?p ?o }}"
    writer.update(f"INSERT {{ GRAPH <{target}> {{ ?s ?p ?o }} }} USING <{G2.value}> {where}")
    assert {q.split()[0] for q in quads(store, ox.NamedNode(target))} == {f"<{EX}b>"}
    named = writer.update(
        f"INSERT {{ GRAPH <{EX}named> {{ ?g <{EX}has> ?s }} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        dataset=UpdateDataset((), (G1.value,)),
    )
    assert named.summary()["inserted"] == 1


def test_protocol_dataset_and_using_together_are_refused(writer: Writer) -> None:
    with pytest.raises(Rejected) as refused:
        writer.update(
            f"WITH <{G1.value}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
            dataset=UpdateDataset((G2.value,), ()),
        )
    assert refused.value.status == 400


def test_graph_management(store: Store, writer: Writer) -> None:
    writer.update(f"INSERT DATA {{ GRAPH <{G1.value}> {{ <{EX}a> <{EX}p> <{EX}o> }} }}")
    writer.update(f"COPY <{G1.value}> TO <{G2.value}>")
    assert len(quads(store, G2)) == 1
    writer.update(f"MOVE <{G2.value}> TO <{EX}g3>")
    assert G2 not in store.graphs()
    assert len(quads(store, ox.NamedNode(EX + "g3"))) == 1
    writer.update(f"ADD <{G1.value}> TO DEFAULT")
    assert len(quads(store, DEFAULT)) == 1
    writer.update(f"CREATE GRAPH <{EX}empty>")
    assert ox.NamedNode(EX + "empty") in store.graphs()
    with pytest.raises(UpdateFailed):
        writer.update(f"CREATE GRAPH <{EX}empty>")
    writer.update(f"CREATE SILENT GRAPH <{EX}empty>")
    writer.update("CLEAR DEFAULT")
    assert quads(store, DEFAULT) == set()
    assert ox.NamedNode(EX + "empty") in store.graphs()
    writer.update("DROP ALL")
    assert store.graphs() == []
    assert dump(store) == []


def test_a_failing_operation_leaves_the_store_unchanged(store: Store, writer: Writer) -> None:
    writer.update(f"CREATE GRAPH <{G1.value}>")
    before = dump(store)
    with pytest.raises(UpdateFailed):
        writer.update(f"INSERT DATA {{ <{EX}s> <{EX}p> 1 }} ; CREATE GRAPH <{G1.value}>")
    assert dump(store) == before


def test_blank_nodes_keep_their_identity(store: Store, writer: Writer) -> None:
    writer.update(
        f'INSERT DATA {{ GRAPH <{G1.value}> {{ <{EX}s> <{EX}card> _:c . _:c <{EX}name> "n" . '
        f"_:c <{EX}old> 1 }} }}"
    )
    # a new triple about a stored blank node, and the removal of one
    writer.update(
        f"INSERT {{ GRAPH <{G1.value}> {{ ?c <{EX}new> 2 }} }} "
        f"WHERE {{ GRAPH <{G1.value}> {{ <{EX}s> <{EX}card> ?c }} }}"
    )
    writer.update(f"DELETE WHERE {{ GRAPH <{G1.value}> {{ ?c <{EX}old> ?x }} }}")
    result = store.query(
        f"SELECT ?n ?new WHERE {{ GRAPH <{G1.value}> {{ <{EX}s> <{EX}card> ?c . "
        f"?c <{EX}name> ?n ; <{EX}new> ?new FILTER NOT EXISTS {{ ?c <{EX}old> ?o }} }} }}"
    )
    assert isinstance(result, ox.QuerySolutions)
    assert [(row["n"].value, row["new"].value) for row in result] == [("n", "2")]
    assert len(quads(store, G1)) == 3


def test_literals_match_as_the_store_compares_them(store: Store, writer: Writer) -> None:
    writer.update(f'INSERT DATA {{ <{EX}s> <{EX}p> "01"^^xsd:integer , "1.50"^^xsd:decimal }}')
    assert len(quads(store, DEFAULT)) == 2
    assert writer.update(f'DELETE DATA {{ <{EX}s> <{EX}p> "01"^^xsd:integer }}').removed
    delta = writer.update(f"DELETE {{ ?s ?p ?o }} WHERE {{ ?s <{EX}p> ?o ; ?p ?o }}")
    assert delta.summary()["deleted"] == 1
    assert quads(store, DEFAULT) == set()


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA {{ GRAPH <{g}> {{ <http://example.org/s> <http://example.org/p> 1 }} }}",
        "CLEAR GRAPH <{g}>",
        "DROP SILENT GRAPH <{g}>",
        "CREATE GRAPH <{g}>",
        "COPY DEFAULT TO <{g}>",
    ],
)
@pytest.mark.parametrize("managed", [SHAPES_GRAPH, ONTOLOGY_GRAPH])
def test_managed_graphs_are_refused(
    store: Store, writer: Writer, update: str, managed: str
) -> None:
    graph = ox.NamedNode(str(managed))
    store.add([ox.Quad(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"), ox.Literal("x"), graph)])
    before = dump(store)
    with pytest.raises(Rejected) as refused:
        writer.update(update.format(g=managed))
    assert refused.value.status == 403
    assert dump(store) == before


@pytest.mark.parametrize("fast", [True, False])
def test_where_clauses_do_not_see_managed_graphs(store: Store, writer: Writer, fast: bool) -> None:
    shapes = ox.NamedNode(str(SHAPES_GRAPH))
    store.add([ox.Quad(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"), ox.Literal("x"), shapes)])
    before = dump(store)
    # a second operation makes the WHERE clause go through rdflib over the overlay
    tail = "" if fast else " ; INSERT DATA { }"
    delta = writer.update(f"DELETE WHERE {{ GRAPH <{SHAPES_GRAPH}> {{ ?s ?p ?o }} }}{tail}")
    assert delta.is_empty()
    assert dump(store) == before


def test_managed_graphs_are_outside_the_writable_dataset(store: Store, writer: Writer) -> None:
    shapes = ox.NamedNode(str(SHAPES_GRAPH))
    store.add([ox.Quad(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"), ox.Literal("x"), shapes)])
    writer.update(f"INSERT DATA {{ GRAPH <{G1.value}> {{ <{EX}a> <{EX}p> 1 }} }}")
    listed = writer.update(
        f"INSERT {{ <{EX}list> <{EX}has> ?g }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    )
    assert [q.object for q in listed.added] == [G1]
    writer.update("DROP ALL")
    assert store.graphs() == [shapes]
    assert len(quads(store, shapes)) == 1


def test_prefixed_names_with_escapes() -> None:
    update = parse_update("INSERT DATA { qr:place\\/x rdfs:label 'x'@en }")
    subject = update.algebra[0]["triples"][0][0]
    assert str(subject) == "https://w3id.org/qalamoun/id/place/x"


def test_syntax_errors_name_the_position(writer: Writer) -> None:
    with pytest.raises(QueryError) as error:
        writer.update("INSERT DATA {\n  <http://e/s> <http://e/p> \n}")
    assert error.value.line == 3


def test_load_and_service_need_the_fetch_list(writer: Writer) -> None:
    with pytest.raises(FetchRefused):
        writer.update("LOAD <http://example.org/data.ttl>")
    with pytest.raises(FetchRefused):
        writer.update(
            "INSERT { ?s ?p ?o } WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
        )


def test_a_long_update_is_stopped(store: Store) -> None:
    values = " ".join(f"<{EX}n{i}> <{EX}p> {i} ." for i in range(300))
    # The limit covers validation too: the setup write gets time enough.
    Writer(store, timeout=60, fetch=FetchPolicy(), max_fetch_bytes=1024).update(
        f"INSERT DATA {{ {values} }}"
    )
    writer = Writer(store, timeout=0.5, fetch=FetchPolicy(), max_fetch_bytes=1024)
    before = dump(store)
    with pytest.raises(QueryTimeout):
        writer.update(f"INSERT {{ ?a <{EX}q> ?d }} WHERE {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }}")
    assert dump(store) == before
