"""Validation: the native engine (pyshacl-turbo) beside pySHACL, incremental, full and bulk.

Per dataset and engine: a 100-triple addition validated incrementally, and a full validation.
Then the three targets, at `--target-triples` (1M by default) with the native engine and
pySHACL in the same run: a validated bulk load (`bulk_load`, what `qkg load --bulk` runs) in
triples/s (pySHACL on `--reference-bulk` triples only, its chunked path being slow), a full
validation (pySHACL stopped after `--full-timeout`), and the incremental 100-triple addition.

Datasets: the article (ontology, data and shapes as `qkg` loads them) and synthetic graphs from
`synthetic.py` (100k and 1M triples by default) with the ontology and shapes. The addition is
two new events and seven figure claims about them (100 triples) that conform. Incremental time
is the median of several runs after one warm-up; full validation runs once. A full run that
would take longer than `--full-limit` seconds (projected linearly from the previous size) is
not run, and its time is reported as an extrapolation. With `--full-timeout S` every full run
happens in a child process stopped after S seconds instead: one that is stopped gives a
measured lower bound ("> S s"), never an extrapolation.

`python benchmarks/validation_bench.py [--quick] [--sizes 100000 1000000] [--full-limit 600]
[--full-timeout 3600] [--target-triples 1000000] [--no-targets]`
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import synthetic  # noqa: E402  (benchmarks/ is not a package)
from child import timed, timed_in_child  # noqa: E402

from qalamoun_kg.bootstrap import ensure_loaded  # noqa: E402
from qalamoun_kg.loading import bulk_load  # noqa: E402
from qalamoun_kg.sources import source_files  # noqa: E402
from qalamoun_kg.store import Store, open_store  # noqa: E402
from qalamoun_kg.store.oxigraph import OxigraphStore  # noqa: E402
from qalamoun_kg.validation import validate_addition  # noqa: E402

QO = "https://w3id.org/qalamoun/ontology#"
QR = "https://w3id.org/qalamoun/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SYNTHETIC_GRAPH = ox.NamedNode("https://w3id.org/qalamoun/graph/data/synthetic")


@dataclass(frozen=True)
class Context:
    """Existing resources a conforming addition can point at, and a day inside its parent."""

    parent: str
    day: str
    place: str
    attacker: str
    defender: str
    claimant: str
    citation: str
    section: str


ARTICLE = Context(
    "event/battle-of-arsal", "2014-08-03", "place/arsal", "side/rebels", "actor/lebanese-army",
    "source/activists", "citation/40", "section/battle-of-arsal",
)  # fmt: skip
SYNTHETIC = Context(
    "event/offensive-0-phase-0", "2014-01-05", "place/village-0", "actor/group-0",
    "actor/group-1", "actor/group-2", "citation/s1", "section/synthetic",
)  # fmt: skip


@dataclass
class Row:
    """One dataset's measurements."""

    name: str
    triples: int
    incremental: float
    incremental_cpu: float
    checked: int
    full: float | None
    full_cpu: float | None
    extrapolated: bool
    agree: bool | None
    stopped: bool = False
    engine: str = "native"


def node(local: str) -> ox.NamedNode:
    """A resource IRI."""
    return ox.NamedNode(QR + local)


def term(local: str) -> ox.NamedNode:
    """An ontology IRI."""
    return ox.NamedNode(QO + local)


def literal(value: object, datatype: str) -> ox.Literal:
    """A typed literal."""
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + datatype))


def english(text: str) -> ox.Literal:
    """An English literal."""
    return ox.Literal(text, language="en")


def addition(context: Context) -> list[ox.Triple]:
    """Two events and seven claims about them: 100 triples that conform."""
    triples: list[ox.Triple] = []
    for number in range(2):
        triples.extend(event_triples(context, f"event/bench-{number}"))
    for number in range(7):
        about = f"event/bench-{number % 2}"
        triples.extend(claim_triples(context, f"claim/bench-{number}", about, number))
    triples.append(ox.Triple(node("event/bench-1"), term("followedEvent"), node("event/bench-0")))
    return triples


def event_triples(context: Context, slug: str) -> list[ox.Triple]:
    """A clash inside the parent event."""
    subject = node(slug)
    pairs = [
        (ox.NamedNode(RDF_TYPE), term("Clash")),
        (ox.NamedNode(LABEL), english(f"Benchmark clash {slug}")),
        (term("startDate"), literal(context.day, "date")),
        (term("endDate"), literal(context.day, "date")),
        (term("datePrecision"), term("ExactDay")),
        (term("place"), node(context.place)),
        (term("attacker"), node(context.attacker)),
        (term("defender"), node(context.defender)),
        (term("partOf"), node(context.parent)),
        (term("citation"), node(context.citation)),
        (term("section"), node(context.section)),
    ]
    return [ox.Triple(subject, p, o) for p, o in pairs]


def claim_triples(context: Context, slug: str, about: str, number: int) -> list[ox.Triple]:
    """A dated figure claim with its citation."""
    subject = node(slug)
    pairs = [
        (ox.NamedNode(RDF_TYPE), term("FigureClaim")),
        (ox.NamedNode(LABEL), english(f"Benchmark figure {slug}")),
        (term("claimant"), node(context.claimant)),
        (term("about"), node(about)),
        (term("asOf"), literal(context.day, "date")),
        (term("figureKind"), term("Killed")),
        (term("personCategory"), term("Fighters")),
        (term("quantityKind"), term("ExactQuantity")),
        (term("value"), literal(number + 1, "integer")),
        (term("citation"), node(context.citation)),
        (term("section"), node(context.section)),
    ]
    return [ox.Triple(subject, p, o) for p, o in pairs]


def article_store() -> Store:
    """The article as `qkg` loads it, in memory."""
    store = open_store("memory")
    ensure_loaded(store)
    return store


def add_schema(store: Store) -> None:
    """Add the ontology and shapes graphs of the project's sources."""
    for source in source_files():
        if source.kind in ("ontology", "shapes"):
            graph = ox.NamedNode(source.graph)
            quads = ox.parse(source.read_bytes(), ox.RdfFormat.TURTLE)
            store.add(ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads)


def synthetic_store(triples: int, folder: Path) -> Store:
    """Ontology, shapes and a synthetic graph of about `triples` triples, in memory."""
    store = open_store("memory")
    add_schema(store)
    path = synthetic.write_file(folder / f"synthetic-{triples}.nt", triples)
    quads = ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)
    store.add(ox.Quad(q.subject, q.predicate, q.object, SYNTHETIC_GRAPH) for q in quads)
    return store


def measure(
    name: str,
    store: Store,
    context: Context,
    repeat: int,
    full_budget: float | None,
    full_timeout: float | None = None,
    engine: str = "native",
) -> Row:
    """Incremental (median of repeat, after a warm-up) and full (once, if within budget)."""
    change = addition(context)
    timed(lambda: validate_addition(store, change, engine=engine))
    runs = [timed(lambda: validate_addition(store, change, engine=engine)) for _ in range(repeat)]
    wall = statistics.median(run[0] for run in runs)
    cpu = statistics.median(run[1] for run in runs)
    incremental = runs[0][2]
    triples = sum(1 for _ in store.quads())
    row = Row(name, triples, wall, cpu, incremental.checked_nodes, None, None, False, None)
    row.engine = engine
    if full_timeout is not None:
        outcome = full_in_child(store, change, full_timeout, engine)
        if outcome is None:
            row.full, row.stopped = full_timeout, True
        else:
            row.full, row.full_cpu, conforms = outcome
            row.agree = conforms == incremental.conforms
    elif full_budget is None:
        row.full, row.full_cpu, full = timed(
            lambda: validate_addition(store, change, full=True, engine=engine)
        )
        row.agree = full.conforms == incremental.conforms
    return row


def full_in_child(
    store: Store, change: list[ox.Triple], timeout: float, engine: str = "native"
) -> tuple[float, float, bool] | None:
    """Full validation in a forked child: (wall, cpu, conforms), or None if stopped at timeout."""
    return timed_in_child(
        lambda: validate_addition(store, change, full=True, engine=engine).conforms, timeout
    )


def report_line(row: Row) -> str:
    """One line of the results table (wall-clock seconds, CPU seconds in brackets)."""
    incremental = f"{row.incremental:6.3f} s [{row.incremental_cpu:.3f} cpu]"
    if row.full is None:
        full, ratio = "—", "—"
    elif row.stopped:
        full = f"> {row.full:.0f} s (stopped, measured lower bound)"
        ratio = f"> {row.full / row.incremental:.0f}x"
    elif row.extrapolated:
        full, ratio = f"{row.full:8.0f} s (extrapolated)", f"{row.full / row.incremental:6.0f}x"
    else:
        full = f"{row.full:8.1f} s [{row.full_cpu or 0:.1f} cpu]"
        ratio = f"{row.full / row.incremental:6.0f}x"
    agree = {None: "", True: "same verdict", False: "VERDICTS DIFFER"}[row.agree]
    return (
        f"{row.engine:<7} {row.name:<18} {row.triples:>8} triples | incremental {incremental} "
        f"({row.checked} nodes) | full {full} | ratio {ratio} {agree}"
    )


def run(
    sizes: list[int],
    repeat: int,
    full_limit: float,
    full_timeout: float | None = None,
    engine: str = "native",
) -> list[Row]:
    """Measure the article and each synthetic size with one engine, printing as it goes."""
    rows = [measure("article", article_store(), ARTICLE, repeat, None, engine=engine)]
    print(report_line(rows[-1]), flush=True)
    with tempfile.TemporaryDirectory() as folder:
        for size in sorted(sizes):
            store = synthetic_store(size, Path(folder))
            projected = projection(rows, sum(1 for _ in store.quads()))
            over = full_timeout is None and projected is not None and projected > full_limit
            row = measure(
                f"synthetic {size}",
                store,
                SYNTHETIC,
                repeat,
                projected if over else None,
                full_timeout,
                engine,
            )
            if over and projected is not None:
                row.full, row.extrapolated = projected, True
            rows.append(row)
            print(report_line(row), flush=True)
            store.close()
    return rows


def projection(rows: list[Row], triples: int) -> float | None:
    """Full-validation time at `triples`, linear from the largest measured (not extrapolated)."""
    measured = [r for r in rows if r.full is not None and not r.extrapolated]
    if not measured:
        return None
    largest = max(measured, key=lambda r: r.triples)
    assert largest.full is not None
    return largest.full * triples / largest.triples


def bulk_rate(path: Path, folder: Path, engine: str) -> tuple[int, float, bool]:
    """A validated bulk load of path into a fresh on-disk store holding ontology and shapes
    (the synthetic citations reuse the article's footnote numbers): (triples, seconds, written)."""
    store = OxigraphStore(folder / f"bulk-{engine}-{path.stem}")
    try:
        add_schema(store)
        seconds, _cpu, result = timed(
            lambda: bulk_load(store, [path], progress=False, engine=engine)
        )
    finally:
        store.close()
    return result.triples, seconds, result.written


def targets(triples: int, reference_bulk: int, repeat: int, full_timeout: float) -> list[str]:
    """The three targets at `triples`, native beside pySHACL; one line each, printed as measured."""
    lines: list[str] = []

    def say(line: str) -> None:
        print(line, flush=True)
        lines.append(line)

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        big = synthetic.write_file(folder / f"synthetic-{triples}.nt", triples)
        small = synthetic.write_file(folder / f"synthetic-{reference_bulk}.nt", reference_bulk)
        count, seconds, written = bulk_rate(big, folder, "native")
        rate = count / seconds
        ref_count, ref_seconds, _ = bulk_rate(small, folder, "pyshacl")
        ref_rate = ref_count / ref_seconds
        verdict = "met" if rate >= 20_000 and written else "MISSED"
        say(
            f"target bulk load >= 20000 triples/s: {verdict} — native {count} triples in "
            f"{seconds:.1f} s = {rate:.0f} triples/s (written: {written}); pySHACL {ref_count} "
            f"triples in {ref_seconds:.1f} s = {ref_rate:.0f} triples/s ({rate / ref_rate:.0f}x)"
        )
        store = synthetic_store(triples, folder)
        native = measure("synthetic", store, SYNTHETIC, repeat, None, None, "native")
        reference = measure("synthetic", store, SYNTHETIC, repeat, 0.0, full_timeout, "pyshacl")
        store.close()
    full = native.full or 0.0
    verdict = "met" if full < 120 else "MISSED"
    ref_full = (
        f"> {reference.full:.0f} s (stopped)" if reference.stopped else f"{reference.full:.1f} s"
    )
    say(
        f"target full validation < 120 s at {native.triples} triples: {verdict} — native "
        f"{full:.1f} s [{native.full_cpu or 0:.1f} cpu], pySHACL {ref_full}"
    )
    fast = native.incremental < 0.5 and native.incremental <= reference.incremental
    say(
        f"target incremental < 0.5 s and not slower than pySHACL at {native.triples} triples: "
        f"{'met' if fast else 'MISSED'} — native {native.incremental:.3f} s "
        f"[{native.incremental_cpu:.3f} cpu], pySHACL {reference.incremental:.3f} s "
        f"[{reference.incremental_cpu:.3f} cpu] ({native.checked} nodes)"
    )
    return lines


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one line per dataset and engine, then the targets; exit 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20k triples only")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--full-limit", type=float, default=600.0, help="seconds (pySHACL)")
    parser.add_argument(
        "--full-timeout", type=float, help="run every pySHACL full validation, stopped after S s"
    )
    parser.add_argument("--target-triples", type=int, default=1_000_000)
    parser.add_argument("--reference-bulk", type=int, default=20_000, help="pySHACL bulk size")
    parser.add_argument("--no-targets", action="store_true")
    args = parser.parse_args(argv)
    sizes = [20_000] if args.quick else args.sizes
    print("Validation of a 100-triple addition: incremental vs full, native vs pySHACL", flush=True)
    run(sizes, args.repeat, float("inf"), None, "native")
    rows = run(sizes, args.repeat, args.full_limit, args.full_timeout, "pyshacl")
    largest = rows[-1]
    if largest.full is not None:
        kind = "extrapolated" if largest.extrapolated else "measured"
        bound = "more than " if largest.stopped else ""
        ratio = largest.full / largest.incremental
        print(
            f"pySHACL at {largest.triples} triples: incremental is {bound}{ratio:.0f}x faster "
            f"than full ({kind}); incremental {largest.incremental:.3f} s"
        )
    if not args.no_targets:
        target = 20_000 if args.quick else args.target_triples
        timeout = args.full_timeout or args.full_limit
        targets(target, min(args.reference_bulk, target), args.repeat, timeout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
