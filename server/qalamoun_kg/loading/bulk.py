"""Load large files into one named graph, validate them with the store, take them out if refused."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import IO, TYPE_CHECKING, BinaryIO, Protocol, runtime_checkable
from uuid import uuid4

from pyoxigraph import NamedNode, Quad, QuerySolutions, RdfFormat, Triple, parse

from qalamoun_kg.errors import InputError
from qalamoun_kg.loading.progress import Progress, counted, progress_for
from qalamoun_kg.namespaces import GRAPH, USER_GRAPH
from qalamoun_kg.store.base import Store

if TYPE_CHECKING:
    from qalamoun_kg.validation import ValidationReport, ValidationResult

CHUNK_TRIPLES = 50_000
EXTENSIONS = {
    ".ttl": RdfFormat.TURTLE,
    ".nt": RdfFormat.N_TRIPLES,
    ".nq": RdfFormat.N_QUADS,
    ".trig": RdfFormat.TRIG,
    ".jsonld": RdfFormat.JSON_LD,
    ".rdf": RdfFormat.RDF_XML,
    ".owl": RdfFormat.RDF_XML,
    ".n3": RdfFormat.N3,
}


@runtime_checkable
class BulkLoadable(Protocol):
    """A store that can load a big graph file fast into one graph (not in one transaction)."""

    def bulk_load(self, source: Path | BinaryIO, format: RdfFormat, graph: str) -> None:
        """Load every triple of source into graph; a syntax error is an `InputError`."""
        ...


@dataclass(frozen=True)
class InputFile:
    """A file to load, its RDF format and its size in bytes."""

    path: Path
    format: RdfFormat
    size: int


@dataclass(frozen=True)
class LoadResult:
    """What a bulk load did: triples of the files, time, validation report, whether written."""

    graph: str
    triples: int
    seconds: float
    report: ValidationReport | None
    written: bool


def bulk_load(
    store: Store,
    paths: Iterable[Path | str],
    *,
    graph: str = str(USER_GRAPH),
    validate: bool = True,
    strict: bool = False,
    format: RdfFormat | None = None,
    progress: Progress | bool | None = None,
    chunk_size: int = CHUNK_TRIPLES,
    engine: str | None = None,
) -> LoadResult:
    """Load files into graph, then validate them in the context of the whole store.

    With the native engine (the default) the store is validated whole before and after the
    load, and the load is judged by the results it adds; with pySHACL (`engine="pyshacl"`)
    the files are validated chunk by chunk as additions to the loaded store.
    Files go straight into graph when it is empty, else into a staging graph merged in at the
    end. If parsing or validation fails, what was loaded is dropped again, so the store is as
    before; while the load runs, readers may see part of it (it is not one transaction).
    Graph names of N-Quads and TriG are dropped. `progress`: a `Progress`, False for none, or
    None for a bar on a terminal and plain lines otherwise (on stderr).
    """
    from qalamoun_kg.validation.api import NATIVE, engine_name

    started = time.perf_counter()
    files = [input_file(Path(path), format) for path in paths]
    _check_iri(graph)
    chosen = engine_name(engine)
    shown = progress_for(progress)
    whole = validate and chosen == NATIVE
    baseline = _baseline(store) if whole else frozenset()
    loading_graph = graph if graph_size(store, graph) == 0 else staging_graph()
    try:
        for item in files:
            _load_file(store, item, loading_graph, shown, chunk_size)
        count = graph_size(store, loading_graph)
        if whole:
            report: ValidationReport | None = _validate_whole(store, baseline, shown)
        elif validate:
            report = _validate(store, files, shown, chunk_size, strict, chosen)
        else:
            report = None
    except BaseException:
        _drop(store, loading_graph)
        raise
    finally:
        shown.finish()
    written = report is None or report.passes(strict=strict)
    if not written:
        _drop(store, loading_graph)
    elif loading_graph != graph:
        _merge(store, loading_graph, graph)
    return LoadResult(graph, count, time.perf_counter() - started, report, written)


def input_file(path: Path, format: RdfFormat | None = None) -> InputFile:
    """A file to load, with its format (given, or from its extension) and size."""
    chosen = format or EXTENSIONS.get(path.suffix.lower())
    if chosen is None:
        known = ", ".join(sorted(EXTENSIONS))
        raise InputError(f"unknown RDF format (extensions: {known})", path=str(path))
    try:
        return InputFile(path, chosen, path.stat().st_size)
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", path=str(path)) from error


def graph_size(store: Store, graph: str) -> int:
    """Number of triples in one named graph (counted by the store's query engine)."""
    sparql = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {NamedNode(graph)} {{ ?s ?p ?o }} }}"
    rows = store.query(sparql)
    if not isinstance(rows, QuerySolutions):
        return 0
    count = next(iter(rows), None)
    value = count["n"] if count is not None else None
    return int(value.value) if value is not None else 0


def staging_graph() -> str:
    """A fresh graph IRI to load into before merging into a graph that already holds data."""
    return str(GRAPH[f"staging/{uuid4().hex}"])


def triple_chunks(source: IO[bytes], item: InputFile, size: int) -> Iterator[list[Triple]]:
    """The file's triples, parsed as a stream, in lists of at most size triples.

    Blank node labels are kept as written, as Oxigraph's bulk loader keeps them, so that a
    second pass (validation) meets the same nodes the store holds.
    """
    quads = parse(source, item.format)
    while True:
        try:
            chunk = [quad.triple for quad in islice(quads, size)]
        except SyntaxError as error:
            raise _syntax_error(error, item.path) from error
        if not chunk:
            return
        yield chunk


def _load_file(store: Store, item: InputFile, graph: str, shown: Progress, size: int) -> None:
    """Load one file with the store's bulk loader if it has one, else in chunks."""
    shown.start(f"loading {item.path.name}", item.size)
    with _opened(item.path) as raw:
        source = counted(raw, shown)
        if isinstance(store, BulkLoadable) and not item.format.supports_datasets:
            try:
                store.bulk_load(source, item.format, graph)
            except InputError as error:
                raise _about(error, item.path) from error
        else:
            target = NamedNode(graph)
            for chunk in triple_chunks(source, item, size):
                store.add(Quad(t.subject, t.predicate, t.object, target) for t in chunk)
    shown.finish()


def _baseline(store: Store) -> frozenset[tuple[str, ...]]:
    """The results the store gives before the load (the load is not blamed for them)."""
    from qalamoun_kg.validation import validate_store

    return validate_store(store).result_keys()


def _validate_whole(
    store: Store, baseline: frozenset[tuple[str, ...]], shown: Progress
) -> ValidationReport:
    """Validate the store with the loaded triples in it; report the results the load adds."""
    from qalamoun_kg.validation import ValidationReport, validate_store

    after = validate_store(store, progress=shown)
    added = tuple(r for r in after.results if r.key not in baseline)
    return ValidationReport(added, after.checked_nodes, "full")


def _validate(
    store: Store, files: list[InputFile], shown: Progress, size: int, strict: bool, engine: str
) -> ValidationReport:
    """Validate the loaded triples chunk by chunk in the context of the store; stop at a failure."""
    from qalamoun_kg.validation import ValidationReport, shapes_for, validate_addition

    shapes = shapes_for(store)
    results: list[ValidationResult] = []
    checked = 0
    for item in files:
        shown.start(f"validating {item.path.name}", item.size)
        with _opened(item.path) as raw:
            for chunk in triple_chunks(counted(raw, shown), item, size):
                report = validate_addition(store, chunk, shapes=shapes, engine=engine)
                results.extend(report.results)
                checked += report.checked_nodes
                if not report.passes(strict=strict):
                    return ValidationReport(tuple(results), checked, report.mode)
        shown.finish()
    return ValidationReport(tuple(results), checked, "incremental")


def _merge(store: Store, staging: str, graph: str) -> None:
    """Move the staging graph's triples into graph, in one update."""
    source, target = NamedNode(staging), NamedNode(graph)
    store.update(f"ADD SILENT GRAPH {source} TO GRAPH {target} ;\nDROP SILENT GRAPH {source}")


def _drop(store: Store, graph: str) -> None:
    """Remove a graph the load filled."""
    store.replace_graphs({graph: []})


def _check_iri(graph: str) -> None:
    """A malformed target graph IRI is an input error."""
    try:
        NamedNode(graph)
    except ValueError as error:
        raise InputError(f"not an IRI: {graph}") from error


@contextmanager
def _opened(path: Path) -> Iterator[BinaryIO]:
    """The file opened for reading; failure to open is an `InputError`."""
    try:
        raw = path.open("rb")
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", path=str(path)) from error
    with raw:
        yield raw


def _about(error: InputError, path: Path) -> InputError:
    """The error, naming the file when it does not already."""
    if error.path is not None:
        return error
    return InputError(error.message, path=str(path), line=error.line, column=error.column)


def _syntax_error(error: SyntaxError, path: Path) -> InputError:
    """An `InputError` naming file, line and column of a parser error."""
    message = str(error.args[0]) if error.args else str(error)
    message = message.split(": ", 1)[-1] if message.startswith("Parser error") else message
    return InputError(message, path=str(path), line=error.lineno, column=error.offset)
