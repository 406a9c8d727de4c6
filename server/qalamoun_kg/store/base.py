"""The `Store` interface every backend implements, and helpers backends share."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import BinaryIO, Protocol, TypeAlias, runtime_checkable

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Triple,
    serialize,
)

from qalamoun_kg.namespaces import INFERRED_GRAPH, META_GRAPH, SHAPES_GRAPH

QueryResult: TypeAlias = QuerySolutions | QueryBoolean | QueryTriples
Subject: TypeAlias = NamedNode | BlankNode | Triple
Term: TypeAlias = NamedNode | BlankNode | Literal | Triple
GraphName: TypeAlias = NamedNode | BlankNode | DefaultGraph

# Graphs a query never sees in its default graph unless it names them.
HIDDEN_GRAPHS = frozenset({str(SHAPES_GRAPH), str(META_GRAPH)})

_SKIPPED_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n]*",
    re.DOTALL,
)
_FROM_KEYWORD = re.compile(r"(?<![\w:?$.\-])FROM(?![\w:\-])", re.IGNORECASE)


@runtime_checkable
class Store(Protocol):
    """A quad store holding the project's named graphs; terms are pyoxigraph's."""

    def query(
        self,
        sparql: str,
        *,
        infer: bool = False,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        """Run a SPARQL query over the default union (see `union_graphs`) unless told otherwise."""
        ...

    def select(
        self,
        sparql: str,
        default_graph: Sequence[GraphName],
        named_graphs: Sequence[NamedNode | BlankNode],
        *,
        base_iri: str | None = None,
    ) -> QuerySolutions:
        """Run a SELECT over exactly this dataset (the default graph may be the store's own)."""
        ...

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL update in one transaction, with SPARQL 1.1 Update's graph semantics."""
        ...

    def quads(
        self,
        subject: Subject | None = None,
        predicate: NamedNode | None = None,
        object: Term | None = None,
        graph: GraphName | None = None,
    ) -> Iterator[Quad]:
        """Iterate the quads matching a pattern (None matches anything)."""
        ...

    def add(self, quads: Iterable[Quad]) -> None:
        """Add quads in one transaction."""
        ...

    def remove(self, quads: Iterable[Quad]) -> None:
        """Remove quads in one transaction."""
        ...

    def graphs(self) -> list[NamedNode | BlankNode]:
        """The named graphs in the store, sorted by name."""
        ...

    def triple_count(self, graph: str | None = None) -> int:
        """Number of quads in one named graph, or in the whole store."""
        ...

    def replace_graph(
        self, graph_iri: str, source: Path | bytes, format: RdfFormat = RdfFormat.TURTLE
    ) -> int:
        """Parse source fully, then atomically make it the whole content of one graph."""
        ...

    def replace_graphs(self, contents: Mapping[str, Sequence[Triple]]) -> None:
        """Atomically set the content of several graphs; an empty sequence drops the graph."""
        ...

    def dump(self, out: BinaryIO, format: RdfFormat = RdfFormat.N_QUADS) -> None:
        """Write the store: all graphs but meta as N-Quads/TriG, the default union as Turtle."""
        ...

    def clear(self) -> None:
        """Remove everything."""
        ...

    def close(self) -> None:
        """Flush and release the store."""
        ...


def union_graphs(graphs: Iterable[NamedNode | BlankNode], *, infer: bool) -> list[GraphName]:
    """A query's default graph: every graph but shapes, meta, and inferred unless asked."""
    hidden = HIDDEN_GRAPHS if infer else HIDDEN_GRAPHS | {str(INFERRED_GRAPH)}
    chosen: list[GraphName] = [DefaultGraph()]
    chosen.extend(g for g in graphs if not (isinstance(g, NamedNode) and g.value in hidden))
    return chosen


def keywords_only(sparql: str) -> str:
    """The query with strings, IRIs and comments blanked, where keywords cannot hide."""
    return _SKIPPED_TOKENS.sub(" ", sparql)


def has_dataset_clause(sparql: str) -> bool:
    """Whether the query names its own dataset with FROM or FROM NAMED."""
    return _FROM_KEYWORD.search(keywords_only(sparql)) is not None


def ntriples_text(triples: Iterable[Triple]) -> str:
    """Triples as N-Triples text, which is also valid inside SPARQL `INSERT DATA`."""
    data = serialize(triples, format=RdfFormat.N_TRIPLES) or b""
    return data.decode("utf-8")


def replace_graphs_update(contents: Mapping[str, Sequence[Triple]]) -> str:
    """A single SPARQL update that drops the given graphs and inserts their new content."""
    operations = [f"DROP SILENT GRAPH {NamedNode(iri)}" for iri in contents]
    blocks = [
        f"GRAPH {NamedNode(iri)} {{\n{ntriples_text(triples)}}}"
        for iri, triples in contents.items()
        if triples
    ]
    if blocks:
        operations.append("INSERT DATA {\n" + "\n".join(blocks) + "\n}")
    return " ;\n".join(operations)
