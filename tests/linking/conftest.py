"""Fixtures of the linking tests: fresh stores, the reconciliation app, the W3C JSON Schemas."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from jsonschema import Draft7Validator
from referencing import Registry
from referencing.jsonschema import DRAFT7
from tests.linking.schemas import SPECS_ENV, Validate, specs_dir

from qalamoun_kg.bootstrap import ensure_loaded
from qalamoun_kg.store import Store, open_store
from qalamoun_kg.web.reconcile import create_blueprint


@pytest.fixture
def fresh_store() -> Iterator[Store]:
    """A store of its own, loaded from the project's sources, for tests that change it."""
    store = open_store("memory")
    ensure_loaded(store)
    yield store
    store.close()


@pytest.fixture(scope="session")
def client(memory_store: Store) -> FlaskClient:
    """A test client of an app with the reconciliation blueprint on the shared store."""
    app = Flask("reconcile-tests")
    app.register_blueprint(create_blueprint(memory_store))
    return app.test_client()


@pytest.fixture(scope="session")
def schema_registry() -> tuple[Path, Registry[Any]]:
    """Every schema of the spec folder, registered under its `$id`; skips without the folder."""
    folder = specs_dir() / "schemas"
    if not folder.is_dir():
        pytest.skip(f"W3C reconciliation schemas not found at {folder} (set ${SPECS_ENV})")
    resources = []
    for path in sorted(folder.glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((contents["$id"].rstrip("#"), DRAFT7.create_resource(contents)))
    return folder, Registry().with_resources(resources)


@pytest.fixture(scope="session")
def validate(schema_registry: tuple[Path, Registry[Any]]) -> Validate:
    """A function that checks an instance against one of the spec's schemas (by file name)."""
    folder, registry = schema_registry

    def check(schema_file: str, instance: Any) -> None:
        schema = json.loads((folder / schema_file).read_text(encoding="utf-8"))
        Draft7Validator(schema, registry=registry).validate(instance)

    return check
