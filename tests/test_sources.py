"""Finding the source folders and mapping files to named graphs."""

from __future__ import annotations

from pathlib import Path

import pytest

from qalamoun_kg import sources
from qalamoun_kg.errors import InputError
from qalamoun_kg.namespaces import ONTOLOGY_GRAPH, SHAPES_GRAPH, data_graph
from qalamoun_kg.sources import SourceFile, default_store_spec, find_home, source_files

CHECKOUT = Path(__file__).resolve().parent.parent


def test_home_from_environment(foundation_home: Path) -> None:
    assert find_home() == foundation_home


def test_home_defaults_to_the_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QKG_HOME", raising=False)
    assert find_home() == CHECKOUT


def test_bundled_copy_comes_before_the_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("QKG_HOME", raising=False)
    (tmp_path / "bundled").mkdir()
    monkeypatch.setattr(sources, "PACKAGE_DIR", tmp_path)
    assert find_home() == tmp_path / "bundled"


def test_missing_home_is_an_input_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("QKG_HOME", str(tmp_path / "nowhere"))
    with pytest.raises(InputError, match="QKG_HOME is not a folder"):
        find_home()


def test_files_map_to_named_graphs(foundation_home: Path) -> None:
    files = source_files()
    assert [(f.name, f.graph) for f in files] == [
        ("ontology/mini.ttl", str(ONTOLOGY_GRAPH)),
        ("data/actors.ttl", str(data_graph("actors"))),
        ("data/places.ttl", str(data_graph("places"))),
        ("shapes/mini.ttl", str(SHAPES_GRAPH)),
    ]
    assert all(isinstance(f, SourceFile) and f.path.is_file() for f in files)
    assert len(files[0].sha256()) == 64


@pytest.mark.parametrize("folder", ["ontology", "data", "shapes"])
def test_missing_folder_is_an_input_error(foundation_home: Path, folder: str) -> None:
    for path in (foundation_home / folder).iterdir():
        path.unlink()
    (foundation_home / folder).rmdir()
    with pytest.raises(InputError, match=f"missing {folder}/ folder"):
        source_files()


def test_vanished_file_is_an_input_error(foundation_home: Path) -> None:
    source = source_files()[0]
    source.path.unlink()
    with pytest.raises(InputError, match="cannot read source file"):
        source.read_bytes()


def test_default_store_location(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("QKG_STORE", str(tmp_path))
    assert default_store_spec() == str(tmp_path)
    monkeypatch.delenv("QKG_STORE")
    assert default_store_spec() == str(CHECKOUT / "var" / "store")
