"""OWL 2 RL closure: the project's reasoner against plain owlrl (and `reasonable` if installed).

Datasets: the article (ontology + data) and synthetic graphs from `synthetic.py` with the
ontology (100k and 1M triples by default). For each: the time to compute the inferred graph
(ours: owlrl on the schema, then the compiled fact rules), plain owlrl's
`DeductiveClosure(OWLRL_Semantics).expand()` on the same triples in a child process stopped after
`--owlrl-timeout` seconds, whether the two inferred sets are identical, and the time to bring
the inferred graph up to date after a 100-triple addition (an embedded on-disk store).

`python benchmarks/reasoning_bench.py [--quick] [--sizes 100000 1000000] [--owlrl-timeout 900]`
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
from pathlib import Path

import owlrl
import pyoxigraph as ox
from rdflib import RDF, Graph, URIRef

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import synthetic  # noqa: E402  (benchmarks/ is not a package)
import validation_bench  # noqa: E402
from child import timed, timed_in_child  # noqa: E402

from qalamoun_kg.bootstrap import ensure_loaded  # noqa: E402
from qalamoun_kg.reasoning import inferred_change, materialize  # noqa: E402
from qalamoun_kg.reasoning.materialize import (  # noqa: E402
    apply,
    inferred_facts,
    premises,
    rules_for,
)
from qalamoun_kg.reasoning.policy import Fact, keeps  # noqa: E402
from qalamoun_kg.sources import source_files  # noqa: E402
from qalamoun_kg.store import Store, open_store  # noqa: E402
from qalamoun_kg.store.convert import from_rdflib, to_rdflib  # noqa: E402

SYNTHETIC_GRAPH = ox.NamedNode("https://w3id.org/qalamoun/graph/data/synthetic")
ERROR_MESSAGE = URIRef("http://www.daml.org/2002/03/agents/agent-ont#ErrorMessage")


@dataclasses.dataclass
class Row:
    """One dataset's measurements (seconds; None when not run or stopped)."""

    name: str
    triples: int
    inferred: int
    ours: float
    owlrl: float | None
    owlrl_stopped: bool
    identical: bool | None
    reasonable: float | None
    incremental: float | None


def owlrl_inferred(schema: list[Fact], data: list[Fact], asserted: set[Fact]) -> set[Fact]:
    """Plain owlrl's closure, filtered as the inferred graph is (see docs/reasoning.md)."""
    graph = Graph()
    for fact in schema + data:
        graph.add(tuple(to_rdflib(term) for term in fact))  # type: ignore[arg-type]
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
    ).expand(graph)
    messages = set(graph.subjects(RDF.type, ERROR_MESSAGE))
    closed = {tuple(from_rdflib(n) for n in t) for t in graph if t[0] not in messages}
    return {f for f in closed if keeps(f) and f not in asserted}  # type: ignore[misc]


def reasonable_seconds(schema: list[Fact], data: list[Fact]) -> float | None:
    """The Rust reasoner's time on the same triples, if the package is installed."""
    try:
        import reasonable
    except ImportError:
        return None
    graph = Graph()
    for fact in schema + data:
        graph.add(tuple(to_rdflib(term) for term in fact))  # type: ignore[arg-type]
    reasoner = reasonable.PyReasoner()
    reasoner.from_graph(graph)
    return timed(reasoner.reason)[0]


def measure(
    name: str, store: Store, owlrl_timeout: float | None, folder: Path, with_reasonable: bool
) -> Row:
    """Ours, owlrl and reasonable on the store's premises, then an incremental update."""
    schema, data, identities = premises(store)
    asserted = set(schema) | set(data) | set(identities)
    rules_for.cache_clear()
    ours, _, facts = timed(lambda: inferred_facts(schema, data, identities))
    row = Row(name, len(asserted), len(facts), ours, None, False, None, None, None)
    if owlrl_timeout is not None:
        outcome = timed_in_child(lambda: owlrl_inferred(schema, data, asserted), owlrl_timeout)
        if outcome is None:
            row.owlrl, row.owlrl_stopped = owlrl_timeout, True
        else:
            row.owlrl, _, reference = outcome
            row.identical = reference == facts
    row.reasonable = reasonable_seconds(schema, data) if with_reasonable else None
    row.incremental = incremental_seconds(store, folder)
    return row


def incremental_seconds(store: Store, folder: Path) -> float:
    """Median time to update a current inferred graph after a 100-triple addition, on disk."""
    disk = open_store(str(folder / "incremental"))
    disk.add(store.quads())
    materialize(disk)
    context = validation_bench.ARTICLE if "article" in str(folder) else validation_bench.SYNTHETIC
    change = validation_bench.addition(context)
    runs = [timed(lambda: inferred_change(disk, change, []))[0] for _ in range(3)]
    apply(disk, inferred_change(disk, change, []))
    disk.close()
    return statistics.median(runs)


def synthetic_store(triples: int, folder: Path) -> Store:
    """Ontology and shapes plus a synthetic graph of about `triples` triples, in memory."""
    store = open_store("memory")
    for source in source_files():
        if source.kind == "ontology":
            quads = ox.parse(source.read_bytes(), ox.RdfFormat.TURTLE)
            graph = ox.NamedNode(source.graph)
            store.add(ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads)
    path = synthetic.write_file(folder / f"synthetic-{triples}.nt", triples)
    quads = ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)
    store.add(ox.Quad(q.subject, q.predicate, q.object, SYNTHETIC_GRAPH) for q in quads)
    return store


def report_line(row: Row) -> str:
    """One line of results."""
    if row.owlrl is None:
        owl, ratio = "not run", "—"
    elif row.owlrl_stopped:
        owl, ratio = f"> {row.owlrl:.0f} s (stopped)", f"> {row.owlrl / row.ours:.0f}x"
    else:
        owl, ratio = f"{row.owlrl:.1f} s", f"{row.owlrl / row.ours:.1f}x"
    same = {None: "", True: "identical", False: "DIFFERENT"}[row.identical]
    rust = "—" if row.reasonable is None else f"{row.reasonable:.2f} s"
    inc = "—" if row.incremental is None else f"{row.incremental:.3f} s"
    return (
        f"{row.name:<18} {row.triples:>8} triples | ours {row.ours:7.2f} s, {row.inferred} "
        f"inferred | owlrl {owl} | ratio {ratio} {same} | reasonable {rust} | "
        f"incremental (100 triples) {inc}"
    )


def run(
    sizes: list[int], owlrl_timeout: float, owlrl_limit: int, reasonable_limit: int
) -> list[Row]:
    """The article, then each synthetic size (owlrl and reasonable only up to their limits)."""
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        article = open_store("memory")
        ensure_loaded(article)
        (Path(folder) / "article").mkdir()
        rows.append(measure("article", article, owlrl_timeout, Path(folder) / "article", True))
        print(report_line(rows[-1]), flush=True)
        for size in sorted(sizes):
            store = synthetic_store(size, Path(folder))
            budget = owlrl_timeout if size <= owlrl_limit else None
            target = Path(folder) / f"synthetic-{size}"
            target.mkdir()
            rust = size <= reasonable_limit
            rows.append(measure(f"synthetic {size}", store, budget, target, rust))
            print(report_line(rows[-1]), flush=True)
            store.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one line per dataset; exit 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20k triples only")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--owlrl-timeout", type=float, default=900.0, help="seconds")
    parser.add_argument(
        "--owlrl-limit", type=int, default=200_000, help="largest size owlrl is run on"
    )
    # A run with reasonable 0.4.4 on 1M triples was killed for memory (24 GB resident) here.
    parser.add_argument(
        "--reasonable-limit", type=int, default=200_000, help="largest size reasonable is run on"
    )
    args = parser.parse_args(argv)
    sizes = [20_000] if args.quick else args.sizes
    print("OWL 2 RL closure: ours vs plain owlrl (and reasonable)", flush=True)
    run(sizes, args.owlrl_timeout, args.owlrl_limit, args.reasonable_limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
