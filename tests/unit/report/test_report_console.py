from __future__ import annotations

import io
from collections.abc import Callable
from typing import Literal

import pytest
from rich.console import Console

from tunecheck.report import Report
from tunecheck.report._console import render_console


def rendered(report: Report, *, verbose: bool = False, colour: bool = False, width: int = 200) -> str:
    system: Literal["standard"] | None = "standard" if colour else None
    console = Console(record=True, file=io.StringIO(), width=width, force_terminal=colour,
                      color_system=system)
    render_console(report, console, verbose=verbose)
    return console.export_text(styles=colour)


def test_summary_has_every_check_and_the_verdict_with_reasons(report: Report) -> None:
    text = rendered(report)
    rows = {line.split()[0]: line for line in text.splitlines()
            if line.strip() and line.split()[0] in report.checks}
    assert list(rows) == list(report.checks)
    assert "pass" in rows["task"] and "task.accuracy: 0.8 vs 0.7 (Δ +0.1 [0.05, 0.15])" in rows["task"]
    assert "fail" in rows["latency"] and "tpot_p50: 61 ms vs 48 ms (Δ +13 ms [11, 15])" in rows["latency"]
    assert "3/60" in rows["latency"]
    assert "could not run: dataset file missing" in rows["safety"]
    assert "NO-GO" in text
    assert "✗ latency: time per output token is 61 ms; not met" in text
    assert "! regression: advisory gate inconclusive" in text


def test_verbose_adds_every_measurement_and_gate_reason(report: Report) -> None:
    short, long = rendered(report), rendered(report, verbose=True)
    reason = "time per output token is 61 ms; required at most 50 ms: not met"
    assert reason not in short and reason in long
    assert "answer.bleu (BLEU)" not in short and "answer.bleu (BLEU)" in long
    assert "non-inferiority: worse by ≤ 0.02" in long


@pytest.mark.parametrize(("status", "code"),
                         [("GO", "\x1b[1;32m"), ("NO-GO", "\x1b[1;31m"), ("INCONCLUSIVE", "\x1b[1;33m")])
def test_verdict_is_coloured_by_status(status: str, code: str, make_report: Callable[..., Report]) -> None:
    text = rendered(make_report(status=status), colour=True)
    assert f"{code}{status}\x1b[0m" in text


def test_quick_mode_is_announced(make_report: Callable[..., Report]) -> None:
    assert "quick mode" in rendered(make_report(quick=True))
    assert "quick mode" not in rendered(make_report())


def test_markup_in_report_strings_prints_as_written(hostile_report: Report, hostile: Callable[[str], str],
                                                    hostile_base: str) -> None:
    text = rendered(hostile_report, verbose=True, width=400)
    assert "[bold red]rich[/bold red]" in text
    assert hostile("latency: time per output token is 61 ms; not met") in text
    assert hostile_base in text


def test_a_requirement_not_met_reads_apart_from_one_not_established(make_report: Callable[..., Report]) -> None:
    from tunecheck.report import Reason

    base = make_report(status="INCONCLUSIVE")
    causes = [Reason(kind="fail", check="task", text="task: acc: not met"),
              Reason(kind="inconclusive", check="load", text="load: p99: too few requests"),
              Reason(kind="error", check="safety", text="safety: the check could not run (judge down)")]
    report = base.model_copy(update={"verdict": base.verdict.model_copy(
        update={"causes": causes, "reasons": [c.text for c in causes]})})
    text = rendered(report)
    assert "✗ not met  task: acc: not met" in text
    assert "? undecided  load: p99: too few requests" in text
    assert "! did not run  safety: the check could not run (judge down)" in text
