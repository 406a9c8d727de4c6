"""Progress of long loads: a bar on a terminal, plain lines in logs and pipes, or nothing."""

from __future__ import annotations

import io
import sys
import time
from typing import Any, BinaryIO, Protocol, TextIO, runtime_checkable

import click

LINE_STEP = 10  # percent between two plain progress lines
LINE_INTERVAL = 30.0  # seconds after which a plain line is written anyway
READ_BUFFER = 1 << 20


@runtime_checkable
class Progress(Protocol):
    """Receives the progress of one task at a time, in units of work (bytes here)."""

    def start(self, label: str, total: int, unit: str = "bytes") -> None:
        """A task begins, with its total amount of work (in unit)."""
        ...

    def advance(self, amount: int) -> None:
        """Some work is done."""
        ...

    def finish(self) -> None:
        """The task is over."""
        ...


class Silent:
    """Progress that shows nothing."""

    def start(self, label: str, total: int, unit: str = "bytes") -> None:
        """Ignore the start."""

    def advance(self, amount: int) -> None:
        """Ignore the work."""

    def finish(self) -> None:
        """Ignore the end."""


class Bar:
    """A `click.progressbar` for each task (for terminals)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._bar: Any = None

    def start(self, label: str, total: int, unit: str = "bytes") -> None:
        """Open a bar sized to the task."""
        self.finish()
        self._bar = click.progressbar(length=max(total, 1), label=label, file=self.stream)
        self._bar.__enter__()

    def advance(self, amount: int) -> None:
        """Move the bar."""
        if self._bar is not None:
            self._bar.update(amount)

    def finish(self) -> None:
        """Close the bar."""
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


class Lines:
    """One plain line every tenth of a task or every half minute (for logs and pipes)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.label = ""
        self.total = 1
        self.done = 0
        self.started = self.last_time = time.monotonic()
        self.last_percent = 0

    def start(self, label: str, total: int, unit: str = "bytes") -> None:
        """Announce the task."""
        self.label, self.total, self.done = label, max(total, 1), 0
        self.started = self.last_time = time.monotonic()
        self.last_percent = 0
        amount = _size(total) if unit == "bytes" else f"{total} {unit}"
        self._write(f"{label}: started ({amount})")

    def advance(self, amount: int) -> None:
        """Write a line when another tenth is done or the last line is old."""
        self.done += amount
        percent = min(100, self.done * 100 // self.total)
        now = time.monotonic()
        if percent >= self.last_percent + LINE_STEP or now - self.last_time >= LINE_INTERVAL:
            self.last_percent, self.last_time = percent, now
            self._write(f"{self.label}: {percent}% ({now - self.started:.1f} s)")

    def finish(self) -> None:
        """Say how long the task took."""
        if self.label:
            self._write(f"{self.label}: done in {time.monotonic() - self.started:.1f} s")
            self.label = ""

    def _write(self, line: str) -> None:
        """Write one line and flush it (logs are read while the load runs)."""
        self.stream.write(line + "\n")
        self.stream.flush()


def progress_for(choice: Progress | bool | None = None, stream: TextIO | None = None) -> Progress:
    """The progress to use: the one given, none (False), or by default bar or lines by stream."""
    if isinstance(choice, Progress):
        return choice
    if choice is False:
        return Silent()
    out = stream or sys.stderr
    return Bar(out) if out.isatty() else Lines(out)


class CountingReader(io.RawIOBase):
    """A readable file that reports every block read to a `Progress`."""

    def __init__(self, raw: BinaryIO, progress: Progress) -> None:
        super().__init__()
        self.raw = raw
        self.progress = progress

    def readable(self) -> bool:
        """Always readable."""
        return True

    def readinto(self, buffer: Any) -> int:
        """Read into buffer and count the bytes."""
        count = self.raw.readinto(buffer)  # type: ignore[attr-defined]
        self.progress.advance(count or 0)
        return int(count or 0)


def counted(raw: BinaryIO, progress: Progress) -> io.BufferedReader:
    """A buffered reader over raw whose reads advance progress."""
    return io.BufferedReader(CountingReader(raw, progress), READ_BUFFER)


def _size(count: int) -> str:
    """A byte count for people: 12.3 MB."""
    return f"{count / 1e6:.1f} MB" if count >= 100_000 else f"{count} bytes"
