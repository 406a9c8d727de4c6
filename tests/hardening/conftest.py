"""Fixtures of the hardening tests: a loaded on-disk store, a live server, a loopback canary."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hardening.canary import Canary
from tests.hardening.hostile import FUZZED
from tests.hardening.livekg import frozen_home, run_qkg, start_server
from tests.support.live import Server


@pytest.fixture(scope="session", autouse=True)
def frozen_sources(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
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


@pytest.fixture(scope="module")
def server(
    loaded_store: Path, frozen_sources: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """A writable server on a private store with a 3 s time limit; its log checked at the end."""
    workdir = tmp_path_factory.mktemp("server")
    live = start_server(loaded_store, frozen_sources, workdir, "--timeout", "3")
    yield live
    live.stop()
    live.assert_clean_log()


@pytest.fixture
def canary() -> Iterator[Canary]:
    """A loopback HTTP server recording every request made to it."""
    listener = Canary()
    yield listener
    listener.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The number of fuzzed inputs per HTTP entry point, for the figures of a run."""
    if FUZZED:
        terminalreporter.write_sep("-", f"fuzzed inputs: {sum(FUZZED.values())}")
        for entry, count in sorted(FUZZED.items()):
            terminalreporter.write_line(f"{count:6d}  {entry}")
