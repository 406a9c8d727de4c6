"""Crash safety: `kill -9` during large loads and streams of updates; the store reopens holding
exactly the committed transactions and serves queries."""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph
import pytest
import requests

from tests.hardening.livekg import QKG, qkg_env, run_qkg
from tests.hardening.synthetic import home_with_extra, places_file
from tests.support.live import Server

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


def killed_counts(store: Path) -> tuple[int, int]:
    """quad_counts of a store whose creation was killed: (0, 0) when the kill came before the
    store existed, or before RocksDB had created its column families (nothing was written)."""
    if not store.exists():
        return 0, 0
    try:
        return quad_counts(store)
    except RuntimeError as error:
        if "Column family not found" not in str(error):
            raise
        return 0, 0


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
        counts = killed_counts(store)
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


USER_GRAPH = "https://w3id.org/qalamoun/graph/user"
CRASH_PREFIX = "https://w3id.org/qalamoun/id/place/crash-"
GROUP_PLACES = 10
TRIPLES_PER_PLACE = 3
SERVER_CRASHES = 4
COUNT_CRASH_VILLAGES = (
    f'SELECT (COUNT(*) AS ?n) {{ ?s a qo:Village FILTER(STRSTARTS(STR(?s), "{CRASH_PREFIX}")) }}'
)


def group_update(number: int) -> str:
    """One transaction: GROUP_PLACES conforming villages, all named by the group's number."""
    places = " ".join(
        f"<{CRASH_PREFIX}{number}-{i}> a qo:Village ; "
        f'rdfs:label "Crash village {number} {i}"@en ; qo:inCountry qr:country\\/lebanon .'
        for i in range(GROUP_PLACES)
    )
    return f"INSERT DATA {{ {places} }}"


def stored_groups(store: Path) -> dict[int, int]:
    """Triples of the user graph per group number, read straight from the store's files."""
    opened = pyoxigraph.Store.read_only(str(store))
    counts: dict[int, int] = {}
    graph = pyoxigraph.NamedNode(USER_GRAPH)
    for quad in opened.quads_for_pattern(None, None, None, graph):
        subject = str(quad.subject.value) if isinstance(quad.subject, pyoxigraph.NamedNode) else ""
        if subject.startswith(CRASH_PREFIX):
            number = int(subject[len(CRASH_PREFIX) :].split("-")[0])
            counts[number] = counts.get(number, 0) + 1
    return counts


@dataclass
class UpdateStream:
    """Posts group after group until the server dies; remembers what it acknowledged."""

    server: Server
    first: int
    acknowledged: list[int] = field(default_factory=list)
    unanswered: list[int] = field(default_factory=list)

    def run(self) -> None:
        """Write until a request fails (the server was killed)."""
        number = self.first
        headers = {"Content-Type": "application/sparql-update", **self.server.auth}
        while True:
            try:
                response = requests.post(
                    self.server.sparql, data=group_update(number), headers=headers, timeout=60
                )
            except requests.RequestException:
                self.unanswered.append(number)
                return
            assert response.status_code == 200, response.text
            self.acknowledged.append(number)
            number += 1


def test_killed_server_keeps_exactly_the_acknowledged_updates(
    loaded_store: Path, frozen_sources: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    shutil.copytree(loaded_store, store)
    acknowledged: set[int] = set()
    unanswered: set[int] = set()
    for crash in range(SERVER_CRASHES):
        server = Server(tmp_path / f"run-{crash}", str(store), home=frozen_sources).start()
        stream = UpdateStream(server, first=1000 * crash)
        writer = threading.Thread(target=stream.run)
        writer.start()
        deadline = time.monotonic() + 300
        while len(stream.acknowledged) < 2 + crash and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.07 * crash)  # a different point of the next transaction each time
        server.kill9()
        writer.join(timeout=120)
        assert stream.acknowledged, "no write was acknowledged before the kill"
        acknowledged |= set(stream.acknowledged)
        unanswered |= set(stream.unanswered)
        groups = stored_groups(store)
        assert acknowledged <= set(groups), sorted(acknowledged - set(groups))
        assert set(groups) <= acknowledged | unanswered, sorted(set(groups) - acknowledged)
        whole = GROUP_PLACES * TRIPLES_PER_PLACE
        assert all(count == whole for count in groups.values()), groups
    survivor = Server(tmp_path / "after", str(store), home=frozen_sources, writable=False).start()
    try:
        answer = requests.get(
            survivor.sparql,
            params={"query": COUNT_CRASH_VILLAGES},
            timeout=60,
        )
        assert answer.status_code == 200, answer.text
        seen = int(answer.json()["results"]["bindings"][0]["n"]["value"])
        assert seen == GROUP_PLACES * len(stored_groups(store))
    finally:
        survivor.stop()
    survivor.assert_clean_log()
    print(f"\n{SERVER_CRASHES} server crashes: {len(acknowledged)} acknowledged updates all kept")
