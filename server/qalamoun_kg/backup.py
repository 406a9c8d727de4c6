"""Backup and restore: a dump holds every graph with its name, bookkeeping included, in a fixed
order; restoring it into a new store brings back the same dataset, byte for byte.

A dump is N-Quads or TriG holding the meta graph (the hashes of the source files each graph was
loaded from), which is how `qkg load` recognises one. Because the hashes come back with the
graphs, the bootstrap reloads a source graph afterwards only when its file has changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from qalamoun_kg.bootstrap import recorded_hashes
from qalamoun_kg.errors import InputError
from qalamoun_kg.namespaces import INFERRED_GRAPH, META_GRAPH, PREFIXES
from qalamoun_kg.store.base import GraphName, Store
from qalamoun_kg.store.parsing import input_error

META = ox.NamedNode(str(META_GRAPH))


def dump_dataset(store: Store, out: BinaryIO, fmt: ox.RdfFormat = ox.RdfFormat.N_QUADS) -> None:
    """Write every quad of the store with its graph (N-Quads or TriG), in `dataset_quads` order."""
    if not fmt.supports_datasets:
        raise InputError(f"a dump keeps graph names: use N-Quads or TriG, not {fmt.name}")
    ox.serialize(dataset_quads(store), out, fmt, prefixes=PREFIXES)


def dataset_quads(store: Store) -> Iterator[ox.Quad]:
    """The default graph, then each named graph by name; in a graph, quads sorted by their text.

    The order depends only on the content, so two stores holding the same dataset dump the same
    bytes whatever their backend or history.
    """
    graphs: list[GraphName] = [ox.DefaultGraph(), *store.graphs()]
    for graph in graphs:
        yield from sorted(store.quads(None, None, None, graph), key=str)


def dump_format(files: tuple[Path, ...], named_format: str | None) -> ox.RdfFormat | None:
    """The format of a dump when the files are exactly one dump, else None."""
    from qalamoun_kg.validation.inputs import format_of

    dumps = [
        (path, fmt)
        for path in files
        if path.is_file() and (fmt := format_of(path, named_format)).supports_datasets
        if _holds_meta(path, fmt)
    ]
    if not dumps:
        return None
    if len(files) > 1:
        raise InputError("restore one dump at a time, alone", path=str(dumps[0][0]))
    return dumps[0][1]


def _holds_meta(path: Path, fmt: ox.RdfFormat) -> bool:
    """Whether a dataset file has quads in the meta graph (read until the first; bad syntax: no)."""
    try:
        return any(quad.graph_name == META for quad in ox.parse(path=path, format=fmt))
    except (SyntaxError, OSError, ValueError):
        return False


def read_dump(path: Path, fmt: ox.RdfFormat) -> list[ox.Quad]:
    """Every quad of a dump, blank node labels kept (they are the dumped store's own)."""
    try:
        return list(ox.parse(path=path, format=fmt, rename_blank_nodes=False))
    except (SyntaxError, OSError, ValueError) as error:
        raise input_error(error, str(path)) from error


def own_data(store: Store) -> list[str]:
    """What the store holds beyond what the bootstrap and the reasoner put there."""
    managed = {*recorded_hashes(store), str(META_GRAPH), str(INFERRED_GRAPH)}
    found = [str(g) for g in store.graphs() if g.value not in managed]
    if next(store.quads(None, None, None, ox.DefaultGraph()), None) is not None:
        found.insert(0, "the default graph")
    return found


def restore(store: Store, quads: list[ox.Quad]) -> None:
    """Make the dump's quads the whole content of a store that holds no data of its own."""
    kept = own_data(store)
    if kept:
        raise InputError(
            f"the store already holds data of its own ({', '.join(kept)}); "
            "restore into a new store (a new --store folder)"
        )
    store.clear()
    store.add(quads)
