"""Options and helpers shared by the `qkg` subcommands."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

import click

from qalamoun_kg.bootstrap import ensure_loaded
from qalamoun_kg.errors import InputError
from qalamoun_kg.sources import default_store_spec
from qalamoun_kg.store import Store, open_store

F = TypeVar("F", bound=Callable[..., Any])

STORE_HELP = (
    "Store to use: a directory (created and loaded from ontology/, data/, shapes/ on first use), "
    "'memory', or an http(s):// SPARQL endpoint. Default: $QKG_STORE, else var/store."
)


def open_cli_store(spec: str | None) -> Store:
    """Open the store a spec names (default location if None) and bring its sources up to date."""
    store = open_store(spec or default_store_spec())
    try:
        ensure_loaded(store)
    except BaseException:
        store.close()
        raise
    return store


def _store_callback(ctx: click.Context, _param: click.Parameter, value: str | None) -> Store:
    """Open the store when the option is processed and close it when the command ends."""
    store = open_cli_store(value)
    ctx.call_on_close(store.close)
    return store


def store_option(command: F) -> F:
    """Add `--store PATH|memory|URL`; the command receives a ready `store: Store` argument."""
    option = click.option(
        "--store",
        "store",
        metavar="PATH|memory|URL",
        default=None,
        callback=_store_callback,
        help=STORE_HELP,
    )
    return option(command)


def read_text_argument(value: str, what: str = "query") -> str:
    """The text of a `TEXT|@FILE|-` argument: the text itself, a file's content, or stdin."""
    if value == "-":
        data = sys.stdin.buffer.read()
        label = "<stdin>"
    elif value.startswith("@"):
        path = Path(value[1:])
        try:
            data = path.read_bytes()
        except OSError as error:
            message = f"cannot read {what} file: {error.strerror}"
            raise InputError(message, path=str(path)) from error
        label = str(path)
    else:
        return value
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"{what} is not UTF-8: {error.reason}", path=label) from error


def binary_stdout() -> BinaryIO:
    """The standard output as a binary stream."""
    return sys.stdout.buffer
