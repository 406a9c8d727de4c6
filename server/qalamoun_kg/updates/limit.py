"""A hard time limit for a write's Python work (parsing with rdflib, evaluation, SHACL validation,
inference maintenance): when the deadline passes, an exception is raised in the writing thread
at its next bytecode, wherever it is, and the write is refused whole (503).

Long calls into native code (one Oxigraph call) finish first. `disarm()` ends the limit before
the commit, so an acknowledged commit is never interrupted.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from qalamoun_kg.execution.jobs import QueryTimeout
from qalamoun_kg.execution.run import Deadline


class WriteTimeout(QueryTimeout):
    """A write that ran past its time limit; nothing of it was committed (503)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.message = f"the write took longer than {seconds:g} s and was refused whole"

    def __str__(self) -> str:
        return self.message


class _Expired(BaseException):
    """Raised asynchronously in the writing thread; a BaseException so `except Exception`
    clauses of the libraries it runs through do not swallow it."""


class Limit:
    """One armed time limit on the current thread."""

    def __init__(self, deadline: Deadline) -> None:
        self.seconds = deadline.seconds or 0.0
        self._thread = threading.get_ident()
        self._lock = threading.Lock()
        self._armed = True
        self._fired = False
        remaining = deadline.remaining()
        self._timer = None if remaining is None else threading.Timer(remaining, self._fire)
        if self._timer is not None:
            self._timer.daemon = True
            self._timer.start()

    def _fire(self) -> None:
        """In the timer's thread: interrupt the writer, unless it has finished."""
        with self._lock:
            if self._armed:
                self._fired = True
                _raise_in(self._thread, _Expired)

    def disarm(self) -> None:
        """End the limit; raise `WriteTimeout` if it had already fired."""
        with self._lock:
            if not self._armed:
                return
            self._armed = False
            if self._timer is not None:
                self._timer.cancel()
            fired = self._fired
            if fired:
                _raise_in(self._thread, None)  # drop the exception if still pending
        if fired:
            raise WriteTimeout(self.seconds)


def _raise_in(thread: int, exception: type[BaseException] | None) -> None:
    """Schedule an exception in a thread (None: cancel a scheduled one)."""
    target = ctypes.py_object(exception) if exception is not None else None
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), target)


@contextmanager
def time_limit(deadline: Deadline) -> Iterator[Limit]:
    """Run the block under the deadline; `WriteTimeout` when it is passed."""
    limit = Limit(deadline)
    try:
        yield limit
    except _Expired:
        pass  # disarm() below raises WriteTimeout
    finally:
        while True:
            try:
                limit.disarm()
                break
            except _Expired:
                continue  # delivered on the way out: disarm again, which raises WriteTimeout
