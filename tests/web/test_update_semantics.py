"""How updates act on the store, computed over an overlay and applied in one transaction.

The default graph is the union of the data graphs; additions to it land in the user graph,
deletions from it leave every graph of the union.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
import pytest

from qalamoun_kg.errors import QueryError
from qalamoun_kg.execution.fetch import FetchPolicy, FetchRefused
from qalamoun_kg.execution.jobs import QueryTimeout
from qalamoun_kg.namespaces import SHAPES_GRAPH, USER_GRAPH
from qalamoun_kg.store import Store, open_store
from qalamoun_kg.updates.evaluate import UpdateDataset, UpdateFailed
from qalamoun_kg.updates.parse import parse_update
from qalamoun_kg.updates.writer import Rejected, Writer

EX = "http://example.org/"
G1, G2 = ox.NamedNode(EX + "g1"), ox.NamedNode(EX + "g2")
USER = ox.NamedNode(str(USER_GRAPH))


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


def quads(store: Store, graph: ox.NamedNode | None = None) -> set[str]:
    """The store's quads (of one graph) as N-Quads lines."""
    return {str(q) for q in store.quads(None, None, None, graph)}


def dump(store: Store) -> list[str]:
    """Everything, sorted."""
    return sorted(quads(store))


def test_insert_into_the_default_graph_lands_in_the_user_graph(
    store: Store, writer: Writer
) -> None:
    delta = writer.update(f"INSERT DATA {{ <{EX}s> <{EX}p> <{EX}o> }}")
    assert delta.summary()["inserted"] == 1
    assert quads(store, USER) == {f"<{EX}s> <{EX}p> <{EX}o> <{USER_GRAPH}>"}


def test_delete_from_the_default_graph_leaves_every_graph(store: Store, writer: Writer) -> None:
    triple = f"<{EX}s> <{EX}p> <{EX}o>"
    writer.update(
        f"INSERT DATA {{ GRAPH <{G1.value}> {{ {triple} }} GRAPH <{G2.value}> {{ {triple} }} }}"
    )
    delta = writer.update(f"DELETE DATA {{ {triple} }}")
    assert delta.summary()["deleted"] == 2
    assert quads(store, G1) == quads(store, G2) == set()
    assert {G1, G2} <= set(store.graphs())


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
    assert len(quads(store, USER)) == 1
    writer.update(f"CREATE GRAPH <{EX}empty>")
    assert ox.NamedNode(EX + "empty") in store.graphs()
    with pytest.raises(UpdateFailed):
        writer.update(f"CREATE GRAPH <{EX}empty>")
    writer.update(f"CREATE SILENT GRAPH <{EX}empty>")
    writer.update("CLEAR DEFAULT")
    assert dump(store) == []
    assert ox.NamedNode(EX + "empty") in store.graphs()
    writer.update("DROP ALL")
    assert store.graphs() == []


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
        f"INSERT {{ GRAPH <{G1.value}> {{ ?c <{EX}new> 2 }} }} WHERE {{ <{EX}s> <{EX}card> ?c }}"
    )
    writer.update(f"DELETE WHERE {{ GRAPH <{G1.value}> {{ ?c <{EX}old> ?x }} }}")
    result = store.query(
        f"SELECT ?n ?new WHERE {{ GRAPH <{G1.value}> {{ <{EX}s> <{EX}card> ?c . "
        f"?c <{EX}name> ?n ; <{EX}new> ?new FILTER NOT EXISTS {{ ?c <{EX}old> ?o }} }} }}"
    )
    assert isinstance(result, ox.QuerySolutions)
    assert [(row["n"].value, row["new"].value) for row in result] == [("n", "2")]  # type: ignore[union-attr]
    assert len(quads(store, G1)) == 3


def test_literals_match_as_the_store_compares_them(store: Store, writer: Writer) -> None:
    writer.update(f'INSERT DATA {{ <{EX}s> <{EX}p> "01"^^xsd:integer , "1.50"^^xsd:decimal }}')
    assert len(quads(store, USER)) == 2
    assert writer.update(f'DELETE DATA {{ <{EX}s> <{EX}p> "01"^^xsd:integer }}').removed
    delta = writer.update(f"DELETE {{ ?s ?p ?o }} WHERE {{ ?s <{EX}p> ?o ; ?p ?o }}")
    assert delta.summary()["deleted"] == 1
    assert quads(store, USER) == set()


def test_managed_graphs_are_refused(store: Store, writer: Writer) -> None:
    with pytest.raises(Rejected) as refused:
        writer.update(f"INSERT DATA {{ GRAPH <{SHAPES_GRAPH}> {{ <{EX}s> <{EX}p> 1 }} }}")
    assert refused.value.status == 403
    assert dump(store) == []


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
