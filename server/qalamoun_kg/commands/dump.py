"""`qkg dump`: write the store's contents as N-Quads, TriG or Turtle."""

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
    help="nquads and trig keep the named graphs; turtle writes the default union (no inference).",
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
    """Write every graph of the store (but its bookkeeping) to standard output or a file."""
    store.dump(output, DUMP_FORMATS[fmt])
    output.flush()
