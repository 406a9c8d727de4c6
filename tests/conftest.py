"""Shared fixtures: the real sources loaded in memory, and empty or fixture-loaded stores."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from qalamoun_kg.bootstrap import ensure_loaded
from qalamoun_kg.store import Store, open_store
from qalamoun_kg.store.oxigraph import OxigraphStore

# Property tests draw the same examples on every run and every machine, so that a red run is
# reproducible; `pytest --hypothesis-profile=explore` draws new ones.
settings.register_profile("qkg", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", derandomize=False, database=None, print_blob=True)
settings.load_profile("qkg")

FIXTURES = Path(__file__).parent / "fixtures"
FOUNDATION_HOME = FIXTURES / "foundation" / "home"


@pytest.fixture(scope="session")
def memory_store() -> Iterator[Store]:
    """An in-memory store loaded once per session from the project's ontology, data and shapes."""
    store = open_store("memory")
    ensure_loaded(store)
    yield store
    store.close()


@pytest.fixture
def tmp_store(tmp_path: Path) -> Iterator[OxigraphStore]:
    """A fresh, empty on-disk store in a temporary folder."""
    store = OxigraphStore(tmp_path / "store")
    yield store
    store.close()


@pytest.fixture
def foundation_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the small fixture sources, made the home through $QKG_HOME."""
    home = tmp_path / "home"
    shutil.copytree(FOUNDATION_HOME, home)
    monkeypatch.setenv("QKG_HOME", str(home))
    monkeypatch.delenv("QKG_STORE", raising=False)
    return home
