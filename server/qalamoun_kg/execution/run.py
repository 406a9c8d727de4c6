"""Run one job against a store and write its serialized answer to a sink, row cap applied.

Used alike by the worker processes (sink: a pipe) and in process (sink: a queue). The deadline
is checked between rows; only killing a worker stops a query that computes before its first row.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Protocol, cast

import pyoxigraph
from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    NamedNode,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    Triple,
)

from qalamoun_kg.errors import QueryError
from qalamoun_kg.execution.formats import BY_NAME, GRAPH, SOLUTIONS, ResultFormat, family_formats
from qalamoun_kg.execution.jobs import GraphJob, Head, Job, JobError, QueryJob, QueryTimeout, Sink
from qalamoun_kg.namespaces import PREFIXES
from qalamoun_kg.store.base import GraphName, QueryResult

CHUNK = 64 * 1024
CHECK_EVERY = 256


class ReadSource(Protocol):
    """What a job reads: the query and pattern part of `Store`."""

    def query(
        self,
        sparql: str,
        *,
        infer: bool = False,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        """Run a SPARQL query."""
        ...

    def quads(
        self,
        subject: None = None,
        predicate: None = None,
        object: None = None,
        graph: GraphName | None = None,
    ) -> Iterator[Quad]:
        """The quads of a graph."""
        ...

    def graphs(self) -> list[NamedNode | BlankNode]:
        """The named graphs."""
        ...


class Deadline:
    """A point in time a job must not run past (never, when seconds is None).

    `restart()` gives a started answer `then` seconds (default: seconds) to be sent whole.
    """

    def __init__(self, seconds: float | None, then: float | None = None) -> None:
        self.seconds = seconds
        self.then = seconds if then is None else then
        self.at = None if seconds is None else time.monotonic() + seconds

    def restart(self) -> None:
        """Count again from now, with the time allowed for sending."""
        self.seconds = self.then
        self.at = None if self.then is None else time.monotonic() + self.then

    def check(self) -> None:
        """Raise `QueryTimeout` once the deadline has passed."""
        if self.at is not None and time.monotonic() > self.at:
            raise QueryTimeout(self.seconds or 0)

    def remaining(self) -> float | None:
        """Seconds left, or None without a deadline."""
        return None if self.at is None else max(0.0, self.at - time.monotonic())


class ChunkWriter(io.RawIOBase):
    """A binary file that hands its bytes to a sink in chunks of about 64 KiB."""

    def __init__(self, sink: Sink) -> None:
        super().__init__()
        self._sink = sink
        self._buffer = bytearray()

    def writable(self) -> bool:
        """Always: this is an output."""
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        """Buffer; pass a full chunk on."""
        self._buffer += data
        if len(self._buffer) >= CHUNK:
            self.flush()
        return len(data)

    def file(self) -> IO[bytes]:
        """This writer as the binary file pyoxigraph's serializers take."""
        return cast(IO[bytes], self)

    def flush(self) -> None:
        """Pass what is buffered on."""
        if self._buffer:
            self._sink.write(bytes(self._buffer))
            self._buffer.clear()


def execute(source: ReadSource, job: Job, sink: Sink, deadline: Deadline) -> None:
    """Answer a job into the sink; `JobError` before `sink.start` means nothing was sent."""
    sink = _Restarting(sink, deadline)
    out = ChunkWriter(sink)
    if isinstance(job, GraphJob):
        _read_graph(source, job, sink, out, deadline)
    else:
        _run_query(source, job, sink, out, deadline)
    out.flush()


class _Restarting:
    """A sink that restarts the deadline when the answer starts: evaluation and sending are
    limited separately."""

    def __init__(self, sink: Sink, deadline: Deadline) -> None:
        self._sink = sink
        self._deadline = deadline

    def start(self, head: Head) -> None:
        """Start the answer and the sending time."""
        self._deadline.restart()
        self._sink.start(head)

    def write(self, data: bytes) -> int:
        """Pass bytes on."""
        return self._sink.write(data)


def _run_query(
    source: ReadSource, job: QueryJob, sink: Sink, out: ChunkWriter, deadline: Deadline
) -> None:
    """Evaluate the query and serialize its result in the format chosen for its kind."""
    try:
        result = source.query(
            job.sparql,
            infer=job.infer,
            default_graphs=job.default_graphs,
            named_graphs=job.named_graphs,
            base_iri=job.base_iri,
        )
    except QueryError as error:
        raise JobError(400, str(error)) from error
    if isinstance(result, QueryBoolean):
        fmt = _chosen(job.solutions_format, SOLUTIONS, "ASK")
        sink.start(Head(fmt.content_type))
        result.serialize(out.file(), fmt.solutions_format())
    elif isinstance(result, QuerySolutions):
        fmt = _chosen(job.solutions_format, SOLUTIONS, "SELECT")
        _write_solutions(result, fmt, job.max_rows, sink, out, deadline)
    else:
        fmt = _chosen(job.graph_format, GRAPH, "CONSTRUCT/DESCRIBE")
        _write_triples(_evaluated(result, deadline), fmt, job.max_rows, sink, out)


def _chosen(name: str | None, family: str, kind: str) -> ResultFormat:
    """The negotiated format of a result family; 406 when the client accepts none."""
    if name is None:
        offered = ", ".join(f.media_type for f in family_formats(family))
        raise JobError(406, f"not acceptable: a {kind} result is one of {offered}")
    return BY_NAME[name]


def _write_solutions(
    result: QuerySolutions,
    fmt: ResultFormat,
    max_rows: int,
    sink: Sink,
    out: ChunkWriter,
    deadline: Deadline,
) -> None:
    """Solutions, cut at max_rows: rows are read ahead (as TSV) so the head can say so."""
    if max_rows <= 0:
        sink.start(Head(fmt.content_type))
        result.serialize(out.file(), fmt.solutions_format())
        return
    variables = result.variables
    lines = ["\t".join(str(v) for v in variables) + "\n"]
    truncated = False
    for count, solution in enumerate(result):
        if count == max_rows:
            truncated = True
            break
        if count % CHECK_EVERY == 0:
            deadline.check()
        lines.append("\t".join(_tsv_term(solution[v]) for v in variables) + "\n")
    deadline.check()
    sink.start(Head(fmt.content_type, truncated, max_rows))
    table = io.BytesIO("".join(lines).encode("utf-8"))
    solutions = pyoxigraph.parse_query_results(table, QueryResultsFormat.TSV)
    solutions.serialize(out.file(), fmt.solutions_format())


def _tsv_term(term: object) -> str:
    """A term in SPARQL TSV syntax (N-Triples), or nothing when unbound."""
    return "" if term is None else str(term)


def _evaluated(triples: Iterable[Triple], deadline: Deadline) -> Iterator[Triple]:
    """The triples, checking the deadline as they come."""
    for count, triple in enumerate(triples):
        if count % CHECK_EVERY == 0:
            deadline.check()
        yield triple


def _write_triples(
    triples: Iterator[Triple], fmt: ResultFormat, max_rows: int, sink: Sink, out: ChunkWriter
) -> None:
    """A graph, cut at max_rows triples (read ahead so the head can say so)."""
    if max_rows <= 0:
        sink.start(Head(fmt.content_type))
        _serialize_graph(triples, fmt, out)
        return
    kept: list[Triple] = []
    truncated = False
    for triple in triples:
        if len(kept) == max_rows:
            truncated = True
            break
        kept.append(triple)
    sink.start(Head(fmt.content_type, truncated, max_rows))
    _serialize_graph(kept, fmt, out)


def _serialize_graph(triples: Iterable[Triple], fmt: ResultFormat, out: ChunkWriter) -> None:
    """Triples in an RDF format; quad formats put them in the default graph."""
    rdf_format = fmt.rdf_format()
    if rdf_format.supports_datasets:
        quads = (Quad(t.subject, t.predicate, t.object, DefaultGraph()) for t in triples)
        pyoxigraph.serialize(quads, out.file(), rdf_format, prefixes=PREFIXES)
    else:
        pyoxigraph.serialize(triples, out.file(), rdf_format, prefixes=PREFIXES)


def _read_graph(
    source: ReadSource, job: GraphJob, sink: Sink, out: ChunkWriter, deadline: Deadline
) -> None:
    """One named graph, or the store's real default graph, streamed whole."""
    fmt = BY_NAME[job.graph_format]
    if job.graph is None:
        triples: Iterable[Triple] = (
            q.triple for q in source.quads(None, None, None, DefaultGraph())
        )
    else:
        name = NamedNode(job.graph)
        if name not in source.graphs():
            raise JobError(404, f"no graph {name} in the store")
        triples = (quad.triple for quad in source.quads(None, None, None, name))
    sink.start(Head(fmt.content_type))
    _serialize_graph(_evaluated(triples, deadline), fmt, out)
