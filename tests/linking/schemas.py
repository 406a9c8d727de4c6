"""The W3C Reconciliation API 0.2 JSON Schemas and examples, from the shared material.

Only checks against the spec's own files need them; every other test runs without them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from referencing import Registry
from referencing.jsonschema import DRAFT7

from tests.support.shared import missing_message, shared_folder

SPECS_ENV = "QKG_RECONCILIATION_SPECS"

Validate = Callable[[str, Any], None]


def specs_dir() -> Path:
    """The folder of the 0.2 schemas and examples ($QKG_RECONCILIATION_SPECS or shared/)."""
    return shared_folder(SPECS_ENV, "reconciliation", "0.2")


def spec_folder(*parts: str) -> Path:
    """A folder of the spec material; the calling test skips, saying so, when it is absent."""
    folder = specs_dir().joinpath(*parts)
    if not folder.is_dir():
        pytest.skip(missing_message(SPECS_ENV, folder, "W3C reconciliation spec files"))
    return folder


def registry(folder: Path) -> Registry[Any]:
    """Every schema of the folder, registered under its `$id`."""
    resources = []
    for path in sorted(folder.glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((contents["$id"].rstrip("#"), DRAFT7.create_resource(contents)))
    return Registry().with_resources(resources)


def examples(kind: str, validity: str) -> list[Any]:
    """The spec's example documents of one kind (the test skips without the spec files)."""
    folder = spec_folder("examples") / kind / validity
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]
