"""Pytest fixtures for a real `oxigraph serve` process and `RemoteStore`s in front of it.

Usable from any test folder once the root conftest lists
`pytest_plugins = ["tests.remote.fixtures"]`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from qalamoun_kg.bootstrap import ensure_loaded
from qalamoun_kg.store import Store, open_store
from qalamoun_kg.store.remote import RemoteStore
from tests.support.live import free_port

START_TIMEOUT = 30.0
INSTALL_HINT = "the oxigraph server binary is missing: pip install oxigraph (in the dev extra)"


@dataclass
class OxigraphServer:
    """A running `oxigraph serve` on a loopback port."""

    base_url: str
    process: subprocess.Popen[bytes]

    @property
    def query_url(self) -> str:
        """The SPARQL query endpoint, the spec `--store` takes."""
        return f"{self.base_url}/query"


def oxigraph_binary() -> Path | None:
    """The `oxigraph` executable of this environment (the `oxigraph` PyPI package), if any."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return beside
    found = shutil.which("oxigraph")
    return Path(found) if found else None


def start_oxigraph(binary: Path, location: Path) -> OxigraphServer:
    """Start `oxigraph serve` with its data in location; return once it answers queries."""
    port = free_port()
    process = subprocess.Popen(
        [str(binary), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    server = OxigraphServer(f"http://127.0.0.1:{port}", process)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            error = process.stderr.read().decode() if process.stderr else ""
            raise RuntimeError(f"oxigraph serve exited with {process.returncode}: {error}")
        try:
            requests.get(server.query_url, params={"query": "ASK {}"}, timeout=1).raise_for_status()
            return server
        except requests.RequestException:
            time.sleep(0.05)
    stop_oxigraph(server)
    raise RuntimeError(f"oxigraph serve did not answer within {START_TIMEOUT} s")


def stop_oxigraph(server: OxigraphServer) -> None:
    """Stop the server process and wait for it."""
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()
    if server.process.stderr:
        server.process.stderr.close()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """One `oxigraph serve` per test session, with its data in a temporary folder."""
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip(INSTALL_HINT)
    server = start_oxigraph(binary, tmp_path_factory.mktemp("oxigraph-server"))
    yield server
    stop_oxigraph(server)


@pytest.fixture
def remote_store(oxigraph_server: OxigraphServer) -> Iterator[RemoteStore]:
    """An empty `RemoteStore` in front of the session's server (emptied before each test)."""
    store = RemoteStore(oxigraph_server.query_url)
    store.clear()
    yield store
    store.close()


@pytest.fixture
def remote_project_store(oxigraph_server: OxigraphServer) -> Iterator[Store]:
    """The server holding the project's ontology, data and shapes, opened through `open_store`."""
    store = open_store(oxigraph_server.query_url)
    store.clear()
    ensure_loaded(store)
    yield store
    store.close()


@pytest.fixture(params=["memory", "remote"])
def any_store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """An empty store of each backend in turn: embedded in memory, then remote."""
    if request.param == "memory":
        store = open_store("memory")
        yield store
        store.close()
    else:
        yield request.getfixturevalue("remote_store")


@pytest.fixture(params=["memory", "remote"])
def any_project_store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """A store of each backend in turn holding the project's sources (emptied per test)."""
    if request.param == "remote":
        yield request.getfixturevalue("remote_project_store")
        return
    store = open_store("memory")
    ensure_loaded(store)
    yield store
    store.close()
