"""Every write of the server, one at a time: compute its effect without touching the store,
refuse changes to managed graphs, validate against the shapes, then commit in one transaction."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

import pyoxigraph as ox

from qalamoun_kg.errors import QkgError
from qalamoun_kg.execution.fetch import FetchPolicy
from qalamoun_kg.execution.isolation import mentions_service
from qalamoun_kg.execution.run import Deadline
from qalamoun_kg.reasoning import inferred_change
from qalamoun_kg.store.base import GraphName, Store
from qalamoun_kg.updates.delta import Delta, data_changes, update_text
from qalamoun_kg.updates.evaluate import UpdateDataset, WhereQuery, apply_update
from qalamoun_kg.updates.limit import bounded, time_limit
from qalamoun_kg.updates.load import Fetcher
from qalamoun_kg.updates.overlay import ManagedGraph, Overlay
from qalamoun_kg.updates.parse import (
    fetch_targets,
    has_service,
    names_dataset,
    parse_update,
    where_query,
)
from qalamoun_kg.updates.quad_data import DataOperation, data_operations
from qalamoun_kg.validation import ValidationReport, validate_addition

Change = Callable[[Overlay, Deadline], None]


class Rejected(QkgError):
    """A write that is refused: an HTTP status, a message, and the SHACL report for 422."""

    def __init__(self, status: int, message: str, report: ValidationReport | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.report = report

    def __str__(self) -> str:
        return self.message


class Writer:
    """Serializes writes; `on_commit` runs after each committed one (e.g. a new checkpoint)."""

    def __init__(
        self,
        store: Store,
        *,
        timeout: float,
        fetch: FetchPolicy,
        max_fetch_bytes: int,
        on_commit: Callable[[], None] = lambda: None,
    ) -> None:
        self.store = store
        self.timeout = timeout
        self.fetch = fetch
        self.generation = 0
        self._load = Fetcher(fetch, max_bytes=max_fetch_bytes, timeout=timeout)
        self._on_commit = on_commit
        self._lock = threading.Lock()

    @bounded
    def update(
        self, text: str, *, base_iri: str | None = None, dataset: UpdateDataset | None = None
    ) -> Delta:
        """Run a SPARQL update (parse errors are `QueryError`s), all of it within the limit."""
        deadline = Deadline(self.timeout)
        # Depth is checked where each parser reads: parse_quads for the TriG of quad data,
        # parse_update (which also reports it) for everything else.
        with time_limit(deadline):
            data = data_operations(text, base_iri)
        if data is not None:
            return self._write(lambda overlay, _deadline: apply_data(overlay, data), deadline)
        with time_limit(deadline):
            parsed = parse_update(text, base_iri)
        if dataset is not None and dataset.given() and names_dataset(parsed):
            raise Rejected(
                400,
                "the update has USING/USING NAMED/WITH and the request using-graph-uri or "
                "using-named-graph-uri: name the dataset in one place only",
            )
        for what, iri in fetch_targets(parsed):
            self.fetch.check(what, iri)

        # Oxigraph would run a SERVICE rdflib's parse did not see: the word alone keeps rdflib.
        service = has_service(parsed) or mentions_service(text)
        where = None if service else where_query(text, parsed)
        query = None if where is None else WhereQuery(where, base_iri)

        def change(overlay: Overlay, deadline: Deadline) -> None:
            apply_update(overlay, parsed, deadline, self._load, dataset, query)

        return self._write(change, deadline)

    def replace(self, graph: GraphName, triples: Iterable[ox.Triple]) -> tuple[Delta, bool]:
        """Make triples the whole content of a graph; also says whether the graph existed."""
        existed = self._exists(graph)

        def change(overlay: Overlay, _deadline: Deadline) -> None:
            overlay.clear(graph)
            if not isinstance(graph, ox.DefaultGraph):
                overlay.create(graph)
            overlay.add_all(triples, graph)

        return self._write(change), existed

    def merge(self, graph: GraphName, triples: Iterable[ox.Triple]) -> tuple[Delta, bool]:
        """Add triples to a graph; also says whether the graph existed."""
        existed = self._exists(graph)

        def change(overlay: Overlay, _deadline: Deadline) -> None:
            if not isinstance(graph, ox.DefaultGraph):
                overlay.create(graph)
            overlay.add_all(triples, graph)

        return self._write(change), existed

    def delete(self, graph: GraphName) -> Delta:
        """Drop a named graph (404 when absent), or empty the default graph."""
        if not self._exists(graph):
            raise Rejected(404, f"no graph {graph} in the store")

        def change(overlay: Overlay, _deadline: Deadline) -> None:
            if isinstance(graph, ox.DefaultGraph):
                overlay.clear(graph)
            else:
                overlay.drop(graph)

        return self._write(change)

    def _exists(self, graph: GraphName) -> bool:
        """Whether a graph exists (the default graph always does)."""
        return isinstance(graph, ox.DefaultGraph) or graph in self.store.graphs()

    @bounded
    def _write(self, change: Change, deadline: Deadline | None = None) -> Delta:
        """Compute, check, validate and commit one change, holding the write lock; everything
        before the commit within the time limit (`WriteTimeout` past it)."""
        deadline = deadline or Deadline(self.timeout)
        with self._lock, time_limit(deadline) as limit:
            overlay = Overlay(self.store)
            try:
                change(overlay, deadline)
            except ManagedGraph as error:
                raise Rejected(403, str(error)) from error
            delta = overlay.delta()
            if delta.is_empty():
                return delta
            additions, removals = data_changes(self.store, delta)
            if additions or removals:
                report = validate_addition(self.store, additions, removals)
                if not report.conforms:
                    raise Rejected(422, "the change does not conform to the shapes", report)
            inferred = inferred_change(self.store, additions, removals)
            limit.disarm()  # a commit is never interrupted
            self.store.update(update_text(self.store, delta) + inferred.update_text())
            inferred.after_commit(self.store)
            self.generation += 1
            self._on_commit()
            return delta


def apply_data(overlay: Overlay, operations: list[DataOperation]) -> None:
    """Carry out INSERT DATA and DELETE DATA operations in order."""
    for operation in operations:
        for quad in operation.quads:
            if operation.insert:
                overlay.add(quad)
            else:
                overlay.remove(quad)
