"""Load time: `oxigraph load` against our bulk loader on the same synthetic file.

`python benchmarks/load_bench.py [--size 1000000] [--validated 20000]` prints both times and the
ratio; `run.py` calls the functions below and keeps the stores for the query benchmarks.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))

import synthetic  # noqa: E402  (benchmarks/ is not a package)

from qalamoun_kg.bootstrap import ensure_loaded  # noqa: E402
from qalamoun_kg.loading import bulk_load  # noqa: E402
from qalamoun_kg.namespaces import GRAPH  # noqa: E402
from qalamoun_kg.store import open_store  # noqa: E402

SYNTHETIC_GRAPH = str(GRAPH["data/synthetic"])


@dataclass(frozen=True)
class LoadTiming:
    """How long one loader took for one file."""

    loader: str
    triples: int
    seconds: float
    validated: bool = False

    @property
    def rate(self) -> float:
        """Triples per second."""
        return self.triples / self.seconds if self.seconds else 0.0


def synthetic_file(folder: Path, triples: int) -> tuple[Path, int]:
    """A synthetic N-Triples file of about `triples` triples; returns it and its triple count.

    The generator writes a little under the number asked for, so it is asked once more with
    the shortfall made up.
    """
    path = folder / f"synthetic-{triples}.nt"
    synthetic.write_file(path, triples)
    written = _lines(path)
    if written < triples * 0.98:
        synthetic.write_file(path, triples * triples // max(written, 1))
        written = _lines(path)
    return path, written


def _lines(path: Path) -> int:
    """Number of lines (N-Triples: triples) of a file."""
    with path.open("rb") as data:
        return sum(1 for _ in data)


def oxigraph_binary() -> Path:
    """The `oxigraph` command of this environment."""
    return Path(sys.executable).parent / "oxigraph"


def time_oxigraph_load(source: Path, location: Path, triples: int) -> LoadTiming:
    """`oxigraph load` of the file into a new store, into the graph our loader also uses."""
    command = [
        str(oxigraph_binary()), "load", "--location", str(location), "--file", str(source),
        "--graph", SYNTHETIC_GRAPH,
    ]  # fmt: skip
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return LoadTiming("oxigraph load", triples, time.perf_counter() - started)


def schema_home(folder: Path) -> Path:
    """A source home with the project's ontology and shapes but no data (a QKG_HOME).

    Validated loads of synthetic data start from it: the synthetic footnote numbers repeat the
    article's, which the shapes rightly refuse when both are in one store.
    """
    home = folder / "schema-home"
    for kind in ("ontology", "shapes"):
        shutil.copytree(ROOT / kind, home / kind, dirs_exist_ok=True)
    (home / "data").mkdir(parents=True, exist_ok=True)
    return home


def time_bulk_load(
    source: Path,
    location: Path,
    triples: int,
    *,
    validate: bool = False,
    home: Path | None = None,
) -> LoadTiming:
    """Our `bulk_load` of the file into a store holding the project's sources (or home's).

    Loading the sources first is not timed: it is what every store holds before a load.
    """
    store = open_store(str(location))
    try:
        ensure_loaded(store, home)
        started = time.perf_counter()
        result = bulk_load(
            store, [source], graph=SYNTHETIC_GRAPH, validate=validate, progress=False
        )
        store.close()
        seconds = time.perf_counter() - started
    except BaseException:
        store.close()
        raise
    if not result.written and result.report is not None:
        first = "; ".join(r.message for r in result.report.results[:3])
        raise RuntimeError(f"the synthetic data did not pass validation: {first}")
    return LoadTiming("qkg bulk_load", triples, seconds, validate)


def main(argv: list[str] | None = None) -> None:
    """Time both loaders on one synthetic file (and a validated load of a smaller one)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--validated", type=int, default=20_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="qkg-load-bench-") as folder:
        work = Path(folder)
        source, triples = synthetic_file(work, args.size)
        reference = time_oxigraph_load(source, work / "oxigraph", triples)
        ours = time_bulk_load(source, work / "qkg", triples)
        print(f"{triples} triples: oxigraph load {reference.seconds:.1f} s, ", end="")
        print(f"bulk_load {ours.seconds:.1f} s, ratio {ours.seconds / reference.seconds:.2f}")
        small, count = synthetic_file(work, args.validated)
        home = schema_home(work)
        checked = time_bulk_load(small, work / "validated", count, validate=True, home=home)
        print(f"validated bulk_load of {count} triples: {checked.seconds:.1f} s")


if __name__ == "__main__":
    main()
