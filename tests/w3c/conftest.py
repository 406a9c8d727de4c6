"""The W3C conformance runs: a writable server on an empty
store (the manifests clear and drop whole datasets), every request sent with the token."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.live import Server


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
