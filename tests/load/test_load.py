"""16 readers and 2 writers against a writable `qkg serve` for 60 s (loopback only): no errors,
every acknowledged write present afterwards, every rejected one absent, and no reader ever sees
part of a transaction. Prints and saves request counts and p50/p99 latencies."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

from tests.support.live import Server

pytestmark = pytest.mark.load

ROOT = Path(__file__).resolve().parents[2]
SECONDS = float(os.environ.get("QKG_LOAD_SECONDS", "60"))
READERS, WRITERS = 16, 2
GROUP = 5  # villages per write; a reader must see all of a group or none
PREFIX = "https://w3id.org/qalamoun/id/place/load-"
GROUPS_SEEN = (
    "SELECT ?g (COUNT(DISTINCT ?s) AS ?n) "
    f'{{ ?s a qo:Village FILTER(STRSTARTS(STR(?s), "{PREFIX}"))'
    f' BIND(STRBEFORE(STRAFTER(STR(?s), "{PREFIX}"), "/") AS ?g) }} GROUP BY ?g'
)
READS = [
    GROUPS_SEEN,
    *(p.read_text() for p in sorted((ROOT / "tests/competency").glob("*.rq"))[:6]),
]
REPORT = ROOT / "test-artifacts" / "load-report.json"


def group_update(tag: str, valid: bool) -> str:
    """One transaction of GROUP villages; an invalid one lacks the labels the shapes require."""
    lines = []
    for i in range(GROUP):
        label = f'; rdfs:label "Load {tag} {i}"@en ' if valid else ""
        lines.append(
            f"<{PREFIX}{tag}/{i}> a qo:Village {label}; qo:inCountry qr:country\\/lebanon ."
        )
    return "INSERT DATA { " + " ".join(lines) + " }"


@dataclass
class Tally:
    """What the clients did and saw, shared by their threads."""

    reads: list[float] = field(default_factory=list)
    writes: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    partial: list[str] = field(default_factory=list)
    acknowledged: set[str] = field(default_factory=set)
    rejected: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)


def reader(server: Server, tally: Tally, stop: threading.Event, number: int) -> None:
    """Query in a loop; group counts must always be whole."""
    session = requests.Session()
    turn = number
    while not stop.is_set():
        query = READS[turn % len(READS)]
        turn += 1
        started = time.monotonic()
        response = session.get(server.sparql, params={"query": query}, timeout=120)
        elapsed = time.monotonic() - started
        with tally.lock:
            tally.reads.append(elapsed)
            if response.status_code != 200:
                tally.errors.append(f"read {response.status_code} {response.text[:200]}")
            elif query is GROUPS_SEEN:
                rows = response.json()["results"]["bindings"]
                tally.partial += [r["g"]["value"] for r in rows if int(r["n"]["value"]) != GROUP]


def writer(server: Server, tally: Tally, stop: threading.Event, number: int) -> None:
    """Write groups in a loop, every fifth one invalid (it must be refused and leave nothing)."""
    session = requests.Session()
    headers = {"Content-Type": "application/sparql-update", **server.auth}
    count = 0
    while not stop.is_set():
        tag, valid = f"w{number}-{count}", count % 5 != 4
        count += 1
        started = time.monotonic()
        response = session.post(server.sparql, data=group_update(tag, valid), headers=headers)
        elapsed = time.monotonic() - started
        with tally.lock:
            tally.writes.append(elapsed)
            if response.status_code == 200 and valid:
                tally.acknowledged.add(tag)
            elif response.status_code == 422 and not valid:
                tally.rejected.add(tag)
            else:
                tally.errors.append(f"write {response.status_code} {response.text[:200]}")


def percentiles(samples: list[float]) -> dict[str, float]:
    """p50 and p99 in milliseconds."""
    if len(samples) < 2:
        return {"p50_ms": 0.0, "p99_ms": 0.0}
    cuts = statistics.quantiles(samples, n=100)
    return {"p50_ms": round(cuts[49] * 1000, 1), "p99_ms": round(cuts[98] * 1000, 1)}


def stored_groups(server: Server) -> dict[str, int]:
    """Each load group the store holds, with its number of villages."""
    response = requests.get(server.sparql, params={"query": GROUPS_SEEN}, timeout=120)
    assert response.status_code == 200, response.text
    rows = response.json()["results"]["bindings"]
    return {r["g"]["value"]: int(r["n"]["value"]) for r in rows}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A writable server on a fresh store loaded from the project's sources."""
    workdir = tmp_path_factory.mktemp("load")
    home = workdir / "home"
    for folder in ("ontology", "data", "shapes"):
        shutil.copytree(ROOT / folder, home / folder)
    # 18 clients: threads and the query queue sized for them (SECURITY.md, fairness)
    options = ["--threads", "24", "--queue", "32"]
    live = Server(workdir, str(workdir / "store"), home=home, options=options)
    yield live.start()
    live.stop()
    live.assert_clean_log()


def test_readers_and_writers_for_a_minute(server: Server) -> None:
    tally, stop = Tally(), threading.Event()
    threads = [
        threading.Thread(target=reader, args=(server, tally, stop, n)) for n in range(READERS)
    ]
    threads += [
        threading.Thread(target=writer, args=(server, tally, stop, n)) for n in range(WRITERS)
    ]
    for thread in threads:
        thread.start()
    time.sleep(SECONDS)
    stop.set()
    for thread in threads:
        thread.join(timeout=180)
    stored = stored_groups(server)
    report = {
        "seconds": SECONDS,
        "readers": READERS,
        "writers": WRITERS,
        "reads": len(tally.reads),
        "writes": len(tally.writes),
        "acknowledged": len(tally.acknowledged),
        "rejected": len(tally.rejected),
        "errors": len(tally.errors),
        "partial_transactions_seen": len(tally.partial),
        "read_latency": percentiles(tally.reads),
        "write_latency": percentiles(tally.writes),
    }
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps(report, indent=2) + "\n")
    print("\n" + json.dumps(report, indent=2))
    assert tally.errors == [], tally.errors[:5]
    assert tally.partial == [], tally.partial[:5]
    assert tally.acknowledged and tally.rejected and tally.reads
    assert set(stored) == tally.acknowledged
    assert all(count == GROUP for count in stored.values())
