"""Queries in a small pool of worker processes, each reading the newest store checkpoint.

pyoxigraph cannot be interrupted once a query computes, so the time limit is kept by killing the
worker (SIGKILL) and starting a fresh one while the client gets a 503. After every committed
write the writer calls `refresh()`: a new checkpoint, which workers open before their next job.
Jobs that read only the default graph go to the data-only checkpoint once it is built.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import queue
import signal
import threading
import time
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from pathlib import Path

from qalamoun_kg.execution import checkpoints, worker
from qalamoun_kg.execution.answer import Answer, Message, decode, first_message
from qalamoun_kg.execution.checkpoints import Checkpoints
from qalamoun_kg.execution.jobs import Job, JobError
from qalamoun_kg.execution.routing import reads_default_union_only
from qalamoun_kg.execution.run import Deadline
from qalamoun_kg.store.base import Store

log = logging.getLogger(__name__)
START_SECONDS = 60.0


class WorkerProcess:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, context: BaseContext, offline: bool = False) -> None:
        parent, child = context.Pipe(duplex=True)
        self.conn: Connection = parent
        self.process: BaseProcess = context.Process(  # type: ignore[attr-defined]
            target=worker.main, args=(child, offline), name="qkg-query-worker", daemon=True
        )
        self.process.start()
        child.close()
        self.generation = -1

    def wait_ready(self, seconds: float) -> bool:
        """Wait for the worker's first message, sent once its imports are done."""
        try:
            return self.conn.poll(seconds) and self.conn.recv_bytes() == worker.READY
        except (EOFError, OSError):
            return False

    def receive(self, seconds: float | None) -> Message | None:
        """The next message, or None if none came in time."""
        try:
            if not self.conn.poll(seconds):
                return None
            return decode(self.conn.recv_bytes())
        except (EOFError, OSError):
            return ("error", JobError(500, "the query worker stopped unexpectedly"))

    def kill(self) -> None:
        """Stop the worker at once."""
        self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        """Ask the worker to exit, then make sure it did."""
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.process.join(2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        self.conn.close()


class ProcessExecutor:
    """Runs jobs in `workers` processes with a time limit per job."""

    def __init__(
        self,
        store: Store,
        store_path: Path | None,
        *,
        workers: int,
        timeout: float,
        offline: bool = False,
    ) -> None:
        self.timeout = timeout
        self.offline = offline
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload([worker.__name__])
        self._builder: BaseProcess | None = None
        self._idle: queue.Queue[WorkerProcess] = queue.Queue()
        self._all: set[WorkerProcess] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._pruned: tuple[frozenset[int], int] | None = None
        self._checkpoints = Checkpoints(store, store_path, self._build_data_only)
        self._checkpoints.make()
        for _ in range(workers):
            self._add(self._start())

    def run(self, job: Job) -> Answer:
        """Start a job on a free worker; raises `JobError` (503 when busy or late)."""
        deadline = Deadline(self.timeout)
        try:
            process = self._idle.get(timeout=deadline.remaining())
        except queue.Empty:
            raise JobError(503, "all query workers are busy; try again shortly") from None
        with self._lock:
            # Pinned under the lock that pruning holds, so this checkpoint stays until used.
            generation, path, data_only = self._checkpoints.current()
            process.generation = generation
        if data_only is not None and reads_default_union_only(job):
            path, union = data_only, True
        else:
            union = False
        try:
            request = worker.Request(
                job, generation, path, deadline.remaining(), self.timeout, union
            )
            process.conn.send(request)
            first = first_message(process.receive, deadline.remaining(), self.timeout)
        except JobError as error:
            self._finish(process, reusable=error.status != 503 and process.process.is_alive())
            raise
        except OSError as error:
            self._finish(process, reusable=False)
            raise JobError(500, "the query worker is not answering") from error
        if isinstance(first, tuple):
            self._finish(process, True)
            return Answer.complete(*first)
        sending = Deadline(self.timeout)
        return Answer(
            first, process.receive, lambda ok: self._finish(process, ok), sending.remaining
        )

    def refresh(self) -> None:
        """Make a checkpoint of the store as it is now; the next jobs read it."""
        self._checkpoints.make()
        self._prune()

    def close(self) -> None:
        """Stop every worker and the builder, and delete the checkpoints."""
        self._closed = True
        with self._lock:
            processes = list(self._all)
            self._all.clear()
            builder, self._builder = self._builder, None
        for process in processes:
            process.stop()
        if builder is not None and builder.is_alive():
            builder.kill()
            builder.join(5)
        self._checkpoints.close()

    def _build_data_only(self, whole: Path, target: Path) -> None:
        """Build a generation's data-only checkpoint in a child process; an older build that is
        still running is stopped (its checkpoint would be out of date)."""
        process = self._context.Process(
            target=checkpoints.build_data_only,
            args=(whole, target),
            name="qkg-checkpoint",
            daemon=True,
        )
        with self._lock:
            if self._closed:
                return
            previous, self._builder = self._builder, process
        if previous is not None and previous.is_alive():
            previous.kill()
        process.start()
        # Waited for by a thread: it makes the result current and leaves no zombie behind.
        threading.Thread(
            target=self._await_build,
            args=(process, target),
            name="qkg-checkpoint-wait",
            daemon=True,
        ).start()

    def _await_build(self, process: BaseProcess, target: Path) -> None:
        """Wait for a builder; once it succeeded, its checkpoint serves the next jobs."""
        started = time.monotonic()
        process.join()
        if process.exitcode == 0:
            self._checkpoints.built(target)
            log.info("data-only checkpoint built in %.1f s", time.monotonic() - started)
        elif process.exitcode != -signal.SIGKILL:
            log.warning("the data-only checkpoint was not built (exit %s)", process.exitcode)

    def _finish(self, process: WorkerProcess, reusable: bool) -> None:
        """Return a worker to the pool, or kill it and start another in the background."""
        if reusable and not self._closed:
            self._idle.put(process)
            self._prune()
            return
        with self._lock:
            self._all.discard(process)
        process.kill()
        if not self._closed:
            threading.Thread(target=self._replace, name="qkg-worker-start", daemon=True).start()

    def _replace(self) -> None:
        """Start a worker in place of a killed one."""
        try:
            self._add(self._start())
        except Exception:
            log.exception("could not start a query worker")
        self._prune()

    def _start(self) -> WorkerProcess:
        """Start a worker and wait until it is ready."""
        process = WorkerProcess(self._context, self.offline)
        if not process.wait_ready(START_SECONDS):
            process.kill()
            raise RuntimeError("query worker did not start")
        return process

    def _add(self, process: WorkerProcess) -> None:
        """Register a ready worker as idle."""
        with self._lock:
            if self._closed:
                process.stop()
                return
            self._all.add(process)
        self._idle.put(process)

    def _prune(self) -> None:
        """Delete checkpoints no worker reads any more (only when that may have changed: the
        folder is not listed after every job)."""
        with self._lock:
            pinned = frozenset(process.generation for process in self._all)
            state = (pinned, self._checkpoints.generation)
            if state == self._pruned:
                return
            self._pruned = state
            self._checkpoints.prune(pinned)
