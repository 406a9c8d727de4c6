"""Stores for the reasoning tests: the article loaded in memory with its inferred graph."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from qalamoun_kg.bootstrap import ensure_loaded
from qalamoun_kg.reasoning import materialize
from qalamoun_kg.store import Store, open_store


@pytest.fixture
def inferred_store() -> Iterator[Store]:
    """A fresh in-memory store of the article with a current inferred graph."""
    store = open_store("memory")
    ensure_loaded(store)
    materialize(store)
    yield store
    store.close()
