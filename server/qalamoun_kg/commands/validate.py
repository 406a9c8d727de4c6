"""`qkg validate FILE...`: check new triples against the shapes in the context of the store;
`qkg validate --full`: check the whole stored graph."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from qalamoun_kg.commands.options import store_option
from qalamoun_kg.store import Store

if TYPE_CHECKING:
    from qalamoun_kg.loading.progress import Progress
    from qalamoun_kg.validation import ValidationReport

F = TypeVar("F", bound=Callable[..., Any])

REPORT_FORMATS = ("text", "json", "turtle")
INPUT_FORMATS = ("turtle", "ntriples", "nquads", "trig", "jsonld", "rdfxml")
ENGINES = ("native", "pyshacl")


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
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(REPORT_FORMATS),
    default="text",
    show_default=True,
    help="Report format: text for people, JSON, or the SHACL report graph as Turtle.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too (exit 1).")
@click.option(
    "--full",
    is_flag=True,
    help="Check every node of the store, not only affected ones (FILE... may then be omitted).",
)
@click.option(
    "--progress/--no-progress",
    "progress",
    default=None,
    help="Progress of a full validation on stderr (default: only on a terminal).",
)
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default=None,
    help="SHACL engine: native (pyshacl-turbo) or pyshacl (default: $QKG_SHACL_ENGINE or native).",
)
@format_in_option
@store_option
def command(
    files: tuple[Path, ...],
    fmt: str,
    strict: bool,
    full: bool,
    progress: bool | None,
    engine: str | None,
    format_in: str | None,
    store: Store,
) -> None:
    """Check the triples of FILE... as additions to the store, or with --full and no FILE the
    whole stored graph; exit 1 if a shape is broken. A summary line goes to stderr."""
    from qalamoun_kg.validation import validate_addition, validate_store
    from qalamoun_kg.validation.inputs import read_triples

    if not files and not full:
        raise click.UsageError("give FILE... to check, or --full to check the whole store")
    if files:
        triples = read_triples(files, format_in)
        report = validate_addition(store, triples, full=full, engine=engine)
    else:
        report = validate_store(store, engine=engine, progress=_progress(progress))
    click.echo(render(report, fmt), nl=False)
    click.echo(report.summary(), err=True)
    if not report.passes(strict=strict):
        raise click.exceptions.Exit(1)


def _progress(asked: bool | None) -> Progress:
    """Progress on stderr when asked, or by default when stderr is a terminal."""
    from qalamoun_kg.loading.progress import Silent, progress_for

    if asked is False or (asked is None and not sys.stderr.isatty()):
        return Silent()
    return progress_for(None)


def render(report: ValidationReport, fmt: str) -> str:
    """The report in one of REPORT_FORMATS."""
    if fmt == "json":
        return report.to_json()
    if fmt == "turtle":
        return report.to_turtle()
    return report.to_text()
