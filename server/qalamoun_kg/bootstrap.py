"""Load the source files into their named graphs, once, and again only when they change."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Triple
from rdflib import Namespace

from qalamoun_kg.namespaces import DCTERMS, META_GRAPH
from qalamoun_kg.sources import SourceFile, source_files
from qalamoun_kg.store.base import Store
from qalamoun_kg.store.parsing import parse_triples

META = Namespace(f"{META_GRAPH}#")
SHA256 = NamedNode(str(META["sha256"]))
SOURCE = NamedNode(str(DCTERMS.source))


def ensure_loaded(store: Store, home: Path | None = None) -> list[str]:
    """Bring the source graphs up to date in one transaction; return the graphs it changed.

    Every changed file is parsed before anything is written, so a syntax error leaves the store
    as it was. The meta graph records a hash per graph, so unchanged graphs are not touched.
    """
    groups = _group_by_graph(source_files(home))
    contents = {graph: [(f, f.read_bytes()) for f in files] for graph, files in groups.items()}
    wanted = {graph: _group_hash(items) for graph, items in contents.items()}
    recorded = recorded_hashes(store)
    changed = [graph for graph, digest in wanted.items() if recorded.get(graph) != digest]
    dropped = [graph for graph in recorded if graph not in wanted]
    if not changed and not dropped:
        return []
    updates: dict[str, list[Triple]] = {graph: _parse_group(contents[graph]) for graph in changed}
    updates.update({graph: [] for graph in dropped})
    updates[str(META_GRAPH)] = _meta_triples(groups, wanted)
    store.replace_graphs(updates)
    return sorted(changed + dropped)


def recorded_hashes(store: Store) -> dict[str, str]:
    """Graph IRI -> content hash of the sources it was last loaded from."""
    return {
        quad.subject.value: quad.object.value
        for quad in store.quads(None, SHA256, None, NamedNode(str(META_GRAPH)))
        if isinstance(quad.subject, NamedNode) and isinstance(quad.object, Literal)
    }


def _group_by_graph(files: Iterable[SourceFile]) -> dict[str, list[SourceFile]]:
    """Source files keyed by the graph they feed (several ontology or shapes files share one)."""
    groups: dict[str, list[SourceFile]] = {}
    for source in files:
        groups.setdefault(source.graph, []).append(source)
    return groups


def _group_hash(items: list[tuple[SourceFile, bytes]]) -> str:
    """One hash over the names and contents of a graph's source files."""
    digest = hashlib.sha256()
    for source, data in items:
        digest.update(f"{source.name}\0{hashlib.sha256(data).hexdigest()}\n".encode())
    return digest.hexdigest()


def _parse_group(items: list[tuple[SourceFile, bytes]]) -> list[Triple]:
    """All triples of a graph's source files; raises `InputError` naming the bad file."""
    triples: list[Triple] = []
    for source, data in items:
        triples.extend(parse_triples(data, name=str(source.path)))
    return triples


def _meta_triples(groups: dict[str, list[SourceFile]], hashes: dict[str, str]) -> list[Triple]:
    """The bookkeeping triples: each source graph's hash and the files it came from."""
    triples: list[Triple] = []
    for graph, files in groups.items():
        node = NamedNode(graph)
        triples.append(Triple(node, SHA256, Literal(hashes[graph])))
        triples.extend(Triple(node, SOURCE, Literal(source.name)) for source in files)
    return triples
