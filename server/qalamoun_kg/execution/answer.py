"""The parent's side of a running job: its head, then its bytes, from a pipe or a queue."""

from __future__ import annotations

import json
import struct
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict
from typing import Literal, TypeAlias

from qalamoun_kg.execution.jobs import Head, JobError, QueryTimeout

Kind = Literal["head", "data", "end", "error", "abort", "whole"]
Message: TypeAlias = tuple[Kind, object]
# How long to wait for a message (None: forever); None back when nothing came in time.
Receive = Callable[[float | None], Message | None]
# How long a closed answer's remaining bytes are read and dropped before the reader is stopped
# (a HEAD request, a client that went away): short, and cheaper than starting a new worker.
DRAIN_SECONDS = 2.0
_LENGTH = struct.Struct("!I")


class StreamAborted(RuntimeError):
    """A job failed after its answer had started: the response must end unfinished."""


def encode(kind: Kind, payload: object = None) -> bytes:
    """A message as bytes for a pipe: a one-letter tag and its payload."""
    if kind == "data":
        assert isinstance(payload, bytes)
        return b"D" + payload
    if kind == "head":
        assert isinstance(payload, Head)
        return b"H" + json.dumps(asdict(payload)).encode()
    if kind == "error":
        assert isinstance(payload, JobError)
        return b"X" + json.dumps({"status": payload.status, "message": payload.message}).encode()
    if kind == "abort":
        return b"A" + str(payload).encode()
    if kind == "whole":
        head, body = _whole(payload)
        encoded = json.dumps(asdict(head)).encode()
        return b"W" + _LENGTH.pack(len(encoded)) + encoded + body
    return b"E"


def _whole(payload: object) -> tuple[Head, bytes]:
    """The head and body a "whole" message carries."""
    assert isinstance(payload, tuple)
    head, body = payload
    assert isinstance(head, Head) and isinstance(body, bytes)
    return head, body


def decode(data: bytes) -> Message:
    """The message a pipe carried."""
    tag, body = data[:1], data[1:]
    if tag == b"D":
        return ("data", body)
    if tag == b"H":
        return ("head", Head(**json.loads(body)))
    if tag == b"X":
        fields = json.loads(body)
        return ("error", JobError(fields["status"], fields["message"]))
    if tag == b"A":
        return ("abort", body.decode("utf-8", "replace"))
    if tag == b"W":
        (length,) = _LENGTH.unpack_from(body)
        start = _LENGTH.size
        head = Head(**json.loads(body[start : start + length]))
        return ("whole", (head, body[start + length :]))
    return ("end", None)


class Answer:
    """A started answer: `head`, then iterate for the bytes; `close()` always releases the reader.

    `finish(reusable)` is called exactly once: reusable=False when the reader must be stopped.
    """

    def __init__(
        self,
        head: Head,
        receive: Receive,
        finish: Callable[[bool], None],
        remaining: Callable[[], float | None],
    ) -> None:
        self.head = head
        self._receive = receive
        self._finish = finish
        self._remaining = remaining
        self._done = False

    def __iter__(self) -> Iterator[bytes]:
        while not self._done:
            message = self._receive(self._remaining())
            if message is None:
                self._end(False)
                raise StreamAborted("query timed out while its result was being sent")
            kind, payload = message
            if kind == "data":
                assert isinstance(payload, bytes)
                yield payload
            elif kind == "end":
                self._end(True)
            else:
                # The reader sent its last message: it is free again, the response unfinished.
                self._end(True)
                raise StreamAborted(f"result stopped early: {payload}")

    @classmethod
    def complete(cls, head: Head, body: bytes) -> Answer:
        """An answer that arrived whole: nothing left to read from its reader."""
        messages: list[Message] = [("data", body), ("end", None)] if body else [("end", None)]
        return cls(head, lambda _seconds: messages.pop(0), lambda _ok: None, lambda: None)

    def close(self) -> None:
        """Release the reader: read what it still sends (briefly), else stop it."""
        remaining = self._remaining()
        budget = DRAIN_SECONDS if remaining is None else min(DRAIN_SECONDS, remaining)
        until = time.monotonic() + budget
        while not self._done:
            message = self._receive(max(0.0, until - time.monotonic()))
            if message is None:
                self._end(False)
            elif message[0] != "data":
                # The reader sent its last message: it is free again.
                self._end(True)

    def _end(self, reusable: bool) -> None:
        """Call finish once."""
        if not self._done:
            self._done = True
            self._finish(reusable)


def first_message(
    receive: Receive, remaining: float | None, seconds: float | None
) -> Head | tuple[Head, bytes]:
    """Wait for the head of an answer (or the whole of a short one); raise its `JobError`, or
    `QueryTimeout` when late."""
    message = receive(remaining)
    if message is None:
        raise QueryTimeout(seconds or 0)
    kind, payload = message
    if kind == "head":
        assert isinstance(payload, Head)
        return payload
    if kind == "whole":
        return _whole(payload)
    if kind == "error":
        assert isinstance(payload, JobError)
        raise payload
    raise JobError(500, "the query reader stopped without an answer")
