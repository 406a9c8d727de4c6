"""A hard time limit for a write's Python work (parsing with rdflib, evaluation, SHACL validation,
inference maintenance): when the deadline passes, an exception is raised in the writing thread
at its next bytecode, wherever it is, and the write is refused whole (503).

Long calls into native code (one Oxigraph call) finish first. `disarm()` ends the limit before
the commit, so an acknowledged commit is never interrupted. An interruption swallowed on its way
(a bare `except:`, a weakref callback) is still a `WriteTimeout` when the block ends.
"""

from __future__ import annotations

import ctypes
import functools
import threading
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from qalamoun_kg.execution.jobs import QueryTimeout
from qalamoun_kg.execution.run import Deadline

P = ParamSpec("P")
T = TypeVar("T")
# Less time than this left: refused before starting (an exception scheduled earlier than the
# block is entered could not be turned into a WriteTimeout).
MIN_SECONDS = 0.05


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

    seconds = 0.0


def bounded(function: Callable[P, T]) -> Callable[P, T]:
    """Decorate what runs `time_limit` blocks: the interruption can arrive at any bytecode, even
    where `__exit__` cannot catch it (its first one); here it becomes `WriteTimeout`."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return function(*args, **kwargs)
        except _Expired as expired:
            raise WriteTimeout(expired.seconds) from None

    return wrapper


class Limit:
    """One armed time limit on the current thread."""

    def __init__(self, deadline: Deadline) -> None:
        self.seconds = deadline.seconds or 0.0
        self._remaining = deadline.remaining()
        self._thread = threading.get_ident()
        self._lock = threading.Lock()
        self._armed = False
        self._fired = False
        self._timer: threading.Timer | None = None

    def arm(self) -> None:
        """Start counting; `WriteTimeout` at once when no time is left."""
        if self._remaining is None:
            return
        if self._remaining < MIN_SECONDS:
            raise WriteTimeout(self.seconds)
        self._armed = True
        self._timer = threading.Timer(self._remaining, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def _fire(self) -> None:
        """In the timer's thread: interrupt the writer, unless it has finished."""
        with self._lock:
            if self._armed:
                self._fired = True
                _raise_in(self._thread, type("Expired", (_Expired,), {"seconds": self.seconds}))

    def disarm(self) -> None:
        """End the limit; raise `WriteTimeout` if it had fired."""
        while True:
            try:
                self._stop()
                break
            except _Expired:
                continue  # delivered on the way out: stop again
        if self._fired:
            raise WriteTimeout(self.seconds)

    def _stop(self) -> None:
        """Disarm the timer and drop a scheduled exception (none can come after this)."""
        with self._lock:
            if self._armed:
                self._armed = False
                if self._timer is not None:
                    self._timer.cancel()
                if self._fired:
                    _raise_in(self._thread, None)


def _raise_in(thread: int, exception: type[BaseException] | None) -> None:
    """Schedule an exception in a thread (None: cancel a scheduled one)."""
    target = ctypes.py_object(exception) if exception is not None else None
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), target)


def time_limit(deadline: Deadline) -> TimeLimit:
    """Run a `with` block under the deadline; `WriteTimeout` when it is passed."""
    return TimeLimit(deadline)


class TimeLimit:
    """The context manager of `time_limit`; `__exit__` never lets the interruption escape."""

    def __init__(self, deadline: Deadline) -> None:
        self.limit = Limit(deadline)

    def __enter__(self) -> Limit:
        self.limit.arm()
        return self.limit

    def __exit__(self, *exc: object) -> None:
        self.limit.disarm()
