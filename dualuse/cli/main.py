"""Entry point of the ``dualuse`` command.

Each front-end area keeps its commands in its own module under ``dualuse.cli``
and exposes ``register(app)``; this file only assembles them and turns a
:class:`dualuse.errors.DualuseError` into a clear message and exit code 2.
"""

from __future__ import annotations

import importlib
import sys

import typer
from rich.console import Console
from rich.markup import escape

from dualuse import __version__
from dualuse.errors import DualuseError

#: Modules under ``dualuse.cli`` that register commands, in help order.
COMMAND_MODULES = ["lists_cmd", "match_cmd", "goods_cmd", "screen_cmd", "serve_cmd"]

app = typer.Typer(
    name="dualuse",
    help="Screen parties, goods and routes against sanctions, export-control and "
    "drone-component lists. Every decision explains itself.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dualuse {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version."
    ),
) -> None:
    """dualuse command line."""


for _name in COMMAND_MODULES:
    importlib.import_module(f"dualuse.cli.{_name}").register(app)


def main() -> None:
    try:
        app()
    except DualuseError as exc:
        Console(stderr=True).print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        sys.exit(2)


if __name__ == "__main__":
    main()
