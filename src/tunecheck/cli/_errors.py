"""Every failure of a command as one clear message and its documented exit code, never a traceback.

2: the run file, a dataset or another input is wrong (``ConfigError``, ``DataError``);
1: tunecheck or a backend failed (``BackendError``, a file that cannot be written, a bug);
130 / 143: stopped by SIGINT / SIGTERM, after the clean-up that keeps what was collected.
Messages are printed as plain text (no Rich markup, control characters escaped), since
they quote servers, models and files. ``TUNECHECK_TRACEBACK=1`` re-raises unexpected
errors, for a bug report.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar

import typer
from rich.console import Console
from rich.text import Text

from tunecheck._interrupt import exit_code_of, interruptible
from tunecheck.errors import BackendError, ConfigError, DataError, TunecheckError
from tunecheck.report import printable

EXIT_TOOL, EXIT_USAGE = 1, 2
_T = TypeVar("_T")
_err = Console(stderr=True)


def say(label: str, message: str) -> None:
    """``label: message`` on stderr, the label in red, the message as written (escaped)."""
    _err.print(Text.assemble((f"{label}", "red"), " " if label.endswith(":") else "", printable(message)),
               soft_wrap=True, highlight=False)


def guard(action: Callable[[], _T]) -> _T:
    """Run ``action`` (SIGINT and SIGTERM stop it cleanly); turn every failure into a message and exit code."""
    try:
        with interruptible():
            return action()
    except ConfigError as exc:
        say("config error", f" ({len(exc.issues)} problem{'s' if len(exc.issues) != 1 else ''}):")
        for issue in exc.issues:
            _err.print(Text(f"  {printable(str(issue))}"), soft_wrap=True, highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    except DataError as exc:
        say("data error:", str(exc))
        raise typer.Exit(EXIT_USAGE) from None
    except BackendError as exc:
        say("backend error:", f"{exc}. What was collected is kept; re-run to resume.")
        raise typer.Exit(EXIT_TOOL) from None
    except TunecheckError as exc:
        say("error:", str(exc))
        raise typer.Exit(EXIT_TOOL) from None
    except KeyboardInterrupt as exc:
        say("interrupted:", "what was collected is kept; re-run the same command to resume.")
        raise typer.Exit(exit_code_of(exc)) from None
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        say("error:", f"{where}{exc.strerror or exc}. What was collected is kept; re-run to resume.")
        raise typer.Exit(EXIT_TOOL) from None
    except (typer.Exit, typer.Abort, SystemExit):
        raise
    except Exception as exc:
        if os.environ.get("TUNECHECK_TRACEBACK"):
            raise
        say("internal error:", f"{type(exc).__name__}: {exc}. This is a bug in tunecheck; please report it with "
                               "the command that caused it (TUNECHECK_TRACEBACK=1 shows where it happened).")
        raise typer.Exit(EXIT_TOOL) from None
