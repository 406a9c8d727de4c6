"""`qkg infer [--check]`: materialize the OWL 2 RL closure into the inferred graph."""

from __future__ import annotations

import time

import click

from qalamoun_kg.commands.options import store_option
from qalamoun_kg.store import Store


@click.command("infer")
@click.option(
    "--check",
    is_flag=True,
    help="Also report OWL RL inconsistencies (disjoint classes shared, …); exit 1 if any.",
)
@store_option
def command(check: bool, store: Store) -> None:
    """Recompute the inferred graph from the ontology and the data (queries opt in: --infer)."""
    from qalamoun_kg.reasoning import inconsistencies, materialize

    started = time.perf_counter()
    count = materialize(store)
    elapsed = time.perf_counter() - started
    click.echo(f"inferred {count} triples into the inferred graph in {elapsed:.2f} s", err=True)
    if not check:
        return
    clashes = inconsistencies(store)
    for clash in clashes:
        click.echo(f"{clash.rule}: {clash.message}")
    if clashes:
        click.echo(f"{len(clashes)} inconsistencies", err=True)
        raise click.exceptions.Exit(1)
    click.echo("consistent: no OWL RL inconsistency", err=True)
