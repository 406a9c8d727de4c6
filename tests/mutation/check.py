"""A short mutation check: apply each one-line break of breaks.py to a copy of the checkout and
expect the break's test files to fail. `make mutation`; not part of `make test`.

    python -m tests.mutation.check [-k WORDS] [--no-baseline]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from tests.mutation.breaks import BREAKS, Break

CHECKOUT = Path(__file__).resolve().parents[2]
COPIED = ("server", "tests", "ontology", "data", "shapes", "benchmarks", "pyproject.toml")
IGNORED = shutil.ignore_patterns("__pycache__", ".hypothesis", ".pytest_cache", "results")
SECONDS = 600


def copy_checkout(target: Path) -> None:
    """What the tests read: the package, the tests, the sources and the project settings."""
    for name in COPIED:
        source = CHECKOUT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=IGNORED)
        else:
            shutil.copy2(source, target / name)


def run_tests(copy: Path, tests: Iterable[str]) -> tuple[int, float]:
    """pytest's exit status on the copy (its own package first on the path) and the time taken."""
    env = {**os.environ, "PYTHONPATH": str(copy / "server"), "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests]
    started = time.monotonic()
    try:
        done = subprocess.run(
            command, cwd=copy, env=env, capture_output=True, timeout=SECONDS, check=False
        )
    except subprocess.TimeoutExpired:
        return -1, time.monotonic() - started
    return done.returncode, time.monotonic() - started


def apply(copy: Path, item: Break) -> str:
    """Write the break into the copy and return the file's original text."""
    path = copy / "server" / "qalamoun_kg" / item.path
    text = path.read_text(encoding="utf-8")
    if text.count(item.old) != 1:
        raise SystemExit(f"break no longer applies (line not found once): {item.name}")
    path.write_text(text.replace(item.old, item.new), encoding="utf-8")
    return text


def check(copy: Path, breaks: list[Break], baseline: bool) -> int:
    """Run every break; the number of breaks no test noticed (or that could not be judged)."""
    if baseline:
        for tests in sorted({item.tests for item in breaks}):
            status, seconds = run_tests(copy, tests)
            print(f"baseline {'passes' if status == 0 else 'FAILS'} ({seconds:.0f} s): {tests}")
            if status != 0:
                return len(breaks)
    missed = 0
    for item in breaks:
        original = apply(copy, item)
        status, seconds = run_tests(copy, item.tests)
        (copy / "server" / "qalamoun_kg" / item.path).write_text(original, encoding="utf-8")
        verdict = {1: "caught", 0: "NOT CAUGHT", -1: "TIMED OUT"}.get(status, f"ERROR {status}")
        missed += verdict != "caught"
        print(f"{verdict:11} {seconds:5.0f} s  {item.name}", flush=True)
    print(f"{len(breaks) - missed} of {len(breaks)} breaks caught")
    return missed


def main() -> int:
    """Parse the options, copy the checkout once, and run the chosen breaks."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-k", default="", help="only breaks whose name contains these words")
    parser.add_argument("--no-baseline", action="store_true", help="skip the unbroken runs")
    options = parser.parse_args()
    chosen = [b for b in BREAKS if options.k.lower() in b.name.lower()]
    with tempfile.TemporaryDirectory(prefix="qkg-mutation-") as folder:
        copy = Path(folder)
        copy_checkout(copy)
        return 1 if check(copy, chosen, not options.no_baseline) else 0


if __name__ == "__main__":
    sys.exit(main())
