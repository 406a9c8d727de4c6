"""What a reader is asked to do (a query or a graph read) and the head of its answer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, TypeAlias


@dataclass(frozen=True)
class QueryJob:
    """A SPARQL query with the format chosen for each result family (None: not acceptable)."""

    sparql: str
    solutions_format: str | None
    graph_format: str | None
    infer: bool = False
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    base_iri: str | None = None
    max_rows: int = 0


@dataclass(frozen=True)
class GraphJob:
    """Read one named graph (or the default graph when `graph` is None) as RDF."""

    graph: str | None
    graph_format: str


Job: TypeAlias = QueryJob | GraphJob


@dataclass(frozen=True)
class Head:
    """Known before the first byte: the content type, and whether the rows were cut at the cap."""

    content_type: str
    truncated: bool = False
    max_rows: int = 0


class JobError(Exception):
    """A job that fails before its answer starts: an HTTP status and a message for the client."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message

    def __str__(self) -> str:
        return self.message


class QueryTimeout(JobError):
    """The job ran past its deadline."""

    def __init__(self, seconds: float) -> None:
        super().__init__(503, f"query timed out after {seconds:g} s; narrow it or add a LIMIT")


class Sink(Protocol):
    """Where a job's answer goes: first `start(head)`, then the bytes."""

    def start(self, head: Head) -> None:
        """The answer begins."""
        ...

    def write(self, data: bytes) -> int:
        """Some bytes of the answer."""
        ...
