"""The ``steward`` command: set up a street, check and back up its data,
run the bot, build and serve the public site.

Every subcommand takes ``--data DIR`` (or ``STEWARD_DATA``; default
``./data``): the folder holding one street's store.

The commands live in ``cli/``, one module per family (see its docstring); this
module makes the one ``app`` of them, in the order ``steward --help`` lists them,
and is the entry point (``steward = steward_cli:main``, ``python -m steward_cli``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from cli.checks import key_app, verify
from cli.data import backup, export, init, merge_street, restore, street_file
from cli.demo import DEMO_CONFIG, demo
from cli.fees import fees_app
from cli.moving import move_out
from cli.mydata import mydata
from cli.opening import opening_balance
from cli.privacy import forget, unpublish
from cli.run import chat, run
from cli.site import build, notice, serve, site_app
from cli.usage import StewardGroup
from db.errors import StoreError

__all__ = ["DEMO_CONFIG", "app", "main"]

app = typer.Typer(
    name="steward",
    cls=StewardGroup,  # a command line it cannot take is said in Chinese first
    help=(
        "Steward (管家): a Telegram bot and a public ledger site for old residential "
        "compounds.\n\n"
        "Typical use: `steward init --config street.yaml`, then `steward run` "
        "(needs TELEGRAM_BOT_TOKEN; it builds the public site into the site project's "
        "site/ itself, a few seconds after each change: `steward build` is for when the bot "
        "is stopped), and `steward backup FILE` from cron. `steward demo` shows everything "
        "with the demo street from the article."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _environment() -> None:
    """Runs before every command: the project folder's one environment variable."""
    from site_builder.project import ENV, project_from_env

    # STEWARD_PROJECT_DIR (the bot's old name) is read, with a warning, as STEWARD_PROJECT.
    folder = project_from_env()
    if folder and not os.environ.get(ENV):
        os.environ[ENV] = folder


def _command(fn, name: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Register ``fn``; its line in `steward --help` is its docstring's first paragraph
    as one sentence, wrapped to the terminal (the docstring's own line breaks cut it
    in the middle of the line: "…, and the site's" / "project folder …")."""
    first = (fn.__doc__ or "").strip().split("\n\n")[0]
    app.command(name, short_help=" ".join(first.split()))(fn)


# The commands, in the order `steward --help` lists them (each lives in a module of cli/).
_command(init)
_command(verify)
app.add_typer(key_app, name="key")
_command(export)
_command(merge_street, "merge-street")
_command(street_file, "street-file")
app.add_typer(fees_app, name="fees")
_command(opening_balance, "opening-balance")
_command(backup)
_command(restore)
_command(forget)
_command(unpublish)
_command(mydata)
_command(move_out, "move-out")
_command(run)
_command(build)
_command(notice)
_command(serve)
_command(demo)
app.add_typer(site_app)
_command(chat)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
    except PermissionError as exc:  # a folder of another user's: say whose, not a traceback
        from cli.common import not_yours

        print(f"steward: {not_yours(exc)}", file=sys.stderr)
        sys.exit(1)
    except StoreError as exc:  # a file asked for (a notice, an export) in a folder not its
        if exc.code != "write_failed" or not isinstance(exc.__cause__, PermissionError):
            raise
        from cli.common import cannot_write

        print(f"steward: {cannot_write(Path(str(exc.params['path'])))}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUTF8", "1")
    main()
