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

from qalamoun_kg.bootstrap import ensure_loaded
from qalamoun_kg.store import Store, open_store
from qalamoun_kg.web.reconcile import create_blueprint
from tests.linking.schemas import Validate, registry, spec_folder, specs_dir


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
    folder = spec_folder("schemas")
    return folder, registry(folder)


@pytest.fixture(scope="session")
def validate() -> Validate:
    """A check of an instance against one of the spec's schemas (by file name); without the
    shared schemas, only that the instance is JSON (the schema tests then skip, saying so)."""
    folder = specs_dir() / "schemas"
    if not folder.is_dir():
        return lambda schema_file, instance: json.loads(json.dumps(instance, allow_nan=False))
    schemas = registry(folder)

    def check(schema_file: str, instance: Any) -> None:
        schema = json.loads((folder / schema_file).read_text(encoding="utf-8"))
        Draft7Validator(schema, registry=schemas).validate(instance)

    return check
