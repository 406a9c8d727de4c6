"""Live servers for the web tests: writable on a temporary on-disk copy of the article data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.live import Server
from tests.web.limits import MAX_BODY, MAX_ROWS


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A writable server on the article data with a small row cap and body limit."""
    workdir = tmp_path_factory.mktemp("live")
    options = ["--max-rows", str(MAX_ROWS), "--max-body", str(MAX_BODY), "--timeout", "30"]
    server = Server(workdir, str(workdir / "store"), options=options).start()
    yield server
    server.stop()
    server.assert_clean_log()


@pytest.fixture(scope="session")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A read-only server with a 2 s time limit and a loopback host on the fetch list."""
    workdir = tmp_path_factory.mktemp("guarded")
    options = ["--timeout", "2", "--allow-fetch", "localhost", "--workers", "2"]
    server = Server(workdir, str(workdir / "store"), writable=False, options=options).start()
    yield server
    server.stop()
    server.assert_clean_log()


@pytest.fixture
def store_dir(live: Server) -> Path:
    """The live server's store folder."""
    return Path(live.store)
