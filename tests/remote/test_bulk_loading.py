"""Bulk loading: streamed into one graph, validated in chunks, all taken back out on failure."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, RdfFormat

from qalamoun_kg.errors import InputError
from qalamoun_kg.loading import BulkLoadable, bulk_load, progress_for
from qalamoun_kg.loading.bulk import graph_size
from qalamoun_kg.loading.progress import Lines, Silent
from qalamoun_kg.namespaces import USER_GRAPH
from qalamoun_kg.store import Store
from qalamoun_kg.store.remote import RemoteStore

pytestmark = pytest.mark.server

QO = "https://w3id.org/qalamoun/ontology#"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LOADED = "https://w3id.org/qalamoun/graph/load/test"


def place(number: int, *, label: bool = True, inside: int | None = None) -> str:
    """N-Triples of one place; with `inside`, located in an earlier place of the file."""
    iri = f"<https://w3id.org/qalamoun/id/place/bulk-{number}>"
    lines = [f"{iri} {TYPE} <{QO}Place> ."]
    if label:
        lines.append(f'{iri} {LABEL} "Bulk place {number}"@en .')
    if inside is not None:
        lines.append(f"{iri} <{QO}locatedIn> <https://w3id.org/qalamoun/id/place/bulk-{inside}> .")
    return "\n".join(lines) + "\n"


def places_file(tmp_path: Path, count: int, *, unlabelled: int | None = None) -> Path:
    """A file of `count` places, each after the first inside the first; one may lack a label."""
    path = tmp_path / "places.nt"
    text = "".join(place(n, label=n != unlabelled, inside=0 if n else None) for n in range(count))
    path.write_text(text, encoding="utf-8")
    return path


def test_loads_across_chunks_into_an_empty_graph(any_project_store: Store, tmp_path: Path) -> None:
    source = places_file(tmp_path, 12)
    result = bulk_load(any_project_store, [source], graph=LOADED, progress=False, chunk_size=7)
    assert result.written
    assert result.report is not None and result.report.conforms
    assert result.triples == 12 * 3 - 1 == graph_size(any_project_store, LOADED)
    # The first place, referenced from the later chunks, was seen in the store's context.
    assert result.report.checked_nodes >= 12


def test_refused_chunk_takes_the_whole_load_back(any_project_store: Store, tmp_path: Path) -> None:
    before = any_project_store.triple_count()
    source = places_file(tmp_path, 12, unlabelled=10)
    result = bulk_load(any_project_store, [source], graph=LOADED, progress=False, chunk_size=7)
    assert not result.written
    assert result.report is not None and not result.report.conforms
    assert {str(r.focus_node) for r in result.report.results} == {
        "https://w3id.org/qalamoun/id/place/bulk-10"
    }
    assert any_project_store.triple_count() == before
    assert NamedNode(LOADED) not in any_project_store.graphs()


def test_load_into_a_graph_with_data_merges_through_staging(
    any_project_store: Store, tmp_path: Path
) -> None:
    any_project_store.update(
        f"INSERT DATA {{ GRAPH <{USER_GRAPH}> {{ <https://w3id.org/qalamoun/id/place/old> "
        "a qo:Place ; rdfs:label 'Old'@en } }"
    )
    graphs_before = any_project_store.graphs()
    result = bulk_load(any_project_store, [places_file(tmp_path, 6)], progress=False, chunk_size=4)
    assert result.written and result.graph == str(USER_GRAPH)
    assert graph_size(any_project_store, str(USER_GRAPH)) == 2 + 6 * 3 - 1
    assert any_project_store.graphs() == graphs_before


def test_refused_load_into_a_graph_with_data_keeps_that_data(
    any_project_store: Store, tmp_path: Path
) -> None:
    any_project_store.update(
        f"INSERT DATA {{ GRAPH <{USER_GRAPH}> {{ <https://w3id.org/qalamoun/id/place/old> "
        "a qo:Place ; rdfs:label 'Old'@en } }"
    )
    graphs_before = any_project_store.graphs()
    source = places_file(tmp_path, 6, unlabelled=5)
    result = bulk_load(any_project_store, [source], progress=False, chunk_size=4)
    assert not result.written
    assert graph_size(any_project_store, str(USER_GRAPH)) == 2
    assert any_project_store.graphs() == graphs_before


def test_syntax_error_late_in_a_file_leaves_nothing(
    any_project_store: Store, tmp_path: Path
) -> None:
    before = any_project_store.triple_count()
    source = places_file(tmp_path, 30)
    with source.open("a", encoding="utf-8") as out:
        out.write("<http://example.org/a> <http://example.org/p> .\n")
    with pytest.raises(InputError) as caught:
        bulk_load(any_project_store, [source], graph=LOADED, progress=False, chunk_size=7)
    assert (caught.value.path, caught.value.line) == (str(source), 90)
    assert any_project_store.triple_count() == before


def test_without_validation_and_several_files(any_project_store: Store, tmp_path: Path) -> None:
    first = places_file(tmp_path, 5, unlabelled=2)
    second = tmp_path / "more.ttl"
    second.write_text(f"<http://example.org/x> <{QO}note> 'x' .\n", encoding="utf-8")
    result = bulk_load(
        any_project_store, [first, second], graph=LOADED, validate=False, progress=False
    )
    assert result.written and result.report is None
    assert result.triples == graph_size(any_project_store, LOADED) == 5 * 3 - 2 + 1


def test_unknown_extension_and_missing_file_are_input_errors(
    any_project_store: Store, tmp_path: Path
) -> None:
    with pytest.raises(InputError, match="unknown RDF format"):
        bulk_load(any_project_store, [tmp_path / "data.csv"], progress=False)
    with pytest.raises(InputError, match="cannot read"):
        bulk_load(any_project_store, [tmp_path / "absent.ttl"], progress=False)


def test_remote_store_loads_through_the_graph_store_protocol(remote_store: RemoteStore) -> None:
    assert isinstance(remote_store, BulkLoadable)
    remote_store.bulk_load(io.BytesIO(place(1).encode()), RdfFormat.N_TRIPLES, LOADED)
    assert graph_size(remote_store, LOADED) == 2
    bad = io.BytesIO(b"<http://a> <http://b> .")
    with pytest.raises(InputError, match="object of a triple") as caught:
        remote_store.bulk_load(bad, RdfFormat.N_TRIPLES, LOADED)
    assert caught.value.line == 1
    assert graph_size(remote_store, LOADED) == 2


def test_plain_progress_lines_when_not_a_terminal(tmp_path: Path, any_project_store: Store) -> None:
    out = io.StringIO()
    shown = progress_for(None, stream=out)
    assert isinstance(shown, Lines)
    assert isinstance(progress_for(False), Silent)
    bulk_load(any_project_store, [places_file(tmp_path, 8)], graph=LOADED, progress=shown)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("loading places.nt: started")
    assert any(line.startswith("loading places.nt: done in") for line in lines)
    # The loaded store is then validated whole by the native engine.
    assert any(line.startswith("reading the stored graph: done in") for line in lines)
    assert any(line.startswith("validating with pyshacl-turbo") for line in lines)
