"""The one place a command's unexpected exception ends: a line on stderr, never a traceback.

Errors raised on purpose (:class:`~tahaluf.errors.TahalufError`) say what happened and what
to do; anything else is a bug, reported on one line with its type and message. Set
``TAHALUF_TRACEBACK=1`` to see the traceback instead.
"""

from __future__ import annotations

import os
import sys

import typer
from rich.console import Console
from rich.text import Text

from tahaluf.errors import TahalufError, describe

#: the exit status of a command that could not do its job (1 = some documents failed)
EXIT_ERROR = 2


def run_app(app: typer.Typer, err: Console) -> None:
    try:
        app()
    except TahalufError as exc:
        err.print(Text("error ", style="red") + Text(str(exc)), highlight=False, soft_wrap=True)
        sys.exit(EXIT_ERROR)
    except Exception as exc:
        if os.environ.get("TAHALUF_TRACEBACK"):
            raise
        err.print(Text("error ", style="red") + Text(
            f"unexpected {describe(exc)} — a bug in tahaluf; run again with "
            "TAHALUF_TRACEBACK=1 to see where it happened"), highlight=False, soft_wrap=True)
        sys.exit(EXIT_ERROR)
