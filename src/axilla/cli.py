"""The ``axilla`` command: a thin shell over the library.

Each subcommand lives in ``axilla/commands/<name>.py`` and exposes ``register(app)``;
it parses, calls one library function and prints. Errors print as one line and exit 1;
``--debug`` shows the traceback.
"""
from __future__ import annotations

import gc
import importlib
import logging
import pkgutil
import sys

import typer

from axilla import __version__, commands
from axilla.errors import AxillaError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Radiomics nomograms for axillary lymph node metastasis.")
_state = {"debug": False}


@app.callback()
def _root(debug: bool = typer.Option(False, "--debug", help="Show tracebacks on error."),
          verbose: bool = typer.Option(False, "--verbose", "-v", help="Log progress details.")):
    _state["debug"] = debug
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")


@app.command()
def version():
    """Print the Axilla version."""
    typer.echo(__version__)


for _info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
    importlib.import_module(f"axilla.commands.{_info.name}").register(app)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script.

    As the process' entry point (``argv`` None: the console script, ``python -m axilla``),
    every object is moved out of the garbage collector's view before the process exits
    (``gc.freeze``): interpreter shutdown would otherwise walk every imported library's
    objects once more, after the command's work is written.
    Called with ``argv`` (tests, other programs), the caller's process goes on as before.
    """
    try:
        _run(argv)
    finally:
        if argv is None:
            gc.freeze()


def _run(argv: list[str] | None) -> None:
    try:
        code = app(args=argv, standalone_mode=False)
    except AxillaError as exc:
        if _state["debug"]:
            raise
        typer.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except (typer.Exit, SystemExit) as exc:
        sys.exit(getattr(exc, "exit_code", getattr(exc, "code", 0)) or 0)
    except typer.TyperException as exc:  # usage errors: typer's own message
        exc.show()
        sys.exit(getattr(exc, "exit_code", 2))
    except Exception as exc:  # unexpected failures: one line
        if _state["debug"]:
            raise
        typer.echo(f"error: {type(exc).__name__}: {exc} (rerun with --debug for details)", err=True)
        sys.exit(1)
    if isinstance(code, int) and code:  # click returns typer.Exit's code without standalone mode
        sys.exit(code)
