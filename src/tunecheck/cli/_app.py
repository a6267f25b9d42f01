"""The command line: typer commands that parse arguments and call the library; no logic here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from rich.console import Console
from rich.text import Text

from tunecheck.report._escape import printable

if TYPE_CHECKING:
    from tunecheck.report import Report

app = typer.Typer(
    name="tunecheck",
    help="Is this fine-tuned candidate ready to replace its base model? "
    "Exit codes: 0 GO, 10 NO-GO, 20 INCONCLUSIVE, 1 tool error, 2 usage or config error.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
_T = TypeVar("_T")


@app.command()
def run(
    config: Annotated[Path, typer.Argument(help="The run file (YAML).")],
    out: Annotated[Path | None, typer.Option(help="Run directory (default runs/<name>-<hash>).")] = None,
    only: Annotated[str | None, typer.Option(help="Run only these checks, e.g. task,regression.")] = None,
    quick: Annotated[bool, typer.Option("--quick", help="Smoke profile: few samples per check.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bars (CI logs).")] = False,
    aa: Annotated[bool, typer.Option(
        "--aa", help="A/A run: the same model as candidate and baseline, to measure run-to-run noise.")] = False,
) -> None:
    """Run the checklist on candidate and baseline; resume if the run directory exists."""
    from tunecheck.cli._progress import RichProgress
    from tunecheck.report._console import render_console
    from tunecheck.runner import NullProgress
    from tunecheck.runner._run import run as run_checklist

    console = Console()
    progress = NullProgress() if quiet else RichProgress(console)
    checks = [c.strip() for c in only.split(",") if c.strip()] if only else None
    try:
        outcome = _guard(lambda: run_checklist(config, out=out, only=checks, quick=quick, aa=aa, progress=progress))
    finally:
        if isinstance(progress, RichProgress):
            progress.stop()
    render_console(outcome.report, console)
    _print_run_record(outcome.report, console)
    console.print(Text.assemble("Reports in ", (printable(str(outcome.run_dir)), "bold"),
                                ": report.json, report.html, MODEL_CARD.md"))
    raise typer.Exit(outcome.exit_code)


@app.command()
def validate(config: Annotated[Path, typer.Argument(help="The run file (YAML).")]) -> None:
    """Check a run file and everything it names that needs no model; print every problem with file, line and key."""
    from tunecheck.runner._validate import preflight

    loaded = _guard(lambda: preflight(config))
    Console().print(f"{config}: valid ({', '.join(loaded.checks.enabled()) or 'no checks enabled'})")


@app.command()
def schema() -> None:
    """Print the run file's JSON Schema (for editors)."""
    from tunecheck.config import schema_json

    typer.echo(schema_json())


@app.command()
def report(run_dir: Annotated[Path, typer.Argument(help="A run directory with store.sqlite.")]) -> None:
    """Re-score and re-render a run from its store (no models needed)."""
    from tunecheck.report._console import render_console
    from tunecheck.runner._run import rerender

    outcome = _guard(lambda: rerender(run_dir))
    console = Console()
    render_console(outcome.report, console)
    raise typer.Exit(outcome.exit_code)


def _print_run_record(report: Report, console: Console) -> None:
    """Since the last run in this directory, and (A/A runs) where the null spread is."""
    console.print("Since the last run in this directory:", highlight=False)
    for line in report.changes:
        console.print(f"  - {printable(line)}", markup=False, highlight=False, soft_wrap=True)
    if report.aa:
        console.print("A/A run: one model against itself. The differences measured are the spread of a null "
                      "comparison (report.json null_spread, report.html).", highlight=False)


def _guard(action: Callable[[], _T]) -> _T:
    """Turn every failure into one clear message and the documented exit code (``tunecheck.cli._errors``)."""
    from tunecheck.cli._errors import guard

    return guard(action)
