"""Run a measured call in a forked child with a time limit (for reference runs that may take
hours): the wall and CPU seconds and the result, or None when it was stopped."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def timed(call: Callable[[], T]) -> tuple[float, float, T]:
    """Wall-clock and CPU seconds one call takes, and its result."""
    started, cpu = time.perf_counter(), time.process_time()
    result = call()
    return time.perf_counter() - started, time.process_time() - cpu, result


def timed_in_child(call: Callable[[], T], timeout: float) -> tuple[float, float, T] | None:
    """`timed(call)` in a forked child (it inherits the data in memory); None past timeout."""
    receiver, sender = multiprocessing.Pipe(duplex=False)

    def child() -> None:
        sender.send(timed(call))

    process = multiprocessing.get_context("fork").Process(target=child)
    process.start()
    outcome: tuple[float, float, T] | None = receiver.recv() if receiver.poll(timeout) else None
    if outcome is None and process.pid is not None:
        used = cpu_seconds(process.pid)
        print(f"  stopped after {timeout:.0f} s wall, {used:.0f} s cpu", flush=True)
    process.kill()
    process.join()
    return outcome


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a running process has used (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
