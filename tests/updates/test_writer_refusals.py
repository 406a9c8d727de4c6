"""The writer itself, not only its HTTP face: a refused write (422 by the shapes, 403 on a
managed graph) leaves every quad of the store as it was and counts no commit."""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
import pytest

from qalamoun_kg.bootstrap import ensure_loaded
from qalamoun_kg.execution.fetch import FetchPolicy
from qalamoun_kg.namespaces import QO, QR, RDF, RDFS, SHAPES_GRAPH, USER_GRAPH
from qalamoun_kg.store import Store, open_store
from qalamoun_kg.updates.writer import Rejected, Writer

PREFIXES = (
    "PREFIX qo: <https://w3id.org/qalamoun/ontology#>\n"
    "PREFIX qr: <https://w3id.org/qalamoun/id/>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
)
USER = ox.NamedNode(str(USER_GRAPH))


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    """The project's sources in memory, so that the bundled shapes apply."""
    opened = open_store("memory")
    ensure_loaded(opened)
    yield opened
    opened.close()


@pytest.fixture
def commits() -> list[int]:
    """Filled by the writer's on_commit hook."""
    return []


@pytest.fixture
def writer(store: Store, commits: list[int]) -> Writer:
    """A writer that records each commit."""
    return Writer(
        store, timeout=60, fetch=FetchPolicy(), max_fetch_bytes=1024,
        on_commit=lambda: commits.append(1),
    )  # fmt: skip


def village(slug: str, extra: str = "") -> str:
    """A village the shapes accept, with optional extra statements."""
    return (
        f'qr:place\\/{slug} a qo:Village ; rdfs:label "Writer village {slug}"@en ;'
        f" qo:inCountry qr:country\\/lebanon {extra} ."
    )


def snapshot(store: Store) -> set[str]:
    """Every quad of the store, as N-Quads lines."""
    return {str(quad) for quad in store.quads()}


def village_triples(slug: str, *, label: bool = True) -> list[ox.Triple]:
    """A village as triples (without its label when asked: the shapes then refuse it)."""
    node = ox.NamedNode(f"{QR}place/{slug}")
    triples = [
        ox.Triple(node, ox.NamedNode(str(RDF.type)), ox.NamedNode(f"{QO}Village")),
        ox.Triple(node, ox.NamedNode(f"{QO}inCountry"), ox.NamedNode(f"{QR}country/lebanon")),
    ]
    if label:
        name = ox.Literal(slug, language="en")
        triples.append(ox.Triple(node, ox.NamedNode(str(RDFS.label)), name))
    return triples


def refused(status: int, write: object) -> Rejected:
    """Assert that calling write raises Rejected with the status, and return it."""
    assert callable(write)
    with pytest.raises(Rejected) as caught:
        write()
    assert caught.value.status == status, caught.value.message
    return caught.value


def test_an_update_the_shapes_refuse_is_not_committed(
    store: Store, writer: Writer, commits: list[int]
) -> None:
    before = snapshot(store)
    bad = village("w-bad-alt", '; skos:altLabel "x"')
    text = PREFIXES + f"INSERT DATA {{ {bad} }}"
    rejection = refused(422, lambda: writer.update(text))
    assert rejection.report is not None and not rejection.report.conforms
    assert snapshot(store) == before
    assert (writer.generation, commits) == (0, [])


def test_a_replace_and_a_merge_the_shapes_refuse_are_not_committed(
    store: Store, writer: Writer, commits: list[int]
) -> None:
    before = snapshot(store)
    graph = ox.NamedNode("http://example.org/writer-graph")
    refused(422, lambda: writer.replace(graph, village_triples("w-no-label", label=False)))
    refused(422, lambda: writer.merge(USER, village_triples("w-no-label-2", label=False)))
    assert snapshot(store) == before
    assert graph not in set(store.graphs())
    assert (writer.generation, commits) == (0, [])


def test_a_write_to_a_managed_graph_is_not_committed(
    store: Store, writer: Writer, commits: list[int]
) -> None:
    before = snapshot(store)
    refused(403, lambda: writer.update(f"CLEAR GRAPH <{SHAPES_GRAPH}>"))
    refused(403, lambda: writer.delete(ox.NamedNode(str(SHAPES_GRAPH))))
    assert snapshot(store) == before
    assert (writer.generation, commits) == (0, [])


def test_a_conforming_write_is_committed_once(
    store: Store, writer: Writer, commits: list[int]
) -> None:
    writer.update(PREFIXES + f"INSERT DATA {{ {village('w-good')} }}")
    label = ox.Literal("Writer village w-good", language="en")
    default = ox.DefaultGraph()  # an update without GRAPH writes the store's default graph
    assert any(q.object == label for q in store.quads(None, None, None, default))
    assert (writer.generation, commits) == (1, [1])
    writer.update(PREFIXES + f"DELETE DATA {{ {village('w-good')} }}")
    assert not any(q.object == label for q in store.quads(None, None, None, default))
