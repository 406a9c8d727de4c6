"""One way to run a real `qkg serve` for tests: a child process on a free loopback port, with its
token, its log, and what the hardening tests need (kill -9, memory, a digest of its store)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph
import requests

QKG = Path(sys.executable).with_name("qkg")
START_SECONDS = 120.0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def store_digest(store: Path | str) -> str:
    """SHA-256 of an on-disk store's sorted N-Quads, read without a lock (a server may hold it)."""
    opened = pyoxigraph.Store.read_only(str(store))
    lines = sorted(str(quad).encode("utf-8", "surrogatepass") for quad in opened)
    return hashlib.sha256(b"\n".join(lines)).hexdigest()


@dataclass
class Server:
    """A `qkg serve` child: its URL, its token and its log."""

    workdir: Path
    store: str
    writable: bool = True
    options: list[str] = field(default_factory=list)
    home: Path | None = None
    token: str = field(default_factory=lambda: secrets.token_hex(20))
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """Base URL without a trailing slash."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def sparql(self) -> str:
        """The endpoint's URL."""
        return self.url + "/sparql"

    @property
    def auth(self) -> dict[str, str]:
        """The Authorization header of the token holder."""
        return {"Authorization": f"Bearer {self.token}"}

    @property
    def log_path(self) -> Path:
        """Where the server's output goes."""
        return self.workdir / "server.log"

    def command(self) -> list[str]:
        """The `qkg serve` command line (writes the token file of a writable server)."""
        args = [str(QKG), "serve", "--store", self.store, "--host", "127.0.0.1"]
        args += ["--port", str(self.port), *self.options]
        if self.writable:
            token_file = self.workdir / "token"
            token_file.write_text(self.token + "\n", encoding="utf-8")
            args += ["--writable", "--token-file", str(token_file)]
        return args

    def environment(self) -> dict[str, str]:
        """This environment without QKG_* settings, plus $QKG_HOME when the sources are given."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("QKG_")}
        if self.home is not None:
            env["QKG_HOME"] = str(self.home)
        env["PYTHONUNBUFFERED"] = "1"
        return env

    def start(self) -> Server:
        """Start the server and wait until it answers a query."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                self.command(),
                stdout=log,
                stderr=subprocess.STDOUT,
                env=self.environment(),
                start_new_session=True,
            )
        self._wait()
        return self

    def _wait(self) -> None:
        """Poll until the endpoint answers, the process dies, or time runs out."""
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"qkg serve exited {self.process.returncode}: {self.log()}")
            with contextlib.suppress(requests.ConnectionError):
                requests.get(self.sparql, params={"query": "ASK {}"}, timeout=5)
                return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"qkg serve did not answer in {START_SECONDS} s: {self.log()}")

    def log(self) -> str:
        """Everything the server wrote so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def assert_clean_log(self) -> None:
        """No traceback was logged and the token never was: every error was answered as designed."""
        log = self.log()
        assert "Traceback" not in log, log[log.find("Traceback") - 500 :][:4000]
        assert self.token not in log, "the token appears in the server's log"

    def alive(self) -> bool:
        """Whether the server process still runs."""
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        """SIGTERM to the server's process group, then SIGKILL if it lingers."""
        if self.process is None or self.process.poll() is not None:
            return
        self._signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill9()

    def kill9(self) -> None:
        """SIGKILL the server and its whole process group (workers too): a crash."""
        if self.process is not None:
            self._signal(signal.SIGKILL)
            self.process.wait(timeout=30)

    def _signal(self, signum: int) -> None:
        """Send a signal to the process group the server leads."""
        assert self.process is not None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signum)

    def rss_kib(self) -> int:
        """Resident memory of the server process (not its query workers), in KiB."""
        assert self.process is not None
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return next(int(line.split()[1]) for line in status.splitlines() if line[:6] == "VmRSS:")
