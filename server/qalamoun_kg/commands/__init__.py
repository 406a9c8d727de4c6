"""The `qkg` subcommands, one module each.

A module here that defines a module-level `command` (a `click.Command`) is added to `qkg`
by `qalamoun_kg.cli` without any other edit. Import heavy libraries (Flask, pyshacl, owlrl)
inside the command function, so that `qkg --help` and `qkg query` stay quick.
Shared options such as `--store` live in `qalamoun_kg.commands.options`.
"""

from __future__ import annotations

import importlib
import pkgutil

import click


def discover() -> list[click.Command]:
    """Every `command` defined by a module of this package, sorted by name."""
    found: list[click.Command] = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        command = getattr(module, "command", None)
        if isinstance(command, click.Command):
            found.append(command)
    return sorted(found, key=lambda command: command.name or "")
