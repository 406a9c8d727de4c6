"""`qkg dump`: a backup of the whole dataset (N-Quads, TriG), or the default union as Turtle."""

from __future__ import annotations

from typing import BinaryIO

import click
from pyoxigraph import RdfFormat

from qalamoun_kg.commands.options import store_option
from qalamoun_kg.store import Store

DUMP_FORMATS = {"nquads": RdfFormat.N_QUADS, "trig": RdfFormat.TRIG, "turtle": RdfFormat.TURTLE}


@click.command("dump")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(DUMP_FORMATS)),
    default="nquads",
    show_default=True,
    help="nquads and trig write every graph with its name, bookkeeping included (a backup "
    "`qkg load` restores); turtle writes the union queries see (no inference, no graph names).",
)
@click.option(
    "--output",
    "-o",
    type=click.File("wb"),
    default="-",
    help="File to write (default: standard output).",
)
@store_option
def command(fmt: str, output: BinaryIO, store: Store) -> None:
    """Write the store to standard output or a file: with nquads or trig, a complete backup."""
    from qalamoun_kg.backup import dump_dataset

    rdf_format = DUMP_FORMATS[fmt]
    if rdf_format.supports_datasets:
        dump_dataset(store, output, rdf_format)
    else:
        store.dump(output, rdf_format)
    output.flush()
