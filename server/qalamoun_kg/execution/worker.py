"""A query worker process: answers jobs from a read-only checkpoint, over a pipe.

Kept free of Flask and rdflib so that a fresh worker starts quickly.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from qalamoun_kg.execution import isolation
from qalamoun_kg.execution.answer import encode
from qalamoun_kg.execution.jobs import Head, Job, JobError
from qalamoun_kg.execution.readonly import CheckpointStore
from qalamoun_kg.execution.run import Deadline, execute

log = logging.getLogger(__name__)
READY = b"R"


@dataclass(frozen=True)
class Request:
    """A job, the checkpoint to answer it from, and the seconds it may take."""

    job: Job
    generation: int
    checkpoint: Path
    seconds: float | None
    send_seconds: float | None = None
    union: bool = False


class PipeSink:
    """Sends the head and the bytes of an answer to the parent.

    The head and the first chunk are held back: an answer that fits in one chunk goes as one
    message, so the parent has it whole and frees this worker at once.
    """

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self.started = False
        self._head: Head | None = None
        self._held: bytes | None = None

    def start(self, head: Head) -> None:
        """The answer begins (sent with its first bytes)."""
        self.started = True
        self._head = head

    def write(self, data: bytes) -> int:
        """Send some bytes (hold the first chunk)."""
        if self._head is not None and self._held is None:
            self._held = data
            return len(data)
        self._release()
        self._conn.send_bytes(encode("data", data))
        return len(data)

    def finish(self) -> None:
        """The answer is complete: send it whole, or its end."""
        if self._head is not None:
            self._conn.send_bytes(encode("whole", (self._head, self._held or b"")))
            self._head = self._held = None
        else:
            self._conn.send_bytes(encode("end"))

    def abort(self, error: Exception) -> None:
        """The answer stops unfinished after it started."""
        self._release()
        self._conn.send_bytes(encode("abort", error))

    def _release(self) -> None:
        """Send the head and the held chunk."""
        if self._head is not None:
            self._conn.send_bytes(encode("head", self._head))
            if self._held is not None:
                self._conn.send_bytes(encode("data", self._held))
            self._head = self._held = None


def main(conn: Connection, offline: bool = False) -> None:
    """Answer requests until the parent closes the pipe or sends None (offline: no network)."""
    opened: dict[Path, CheckpointStore] = {}
    generation = -1
    guarded = offline and not isolation.enter()
    conn.send_bytes(READY)
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        if request.generation != generation:
            # Drop the old checkpoints before opening new ones: the parent may delete them.
            opened.clear()
            generation = request.generation
        store = opened.get(request.checkpoint)
        if store is None:
            try:
                store = CheckpointStore(request.checkpoint, union=request.union)
            except OSError:
                log.exception("cannot open the checkpoint %s", request.checkpoint)
                failure = JobError(500, "the query worker cannot read the store")
                conn.send_bytes(encode("error", failure))
                continue
            opened[request.checkpoint] = store
        _answer(conn, store, request, guarded)


def _answer(conn: Connection, store: CheckpointStore, request: Request, guarded: bool) -> None:
    """Run one job (refused if it may name SERVICE when guarded); one closing message."""
    sink = PipeSink(conn)
    try:
        isolation.guard(request.job, guarded)
        execute(store, request.job, sink, Deadline(request.seconds, request.send_seconds))
    except JobError as error:
        if sink.started:
            sink.abort(error)
        else:
            conn.send_bytes(encode("error", error))
        return
    except Exception as error:
        failure = isolation.failure(error, request.job)
        if sink.started:
            sink.abort(error)
        else:
            conn.send_bytes(encode("error", failure))
        return
    sink.finish()
