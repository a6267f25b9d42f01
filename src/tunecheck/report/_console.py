"""The console summary: one row per check, then the verdict with its reasons.

Report strings go into ``rich.text.Text`` objects, never into markup, so a model
output or a name with ``[brackets]`` prints as written; control characters in them are
shown as escapes (``_escape``), so an ANSI sequence in a name cannot redraw the screen.
"""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from tunecheck.report import _format as fmt
from tunecheck.report._escape import data_text, printable
from tunecheck.report._model import CheckResult, Measurement, Report, VerdictStatus

VERDICT_STYLES: dict[VerdictStatus, str] = {
    "GO": "bold green", "NO-GO": "bold red", "INCONCLUSIVE": "bold yellow",
}
STATUS_STYLES = {
    "pass": "green", "fail": "red", "inconclusive": "yellow", "error": "bold red", "skipped": "dim",
    "info": "cyan",
}
QUICK = "quick mode: a smoke run on trimmed data, not a basis for a decision"


def _status(status: str) -> Text:
    return Text(status, style=STATUS_STYLES.get(status, ""))


def _headline(m: Measurement) -> str:
    unit = fmt.unit_suffix(m)
    text = f"{m.name}: {fmt.number(m.candidate)}{unit} vs {fmt.number(m.baseline)}{unit}"
    if m.delta is not None:
        text += f" (Δ {fmt.signed(m.delta)}{unit}"
        has_ci = m.ci_low is not None or m.ci_high is not None
        text += f" {fmt.interval(m.ci_low, m.ci_high)})" if has_ci else ")"
    return text


def _check_cell(check: CheckResult) -> Text:
    if check.error:
        return data_text(fmt.one_line(f"could not run: {check.error}", 240), style="red")
    lines = [_headline(m) for m in fmt.headline(check.measurements)]
    if not lines and check.summary:
        lines = [fmt.one_line(check.summary, 240)]
    return data_text("\n".join(lines) or fmt.MISSING)


def summary_table(report: Report) -> Table:
    """One row per check: id, status, headline measurements, failed requests."""
    title = data_text(f"tunecheck: {report.name or report.run_id}", newlines=False)
    table = Table(title=title, box=box.SIMPLE_HEAVY, title_justify="left")
    table.add_column("check", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column(f"headline measurements ({fmt.confidence_label(report.policy)})")
    table.add_column("errors", justify="right")
    for check_id, check in report.checks.items():
        errors = f"{check.n_errors}/{check.n_samples}" if check.n_samples else str(check.n_errors)
        table.add_row(data_text(check_id), _status(check.status), _check_cell(check), Text(errors))
    return table


def _measurement_table(check: CheckResult, ci_label: str) -> Table:
    table = Table(title=data_text(f"{check.id}: {check.title}", newlines=False), box=box.MINIMAL,
                  title_justify="left")
    for column in ("measurement", "candidate", "baseline", "delta", "relative", ci_label, "p", "n", "gate"):
        table.add_column(column, justify="left" if column in ("measurement", "gate") else "right")
    for m in check.measurements:
        gate = Text(fmt.MISSING)
        if m.gate is not None:
            gate = Text.assemble(printable(f"{fmt.gate_rule(m, m.gate)}: "), _status(m.gate.status or "undecided"))
        table.add_row(data_text(fmt.label(m)), fmt.number(m.candidate), fmt.number(m.baseline),
                      fmt.signed(m.delta), fmt.percent(m.relative_delta), fmt.interval(m.ci_low, m.ci_high),
                      fmt.p_value(m.p_value), fmt.count(m), gate)
    return table


def _details(report: Report) -> list[Table | Text]:
    ci_label = fmt.confidence_label(report.policy)
    out: list[Table | Text] = []
    for check in report.checks.values():
        if check.measurements:
            out.append(_measurement_table(check, ci_label))
        reasons = [m.gate.reason for m in check.measurements if m.gate is not None and m.gate.reason]
        out += [data_text(f"  {reason}", style="dim") for reason in reasons]
    return out


#: How each kind of cause reads at a glance: a requirement not met, not established, could not run.
CAUSE_MARKS = {"fail": ("✗ not met  ", "bold red"), "inconclusive": ("? undecided  ", "bold yellow"),
               "error": ("! did not run  ", "bold magenta")}


def verdict_panel(report: Report) -> Panel:
    """The verdict, its summary, and every reason and warning."""
    v = report.verdict
    style = VERDICT_STYLES[v.status]
    lines: list[Text] = [Text(v.status, style=style)]
    if v.summary:
        lines.append(data_text(v.summary))
    if report.quick:
        lines.append(Text(QUICK, style="yellow"))
    lines += [Text.assemble(CAUSE_MARKS[c.kind], printable(c.text)) for c in v.causes] if v.causes else \
        [Text.assemble(("✗ ", "bold red"), printable(reason)) for reason in v.reasons]
    lines += [Text.assemble(("! ", "bold yellow"), printable(warning)) for warning in v.warnings]
    return Panel(Group(*lines), title="verdict", title_align="left", border_style=style.replace("bold ", ""))


def render_console(report: Report, console: Console, *, verbose: bool = False) -> None:
    """Print the summary table (and, verbose, every measurement) and the verdict."""
    console.print(summary_table(report))
    if verbose:
        for renderable in _details(report):
            console.print(renderable)
    console.print(verdict_panel(report))
