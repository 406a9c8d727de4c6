"""`qkg load FILE...`: validate new triples against the store, then add them in one transaction."""

from __future__ import annotations

from pathlib import Path

import click
import pyoxigraph as ox

from qalamoun_kg.commands.options import store_option
from qalamoun_kg.commands.validate import REPORT_FORMATS, format_in_option, render
from qalamoun_kg.namespaces import USER_GRAPH
from qalamoun_kg.store import Store


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
@format_in_option
@store_option
def command(
    files: tuple[Path, ...], graph: str, fmt: str, strict: bool, format_in: str | None, store: Store
) -> None:
    """Add the triples of FILE... in one transaction, only if together they keep the shapes."""
    from qalamoun_kg.validation import add_if_valid
    from qalamoun_kg.validation.inputs import read_triples

    triples = read_triples(files, format_in)
    target = _graph_name(graph)
    report = add_if_valid(store, triples, target, strict=strict)
    if not report.passes(strict=strict):
        click.echo(render(report, fmt), nl=False)
        click.echo("nothing was written", err=True)
        raise click.exceptions.Exit(1)
    click.echo(f"loaded {len(triples)} triples into <{graph}>", err=True)


def _graph_name(iri: str) -> ox.NamedNode:
    """The target graph; a malformed IRI is a usage error."""
    try:
        return ox.NamedNode(iri)
    except ValueError as error:
        raise click.BadParameter(f"not an IRI: {iri}", param_hint="--graph") from error
