"""Query execution with isolation and time limits: worker processes over store checkpoints for
the on-disk store, a thread per query for the others (see `pool` and `local`)."""

from __future__ import annotations

import logging
from typing import Protocol

from qalamoun_kg.execution.answer import Answer, StreamAborted
from qalamoun_kg.execution.checkpoints import can_checkpoint
from qalamoun_kg.execution.jobs import GraphJob, Head, Job, JobError, QueryJob, QueryTimeout
from qalamoun_kg.execution.local import LocalExecutor
from qalamoun_kg.execution.pool import ProcessExecutor
from qalamoun_kg.store.base import Store
from qalamoun_kg.store.oxigraph import OxigraphStore

log = logging.getLogger(__name__)

__all__ = [
    "Answer",
    "Executor",
    "GraphJob",
    "Head",
    "Job",
    "JobError",
    "QueryJob",
    "QueryTimeout",
    "StreamAborted",
    "open_executor",
]


class Executor(Protocol):
    """Runs read jobs with a time limit; `refresh()` after each committed write."""

    timeout: float

    def run(self, job: Job) -> Answer:
        """Start a job and return its answer once its head is known."""
        ...

    def refresh(self) -> None:
        """Make the store's newest state visible to the next jobs."""
        ...

    def close(self) -> None:
        """Release workers and files."""
        ...


def open_executor(store: Store, *, timeout: float, workers: int, offline: bool = False) -> Executor:
    """Worker processes for an Oxigraph store, on disk or in memory (workers > 0), otherwise
    threads in this process (remote stores, workers = 0).

    offline: no query may reach the network (workers are isolated; in process SERVICE is refused).
    """
    if workers > 0 and can_checkpoint(store):
        path = store.path if isinstance(store, OxigraphStore) else None
        return ProcessExecutor(store, path, workers=workers, timeout=timeout, offline=offline)
    log.info("queries run in the server process; the time limit is checked between rows only")
    return LocalExecutor(store, timeout=timeout, offline=offline)
