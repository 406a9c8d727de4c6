"""The `qkg` command line: a click group whose subcommands live in `qalamoun_kg.commands`."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from qalamoun_kg import __version__, commands
from qalamoun_kg.errors import InputError, QueryError, ValidationFailed

EXIT_VALIDATION = 1
EXIT_USAGE = 2


class QkgGroup(click.Group):
    """A group that turns the project's user errors into one line on stderr and an exit status."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the subcommand; user errors never show a traceback."""
        try:
            return super().invoke(ctx)
        except (InputError, QueryError) as error:
            click.echo(f"error: {error}", err=True)
            ctx.exit(EXIT_USAGE)
        except ValidationFailed as error:
            click.echo(f"invalid: {error}", err=True)
            ctx.exit(EXIT_VALIDATION)
        except BrokenPipeError:
            # The reader went away (e.g. `qkg dump | head`): stop quietly, as other tools do.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(0)


@click.group(cls=QkgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="qkg")
def main() -> None:
    """Knowledge graph of the Qalamoun offensive (June–August 2014)."""


for _command in commands.discover():
    main.add_command(_command)
