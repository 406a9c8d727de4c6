"""The store the browser tests serve: the project's sources plus the hostile test village."""

from __future__ import annotations

from pathlib import Path

from qalamoun_kg.bootstrap import ensure_loaded
from qalamoun_kg.store.oxigraph import OxigraphStore
from tests.ui.hostile import hostile_quads


def prepare_store(folder: Path) -> Path:
    """An on-disk store loaded from the sources, plus the hostile village; closed again."""
    store = OxigraphStore(folder)
    ensure_loaded(store)
    store.add(hostile_quads())
    store.close()
    del store
    return folder
