"""Fixtures of the hardening tests: a loaded on-disk store, the CLI in-process, a live server."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from canary import Canary
from livekg import LiveServer, frozen_home, need_command, run_qkg


@pytest.fixture(scope="session", autouse=True)
def _frozen_sources(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every `qkg` of these tests reads a frozen copy of the sources ($QKG_HOME)."""
    home = frozen_home(tmp_path_factory.mktemp("home"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QKG_HOME", str(home))
        yield home


@pytest.fixture(scope="session")
def loaded_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk store loaded from the project's sources once; copy it before writing."""
    store = tmp_path_factory.mktemp("pristine") / "store"
    proc = run_qkg(["query", "ASK {}"], store)
    assert proc.returncode == 0, proc.stderr
    return store


@pytest.fixture
def store_copy(loaded_store: Path, tmp_path: Path) -> Path:
    """A private copy of the loaded store that a test may write to."""
    target = tmp_path / "store"
    shutil.copytree(loaded_store, target)
    return target


def start_server(loaded_store: Path, workdir: Path, **options: object) -> LiveServer:
    """Start `qkg serve` on a private copy of the loaded store (skips until `serve` lands)."""
    need_command("serve")
    store = workdir / "store"
    if not store.exists():
        shutil.copytree(loaded_store, store)
    return LiveServer(store=store, workdir=workdir, **options).start()  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def server(loaded_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A writable `qkg serve` on a free loopback port, a private store, a 3 s query timeout."""
    live = start_server(loaded_store, tmp_path_factory.mktemp("server"))
    yield live
    live.stop()


@pytest.fixture
def canary() -> Iterator[Canary]:
    """A loopback HTTP server recording every request made to it."""
    listener = Canary()
    yield listener
    listener.close()
