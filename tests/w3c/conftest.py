"""The W3C conformance runs: manifests from /work/shared/w3c, a writable server on an empty
store (the manifests clear and drop whole datasets), every request sent with the token."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.support.live import Server

ROOT = Path(__file__).resolve().parents[2]
# $QKG_W3C_DIR, else shared/w3c beside the checkout, else the workplace's shared folder.
CANDIDATES = [
    *([Path(os.environ["QKG_W3C_DIR"])] if os.environ.get("QKG_W3C_DIR") else []),
    ROOT.parent / "shared" / "w3c",
    Path("/work/shared/w3c"),
]
W3C = next((path for path in CANDIDATES if path.is_dir()), CANDIDATES[0])
MISSING = (
    f"W3C manifests not found (looked in {', '.join(map(str, CANDIDATES))}); "
    "set QKG_W3C_DIR to the folder holding them"
)


def manifest(name: str) -> Path:
    """A manifest file's path (the test skips when the folder is absent)."""
    return W3C / name


@pytest.fixture(scope="session")
def w3c_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A writable server whose sources are empty, so the store holds only the tests' graphs."""
    workdir = tmp_path_factory.mktemp("w3c")
    home = workdir / "home"
    for folder in ("ontology", "data", "shapes"):
        (home / folder).mkdir(parents=True)
    server = Server(workdir, str(workdir / "store"), home=home, options=["--timeout", "30"])
    yield server.start()
    server.stop()
    server.assert_clean_log()


@pytest.fixture(scope="session")
def w3c_article_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A writable server whose store held the project's data: the suites' DROP ALL resets it."""
    workdir = tmp_path_factory.mktemp("w3c-article")
    server = Server(workdir, str(workdir / "store"), options=["--timeout", "60"])
    yield server.start()
    server.stop()
    server.assert_clean_log()
