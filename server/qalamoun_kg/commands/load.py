"""`qkg load FILE...`: validate new triples against the store, then add them in one transaction."""

from __future__ import annotations

from pathlib import Path

import click
import pyoxigraph as ox

from qalamoun_kg.commands.options import store_option
from qalamoun_kg.commands.validate import REPORT_FORMATS, format_in_option, render
from qalamoun_kg.namespaces import USER_GRAPH
from qalamoun_kg.store import Store

MIB = 1024 * 1024
BULK_BYTES = 64 * MIB


@click.command("load")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--graph",
    "graph",
    metavar="IRI",
    default=str(USER_GRAPH),
    show_default=True,
    help="Named graph that receives the triples.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(REPORT_FORMATS),
    default="text",
    show_default=True,
    help="Format of the report printed when the files are refused.",
)
@click.option("--strict", is_flag=True, help="Refuse the files on warnings too.")
@click.option(
    "--bulk/--no-bulk",
    default=None,
    help=f"Stream with Oxigraph's bulk loader, validating in chunks (default: inputs over "
    f"{BULK_BYTES // MIB} MiB). Not one transaction: a refused load is taken back out.",
)
@format_in_option
@store_option
def command(
    files: tuple[Path, ...],
    graph: str,
    fmt: str,
    strict: bool,
    bulk: bool | None,
    format_in: str | None,
    store: Store,
) -> None:
    """Add the triples of FILE... in one transaction, only if together they keep the shapes.

    A dump of `qkg dump` (N-Quads or TriG) is restored instead: every graph as it was dumped.
    """
    from qalamoun_kg.backup import dump_format
    from qalamoun_kg.validation import add_if_valid
    from qalamoun_kg.validation.inputs import read_triples

    dumped = dump_format(files, format_in)
    if dumped is not None:
        _restore(files[0], dumped, store)
        return
    if bulk or (bulk is None and _total_size(files) > BULK_BYTES):
        _bulk(files, graph, fmt, strict, format_in, store)
        return
    triples = read_triples(files, format_in)
    target = _graph_name(graph)
    report = add_if_valid(store, triples, target, strict=strict)
    if not report.passes(strict=strict):
        click.echo(render(report, fmt), nl=False)
        click.echo("nothing was written", err=True)
        raise click.exceptions.Exit(1)
    click.echo(f"loaded {len(triples)} triples into <{graph}>", err=True)


def _restore(path: Path, fmt: ox.RdfFormat, store: Store) -> None:
    """Make a dump the store's content, then reload the sources that changed since it was made."""
    from qalamoun_kg.backup import read_dump, restore
    from qalamoun_kg.bootstrap import ensure_loaded

    quads = read_dump(path, fmt)
    restore(store, quads)
    graphs = len(store.graphs())
    click.echo(f"restored {len(quads)} quads in {graphs} named graphs from {path}", err=True)
    for graph in ensure_loaded(store):
        click.echo(f"reloaded <{graph}>: its source files changed since the dump", err=True)


def _bulk(
    files: tuple[Path, ...], graph: str, fmt: str, strict: bool, format_in: str | None, store: Store
) -> None:
    """Stream the files in with the bulk loader; recompute a current inferred graph after."""
    from qalamoun_kg.loading import bulk_load
    from qalamoun_kg.reasoning import materialize
    from qalamoun_kg.reasoning.materialize import is_current
    from qalamoun_kg.validation.inputs import format_of

    _graph_name(graph)
    formats = {format_of(path, format_in) for path in files}
    inferred = is_current(store)
    result = bulk_load(
        store,
        files,
        graph=graph,
        strict=strict,
        format=formats.pop() if len(formats) == 1 else None,
    )
    if not result.written:
        if result.report is not None:
            click.echo(render(result.report, fmt), nl=False)
        click.echo("nothing was written", err=True)
        raise click.exceptions.Exit(1)
    if inferred:
        materialize(store)
    click.echo(
        f"loaded {result.triples} triples into <{graph}> in {result.seconds:.1f} s (bulk)", err=True
    )


def _total_size(files: tuple[Path, ...]) -> int:
    """Bytes of the input files (missing ones count nothing; reading reports them)."""
    return sum(path.stat().st_size for path in files if path.is_file())


def _graph_name(iri: str) -> ox.NamedNode:
    """The target graph; a malformed IRI is a usage error."""
    try:
        return ox.NamedNode(iri)
    except ValueError as error:
        raise click.BadParameter(f"not an IRI: {iri}", param_hint="--graph") from error
