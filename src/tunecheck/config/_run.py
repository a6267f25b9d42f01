"""The run file: ``version: 1`` and one section per concern."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SerializeAsAny, ValidationError, field_validator, model_validator

from tunecheck.config._backend import BackendSpec
from tunecheck.config._base import CheckSettings, auxiliary_references
from tunecheck.config._consistency import ConsistencySettings
from tunecheck.config._datasets import CLUSTER_AWARE, clustered_elsewhere
from tunecheck.config._generation import GenerationSettings
from tunecheck.config._hallucination import HallucinationSettings
from tunecheck.config._latency import LatencySettings
from tunecheck.config._load import LoadSettings
from tunecheck.config._overfitting import OverfittingSettings
from tunecheck.config._plugins import plugin_settings_model
from tunecheck.config._policy import PolicySettings
from tunecheck.config._regression import RegressionSettings
from tunecheck.config._reports import ReportSettings
from tunecheck.config._safety import SafetySettings
from tunecheck.config._suggest import unknown_name
from tunecheck.config._task import TaskSettings
from tunecheck.types import Strict


class ChecksConfig(Strict):
    """One key per checklist item; an absent key skips the item."""

    task: TaskSettings | None = None
    regression: RegressionSettings | None = None
    hallucination: HallucinationSettings | None = None
    consistency: ConsistencySettings | None = None
    overfitting: OverfittingSettings | None = None
    safety: SafetySettings | None = None
    latency: LatencySettings | None = None
    load: LoadSettings | None = None
    plugins: dict[str, SerializeAsAny[CheckSettings]] | None = Field(
        default=None, description="Checks other packages provide, by their name in the 'tunecheck.checks' "
        "entry point group; each takes its own settings.")

    @field_validator("plugins", mode="before")
    @classmethod
    def _plugin_settings(cls, value: object) -> object:
        if not isinstance(value, dict):
            return value
        for name in value:
            if name in CHECK_IDS:
                raise ValueError(f"'{name}' is a built-in check: configure it as checks.{name}")
        return {name: _plugin_settings(name, raw) for name, raw in value.items()}

    def enabled(self) -> list[str]:
        """The checks to run, in running order: the built-in checklist, then the plugins as listed."""
        builtin = [cid for cid in CHECK_IDS if (s := getattr(self, cid)) is not None and s.enabled]
        return builtin + [name for name, settings in (self.plugins or {}).items() if settings.enabled]

    def settings(self, check_id: str) -> CheckSettings | None:
        """A check's settings (None: not configured)."""
        if check_id in CHECK_IDS:
            found: CheckSettings | None = getattr(self, check_id)
            return found
        return (self.plugins or {}).get(check_id)


def _plugin_settings(name: str, raw: object) -> object:
    """A plugin check's settings, validated by its own model; errors keep the plugin's name in their key."""
    if not isinstance(raw, dict):
        return raw
    try:
        return plugin_settings_model(name).model_validate(raw)
    except ValidationError as exc:
        errors = [{**error, "loc": (name, *error["loc"])} for error in exc.errors()]
        raise ValidationError.from_exception_data(exc.title, errors) from None  # type: ignore[arg-type]


# the built-in checklist, in running order
CHECK_IDS: tuple[str, ...] = tuple(name for name in ChecksConfig.model_fields if name != "plugins")


class QuickProfile(Strict):
    """What ``--quick`` trims: a smoke run that still exercises every check."""

    max_samples: int = Field(default=24, ge=4, description="Samples per dataset.")
    max_repeats: int = Field(default=3, ge=2)
    max_requests: int = Field(default=20, ge=5, description="Requests per latency or load level.")
    max_tokens: int | None = Field(
        default=None, ge=8,
        description="Longest answer of the candidate and the baseline (judges and paraphrasers keep theirs).",
    )


class ModelCardInfo(Strict):
    """Facts about the candidate that only its owners know, for MODEL_CARD.md."""

    model_name: str | None = None
    base_model: str | None = None
    license: str | None = None
    language: list[str] = Field(default_factory=lambda: ["en"])
    intended_use: str | None = None
    out_of_scope_use: str | None = None
    training_data: str | None = None
    evaluation_data: str | None = None
    limitations: str | None = None


class RunConfig(Strict):
    """A whole run: the two models, shared generation settings, the checks and the policy."""

    version: Literal[1]
    name: str | None = None
    candidate: BackendSpec
    baseline: BackendSpec
    backends: dict[str, BackendSpec] = Field(
        default_factory=dict, description="Auxiliary models by name (a judge, a paraphraser)."
    )
    generation: GenerationSettings = Field(default_factory=GenerationSettings)
    checks: ChecksConfig
    policy: PolicySettings = Field(default_factory=PolicySettings)
    quick: QuickProfile = Field(default_factory=QuickProfile)
    model_card: ModelCardInfo = Field(default_factory=ModelCardInfo)
    reports: ReportSettings = Field(default_factory=ReportSettings)
    aa: bool = Field(
        default=False,
        description="An A/A run: the same model as candidate and baseline, on purpose, to measure the spread a "
        "null comparison produces (otherwise the same model twice is refused). Same as `tunecheck run --aa`.",
    )

    @model_validator(mode="after")
    def _identical_conditions(self) -> RunConfig:
        cand, base = self.candidate.model_dump(), self.baseline.model_dump()
        if cand["kind"] != base["kind"]:
            raise ValueError(
                f"candidate runs on '{cand['kind']}' and baseline on '{base['kind']}': both must use the same "
                "backend kind (the backend changes the answers; compare like with like)"
            )
        differing = sorted(
            key for key in cand.keys() | base.keys()
            if key not in type(self.candidate).identity_fields and cand.get(key) != base.get(key)
        )
        if differing:
            raise ValueError(
                f"candidate and baseline differ in {', '.join(differing)}: only the model itself may differ"
            )
        return self

    @model_validator(mode="after")
    def _clusters_where_honoured(self) -> RunConfig:
        ignored = clustered_elsewhere(self.checks, "checks")
        if ignored:
            raise ValueError(
                f"{', '.join(ignored)}: only {', '.join(CLUSTER_AWARE)} judge clustered samples; elsewhere the "
                "samples are taken as independent, so the field would be ignored: remove it"
            )
        return self

    @model_validator(mode="after")
    def _auxiliary_backends_exist(self) -> RunConfig:
        for key, name in auxiliary_references(self.checks, "checks"):
            if name not in self.backends:
                raise ValueError(f"{key}: {unknown_name('backend', name, self.backends)} in the run file's "
                                 f"'backends:' map; add it there (e.g. backends: {{{name}: {{kind: openai, ...}}}})")
        return self
