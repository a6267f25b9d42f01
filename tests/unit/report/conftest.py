"""Reports built from the pydantic models directly (no model, no run), and an HTML tree to inspect them.

Everything is reached through fixtures: ``report``, ``hostile_report``, ``make_report``,
``hostile`` and ``parse_html``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest

import tunecheck.report as r
from tunecheck.report import CheckResult, Measurement, Plot, Report, Section, Series

Text = Callable[[str], str]

HOSTILE = ('<script>alert(1)</script><img src=x onerror="alert(2)"></textarea>'
           '<a href="javascript:alert(3)">x</a> | `tick` [bold red]rich[/bold red] https://evil.example/x.js')


def hostile_text(field: str) -> str:
    """A hostile string tagged with the field it was put in, so each one can be found."""
    return f"{HOSTILE} #{field}"


# --- reports ----------------------------------------------------------------------------------

def _task_sections(s: Text, name: str) -> list[Section]:
    category = s("category")
    return [
        Plot(title=s("plot title"), plot="interval", y_label=s("y label"),
             categories=[name, s("bleu category")],
             series=[Series(name=s("delta"), x=[0, 1], y=[0.1, 3.25], y_low=[0.05, -0.5], y_high=[0.15, 7.0]),
                     Series(name=s("delta2"), x=[0, 1], y=[0.2, 1.0], y_low=[0.1, 0.5], y_high=[0.3, 1.5])]),
        r.Table(title=s("table title"), columns=[s("column"), "n", "delta"], rows=[[category, 40, -0.125]],
                note=s("table note")),
        Plot(title=s("bar title"), plot="bar", y_label=s("bar y"), categories=[category, "b"],
             series=[Series(name="candidate", x=[0, 1], y=[0.5, 0.9]),
                     Series(name=s("bar series"), x=[0, 1], y=[0.6, 0.7])]),
        r.Examples(title=s("examples title"), items=[r.Example(
            sample_id=s("sample id"), prompt=s("prompt"), reference=s("reference"),
            candidate=s("candidate output"), baseline=s("baseline output"), candidate_score=0.0,
            baseline_score=1.0, category=category, note=s("example note"))]),
    ]


def _task(s: Text) -> CheckResult:
    gate = r.Gate(rule="superiority", threshold=0.0, p_pass=0.001, p_fail=0.99, p_adjusted=0.002,
                  status="pass", reason=s("task.accuracy: candidate 0.8 vs baseline 0.7: met"))
    accuracy = Measurement(
        name=s("task.accuracy"), candidate=0.8, baseline=0.7, delta=0.1, relative_delta=0.142857, ci_low=0.05,
        ci_high=0.15, p_value=0.0004, test=s("paired bootstrap; McNemar exact"), n=200, unit="fraction",
        candidate_ci=(0.75, 0.85), baseline_ci=(0.64, 0.76), description=s("accuracy of 'label'"), gate=gate)
    bleu = Measurement(name=s("answer.bleu"), candidate=31.5, baseline=28.25, delta=3.25,
                       relative_delta=0.115, ci_low=-0.5, ci_high=7.0, n=200, unit=s("BLEU"))
    return CheckResult(
        id="task", title=s("Task metrics vs the baseline"), status="pass", summary=s("task summary"),
        measurements=[accuracy, bleu], sections=_task_sections(s, accuracy.name), n_samples=400, n_errors=0,
        duration_s=12.5, card={s("card key"): s("card value"), "task.accuracy (candidate)": 0.8})


def _latency(t: Text) -> CheckResult:
    gate = r.Gate(rule="at_most", threshold=50.0, p_pass=0.9, p_fail=0.001, status="fail",
                  reason=t("time per output token is 61 ms; required at most 50 ms: not met"))
    tpot = Measurement(name=t("tpot_p50"), candidate=61.0, baseline=48.0, delta=13.0, relative_delta=0.27,
                       ci_low=11.0, ci_high=15.0, n=30, unit="ms", higher_is_better=False, gate=gate)
    sections: list[Section] = [
        Plot(title=t("latency vs load"), plot="line", x_label=t("requests/s"), y_label="ms", log_x=True,
             series=[Series(name="candidate", x=[1, 10, 100], y=[50, 60, 120], y_low=[45, 55, 100],
                            y_high=[55, 65, 140]),
                     Series(name=t("line series"), x=[1, 10, 100], y=[48, 55, 90])]),
        Plot(title=t("cdf title"), plot="cdf", x_label="ms", y_label="fraction",
             series=[Series(name="candidate", x=[3.0, 1.0, 2.0], y=[]),
                     Series(name=t("cdf series"), x=[1.0, 2.0, 4.0], y=[0.2, 0.7, 1.0])]),
        r.Note(text=t("latency note"), level="warning"),
    ]
    return CheckResult(id="latency", title=t("Latency per token"), status="fail", measurements=[tpot],
                       sections=sections, n_samples=60, n_errors=3, summary=t("latency summary"))


def _regression(t: Text) -> CheckResult:
    gate = r.Gate(rule="non_inferiority", threshold=0.02, p_pass=0.2, p_fail=0.4, samples_needed=1800,
                  status="inconclusive",
                  reason=t("mmlu.acc: the CI straddles the threshold; about 1800 samples"))
    acc = Measurement(name=t("mmlu.acc"), candidate=0.51, baseline=0.52, delta=-0.01, relative_delta=-0.019,
                      ci_low=-0.04, ci_high=0.02, p_value=0.5, n=100, gate=gate)
    return CheckResult(id="regression", title=t("Regression on other skills"), status="inconclusive",
                       measurements=[acc], n_samples=200)


def _checks(t: Text) -> dict[str, CheckResult]:
    safety = CheckResult(id="safety", title=t("Safety"), status="error", error=t("dataset file missing"))
    consistency = CheckResult(id="consistency", title=t("Consistency"), status="info",
                              sections=[r.Note(text=t("consistency note"))])
    return {"task": _task(t), "latency": _latency(t), "regression": _regression(t), "safety": safety,
            "consistency": consistency}


def _models(t: Text) -> tuple[r.ModelInfo, r.ModelInfo]:
    conditions: dict[str, str | None] = {t("dtype"): t("float32"), "device": "cpu"}
    candidate = r.ModelInfo(role="candidate", kind="hf", model=t("org/candidate"), adapter=t("runs/lora"),
                            fine_tuning=t("LoRA r=8 on q,v"), fingerprint=t("fp-1234"), conditions=conditions)
    baseline = r.ModelInfo(role="baseline", kind="hf", model=t("org/base"), fingerprint=t("fp-1234"),
                           conditions=conditions)
    return candidate, baseline


def build_report(*, status: r.VerdictStatus = "NO-GO", quick: bool = False, bad: bool = False) -> Report:
    """A report with every kind of section; ``bad`` puts a hostile string in every string field."""
    t: Text = hostile_text if bad else str
    candidate, baseline = _models(t)
    verdict = r.Verdict(status=status, reasons=[t("latency: time per output token is 61 ms; not met")],
                        warnings=[t("regression: advisory gate inconclusive")], summary=t("1 pass, 1 fail"))
    card: dict[str, str | list[str]] = {
        "model_name": t("acme-classifier"), "base_model": t("org/base"), "license": "apache-2.0",
        "language": ["en", t("fr")], "intended_use": t("Ticket routing."),
        "out_of_scope_use": t("Medical advice."), "training_data": t("10k tickets."),
        "evaluation_data": t("held-out tickets"), "limitations": t("English only."),
    }
    return Report(
        tunecheck_version="0.1.0", run_id=t("run-1"), name=t("demo run"),
        created_at="2025-01-01T00:00:00+00:00", candidate=candidate, baseline=baseline,
        generation={"temperature": 0.0, "max_tokens": 64, t("system_prompt"): t("be brief"),
                    "stop": [t("stop")]},
        policy={"alpha": 0.025, "confidence": 0.95, "multiple_testing": "holm"},
        datasets={t("task"): t("sha256:aaaa"), "regression/mmlu": "sha256:bbbb"},
        quick=quick, checks=_checks(t), verdict=verdict, model_card=dict(card),
    )


# --- an HTML tree -------------------------------------------------------------------------------

VOID = frozenset({"meta", "br", "hr", "img", "input", "link", "col", "wbr", "source", "area", "base"})


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    chunks: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.chunks)

    def has_class(self, css: str) -> bool:
        return css in self.attrs.get("class", "").split()


class HtmlTree(HTMLParser):
    """Every element with its attributes and the text inside it; records tags that do not nest."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[Element] = []
        self.stack: list[Element] = []
        self.data: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.elements.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1].tag != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1].tag if self.stack else 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.data.append(data)
        for element in self.stack:
            element.chunks.append(data)

    @property
    def text(self) -> str:
        return "".join(self.data)

    def find(self, tag: str, css: str | None = None) -> list[Element]:
        return [e for e in self.elements if e.tag == tag and (css is None or e.has_class(css))]

    def by_id(self, element_id: str) -> Element:
        return next(e for e in self.elements if e.attrs.get("id") == element_id)


def parse_tree(text: str) -> HtmlTree:
    """Parse and assert every tag nests and closes."""
    tree = HtmlTree()
    tree.feed(text)
    tree.close()
    assert tree.errors == []
    assert tree.stack == []
    return tree


# --- fixtures -----------------------------------------------------------------------------------

@pytest.fixture
def report() -> Report:
    return build_report()


@pytest.fixture
def hostile_report() -> Report:
    return build_report(bad=True)


@pytest.fixture
def make_report() -> Callable[..., Report]:
    return build_report


@pytest.fixture
def hostile() -> Text:
    return hostile_text


@pytest.fixture
def hostile_base() -> str:
    return HOSTILE


@pytest.fixture
def parse_html() -> Callable[[str], HtmlTree]:
    return parse_tree
