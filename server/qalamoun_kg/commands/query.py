"""`qkg query`: run a SPARQL query against the store and print the result."""

from __future__ import annotations

import click

from qalamoun_kg.commands.options import binary_stdout, read_text_argument, store_option
from qalamoun_kg.errors import QueryError
from qalamoun_kg.execution.lexical import check_nesting
from qalamoun_kg.results import FORMATS, write_result
from qalamoun_kg.store import Store


@click.command("query")
@click.argument("query_text", metavar="QUERY|@FILE|-")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Output format; CONSTRUCT/DESCRIBE results print as Turtle unless an RDF format is named.",
)
@click.option(
    "--infer",
    is_flag=True,
    help="Include the inferred (OWL 2 RL) graph, computed first if it is missing or stale.",
)
@store_option
def command(query_text: str, fmt: str, infer: bool, store: Store) -> None:
    """Run a SPARQL query given inline, as @FILE, or on stdin (-)."""
    if infer:
        from qalamoun_kg.reasoning import ensure_inferred

        ensure_inferred(store)
    text = read_text_argument(query_text)
    check_nesting(text)
    result = store.query(text, infer=infer)
    out = binary_stdout()
    try:
        write_result(result, fmt, out)
    except BrokenPipeError:
        raise
    except OSError as error:
        # Results are lazy: a SERVICE call that fails does so while the rows are written.
        raise QueryError(f"query evaluation failed: {error}") from error
    out.flush()
