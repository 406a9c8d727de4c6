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


class PipeSink:
    """Sends the head and the bytes of an answer to the parent."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self.started = False

    def start(self, head: Head) -> None:
        """Send the head."""
        self.started = True
        self._conn.send_bytes(encode("head", head))

    def write(self, data: bytes) -> int:
        """Send some bytes."""
        self._conn.send_bytes(encode("data", data))
        return len(data)


def main(conn: Connection, offline: bool = False) -> None:
    """Answer requests until the parent closes the pipe or sends None (offline: no network)."""
    store: CheckpointStore | None = None
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
        if store is None or request.generation != generation:
            # Drop the old checkpoint before opening the new one: the parent may delete it.
            store = None
            try:
                store = CheckpointStore(request.checkpoint)
            except OSError:
                log.exception("cannot open the checkpoint %s", request.checkpoint)
                failure = JobError(500, "the query worker cannot read the store")
                conn.send_bytes(encode("error", failure))
                continue
            generation = request.generation
        _answer(conn, store, request, guarded)


def _answer(conn: Connection, store: CheckpointStore, request: Request, guarded: bool) -> None:
    """Run one job (refused if it may name SERVICE when guarded); one closing message."""
    sink = PipeSink(conn)
    try:
        isolation.guard(request.job, guarded)
        execute(store, request.job, sink, Deadline(request.seconds, request.send_seconds))
    except JobError as error:
        conn.send_bytes(encode("abort", error) if sink.started else encode("error", error))
        return
    except Exception as error:
        failure = isolation.failure(error, request.job)
        conn.send_bytes(encode("abort", error) if sink.started else encode("error", failure))
        return
    conn.send_bytes(encode("end"))
