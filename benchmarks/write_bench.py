"""Writes side by side: `qkg serve --writable` against bare `oxigraph serve`, in one run.

1. The 94 W3C SPARQL 1.1 Update evaluation tests over HTTP, every answer checked (the W3C suite
   beside the checkout, `../shared/w3c/update`, or $QKG_W3C_DIR): qkg on a store that held the
   project's data (each case starts with DROP ALL), Oxigraph on an empty store.
2. On the article plus synthetic triples (`--size`, 1M by default) in a data graph of both
   servers: `INSERT DATA` of 100 valid triples (qkg validates them and maintains the inferred
   graph; Oxigraph just stores them), and a `DELETE/INSERT … WHERE` changing 1,000 triples;
   medians of `--repeat` runs, each checked for its effect.

`python benchmarks/write_bench.py [--size N] [--repeat R] [--json FILE]`; `make bench` runs it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import requests

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
BIN = Path(sys.executable).parent
sys.path[:0] = [str(BENCH_DIR), str(ROOT)]

import http_bench as hb  # noqa: E402  (benchmarks/ is not a package)
import load_bench as lb  # noqa: E402
from tests.support.w3c import MISSING, W3C  # noqa: E402
from tests.w3c.update_suite import Endpoints, play, read_cases  # noqa: E402

QKG, OXIGRAPH = "qkg serve --writable", "oxigraph serve"
TOKEN = "write-bench-token"
SYNTHETIC_GRAPH = lb.SYNTHETIC_GRAPH
UPDATE = "application/sparql-update"
PREFIXES = (
    "PREFIX qo: <https://w3id.org/qalamoun/ontology#>\n"
    "PREFIX qr: <https://w3id.org/qalamoun/id/>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
)


@dataclass
class Row:
    """One measurement of both servers and the ratio qkg / Oxigraph."""

    what: str
    qkg_s: float
    oxigraph_s: float

    @property
    def ratio(self) -> float:
        """How many times slower qkg is."""
        return self.qkg_s / self.oxigraph_s if self.oxigraph_s else float("inf")


def log(message: str) -> None:
    """Progress on stderr."""
    print(f"[write-bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@contextmanager
def qkg_server(store: Path, work: Path, home: Path | None = None) -> Iterator[Endpoints]:
    """`qkg serve --writable` on a store (sources from home, else the project's), with a token."""
    token = work / "token"
    token.write_text(TOKEN)
    port = hb.free_port()
    command = [str(BIN / "qkg"), "serve", "--store", str(store), "--port", str(port)]
    command += ["--writable", "--token-file", str(token), "--timeout", "600"]
    url = f"http://127.0.0.1:{port}"
    env = {"QKG_HOME": str(home)} if home else None
    server = hb.start_server(QKG, command, url + "/sparql", work / "qkg.log", env=env, timeout=900)
    try:
        auth = (("Authorization", f"Bearer {TOKEN}"),)
        yield Endpoints(url + "/sparql", url + "/sparql", url + "/rdf-graph-store", auth)
    finally:
        hb.stop_server(server)


@contextmanager
def oxigraph_server(location: Path, work: Path) -> Iterator[Endpoints]:
    """Bare `oxigraph serve` on a store folder."""
    port = hb.free_port()
    command = [str(BIN / "oxigraph"), "serve", "--location", str(location)]
    command += ["--bind", f"127.0.0.1:{port}"]
    url = f"http://127.0.0.1:{port}"
    server = hb.start_server(OXIGRAPH, command, url + "/query", work / "oxigraph.log")
    try:
        yield Endpoints(url + "/query", url + "/update", url + "/store")
    finally:
        hb.stop_server(server)


def time_suite(endpoints: Endpoints) -> float:
    """Seconds to play every W3C update case (each one checked)."""
    cases = read_cases(W3C / "update")
    started = time.perf_counter()
    for case in cases:
        play(endpoints, case)
    return time.perf_counter() - started


def post_update(endpoints: Endpoints, text: str) -> None:
    """POST one update, which must succeed."""
    headers = {"Content-Type": UPDATE, **dict(endpoints.headers)}
    response = requests.post(endpoints.update, data=text.encode(), headers=headers, timeout=900)
    if not response.ok:
        raise RuntimeError(f"update failed: {response.status_code} {response.text[:500]}")


def count(endpoints: Endpoints, where: str) -> int:
    """COUNT(*) of a group pattern in the synthetic graph (the servers' default graphs differ)."""
    query = (
        PREFIXES + f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{SYNTHETIC_GRAPH}> {{ {where} }} }}"
    )
    headers = {"Accept": "application/sparql-results+json"}
    response = requests.get(endpoints.query, params={"query": query}, headers=headers, timeout=600)
    response.raise_for_status()
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def villages(run: int) -> str:
    """INSERT DATA of 100 triples describing 25 valid new villages."""
    lines = []
    for number in range(25):
        slug = f"bench-{run}-{number}"
        lines.append(
            f'qr:place\\/{slug} a qo:Village ; rdfs:label "Bench village {slug}"@en , '
            f'"قرية {slug}"@ar ; qo:inCountry qr:country\\/synthetic-1 .'
        )
    return PREFIXES + f"INSERT DATA {{ GRAPH <{SYNTHETIC_GRAPH}> {{\n" + "\n".join(lines) + "\n} }"


def relabel(run: int) -> str:
    """DELETE/INSERT … WHERE replacing the English label of 500 synthetic events."""
    events = "VALUES ?kind { qo:Clash qo:Battle qo:Advance qo:Siege qo:Shelling qo:Ambush }"
    return PREFIXES + (
        f"DELETE {{ GRAPH <{SYNTHETIC_GRAPH}> {{ ?e rdfs:label ?old }} }}\n"
        f"INSERT {{ GRAPH <{SYNTHETIC_GRAPH}> {{ ?e rdfs:label ?new }} }}\n"
        f"WHERE {{ {{ SELECT ?e WHERE {{ {events} GRAPH <{SYNTHETIC_GRAPH}> {{ ?e a ?kind }} }} "
        "ORDER BY ?e LIMIT 500 }\n"
        f"  GRAPH <{SYNTHETIC_GRAPH}> {{ ?e rdfs:label ?old }}\n"
        f'  BIND(STRLANG(CONCAT("Event, revision {run}: ", STR(?old)), "en") AS ?new) }}'
    )


def median_of(repeat: int, action: Callable[[int], None]) -> float:
    """Median seconds of `repeat` runs of action(run)."""
    times = []
    for run in range(repeat):
        started = time.perf_counter()
        action(run)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def time_writes(endpoints: Endpoints, repeat: int) -> tuple[float, float]:
    """Median seconds of the 100-triple INSERT DATA and of the 1,000-triple change."""
    before = count(endpoints, "?v a qo:Village")

    def insert(run: int) -> None:
        post_update(endpoints, villages(run))

    insert_s = median_of(repeat, insert)
    added = count(endpoints, "?v a qo:Village") - before
    if added != 25 * repeat:
        raise RuntimeError(f"expected {25 * repeat} new villages, found {added}")

    def change(run: int) -> None:
        post_update(endpoints, relabel(run))

    change_s = median_of(repeat, change)
    revised = count(
        endpoints, f'?e rdfs:label ?l FILTER(STRSTARTS(?l, "Event, revision {repeat - 1}"))'
    )
    if revised != 500:
        raise RuntimeError(f"expected 500 relabelled events, found {revised}")
    return insert_s, change_s


def prepare_stores(work: Path, size: int) -> tuple[Path, Path, Path]:
    """A qkg store over the project's schema (ontology and shapes: the synthetic footnote numbers
    repeat the article's) holding the synthetic graph, its inferred graph computed; an Oxigraph
    store with the same quads; and the source home the qkg server must use."""
    home = lb.schema_home(work)
    data, triples = lb.synthetic_file(work, size)
    qkg_store, oxigraph_store = work / "qkg-store", work / "oxigraph-store"
    log(f"loading {triples:,} synthetic triples (not validated: the generator conforms)")
    lb.time_bulk_load(data, qkg_store, triples, home=home)
    environment = {**os.environ, "QKG_HOME": str(home)}
    store = ["--store", str(qkg_store)]
    run([str(BIN / "qkg"), "infer", *store], environment)
    dump = work / "dump.nq"
    run([str(BIN / "qkg"), "dump", *store, "--format", "nquads", "-o", str(dump)], environment)
    run([str(BIN / "oxigraph"), "load", "--location", str(oxigraph_store), "--file", str(dump)])
    return qkg_store, oxigraph_store, home


def run(command: list[str], env: dict[str, str] | None = None) -> None:
    """Run a preparation command, which must succeed."""
    log(" ".join(command[:3]) + " …")
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, env=env)


def measure(size: int, repeat: int, work: Path, suite: bool = True) -> list[Row]:
    """Both benchmarks (the suite unless told not to), both servers."""
    rows: list[Row] = []
    if suite and (W3C / "update").is_dir():
        empty = work / "suite-oxigraph"
        with qkg_server(work / "suite-qkg", work) as qkg:
            post_update(qkg, "INSERT DATA { }")  # the store is created and loaded before timing
            qkg_s = time_suite(qkg)
        with oxigraph_server(empty, work) as oxigraph:
            oxigraph_s = time_suite(oxigraph)
        rows.append(Row("W3C update suite (94 cases, checked)", qkg_s, oxigraph_s))
        log(f"suite: qkg {qkg_s:.1f} s, oxigraph {oxigraph_s:.1f} s")
    elif suite:
        log(MISSING)
    qkg_store, oxigraph_store, home = prepare_stores(work, size)
    with qkg_server(qkg_store, work, home) as qkg:
        qkg_insert, qkg_change = time_writes(qkg, repeat)
    with oxigraph_server(oxigraph_store, work) as oxigraph:
        ox_insert, ox_change = time_writes(oxigraph, repeat)
    label = f"{size:,} synthetic triples"
    rows.append(Row(f"INSERT DATA, 100 valid triples ({label}), median", qkg_insert, ox_insert))
    rows.append(Row(f"DELETE/INSERT WHERE, 1,000 triples ({label}), median", qkg_change, ox_change))
    return rows


def table(rows: list[Row]) -> str:
    """The rows as a Markdown table."""
    lines = ["| write | qkg serve | oxigraph serve | qkg / oxigraph |", "|---|---:|---:|---:|"]
    for row in rows:
        lines.append(
            f"| {row.what} | {row.qkg_s:.3f} s | {row.oxigraph_s:.3f} s | {row.ratio:.1f}x |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Measure and print the table (and write JSON when asked)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=1_000_000, help="synthetic triples")
    parser.add_argument("--repeat", type=int, default=9, help="runs per write")
    parser.add_argument("--json", type=Path, help="write the rows here")
    parser.add_argument("--markdown", type=Path, help="write the table here, with how it was run")
    parser.add_argument("--no-suite", action="store_true", help="skip the W3C update suite")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="qkg-write-bench-") as folder:
        rows = measure(args.size, args.repeat, Path(folder), suite=not args.no_suite)
    print(table(rows))
    if args.markdown:
        how = f"`python benchmarks/write_bench.py --size {args.size} --repeat {args.repeat}`"
        when = f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, both servers in one run"
        title = "# Writes: qkg serve --writable and oxigraph serve"
        args.markdown.write_text(f"{title}\n\n{how}, {when}.\n\n{table(rows)}\n")
    if args.json:
        records = [{**asdict(row), "ratio": row.ratio} for row in rows]
        args.json.write_text(json.dumps(records, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
