"""`qkg` commands for the hardening tests: as child processes or in-process, with clean exits."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from click.testing import CliRunner, Result

from qalamoun_kg.cli import main
from tests.support.live import QKG, Server

ROOT = Path(__file__).resolve().parents[2]
TRACEBACK = "Traceback (most recent call last)"
EXIT_CODES = {0, 1, 2}


def qkg_env(store: Path | str, home: Path | None = None) -> dict[str, str]:
    """The environment of a `qkg` child: the given store, the sources of home or this checkout."""
    env = {k: v for k, v in os.environ.items() if k != "QKG_STORE"}
    env["QKG_STORE"] = str(store)
    if home is not None:
        env["QKG_HOME"] = str(home)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def run_qkg(
    args: Sequence[str | bytes],
    store: Path | str,
    *,
    stdin: bytes | None = None,
    timeout: float = 120,
    home: Path | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run `qkg ARGS` against a store and return its exit status and output."""
    return subprocess.run(
        [str(QKG), *args],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        env=qkg_env(store, home),
        timeout=timeout,
        check=False,
    )


def assert_clean_exit(proc: subprocess.CompletedProcess[bytes]) -> None:
    """Exit status 0, 1 or 2 and no Python traceback on stderr."""
    stderr = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode in EXIT_CODES, (proc.args, proc.returncode, stderr[-2000:])
    assert TRACEBACK not in stderr, (proc.args, stderr[-2000:])


def invoke(args: list[str], stdin: bytes | str | None = None) -> Result:
    """Run `qkg ARGS` in this process; assert a clean exit (0/1/2, no traceback)."""
    result = CliRunner().invoke(main, args, input=stdin)
    detail = (args[:3], result.exit_code, result.stderr[-1500:], repr(result.exception))
    assert result.exception is None or isinstance(result.exception, SystemExit), detail
    assert result.exit_code in {0, 1, 2}, detail
    assert TRACEBACK not in result.stderr, detail
    return result


def frozen_home(target: Path) -> Path:
    """A copy of the project's sources, so that edits in the checkout cannot reload the store."""
    for folder in ("ontology", "data", "shapes"):
        shutil.copytree(ROOT / folder, target / folder)
    return target


def start_server(loaded_store: Path, home: Path, workdir: Path, *options: str) -> Server:
    """A writable `qkg serve` on a private copy of the loaded store (reused if present)."""
    store = workdir / "store"
    if not store.exists():
        shutil.copytree(loaded_store, store)
    return Server(workdir, str(store), home=home, options=list(options)).start()
