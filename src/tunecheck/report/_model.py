"""The report: a versioned pydantic model, the contract for every renderer and for CI.

CI scripts may rely on: ``verdict.status`` in {GO, NO-GO, INCONCLUSIVE},
``verdict.reasons``; ``checks.<id>.status``; ``checks.<id>.measurements[]`` with
``name``, ``candidate``, ``baseline``, ``delta``, ``ci_low``, ``ci_high``, ``p_value``
(null where none applies) and ``n``. Fields are only ever added within a major
``schema_version``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from tunecheck.types import Role
from tunecheck.types import Strict as Frozen

SCHEMA_VERSION = "1.3"

VerdictStatus = Literal["GO", "NO-GO", "INCONCLUSIVE"]
CheckStatus = Literal["pass", "fail", "inconclusive", "error", "skipped", "info"]
GateStatus = Literal["pass", "fail", "inconclusive"]
Scalar = float | int | str | bool | None


class Gate(Frozen):
    """A requirement on a measurement and, once decided, its outcome."""

    rule: Literal["superiority", "non_inferiority", "at_most", "at_least"]
    threshold: float
    blocking: bool = True
    p_pass: float | None = Field(default=None, description="One-sided p-value against meeting the requirement.")
    p_fail: float | None = Field(default=None, description="One-sided p-value against failing it.")
    p_adjusted: float | None = Field(
        default=None, description="p_fail after the multiple-testing correction of the NO-GO side."
    )
    method: str | None = Field(default=None, description="The test p_pass and p_fail come from.")
    min_n: int | None = Field(default=None, description="Fewest samples the method decides on.")
    level: float | None = Field(default=None, description="The one-sided level the decision was taken at.")
    samples_needed: int | None = Field(default=None, description="Samples that would settle it, at that level.")
    unavailable: str | None = Field(default=None, description="Why the gate could not be tested.")
    status: GateStatus | None = None
    reason: str | None = None


class Measurement(Frozen):
    """One measured quantity for both models, with the paired comparison."""

    name: str
    candidate: float | None
    baseline: float | None
    delta: float | None = None
    relative_delta: float | None = Field(default=None, description="delta / |baseline|, as a fraction.")
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: float | None = Field(default=None, description="Two-sided test of no difference, where one applies.")
    test: str | None = Field(default=None, description="How p_value / CI were computed.")
    n: int = Field(default=0, description="Paired samples (items both models answered) the statistic rests on.")
    n_errors: int = Field(default=0, description="Samples left out because a model's request failed.")
    clusters: int | None = Field(
        default=None,
        description="Clusters the samples fall into (the dataset's cluster_field), where they are not "
                    "independent: the interval and the gate's test treat a cluster as the unit.",
    )
    unit: str | None = None
    higher_is_better: bool | None = True
    candidate_ci: tuple[float | None, float | None] | None = Field(
        default=None, description="The candidate's own CI; an end is null where the data cannot bound it."
    )
    baseline_ci: tuple[float | None, float | None] | None = None
    description: str | None = None
    gate: Gate | None = None


class Table(Frozen):
    kind: Literal["table"] = "table"
    title: str
    columns: list[str]
    rows: list[list[Scalar]]
    note: str | None = None


class Example(Frozen):
    """One sample side by side."""

    sample_id: str
    prompt: str
    reference: str | None = None
    candidate: str
    baseline: str
    candidate_score: float | None = None
    baseline_score: float | None = None
    category: str | None = None
    note: str | None = None


class Examples(Frozen):
    kind: Literal["examples"] = "examples"
    title: str
    items: list[Example]


class Series(Frozen):
    name: str
    x: list[float]
    y: list[float]
    y_low: list[float] | None = None
    y_high: list[float] | None = None


class Plot(Frozen):
    """Data for a plot; renderers draw it (the HTML report as inline SVG)."""

    kind: Literal["plot"] = "plot"
    title: str
    plot: Literal["line", "bar", "cdf", "interval"]
    x_label: str = ""
    y_label: str = ""
    series: list[Series]
    categories: list[str] | None = Field(default=None, description="x tick labels for bar/interval plots.")
    log_x: bool = False
    units: list[str | None] | None = Field(
        default=None, description="Interval plots: each row's unit; rows of different units get their own axis."
    )


class Note(Frozen):
    kind: Literal["note"] = "note"
    text: str
    level: Literal["info", "warning"] = "info"


class Flip(Frozen):
    """One discordant pair of a binary measurement: one model right (or safe), the other not."""

    sample_id: str
    direction: Literal["improved", "regressed"] = Field(
        description="improved: the candidate has the better outcome on this sample; regressed: the baseline has."
    )
    category: str | None = None
    prompt: str
    reference: str | None = None
    candidate: str
    baseline: str
    candidate_outcome: bool = Field(description="The candidate's per-sample outcome (1 = the measured event).")
    baseline_outcome: bool


class Flips(Frozen):
    """Every sample where candidate and baseline disagree on a binary measurement (the discordant pairs
    behind its McNemar-type test), for the report's flip view."""

    kind: Literal["flips"] = "flips"
    title: str
    measurement: str = Field(description="The measurement's name, as in the check's measurements.")
    n: int = Field(description="Paired samples compared.")
    improved: int = Field(description="Discordant pairs where the candidate has the better outcome.")
    regressed: int = Field(description="Discordant pairs where the baseline has.")
    categories: list[str] = Field(default_factory=list, description="The flipped samples' categories, sorted.")
    items: list[Flip] = Field(description="Every discordant pair, improved first.")


Section = Annotated[Table | Examples | Plot | Note | Flips, Field(discriminator="kind")]


class CheckResult(Frozen):
    """What one check measured. The verdict policy, not the check, sets ``status``."""

    id: str
    title: str
    status: CheckStatus = "info"
    summary: str = ""
    measurements: list[Measurement] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    n_samples: int = Field(default=0, description="Requests the check sent to the models (both roles, every "
                           "repeat); a measurement's `n` counts the pairs it compares.")
    n_errors: int = Field(default=0, description="Of those requests, the ones that failed.")
    error: str | None = Field(default=None, description="Why the check could not run, when status is 'error'.")
    duration_s: float | None = None
    card: dict[str, Scalar] = Field(default_factory=dict, description="Headline figures for the model card.")


class ModelInfo(Frozen):
    role: Role
    kind: str
    model: str
    adapter: str | None = None
    fine_tuning: str | None = Field(default=None, description="e.g. 'LoRA r=8 on q,k,v,o' or 'full weights'.")
    conditions: dict[str, str | None] = Field(default_factory=dict)
    fingerprint: str = Field(description="Hash of rendered prompts, parameters, datasets and backend conditions.")
    identity: dict[str, str] = Field(
        default_factory=dict,
        description="What the model is by content: file SHA-256s and resolved hub commits (12 hex digits "
        "shown), or the endpoint, served model and what the server reports about it.",
    )
    model_key: str | None = Field(
        default=None, description="The run store's key for this model's answers (its identity and conditions)."
    )
    requests_sent: int | None = Field(default=None, description="Answers asked of the model in this run.")
    requests_reused: int | None = Field(default=None, description="Answers found in the run store instead.")


class NullSpread(Frozen):
    """One measurement of an A/A run: the difference that comparing a model with itself produced."""

    check: str
    measurement: str
    delta: float | None
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: float | None = None
    n: int = 0
    unit: str | None = None


class Reason(Frozen):
    """One cause of a verdict other than GO, with its kind, for renderers to tell them apart."""

    kind: Literal["fail", "inconclusive", "error"] = Field(
        description="fail: a requirement not met; inconclusive: not established (what is missing is said); "
                    "error: a check that could not run."
    )
    check: str
    text: str


class Verdict(Frozen):
    status: VerdictStatus
    reasons: list[str] = Field(default_factory=list, description="Every blocking failure, in plain words.")
    causes: list[Reason] = Field(default_factory=list, description="The reasons with their kinds, in order.")
    warnings: list[str] = Field(default_factory=list)
    summary: str = ""


class Report(Frozen):
    schema_version: str = SCHEMA_VERSION
    tunecheck_version: str
    run_id: str
    name: str | None = None
    created_at: str
    candidate: ModelInfo
    baseline: ModelInfo
    generation: dict[str, Scalar | list[str]] = Field(default_factory=dict)
    policy: dict[str, Scalar] = Field(default_factory=dict)
    datasets: dict[str, str] = Field(default_factory=dict, description="Dataset name -> content hash.")
    quick: bool = False
    checks: dict[str, CheckResult]
    verdict: Verdict
    model_card: dict[str, Scalar | list[str]] = Field(default_factory=dict)
    aa: bool = Field(
        default=False, description="An A/A run: one model as candidate and baseline, to measure run-to-run noise."
    )
    null_spread: list[NullSpread] = Field(
        default_factory=list, description="A/A runs: each measured difference of the null comparison."
    )
    changes: list[str] = Field(
        default_factory=list, description="What changed since the last finished run in this run directory."
    )
