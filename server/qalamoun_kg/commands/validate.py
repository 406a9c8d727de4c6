"""`qkg validate FILE...`: check new triples against the shapes in the context of the store."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from qalamoun_kg.commands.options import store_option
from qalamoun_kg.store import Store

if TYPE_CHECKING:
    from qalamoun_kg.validation import ValidationReport

F = TypeVar("F", bound=Callable[..., Any])

REPORT_FORMATS = ("text", "json", "turtle")
INPUT_FORMATS = ("turtle", "ntriples", "nquads", "trig", "jsonld", "rdfxml")


def format_in_option(command: F) -> F:
    """Add `--format-in`, the input format when the file extension does not say it."""
    return click.option(
        "--format-in",
        "format_in",
        type=click.Choice(INPUT_FORMATS),
        default=None,
        help="Input format (default: from each file's extension).",
    )(command)


@click.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(REPORT_FORMATS),
    default="text",
    show_default=True,
    help="Report format: text for people, JSON, or the SHACL report graph as Turtle.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too (exit 1).")
@click.option("--full", is_flag=True, help="Check every node of the store, not only affected ones.")
@format_in_option
@store_option
def command(
    files: tuple[Path, ...], fmt: str, strict: bool, full: bool, format_in: str | None, store: Store
) -> None:
    """Check the triples of FILE... as additions to the store; exit 1 if they break a shape."""
    from qalamoun_kg.validation import validate_addition
    from qalamoun_kg.validation.inputs import read_triples

    report = validate_addition(store, read_triples(files, format_in), full=full)
    click.echo(render(report, fmt), nl=False)
    if not report.passes(strict=strict):
        raise click.exceptions.Exit(1)


def render(report: ValidationReport, fmt: str) -> str:
    """The report in one of REPORT_FORMATS."""
    if fmt == "json":
        return report.to_json()
    if fmt == "turtle":
        return report.to_turtle()
    return report.to_text()
