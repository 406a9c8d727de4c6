"""Real processes for the hardening and load tests: `qkg` commands and a `qkg serve` server."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner, Result

from qalamoun_kg.cli import main

ROOT = Path(__file__).resolve().parents[2]
QKG = Path(sys.executable).with_name("qkg")
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


def dump_digest(store: Path | str) -> str:
    """SHA-256 of the store's sorted N-Quads dump: equal digests mean equal contents."""
    proc = run_qkg(["dump", "--format", "nquads"], store)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    return hashlib.sha256(b"\n".join(sorted(proc.stdout.splitlines()))).hexdigest()


def has_command(name: str) -> bool:
    """Whether `qkg NAME` exists yet (commands land one by one)."""
    return name in main.commands


def need_command(name: str) -> None:
    """Skip the calling test until `qkg NAME` has landed."""
    if not has_command(name):
        pytest.skip(f"`qkg {name}` has not landed yet")


def invoke(args: list[str], stdin: bytes | str | None = None) -> Result:
    """Run `qkg ARGS` in this process; assert a clean exit (0/1/2, no traceback)."""
    result = CliRunner().invoke(main, args, input=stdin)
    detail = (args[:3], result.exit_code, result.stderr[-1500:], repr(result.exception))
    assert result.exception is None or isinstance(result.exception, SystemExit), detail
    assert result.exit_code in {0, 1, 2}, detail
    assert TRACEBACK not in result.stderr, detail
    return result


def digest(store: Path) -> str:
    """SHA-256 of the store's sorted N-Quads dump (in-process `qkg dump`)."""
    result = invoke(["dump", "--format", "nquads", "--store", str(store)])
    assert result.exit_code == 0, result.stderr
    return hashlib.sha256(b"\n".join(sorted(result.stdout_bytes.splitlines()))).hexdigest()


def frozen_home(target: Path) -> Path:
    """A copy of the project's sources, so that edits in the checkout cannot reload the store."""
    for folder in ("ontology", "data", "shapes"):
        shutil.copytree(ROOT / folder, target / folder)
    return target


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class LiveServer:
    """A `qkg serve` child process on a loopback port, writable with a token file."""

    store: Path
    workdir: Path
    timeout: float = 3.0
    writable: bool = True
    extra: list[str] = field(default_factory=list)
    token: str = "hardening-" + hashlib.sha256(os.urandom(16)).hexdigest()[:24]
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """Base URL, without a trailing slash."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def auth(self) -> dict[str, str]:
        """The Authorization header of an allowed writer."""
        return {"Authorization": f"Bearer {self.token}"}

    @property
    def log_path(self) -> Path:
        """Where the server's stdout and stderr go."""
        return self.workdir / "server.log"

    def command(self) -> list[str]:
        """The `qkg serve` command line."""
        args = [str(QKG), "serve", "--store", str(self.store), "--host", "127.0.0.1"]
        args += ["--port", str(self.port), "--timeout", str(self.timeout)]
        if self.writable:
            token_file = self.workdir / "token"
            token_file.write_text(self.token + "\n", encoding="utf-8")
            args += ["--writable", "--token-file", str(token_file)]
        return args + self.extra

    def start(self, wait: float = 90) -> LiveServer:
        """Start the server and wait until it answers a query."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                self.command(),
                stdout=log,
                stderr=subprocess.STDOUT,
                env=qkg_env(self.store),
                start_new_session=True,
            )
        self._wait_ready(wait)
        return self

    def _wait_ready(self, wait: float) -> None:
        """Poll the endpoint until it answers, the process dies, or time runs out."""
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"qkg serve exited {self.process.returncode}: {self.log()}")
            try:
                requests.get(f"{self.url}/sparql", params={"query": "ASK {}"}, timeout=2)
                return
            except requests.ConnectionError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"qkg serve did not answer in {wait} s: {self.log()}")

    def log(self) -> str:
        """Everything the server printed so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def alive(self) -> bool:
        """Whether the server process is still running."""
        return self.process is not None and self.process.poll() is None

    def kill9(self) -> None:
        """SIGKILL the server and its whole process group (workers too): a crash."""
        if self.process is not None:
            _signal_group(self.process, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        """Stop the server politely, then by force."""
        if self.process is None or self.process.poll() is not None:
            return
        _signal_group(self.process, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill9()

    def rss_kib(self) -> int:
        """Resident memory of the server process and its children, in KiB."""
        assert self.process is not None
        return sum(_rss(pid) for pid in [self.process.pid, *_children(self.process.pid)])


def _signal_group(process: subprocess.Popen[bytes], signum: int) -> None:
    """Send a signal to the process group the server leads."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)


def _children(pid: int) -> list[int]:
    """Direct children of a process (Linux /proc)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        children = task / "children"
        if children.exists():
            found.extend(int(c) for c in children.read_text().split())
    return found


def _rss(pid: int) -> int:
    """VmRSS of a process in KiB, 0 if it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0
