"""`make bench`: our server against bare Oxigraph and rdflib-endpoint, side by side, one run.

On the article and on a synthetic graph (1M triples, `--size` to change): query throughput and
latency percentiles of a fixed mix with 1, 4 and 16 clients over loopback, for `qkg serve`,
`qkg serve` in front of `oxigraph serve` (remote backend), bare `oxigraph serve` and
`rdflib-endpoint`; load time of our bulk loader against `oxigraph load`; time to the first
answer on an existing store; then the validation, reasoning and write benchmarks if present.
Writes `benchmarks/results/results.md`, `throughput.png` and `results.json`.
`--quick` runs a small graph and short cells (under three minutes).
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(BENCH_DIR))

import http_bench as hb  # noqa: E402  (benchmarks/ is not a package)
import load_bench as lb  # noqa: E402

from qalamoun_kg.bootstrap import ensure_loaded  # noqa: E402
from qalamoun_kg.reasoning import materialize  # noqa: E402
from qalamoun_kg.store import open_store  # noqa: E402

QKG = "qkg serve"
QKG_REMOTE = "qkg serve → oxigraph serve"
OXIGRAPH = "oxigraph serve"
RDFLIB = "rdflib-endpoint"
SERVERS = (QKG, QKG_REMOTE, OXIGRAPH, RDFLIB)
MIXES = {"all": ("competency", "aggregate"), "aggregates": ("aggregate",)}
OTHER_BENCHES = ("validation_bench", "reasoning_bench", "write_bench")
# Their defaults go up to 1M triples with full pyshacl runs: too long inside `make bench`.
OTHER_ARGUMENTS = {
    "validation_bench": ["--sizes", "100000", "--full-limit", "120"],
    "reasoning_bench": ["--sizes", "100000", "1000000", "--owlrl-timeout", "600"],
    "write_bench": ["--size", "1000000", "--repeat", "9"],
}


@dataclass(frozen=True)
class Settings:
    """How big and how long: the synthetic size, seconds per cell, client counts."""

    size: int
    seconds: float
    clients: tuple[int, ...]
    validated: int
    rdflib_large_seconds: float
    other_timeout: float
    quick: bool
    out: Path

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Settings:
        """Settings of a full run, or of a quick one."""
        quick = bool(args.quick)
        return cls(
            size=args.size or (20_000 if quick else 1_000_000),
            seconds=args.seconds or (1.0 if quick else 5.0),
            clients=tuple(args.clients),
            validated=2_000 if quick else 10_000,
            rdflib_large_seconds=5.0 if quick else 60.0,
            other_timeout=300.0 if quick else 2400.0,
            quick=quick,
            out=args.out,
        )


@dataclass
class Dataset:
    """A store folder to serve, the files rdflib-endpoint reads, and its triple count."""

    name: str
    store: Path
    files: list[Path]
    triples: int
    large: bool


@dataclass
class Results:
    """Everything measured, written out at the end."""

    settings: Settings
    cells: list[hb.Cell] = field(default_factory=list)
    loads: list[dict[str, Any]] = field(default_factory=list)
    startup: list[dict[str, Any]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    others: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    datasets: list[dict[str, Any]] = field(default_factory=list)


def main(argv: list[str] | None = None) -> int:
    """Run every benchmark and write the results."""
    settings = Settings.from_args(parse_args(argv))
    results = Results(settings)
    started = time.perf_counter()
    with work_folder() as work:
        datasets = prepare_data(work, settings, results)
        for dataset in datasets:
            query_phase(dataset, settings, results)
    if settings.quick:
        results.notes.append("quick run: the validation and reasoning benchmarks were skipped")
    else:
        run_other_benches(settings, results)
    results.notes.append(f"total run time {time.perf_counter() - started:.0f} s")
    write_results(results)
    return 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small graph, short cells")
    parser.add_argument("--size", type=int, help="synthetic triples (default 1M; quick 50k)")
    parser.add_argument("--seconds", type=float, help="seconds per cell (default 5; quick 1.5)")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "results")
    return parser.parse_args(argv)


@contextmanager
def work_folder() -> Iterator[Path]:
    """A temporary folder for stores and data, removed at the end."""
    folder = Path(tempfile.mkdtemp(prefix="qkg-bench-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def log(message: str) -> None:
    """A progress line on stderr."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- data and load times ---------------------------------------------------------------------


def prepare_data(work: Path, settings: Settings, results: Results) -> list[Dataset]:
    """The article store, and the synthetic store loaded by our bulk loader (timed)."""
    sources = source_files()
    article = work / "article"
    store = open_store(str(article))
    ensure_loaded(store)
    materialize(store)
    article_triples = store.triple_count()
    store.close()
    log(f"generating {settings.size} synthetic triples")
    synthetic, count = lb.synthetic_file(work, settings.size)
    log("timing oxigraph load and bulk_load")
    reference = lb.time_oxigraph_load(synthetic, work / "oxigraph-load", count)
    ours = lb.time_bulk_load(synthetic, work / "synthetic", count)
    shutil.rmtree(work / "oxigraph-load", ignore_errors=True)
    results.loads.extend([timing_row(reference), timing_row(ours)])
    # A store qkg has served before holds its inferred graph; start-up is timed on such a one.
    log("computing the synthetic store's inferred graph (qkg infer)")
    inferred = open_store(str(work / "synthetic"))
    materialize(inferred)
    inferred.close()
    time_validated_load(work, settings, results)
    results.datasets = [
        {"name": "article", "triples": article_triples},
        {"name": f"synthetic {count}", "triples": count + article_triples},
    ]
    return [
        Dataset("article", article, sources, article_triples, large=False),
        Dataset(f"synthetic {count}", work / "synthetic", [*sources, synthetic], count, True),
    ]


def time_validated_load(work: Path, settings: Settings, results: Results) -> None:
    """A bulk load with chunked validation, on a smaller graph over the schema alone."""
    log(f"timing a validated bulk_load of {settings.validated} triples")
    small, count = lb.synthetic_file(work, settings.validated)
    try:
        timing = lb.time_bulk_load(
            small, work / "validated", count, validate=True, home=lb.schema_home(work)
        )
        results.loads.append(timing_row(timing))
    except RuntimeError as error:
        results.failures.append(f"validated bulk_load: {error}")


def timing_row(timing: lb.LoadTiming) -> dict[str, Any]:
    """A load timing as a JSON-ready row."""
    return {
        "loader": timing.loader + (" (validated)" if timing.validated else ""),
        "triples": timing.triples,
        "seconds": round(timing.seconds, 2),
        "triples_per_s": round(timing.rate),
    }


def source_files() -> list[Path]:
    """The ontology and data files (what queries see by default), for rdflib-endpoint."""
    return sorted((ROOT / "ontology").glob("*.ttl")) + sorted((ROOT / "data").glob("*.ttl"))


# -- servers and query cells -----------------------------------------------------------------


def query_phase(dataset: Dataset, settings: Settings, results: Results) -> None:
    """Start the servers on one dataset, check the mix on each, then measure every cell."""
    copy = dataset.store.with_name(dataset.store.name + "-oxigraph")
    shutil.copytree(dataset.store, copy, ignore=shutil.ignore_patterns("LOCK"))
    servers: dict[str, hb.Server] = {}
    try:
        start_servers(dataset, copy, servers, results)
        for name, server in servers.items():
            warm_up(name, server, dataset, results)
        measure(dataset, servers, settings, results)
    finally:
        for server in servers.values():
            hb.stop_server(server)
        shutil.rmtree(copy, ignore_errors=True)


def start_servers(
    dataset: Dataset, copy: Path, servers: dict[str, hb.Server], results: Results
) -> None:
    """Bare Oxigraph on a copy of the store, our server on the store and in front of Oxigraph."""
    logs = copy.parent
    port = hb.free_port()
    oxigraph = [str(BIN / "oxigraph"), "serve-read-only", "--location", str(copy)]
    oxigraph += ["--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    log(f"{dataset.name}: starting servers")
    servers[OXIGRAPH] = hb.start_server(
        OXIGRAPH, oxigraph, f"http://127.0.0.1:{port}/query", logs / "oxigraph.log"
    )
    if has_serve_command():
        servers[QKG] = start_qkg(str(dataset.store), logs / "qkg.log", dataset, results, QKG)
        remote = servers[OXIGRAPH].url
        servers[QKG_REMOTE] = start_qkg(
            remote, logs / "qkg-remote.log", dataset, results, QKG_REMOTE
        )
    else:
        results.failures.append("`qkg serve` is not available yet: its columns are empty")
    rdflib = start_rdflib(dataset, logs / "rdflib.log", results)
    if rdflib is not None:
        servers[RDFLIB] = rdflib


def has_serve_command() -> bool:
    """Whether this checkout's `qkg` has the `serve` command."""
    done = subprocess.run([str(BIN / "qkg"), "serve", "--help"], capture_output=True, check=False)
    return done.returncode == 0


def start_qkg(
    store: str, log_file: Path, dataset: Dataset, results: Results, name: str
) -> hb.Server:
    """`qkg serve` on a store; its time to the first answer and first aggregate are recorded."""
    port = hb.free_port()
    command = [str(BIN / "qkg"), "serve", "--store", store, "--host", "127.0.0.1"]
    command += ["--port", str(port)]
    server = hb.start_server(name, command, f"http://127.0.0.1:{port}/sparql", log_file)
    first = hb.query_mix(("aggregate",))[0]
    cold = hb.timed_query(server.url, first.text)
    results.startup.append(
        {
            "server": name,
            "dataset": dataset.name,
            "first_answer_s": round(server.first_answer_s, 3),
            "first_aggregate_s": round(cold, 3),
        }
    )
    return server


def start_rdflib(dataset: Dataset, log_file: Path, results: Results) -> hb.Server | None:
    """rdflib-endpoint on the same files (it parses them into memory when it starts)."""
    executable = BIN / "rdflib-endpoint"
    if not executable.exists():
        results.failures.append("rdflib-endpoint is not installed (pip install -e '.[bench]')")
        return None
    port = hb.free_port()
    command = [str(executable), "serve", *map(str, dataset.files)]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    log(f"{dataset.name}: rdflib-endpoint parses {len(dataset.files)} files")
    server = hb.start_server(RDFLIB, command, f"http://127.0.0.1:{port}/", log_file)
    results.notes.append(
        f"rdflib-endpoint took {server.first_answer_s:.1f} s to answer first on {dataset.name}"
    )
    return server


def warm_up(name: str, server: hb.Server, dataset: Dataset, results: Results) -> None:
    """Run each query once; a query a server fails is recorded (it still counts as an error)."""
    if dataset.large:
        return  # seconds to minutes per query there: the cells themselves warm up
    for query in hb.query_mix():
        if not hb.ask(server.url, query.text, timeout=300):
            results.failures.append(f"{name} failed {query.name} on {dataset.name}")


def measure(
    dataset: Dataset, servers: dict[str, hb.Server], settings: Settings, results: Results
) -> None:
    """Every (mix, clients) cell for every server, servers interleaved."""
    for mix_name, groups in MIXES.items():
        mix = hb.query_mix(groups)
        for clients in settings.clients:
            for name in SERVERS:
                if name not in servers:
                    continue
                cell = measure_cell(name, servers[name], dataset, mix_name, mix, clients, settings)
                if cell is not None:
                    results.cells.append(cell)


def measure_cell(
    name: str,
    server: hb.Server,
    dataset: Dataset,
    mix_name: str,
    mix: Sequence[hb.Query],
    clients: int,
    settings: Settings,
) -> hb.Cell | None:
    """One cell; rdflib on the large graph gets only the aggregates with one client."""
    labels = (name, dataset.name, mix_name)
    if name == RDFLIB and dataset.large:
        if mix_name != "aggregates" or clients != 1:
            return None
        seconds, timeout = settings.rdflib_large_seconds, 120.0
    else:
        seconds, timeout = settings.seconds, 120.0
    log(f"{dataset.name} / {mix_name} / {clients} clients / {name}")
    return hb.run_cell(server.url, mix, clients, seconds=seconds, timeout=timeout, labels=labels)


# -- the validation and reasoning benchmarks -------------------------------------------------


def run_other_benches(settings: Settings, results: Results) -> None:
    """Call `main` of the validation and reasoning benchmarks, each in its own process."""
    for name in OTHER_BENCHES:
        if not (BENCH_DIR / f"{name}.py").exists():
            results.others.append({"bench": name, "status": "not present", "output": ""})
            continue
        log(f"running {name}")
        results.others.append(run_other(name, settings))


def run_other(name: str, settings: Settings) -> dict[str, Any]:
    """Run `benchmarks/<name>.py:main` with the arguments that keep it short, if it takes them."""
    arguments = OTHER_ARGUMENTS.get(name, [])
    outcome = call_main(name, arguments, settings.other_timeout)
    if outcome["returncode"] == 2 and arguments:
        outcome = call_main(name, [], settings.other_timeout)
    return {"bench": name, **outcome}


def call_main(name: str, arguments: list[str], timeout: float) -> dict[str, Any]:
    """Import the module in a child Python and call its `main` (with arguments if it takes some)."""
    code = (
        "import inspect, sys; sys.path.insert(0, sys.argv[1]); import importlib; "
        "main = importlib.import_module(sys.argv[2]).main; "
        "result = main(sys.argv[3:]) if inspect.signature(main).parameters else main(); "
        "sys.exit(result if isinstance(result, int) else 0)"
    )
    command = [sys.executable, "-c", code, str(BENCH_DIR), name, *arguments]
    started = time.perf_counter()
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, cwd=ROOT, check=False
        )
    except subprocess.TimeoutExpired as expired:
        output = expired.stdout if isinstance(expired.stdout, str) else ""
        return {"status": f"stopped after {timeout:.0f} s", "returncode": -1, "output": output}
    status = "ok" if done.returncode == 0 else f"exit {done.returncode}"
    return {
        "status": status,
        "returncode": done.returncode,
        "seconds": round(time.perf_counter() - started, 1),
        "output": (done.stdout + ("\n" + done.stderr if done.returncode else "")).strip(),
    }


# -- writing the results ---------------------------------------------------------------------


def write_results(results: Results) -> None:
    """results.json, results.md and throughput.png in the output folder."""
    out = results.settings.out
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(as_json(results), indent=2) + "\n")
    (out / "results.md").write_text(markdown(results))
    plot(results, out / "throughput.png")
    log(f"wrote {out / 'results.md'} and {out / 'throughput.png'}")


def portable(value: object) -> str:
    """A setting as text; a path inside the checkout relative to it (no machine's own path)."""
    if isinstance(value, Path) and value.resolve().is_relative_to(ROOT):
        return str(value.resolve().relative_to(ROOT))
    return str(value)


def as_json(results: Results) -> dict[str, Any]:
    """Everything but the raw samples."""
    settings = results.settings
    return {
        "environment": environment(),
        "settings": {k: portable(v) for k, v in vars(settings).items()},
        "datasets": results.datasets,
        "cells": [cell.summary() for cell in results.cells],
        "loads": results.loads,
        "startup": results.startup,
        "failures": results.failures,
        "other_benches": results.others,
        "notes": results.notes,
    }


def environment() -> dict[str, str]:
    """Machine and versions, for reading the numbers later."""
    import os

    import pyoxigraph

    versions = subprocess.run(
        [str(BIN / "oxigraph"), "--version"], capture_output=True, text=True, check=False
    )
    return {
        "cpus": str(os.cpu_count()),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "pyoxigraph": pyoxigraph.__version__,
        "oxigraph server": versions.stdout.strip(),
        "date": time.strftime("%Y-%m-%d %H:%M"),
    }


def cell_for(results: Results, server: str, dataset: str, mix: str, clients: int) -> hb.Cell | None:
    """The cell measured for these labels, if any."""
    for cell in results.cells:
        if (cell.server, cell.dataset, cell.mix, cell.clients) == (server, dataset, mix, clients):
            return cell
    return None


def ratio(numerator: hb.Cell | None, denominator: hb.Cell | None) -> float | None:
    """Throughput ratio of two cells."""
    if numerator is None or denominator is None or denominator.throughput == 0:
        return None
    return numerator.throughput / denominator.throughput


def fmt(value: float | None, digits: int = 1, suffix: str = "") -> str:
    """A number for a table cell, or a dash."""
    return "–" if value is None else f"{value:.{digits}f}{suffix}"


def markdown(results: Results) -> str:
    """The report: environment, query table with ratios, loads, start-up, targets, others."""
    parts = [
        "# Benchmark results\n",
        f"Run: `python benchmarks/run.py{' --quick' if results.settings.quick else ''}` "
        "(`make bench`). Loopback only; every server gets the same SPARQL protocol POSTs with "
        "JSON results from the same client threads (`benchmarks/http_bench.py`).\n",
        environment_table(),
        dataset_lines(results),
        query_table(results),
        per_query_table(results),
        load_table(results),
        startup_table(results),
        targets(results),
        other_sections(results),
        failure_lines(results),
    ]
    return "\n".join(part for part in parts if part) + "\n"


def environment_table() -> str:
    """The environment as a two-column table."""
    rows = "".join(f"| {key} | {value} |\n" for key, value in environment().items())
    return "## Environment\n\n| | |\n|---|---|\n" + rows


def dataset_lines(results: Results) -> str:
    """What the datasets hold."""
    lines = [f"- **{d['name']}**: {d['triples']} triples in the store" for d in results.datasets]
    mix = hb.query_mix()
    aggregates = [q.name for q in mix if q.group == "aggregate"]
    return (
        "## Data and queries\n\n" + "\n".join(lines) + "\n\n"
        f"Mix `all`: the {len(mix) - len(aggregates)} competency queries "
        f"(`tests/competency/*.rq`) and the {len(aggregates)} aggregates "
        "(`benchmarks/queries/*.rq`); mix `aggregates`: the aggregates alone. Each client "
        "cycles through the mix from its own starting point for a fixed time. Bare Oxigraph "
        "serves a copy of our store with `--union-default-graph` (it also sees the shapes and "
        "bookkeeping graphs, which our default graph hides); rdflib-endpoint parses the "
        "ontology and data files into memory.\n"
    )


def query_table(results: Results) -> str:
    """Throughput and latency per (data, mix, clients), servers side by side, with ratios."""
    head = "| data | mix | clients | " + " | ".join(SERVERS) + " | qkg/oxigraph | qkg/rdflib |\n"
    rule = "|---" * (5 + len(SERVERS)) + "|\n"
    rows = []
    for data in results.datasets:
        for mix in MIXES:
            for clients in results.settings.clients:
                cells = [cell_for(results, s, data["name"], mix, clients) for s in SERVERS]
                if not any(cells):
                    continue
                shown = " | ".join(cell_text(cell) for cell in cells)
                to_ox = fmt(ratio(cells[0], cells[2]), 2, "×")
                to_rdflib = fmt(ratio(cells[0], cells[3]), 0, "×")
                rows.append(
                    f"| {data['name']} | {mix} | {clients} | {shown} | {to_ox} | {to_rdflib} |\n"
                )
    return (
        "## Query throughput and latency\n\n"
        "Each cell: requests/s — p50 / p99 latency in ms (errors, if any).\n\n"
        + head
        + rule
        + "".join(rows)
    )


def cell_text(cell: hb.Cell | None) -> str:
    """One table cell: throughput, p50 and p99."""
    if cell is None:
        return "–"
    p50, p99 = cell.percentile(0.5), cell.percentile(0.99)
    text = f"{cell.throughput:.1f} — {fmt(p50 and p50 * 1000)} / {fmt(p99 and p99 * 1000)}"
    return text + (f" ({cell.errors} err)" if cell.errors else "")


def per_query_table(results: Results) -> str:
    """Median latency of each query with one client on each dataset, per server (ms)."""
    sections = []
    for data in results.datasets:
        cells = [cell_for(results, s, data["name"], "all", 1) for s in SERVERS]
        aggregates = [cell_for(results, s, data["name"], "aggregates", 1) for s in SERVERS]
        medians = [merged_medians(a, b) for a, b in zip(cells, aggregates, strict=True)]
        names = sorted({name for m in medians for name in m})
        if not names:
            continue
        head = "| query | " + " | ".join(SERVERS) + " |\n" + "|---" * (1 + len(SERVERS)) + "|\n"
        rows = "".join(
            f"| {name} | " + " | ".join(fmt(_ms(m.get(name)), 2) for m in medians) + " |\n"
            for name in names
        )
        sections.append(f"### {data['name']}\n\n" + head + rows)
    return "## Median latency per query, one client (ms)\n\n" + "\n".join(sections)


def merged_medians(first: hb.Cell | None, second: hb.Cell | None) -> dict[str, float]:
    """Per-query medians of two cells (the second fills queries the first lacks)."""
    merged: dict[str, float] = {}
    for cell in (second, first):
        if cell is not None:
            merged.update(cell.per_query_median())
    return merged


def _ms(seconds: float | None) -> float | None:
    """Seconds in milliseconds."""
    return None if seconds is None else seconds * 1000


def load_table(results: Results) -> str:
    """Load times and the ratio to `oxigraph load`."""
    reference = next((r for r in results.loads if r["loader"] == "oxigraph load"), None)
    rows = []
    for row in results.loads:
        same_size = reference is not None and row["triples"] == reference["triples"]
        versus = (
            fmt(row["seconds"] / reference["seconds"], 2, "×") if same_size and reference else "–"
        )
        cells = (row["loader"], row["triples"], row["seconds"], row["triples_per_s"], versus)
        rows.append("| " + " | ".join(map(str, cells)) + " |\n")
    return (
        "## Load time\n\n"
        "Synthetic N-Triples (`benchmarks/synthetic.py`) into one named graph of an on-disk store; "
        "ours is `qalamoun_kg.loading.bulk_load` (the store already holds the project's sources; "
        "not timed). The validated load runs over a store holding only ontology and shapes.\n\n"
        "| loader | triples | seconds | triples/s | vs oxigraph load |\n|---|---|---|---|---|\n"
        + "".join(rows)
    )


def startup_table(results: Results) -> str:
    """Time from starting `qkg serve` on an existing store to its first answers."""
    rows = "".join(
        f"| {r['server']} | {r['dataset']} | {r['first_answer_s']} | {r['first_aggregate_s']} |\n"
        for r in results.startup
    )
    return (
        "## Start-up on an existing store\n\n"
        "Process start to the first answered `ASK {}`; then one cold aggregate "
        "(agg-01, resources per class). The stores hold their inferred graph, as after a "
        "first `qkg serve` or `qkg infer`.\n\n"
        "| server | data | first answer (s) | then first aggregate (s) |\n|---|---|---|---|\n"
        + rows
    )


def targets(results: Results) -> str:
    """The targets, each with the measured value and whether it is met."""
    lines = ["## Targets\n"]
    lines.append(
        target_line(
            "`qkg serve` ≥ 0.8× bare `oxigraph serve` (mix `all`)",
            ratios(results, "all", OXIGRAPH),
            0.8,
        )
    )
    lines.append(
        target_line(
            "`qkg serve` ≥ 20× `rdflib-endpoint` (mix `aggregates`)",
            ratios(results, "aggregates", RDFLIB),
            20.0,
        )
    )
    lines.append(load_target(results))
    lines.append(startup_target(results))
    return "\n".join(lines) + "\n"


def ratios(results: Results, mix: str, other: str) -> list[tuple[str, float]]:
    """(where, qkg/other throughput) for every cell pair of a mix."""
    found = []
    for data in results.datasets:
        for clients in results.settings.clients:
            value = ratio(
                cell_for(results, QKG, data["name"], mix, clients),
                cell_for(results, other, data["name"], mix, clients),
            )
            if value is not None:
                found.append((f"{data['name']}, {clients} clients", value))
    return found


def target_line(label: str, found: list[tuple[str, float]], goal: float) -> str:
    """One target over several cells: the worst ratio decides."""
    if not found:
        return f"- {label}: not measured"
    where, worst = min(found, key=lambda item: item[1])
    verdict = "met" if worst >= goal else "**missed**"
    spread = ", ".join(f"{w}: {v:.2f}×" for w, v in found)
    return f"- {label}: {verdict} — worst {worst:.2f}× ({where}); all: {spread}"


def load_target(results: Results) -> str:
    """Our bulk load within 1.3× of `oxigraph load`."""
    rows = {row["loader"]: row for row in results.loads}
    ours, reference = rows.get("qkg bulk_load"), rows.get("oxigraph load")
    if ours is None or reference is None:
        return "- load within 1.3× of `oxigraph load`: not measured"
    value = ours["seconds"] / reference["seconds"]
    verdict = "met" if value <= 1.3 else "**missed**"
    times = f"{ours['seconds']} s vs {reference['seconds']} s"
    return f"- load within 1.3× of `oxigraph load`: {verdict} — {value:.2f}× ({times})"


def startup_target(results: Results) -> str:
    """First answer in under 2 s on an existing store."""
    rows = [r for r in results.startup if r["server"] == QKG]
    if not rows:
        return "- first answer < 2 s on an existing store: not measured"
    worst = max(rows, key=lambda r: r["first_answer_s"])
    verdict = "met" if worst["first_answer_s"] < 2 else "**missed**"
    where = f"{worst['first_answer_s']} s ({worst['dataset']})"
    return f"- first answer < 2 s on an existing store: {verdict} — worst {where}"


def other_sections(results: Results) -> str:
    """The validation and reasoning benchmarks' own output."""
    parts = ["## Validation and reasoning benchmarks\n"]
    for other in results.others:
        output = "\n".join(str(other.get("output", "")).splitlines()[-40:])
        seconds = f", {other['seconds']} s" if "seconds" in other else ""
        parts.append(f"### {other['bench']} ({other['status']}{seconds})\n")
        if output:
            parts.append("```\n" + output + "\n```\n")
    return "\n".join(parts)


def failure_lines(results: Results) -> str:
    """What could not be measured or failed, and other notes."""
    lines = [f"- {failure}" for failure in results.failures]
    lines += [f"- {note}" for note in results.notes]
    return "## Notes\n\n" + "\n".join(lines) + "\n" if lines else ""


def plot(results: Results, path: Path) -> None:
    """Throughput against clients: one panel per (dataset, mix), one line per server."""
    try:
        import matplotlib
    except ImportError:
        log("matplotlib is not installed (pip install -e '.[bench]'): no plot")
        return

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    datasets = [d["name"] for d in results.datasets]
    figure, axes = plt.subplots(
        len(datasets), len(MIXES), figsize=(11, 4 * len(datasets)), squeeze=False
    )
    for row, data in enumerate(datasets):
        for column, mix in enumerate(MIXES):
            axis = axes[row][column]
            for server in SERVERS:
                points = [
                    (cell.clients, cell.throughput)
                    for cell in results.cells
                    if (cell.server, cell.dataset, cell.mix) == (server, data, mix)
                    and cell.throughput
                ]
                if points:
                    axis.plot(*zip(*sorted(points), strict=True), marker="o", label=server)
            axis.set_xscale("log", base=2)
            axis.set_yscale("log")
            axis.set_xticks(
                list(results.settings.clients), [str(c) for c in results.settings.clients]
            )
            axis.set_title(f"{data} — mix {mix}")
            axis.set_xlabel("concurrent clients")
            axis.set_ylabel("requests/s")
            axis.grid(True, which="both", alpha=0.3)
            axis.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


if __name__ == "__main__":
    with suppress(KeyboardInterrupt):
        sys.exit(main())
