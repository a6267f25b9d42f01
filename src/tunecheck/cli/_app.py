"""The command line: typer commands that parse arguments and call the library; no logic here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from rich.console import Console
from rich.text import Text

from tunecheck.report import printable

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
    junit: Annotated[Path | None, typer.Option(help="Also write JUnit XML here (one test case per gate).")] = None,
) -> None:
    """Run the checklist on candidate and baseline; resume if the run directory exists."""
    from tunecheck.cli._progress import console_progress
    from tunecheck.report import render_console
    from tunecheck.runner import run as run_checklist

    console = Console()
    progress = console_progress(console, quiet=quiet)
    checks = [c.strip() for c in only.split(",") if c.strip()] if only else None
    try:
        outcome = _guard(lambda: run_checklist(config, out=out, only=checks, quick=quick, aa=aa, progress=progress,
                                               junit=junit))
    finally:
        progress.stop()
    render_console(outcome.report, console)
    _print_run_record(outcome.report, console)
    console.print(Text.assemble("Reports in ", (printable(str(outcome.run_dir)), "bold"),
                                ": report.json, report.html, MODEL_CARD.md, run.log (library warnings)"))
    _print_junit(outcome.junit, console)
    raise typer.Exit(outcome.exit_code)


@app.command()
def validate(config: Annotated[Path, typer.Argument(help="The run file (YAML).")]) -> None:
    """Check a run file and everything it names that needs no model; print every problem with file, line and key."""
    from tunecheck.runner import preflight

    loaded = _guard(lambda: preflight(config))
    Console().print(f"{config}: valid ({', '.join(loaded.checks.enabled()) or 'no checks enabled'})")


@app.command()
def schema() -> None:
    """Print the run file's JSON Schema (for editors)."""
    from tunecheck.config import schema_json

    typer.echo(schema_json())


@app.command()
def report(
    run_dir: Annotated[Path, typer.Argument(help="A run directory with store.sqlite.")],
    junit: Annotated[Path | None, typer.Option(help="Also write JUnit XML here (one test case per gate).")] = None,
) -> None:
    """Re-score and re-render a run from its store (no models needed)."""
    from tunecheck.report import render_console
    from tunecheck.runner import rerender

    outcome = _guard(lambda: rerender(run_dir, junit=junit))
    console = Console()
    render_console(outcome.report, console)
    _print_junit(outcome.junit, console)
    raise typer.Exit(outcome.exit_code)


@app.command()
def diff(
    run_a: Annotated[Path, typer.Argument(help="The earlier run directory (e.g. the previous candidate).")],
    run_b: Annotated[Path, typer.Argument(help="The later run directory.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the comparison as JSON.")] = False,
) -> None:
    """Compare two runs' verdicts and measurements (from their report.json; no model needed)."""
    from tunecheck.report import diff_reports, load_report, render_diff

    compared = _guard(lambda: diff_reports(load_report(run_a), load_report(run_b)))
    if as_json:
        typer.echo(compared.model_dump_json(indent=2))
    else:
        render_diff(compared, Console())


def _print_junit(path: Path | None, console: Console) -> None:
    if path is not None:
        console.print(Text.assemble("JUnit XML in ", (printable(str(path)), "bold")))


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
