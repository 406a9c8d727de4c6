"""The embedded Oxigraph backend, on disk or in memory."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import BinaryIO

import pyoxigraph
from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    NamedNode,
    Quad,
    QuerySolutions,
    RdfFormat,
    Triple,
)

from qalamoun_kg.errors import InputError, QueryError
from qalamoun_kg.namespaces import META_GRAPH, PREFIXES
from qalamoun_kg.store.base import (
    GraphName,
    QueryResult,
    Subject,
    Term,
    has_dataset_clause,
    replace_graphs_update,
    union_graphs,
)
from qalamoun_kg.store.parsing import input_error, parse_triples

# Appended to every update so that triples written to the default graph end up in the user graph.


class OxigraphStore:
    """A `Store` backed by `pyoxigraph.Store`: a directory on disk, or memory when path is None."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = None if path is None else Path(path)
        try:
            self._store = pyoxigraph.Store(None if path is None else str(path))
        except OSError as error:
            raise InputError(f"cannot open the store: {error}", path=str(path)) from error

    def __repr__(self) -> str:
        return f"OxigraphStore({str(self.path) if self.path else 'memory'!r})"

    def query(
        self,
        sparql: str,
        *,
        infer: bool = False,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        """Run a SPARQL query; see `Store.query` and `union_graphs` for the default dataset."""
        try:
            default, named = self._dataset(sparql, infer, default_graphs, named_graphs)
            return self._store.query(
                sparql,
                base_iri=base_iri,
                prefixes=PREFIXES,
                default_graph=default,
                named_graphs=named,
            )
        except SyntaxError as error:
            raise QueryError.from_parser(error) from error
        except ValueError as error:
            raise QueryError(f"query: {error}") from error

    def _dataset(
        self,
        sparql: str,
        infer: bool,
        default_graphs: Sequence[str] | None,
        named_graphs: Sequence[str] | None,
    ) -> tuple[list[GraphName] | None, list[NamedNode | BlankNode] | None]:
        """The query's default and named graphs; None leaves the choice to the query itself."""
        if default_graphs is not None or named_graphs is not None:
            # SPARQL Protocol: the dataset parameters, when given, are the whole dataset.
            default: list[GraphName] = [NamedNode(iri) for iri in default_graphs or ()]
            return default, [NamedNode(iri) for iri in named_graphs or ()]
        if has_dataset_clause(sparql):
            return None, None
        return union_graphs(self._store.named_graphs(), infer=infer), None

    def select(
        self,
        sparql: str,
        default_graph: Sequence[GraphName],
        named_graphs: Sequence[NamedNode | BlankNode],
        *,
        base_iri: str | None = None,
    ) -> QuerySolutions:
        """Run a SELECT over exactly this dataset (the default graph may be the store's own)."""
        try:
            result = self._store.query(
                sparql,
                base_iri=base_iri,
                prefixes=PREFIXES,
                default_graph=list(default_graph),
                named_graphs=list(named_graphs),
            )
        except SyntaxError as error:
            raise QueryError.from_parser(error) from error
        except ValueError as error:
            raise QueryError(f"query: {error}") from error
        if not isinstance(result, QuerySolutions):
            raise QueryError("query: a SELECT was expected")
        return result

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL update in one transaction, with SPARQL 1.1 Update's graph semantics."""
        try:
            self._store.update(sparql, base_iri=base_iri, prefixes=PREFIXES)
        except SyntaxError as error:
            raise QueryError.from_parser(error, what="update") from error

    def quads(
        self,
        subject: Subject | None = None,
        predicate: NamedNode | None = None,
        object: Term | None = None,
        graph: GraphName | None = None,
    ) -> Iterator[Quad]:
        """Iterate the quads matching a pattern (None matches anything)."""
        return iter(self._store.quads_for_pattern(subject, predicate, object, graph))

    def add(self, quads: Iterable[Quad]) -> None:
        """Add quads in one transaction."""
        self._store.extend(quads)

    def remove(self, quads: Iterable[Quad]) -> None:
        """Remove quads; ground ones in one transaction, those with blank nodes one by one.

        SPARQL `DELETE DATA` cannot name a stored blank node, so those are removed singly.
        """
        ground: list[Quad] = []
        with_blanks: list[Quad] = []
        for quad in quads:
            has_blank = isinstance(quad.subject, BlankNode) or isinstance(quad.object, BlankNode)
            (with_blanks if has_blank else ground).append(quad)
        if ground:
            self._store.update("DELETE DATA {\n" + _quads_text(ground) + "}")
        for quad in with_blanks:
            self._store.remove(quad)

    def graphs(self) -> list[NamedNode | BlankNode]:
        """The named graphs in the store, sorted by name."""
        return sorted(self._store.named_graphs(), key=lambda graph: graph.value)

    def triple_count(self, graph: str | None = None) -> int:
        """Number of quads in one named graph, or in the whole store."""
        if graph is None:
            return len(self._store)
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, NamedNode(graph)))

    def replace_graph(
        self, graph_iri: str, source: Path | bytes, format: RdfFormat = RdfFormat.TURTLE
    ) -> int:
        """Parse source fully, then atomically make it the whole content of one graph."""
        triples = parse_triples(source, format)
        self.replace_graphs({graph_iri: triples})
        return len(triples)

    def bulk_load(self, source: Path | BinaryIO, format: RdfFormat, graph: str) -> None:
        """Oxigraph's bulk loader into one graph: streamed, fast, not one transaction."""
        try:
            if isinstance(source, Path):
                self._store.bulk_load(path=source, format=format, to_graph=NamedNode(graph))
            else:
                self._store.bulk_load(source, format, to_graph=NamedNode(graph))
        except (SyntaxError, OSError, ValueError) as error:
            raise input_error(error, getattr(source, "name", None)) from error

    def replace_graphs(self, contents: Mapping[str, Sequence[Triple]]) -> None:
        """Atomically set the content of several graphs; an empty sequence drops the graph."""
        if contents:
            self._store.update(replace_graphs_update(contents))

    def dump(self, out: BinaryIO, format: RdfFormat = RdfFormat.N_QUADS) -> None:
        """Write all graphs but meta (N-Quads, TriG), or the default union (Turtle and the like)."""
        if format.supports_datasets:
            pyoxigraph.serialize(self._dumped_quads(), out, format, prefixes=PREFIXES)
        else:
            pyoxigraph.serialize(self._union_triples(), out, format, prefixes=PREFIXES)

    def _dumped_quads(self) -> Iterator[Quad]:
        """Every quad except the store's own bookkeeping."""
        meta = NamedNode(str(META_GRAPH))
        return (quad for quad in self._store if quad.graph_name != meta)

    def _union_triples(self) -> Iterator[Triple]:
        """Distinct triples of the default union (as queries see it without inference)."""
        seen: set[Triple] = set()
        for graph in union_graphs(self._store.named_graphs(), infer=False):
            for quad in self._store.quads_for_pattern(None, None, None, graph):
                if quad.triple not in seen:
                    seen.add(quad.triple)
                    yield quad.triple

    def clear(self) -> None:
        """Remove everything."""
        self._store.clear()

    def close(self) -> None:
        """Flush to disk and release the database lock; the object is unusable afterwards."""
        # pyoxigraph has no close(): the lock goes with the last reference to the store.
        store = self.__dict__.pop("_store", None)
        if store is not None and self.path is not None:
            store.flush()


def open_memory(spec: str = "memory") -> OxigraphStore:
    """An empty in-memory store (the spec is ignored)."""
    return OxigraphStore(None)


def open_directory(spec: str) -> OxigraphStore:
    """A persistent store in the directory spec, created (with its parents) if absent."""
    path = Path(spec).expanduser()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"cannot create the store: {error.strerror}", path=spec) from error
    return OxigraphStore(path)


def _quads_text(quads: Iterable[Quad]) -> str:
    """Quads as SPARQL `QuadData`: one `GRAPH` block per named graph."""
    by_graph: dict[str, list[str]] = {}
    for quad in quads:
        key = "" if isinstance(quad.graph_name, DefaultGraph) else str(quad.graph_name)
        by_graph.setdefault(key, []).append(f"{quad.subject} {quad.predicate} {quad.object} .")
    parts = [
        "\n".join(lines) if not key else f"GRAPH {key} {{\n" + "\n".join(lines) + "\n}"
        for key, lines in by_graph.items()
    ]
    return "\n".join(parts) + "\n"
