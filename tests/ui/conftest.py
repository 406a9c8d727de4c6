"""Fixtures of the web-UI tests: the app over the real data, and over a temporary store."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from qalamoun_kg.store import Store, open_store
from qalamoun_kg.web import close_app
from tests.ui.apps import make_app


@pytest.fixture(scope="session")
def ui_app(memory_store: Store) -> Iterator[Flask]:
    """The app over the project's data."""
    app = make_app(memory_store)
    yield app
    close_app(app)


@pytest.fixture
def client(ui_app: Flask) -> FlaskClient:
    """A test client of the app over the project's data."""
    return ui_app.test_client()


@pytest.fixture
def scratch_store() -> Iterator[Store]:
    """An empty in-memory store for tests that load their own triples."""
    store = open_store("memory")
    yield store
    store.close()
