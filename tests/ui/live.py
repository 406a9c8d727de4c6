"""A live `qkg serve` on a free port over a temporary store (with the hostile test village)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

from tests.ui.hostile import hostile_quads

from qalamoun_kg.bootstrap import ensure_loaded
from qalamoun_kg.store.oxigraph import OxigraphStore

QKG = Path(sys.executable).with_name("qkg")
START_TIMEOUT = 90.0


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def prepare_store(folder: Path) -> Path:
    """An on-disk store loaded from the sources, plus the hostile village; closed again."""
    store = OxigraphStore(folder)
    ensure_loaded(store)
    store.add(hostile_quads())
    store.close()
    del store
    return folder


def _wait_until_up(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Poll the server until it answers; fail with its log if it dies or takes too long."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"qkg serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urlopen(f"{base}/timeline", timeout=5) as response:
                if response.status == 200:
                    return
        except (URLError, OSError):
            time.sleep(0.3)
    raise RuntimeError(f"qkg serve did not answer within {START_TIMEOUT} s:\n{log.read_text()}")


@contextmanager
def qkg_serve(store: Path, log: Path) -> Iterator[str]:
    """Run `qkg serve` on a free port; yield its base URL; stop it (by its pid) afterwards."""
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("QKG_STORE", None)
    command = [str(QKG), "serve", "--host", "127.0.0.1", "--port", str(port), "--store", str(store)]
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process, log)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
