"""`qkg dump` then `qkg load` of the dump: the same graphs, byte for byte, and nothing doubled."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner, Result

from qalamoun_kg.backup import dataset_quads
from qalamoun_kg.bootstrap import ensure_loaded
from qalamoun_kg.cli import main
from qalamoun_kg.namespaces import META_GRAPH, SHAPES_GRAPH, USER_GRAPH
from qalamoun_kg.reasoning import materialize
from qalamoun_kg.store.oxigraph import OxigraphStore

VILLAGE = """@prefix qo: <https://w3id.org/qalamoun/ontology#> .
@prefix qr: <https://w3id.org/qalamoun/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
qr:place\\/backup-test a qo:Village ; rdfs:label "Backup test village"@en ;
    qo:inCountry qr:country\\/lebanon .
"""
CITATIONS = "SELECT (COUNT(*) AS ?n) WHERE { ?c a qo:Citation }"
SHAPES_VISIBLE = "ASK { ?s a sh:NodeShape }"
DEFAULT_QUAD = ox.Quad(
    ox.BlankNode("note1"),
    ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment"),
    ox.Literal("kept in the default graph"),
    ox.DefaultGraph(),
)


@pytest.fixture(autouse=True)
def _checkout_home(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QKG_HOME", raising=False)
    monkeypatch.delenv("QKG_STORE", raising=False)


def qkg(*args: str) -> Result:
    """Run `qkg` in-process."""
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def primary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store as a server leaves it: sources, inferred graph, a user graph, the default graph."""
    folder = tmp_path_factory.mktemp("backup") / "primary"
    store = OxigraphStore(folder)
    ensure_loaded(store)
    materialize(store)
    store.add([DEFAULT_QUAD])
    store.close()
    village = folder.parent / "village.ttl"
    village.write_text(VILLAGE, encoding="utf-8")
    result = CliRunner().invoke(main, ["load", "--store", str(folder), str(village)])
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture
def store_copy(primary: Path, tmp_path: Path) -> Iterator[Path]:
    """A private copy of the primary store."""
    target = tmp_path / "copy"
    shutil.copytree(primary, target)
    yield target


def answer(store: Path, query: str) -> str:
    """The CSV answer of a query."""
    result = qkg("query", "--store", str(store), "--format", "csv", query)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("fmt", ["nquads", "trig"])
def test_dump_load_dump_is_byte_identical(store_copy: Path, tmp_path: Path, fmt: str) -> None:
    suffix = {"nquads": "nq", "trig": "trig"}[fmt]
    first, second = tmp_path / f"first.{suffix}", tmp_path / f"second.{suffix}"
    assert qkg("dump", "--store", str(store_copy), "--format", fmt, "-o", str(first)).exit_code == 0
    restored = tmp_path / "restored"
    loaded = qkg("load", "--store", str(restored), str(first))
    assert loaded.exit_code == 0, loaded.output
    assert "restored" in loaded.stderr
    assert qkg("dump", "--store", str(restored), "--format", fmt, "-o", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_restore_doubles_nothing_and_keeps_the_shapes_hidden(
    store_copy: Path, tmp_path: Path
) -> None:
    dump = tmp_path / "dump.nq"
    assert qkg("dump", "--store", str(store_copy), "-o", str(dump)).exit_code == 0
    restored = tmp_path / "restored"
    assert qkg("load", "--store", str(restored), str(dump)).exit_code == 0
    assert answer(restored, CITATIONS) == answer(store_copy, CITATIONS)
    assert answer(restored, SHAPES_VISIBLE).strip().endswith("false")
    store = OxigraphStore(restored)
    try:
        assert DEFAULT_QUAD in set(store.quads(None, None, None, ox.DefaultGraph()))
        names = {g.value for g in store.graphs()}
        assert {str(SHAPES_GRAPH), str(META_GRAPH), str(USER_GRAPH)} <= names
        # The recorded source hashes came back: the bootstrap has nothing to reload.
        assert ensure_loaded(store) == []
    finally:
        store.close()


def test_dump_holds_every_graph_with_its_name(store_copy: Path, tmp_path: Path) -> None:
    dump = tmp_path / "dump.nq"
    assert qkg("dump", "--store", str(store_copy), "-o", str(dump)).exit_code == 0
    dumped = list(ox.parse(path=dump, format=ox.RdfFormat.N_QUADS, rename_blank_nodes=False))
    store = OxigraphStore(store_copy)
    try:
        assert dumped == list(dataset_quads(store))
        assert len(dumped) == store.triple_count()
    finally:
        store.close()


def test_restore_into_a_store_with_data_is_refused(store_copy: Path, tmp_path: Path) -> None:
    dump = tmp_path / "dump.nq"
    assert qkg("dump", "--store", str(store_copy), "-o", str(dump)).exit_code == 0
    before = dump.read_bytes()
    result = qkg("load", "--store", str(store_copy), str(dump))
    assert result.exit_code == 2
    assert "already holds data of its own" in result.stderr
    assert str(USER_GRAPH) in result.stderr
    assert qkg("dump", "--store", str(store_copy), "-o", str(dump)).exit_code == 0
    assert dump.read_bytes() == before


def test_quads_without_bookkeeping_load_as_new_triples(tmp_path: Path) -> None:
    data = tmp_path / "new.nq"
    quads = ox.parse(VILLAGE.encode(), ox.RdfFormat.TURTLE)
    named = [
        ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode("https://example.org/g"))
        for q in quads
    ]
    ox.serialize(named, data, ox.RdfFormat.N_QUADS)
    store = tmp_path / "store"
    result = qkg("load", "--store", str(store), str(data))
    assert result.exit_code == 0, result.output
    assert f"into <{USER_GRAPH}>" in result.stderr


def test_a_bad_dump_changes_nothing(store_copy: Path, tmp_path: Path) -> None:
    dump = tmp_path / "dump.nq"
    assert qkg("dump", "--store", str(store_copy), "-o", str(dump)).exit_code == 0
    with dump.open("ab") as out:
        out.write(b"<broken\n")
    restored = tmp_path / "restored"
    result = qkg("load", "--store", str(restored), str(dump))
    assert result.exit_code == 2
    assert "dump.nq:" in result.stderr
    assert (
        answer(restored, "ASK { ?s a qo:Village ; rdfs:label 'Backup test village'@en }")
        .strip()
        .endswith("false")
    )
