"""Crash safety: `kill -9` during large loads and streams of updates; the store reopens holding
exactly the committed transactions and serves queries."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pyoxigraph
import pytest
from livekg import QKG, qkg_env, run_qkg
from synthetic import home_with_extra, places_file

pytestmark = pytest.mark.slow

BIG_GRAPH = "https://w3id.org/qalamoun/graph/data/big"
PLACES = 10_000
KILL_FRACTIONS = (0.1, 0.3, 0.5, 0.7, 0.9, 1.1)


def quad_counts(store: Path) -> tuple[int, int]:
    """(all quads, quads of the big graph), read straight from the files without bootstrapping."""
    opened = pyoxigraph.Store.read_only(str(store))
    big = sum(
        1 for _ in opened.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(BIG_GRAPH))
    )
    return len(opened), big


def big_labels(store: Path) -> set[str]:
    """The distinct run tags among the labels of the big graph."""
    opened = pyoxigraph.Store.read_only(str(store))
    graph = pyoxigraph.NamedNode(BIG_GRAPH)
    return {
        q.object.value.split()[2]
        for q in opened.quads_for_pattern(None, None, None, graph)
        if isinstance(q.object, pyoxigraph.Literal)
    }


def bootstrap(home: Path, store: Path) -> subprocess.Popen[bytes]:
    """Start a `qkg query` whose first act is loading the sources into the store."""
    return subprocess.Popen(
        [str(QKG), "query", "ASK {}"],
        env=qkg_env(store, home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def timed_bootstrap(home: Path, store: Path) -> float:
    """Load the sources into a fresh store without interruption; return the seconds it took."""
    started = time.monotonic()
    process = bootstrap(home, store)
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stderr
    return time.monotonic() - started


def kill_after(process: subprocess.Popen[bytes], seconds: float) -> None:
    """SIGKILL a process after a delay (if it is still running)."""
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=30)


def test_killed_first_load_is_all_or_nothing(tmp_path: Path) -> None:
    home, _ = home_with_extra(tmp_path / "home", "big", "first", PLACES)
    duration = timed_bootstrap(home, tmp_path / "reference")
    full = quad_counts(tmp_path / "reference")
    outcomes = []
    for number, fraction in enumerate(KILL_FRACTIONS):
        store = tmp_path / f"store-{number}"
        kill_after(bootstrap(home, store), duration * fraction)
        counts = quad_counts(store) if store.exists() else (0, 0)
        assert counts in {(0, 0), full}, (fraction, counts, full)
        outcomes.append(counts == full)
        reopened = run_qkg(["query", "ASK { ?s ?p ?o }", "--format", "json"], store, home=home)
        assert reopened.returncode == 0, reopened.stderr
        assert quad_counts(store) == full
    assert not all(outcomes), "no kill landed before the commit; the test proved nothing"


def test_killed_reload_keeps_the_old_or_the_new_version(tmp_path: Path) -> None:
    home, _ = home_with_extra(tmp_path / "home", "big", "old", PLACES)
    store = tmp_path / "store"
    timed_bootstrap(home, store)
    places_file(home / "data" / "big.ttl", "new", PLACES)
    duration = timed_bootstrap(home, tmp_path / "reference")
    seen = set()
    for fraction in KILL_FRACTIONS:
        kill_after(bootstrap(home, store), duration * fraction)
        tags = big_labels(store)
        assert tags in ({"old"}, {"new"}), (fraction, tags)
        assert quad_counts(store)[1] == 2 * PLACES
        seen |= tags
        if tags == {"new"}:
            break
    assert "old" in seen, "no kill landed before the commit; the test proved nothing"
    assert run_qkg(["query", "ASK {}"], store, home=home).returncode == 0
    assert big_labels(store) == {"new"}
