"""Fairness: queries wait for a query worker in a bounded queue, served in arrival order; past
its bound a query is refused at once with 503 and Retry-After instead of waiting. Limits per
client (rate, connections) belong to the reverse proxy, which sees the real client addresses."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from qalamoun_kg.web.errors import RETRY, HttpError


class Admission:
    """At most `capacity` queries waiting for a worker at a time."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._slots = threading.BoundedSemaphore(max(1, capacity))

    @contextmanager
    def admitted(self) -> Iterator[None]:
        """Hold a place in the queue while a worker is found; 503 when the queue is full."""
        if not self._slots.acquire(blocking=False):
            raise HttpError(
                503,
                f"{self.capacity} queries are already waiting for a query worker; try again "
                "shortly",
                RETRY,
            )
        try:
            yield
        finally:
            self._slots.release()
