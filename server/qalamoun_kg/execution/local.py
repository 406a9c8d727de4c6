"""Queries in a thread of the server process, for stores that cannot be checkpointed.

Used for remote stores and `--workers 0`. The time limit is only checked between result rows:
a query that computes long before its first row cannot be stopped here.

pyoxigraph's results may only be dropped by the thread that made them: nothing that holds one
(an exception's traceback) leaves the producing thread, else it leaks with a logged traceback.
"""

from __future__ import annotations

import logging
import queue
import threading

from qalamoun_kg.execution import isolation
from qalamoun_kg.execution.answer import Answer, Message, first_message
from qalamoun_kg.execution.jobs import Head, Job, JobError
from qalamoun_kg.execution.run import Deadline, ReadSource, execute

log = logging.getLogger(__name__)
QUEUE_CHUNKS = 16


class _Cancelled(Exception):
    """The consumer went away."""


class QueueSink:
    """Hands an answer to the consuming request thread through a bounded queue."""

    def __init__(self) -> None:
        self.messages: queue.Queue[Message] = queue.Queue(QUEUE_CHUNKS)
        self.cancelled = threading.Event()
        self.started = False

    def start(self, head: Head) -> None:
        """Send the head."""
        self.started = True
        self.put(("head", head))

    def write(self, data: bytes) -> int:
        """Send bytes; stop the producer when nobody reads."""
        self.put(("data", data))
        return len(data)

    def put(self, message: Message) -> None:
        """Put a message, giving up once the consumer is gone."""
        while not self.cancelled.is_set():
            try:
                self.messages.put(message, timeout=0.5)
                return
            except queue.Full:
                continue
        raise _Cancelled

    def receive(self, seconds: float | None) -> Message | None:
        """The next message, or None if none came in time."""
        try:
            return self.messages.get(timeout=seconds)
        except queue.Empty:
            return None


class LocalExecutor:
    """Runs each job in its own thread over the given store."""

    def __init__(self, source: ReadSource, *, timeout: float, offline: bool = False) -> None:
        self.source = source
        self.timeout = timeout
        self.offline = offline

    def run(self, job: Job) -> Answer:
        """Start a job; raises `JobError` (503 when it has not started answering in time)."""
        isolation.guard(job, self.offline)  # no isolation in this process: refuse SERVICE
        deadline = Deadline(self.timeout)
        sink = QueueSink()
        thread = threading.Thread(
            target=self._produce, args=(job, sink, deadline), name="qkg-query", daemon=True
        )
        thread.start()
        try:
            head = first_message(sink.receive, deadline.remaining(), self.timeout)
        except JobError:
            sink.cancelled.set()
            raise
        assert not isinstance(head, tuple), "a queue sink sends heads, never whole answers"
        sending = Deadline(self.timeout)
        return Answer(head, sink.receive, lambda _ok: sink.cancelled.set(), sending.remaining)

    def refresh(self) -> None:
        """Nothing to do: jobs read the live store."""

    def close(self) -> None:
        """Nothing to release."""

    def _produce(self, job: Job, sink: QueueSink, deadline: Deadline) -> None:
        """Run the job; every outcome ends with one closing message."""
        try:
            execute(self.source, job, sink, deadline)
            closing: Message = ("end", None)
        except _Cancelled:
            return
        except JobError as error:
            # A copy without the traceback, whose frames hold the query's result.
            copy = JobError(error.status, error.message)
            closing = ("abort", str(error)) if sink.started else ("error", copy)
        except Exception as error:
            failure = isolation.failure(error, job)
            closing = ("abort", str(error)) if sink.started else ("error", failure)
        try:
            sink.put(closing)
        except _Cancelled:
            return
