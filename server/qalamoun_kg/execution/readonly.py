"""A read-only view of a store checkpoint, answering queries as `OxigraphStore` does."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph
from pyoxigraph import BlankNode, NamedNode, Quad

from qalamoun_kg.errors import QueryError
from qalamoun_kg.namespaces import PREFIXES
from qalamoun_kg.store.base import (
    GraphName,
    QueryResult,
    Subject,
    Term,
    has_dataset_clause,
    union_graphs,
)


class CheckpointStore:
    """Queries over a read-only copy of the store, with the project's default dataset.

    `union`: the copy holds only the data graphs, so the default graph is the union of all.
    """

    def __init__(self, path: Path, *, union: bool = False) -> None:
        self.path = path
        self.union = union
        self._store = pyoxigraph.Store.read_only(str(path))

    def query(
        self,
        sparql: str,
        *,
        infer: bool = False,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        """Run a query; the protocol's dataset, the query's own, or the default union."""
        default: list[GraphName] | None = None
        named: list[NamedNode | BlankNode] | None = None
        if default_graphs is not None or named_graphs is not None:
            default = [NamedNode(iri) for iri in default_graphs or ()]
            named = [NamedNode(iri) for iri in named_graphs or ()]
        elif self.union and not infer and not has_dataset_clause(sparql):
            return self._query(sparql, base_iri, use_default_graph_as_union=True)
        elif not has_dataset_clause(sparql):
            default = union_graphs(self._store.named_graphs(), infer=infer)
        return self._query(sparql, base_iri, default_graph=default, named_graphs=named)

    def _query(self, sparql: str, base_iri: str | None, **dataset: Any) -> QueryResult:
        """The engine's answer, its errors as `QueryError`."""
        try:
            return self._store.query(sparql, base_iri=base_iri, prefixes=PREFIXES, **dataset)
        except SyntaxError as error:
            raise QueryError.from_parser(error) from error
        except ValueError as error:
            raise QueryError(f"query: {error}") from error

    def quads(
        self,
        subject: Subject | None = None,
        predicate: NamedNode | None = None,
        object: Term | None = None,
        graph: GraphName | None = None,
    ) -> Iterator[Quad]:
        """The quads matching a pattern."""
        return iter(self._store.quads_for_pattern(subject, predicate, object, graph))

    def graphs(self) -> list[NamedNode | BlankNode]:
        """The named graphs of the checkpoint."""
        return sorted(self._store.named_graphs(), key=lambda graph: graph.value)
