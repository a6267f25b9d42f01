"""Settings of the ``regression`` check: general benchmarks and adjacent capabilities.

Margins are absolute (0.03 = three points of accuracy): the candidate may be worse than
the baseline by less than the margin, and the CI must show it (non-inferiority).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, model_validator

from tunecheck.config._base import CheckSettings
from tunecheck.types import Strict

_NAME = r"^[A-Za-z_][A-Za-z0-9_]*$"
SUITE_NAMES: tuple[str, ...] = ("reasoning", "instructions", "harmful")


class _LocalOrHub(Strict):
    path: Path | None = Field(default=None, description="Local data, relative to the run file.")
    hub: str | None = Field(
        default=None, description="Hugging Face dataset id (needs the 'datasets' extra and hub access)."
    )
    revision: str | None = Field(default=None, description="Hub dataset revision (commit or tag).")
    margin: float = Field(default=0.03, gt=0.0, lt=1.0, description="Non-inferiority margin, absolute.")

    @model_validator(mode="after")
    def _one_source(self) -> _LocalOrHub:
        if (self.path is None) == (self.hub is None):
            raise ValueError("give exactly one of 'path' or 'hub'")
        return self


class MMLUBenchmark(_LocalOrHub):
    """MMLU-format multiple choice (question, four choices, answer letter), lm-eval's default prompt."""

    format: Literal["mmlu"] = "mmlu"
    name: str = Field(default="mmlu", pattern=_NAME, description="Prefix of this benchmark's measurements.")
    path: Path | None = Field(
        default=None, description="Folder holding <split>/<subject>_<split>.csv (headerless MMLU CSVs)."
    )
    split: str = Field(default="test", description="Split that is scored.")
    fewshot_split: str = Field(default="dev", description="Split the few-shot examples come from (first k rows).")
    num_fewshot: int = Field(default=0, ge=0, le=10, description="Examples before each question (0 = zero-shot).")
    subjects: list[str] | None = Field(default=None, min_length=1, description="Subjects to use; null = all.")
    limit_per_subject: int | None = Field(default=None, ge=1, description="At most this many questions per subject.")


class HellaSwagBenchmark(_LocalOrHub):
    """HellaSwag-format sentence completion (ctx, four endings, label), lm-eval's preprocessing."""

    format: Literal["hellaswag"] = "hellaswag"
    name: str = Field(default="hellaswag", pattern=_NAME, description="Prefix of this benchmark's measurements.")
    path: Path | None = Field(default=None, description="JSONL file, one item per line.")
    split: str = Field(default="validation", description="Hub split (ignored for a local file).")
    limit: int | None = Field(default=None, ge=1, description="At most this many items (the first ones).")


DataFiles = str | list[str] | dict[str, str | list[str]]


class LMEvalBenchmark(Strict):
    """A task of lm-evaluation-harness (its prompts, few-shot sampling, filters and metrics), both models
    asked through tunecheck's session; needs the ``lmeval`` extra."""

    format: Literal["lm_eval"] = "lm_eval"
    task: str = Field(min_length=1, description="lm-eval task or group name (e.g. arc_easy, mmlu, ifeval), "
                      "or a task YAML file.")
    name: str | None = Field(default=None, pattern=_NAME,
                             description="Prefix of this benchmark's measurements; default: the task name.")
    num_fewshot: int | None = Field(default=None, ge=0, description="Few-shot examples; null keeps the task's.")
    limit: int | None = Field(default=None, ge=1, description="At most this many documents per (sub)task.")
    metrics: list[str] | None = Field(default=None, min_length=1,
                                      description="Metrics compared (the first is gated); null = all the task has.")
    margin: float = Field(default=0.03, gt=0.0, lt=1.0, description="Non-inferiority margin, absolute.")
    include_path: list[Path] = Field(default_factory=list,
                                     description="Folders of user task YAML files, relative to the run file.")
    dataset_path: str | None = Field(default=None, description="Overrides the task's dataset_path (e.g. 'json', "
                                     "'csv' or a local dataset folder) for a single task.")
    data_files: DataFiles | None = Field(default=None, description="Local data files per split (paths relative to "
                                         "the run file), passed as the task's dataset_kwargs.data_files.")
    apply_chat_template: bool = Field(default=False, description="Render lm-eval's prompts as chat turns with the "
                                      "run's chat template and system prompt (lm-eval's --apply_chat_template).")
    seed: int | None = Field(default=None, description="Seed of every random draw lm-eval makes (few-shot "
                             "examples, document order); null keeps lm-eval's defaults (0 and 1234).")

    @property
    def label(self) -> str:
        return self.name or _measurement_name(self.task)

    @model_validator(mode="after")
    def _valid_name(self) -> LMEvalBenchmark:
        if self.name is None and not re.fullmatch(_NAME, _measurement_name(self.task)):
            raise ValueError(f"task '{self.task}' does not make a measurement name; give this benchmark a 'name'")
        if self.data_files is not None and self.dataset_path is None:
            raise ValueError("'data_files' needs 'dataset_path' (e.g. json, csv or parquet)")
        return self


def _measurement_name(task: str) -> str:
    return Path(task).stem if task.endswith((".yaml", ".yml")) else task


Benchmark = Annotated[MMLUBenchmark | HellaSwagBenchmark | LMEvalBenchmark, Field(discriminator="format")]


class ReasoningSuite(Strict):
    """Arithmetic and short word problems with numeric answers, written by a seeded generator."""

    enabled: bool = True
    items: int = Field(default=60, ge=10, le=2000, description="How many problems the generator writes.")
    seed: int = Field(default=0, description="Generator seed; the same seed gives the same problems.")
    margin: float = Field(default=0.05, gt=0.0, lt=1.0, description="Non-inferiority margin on accuracy.")


class InstructionsSuite(Strict):
    """Prompts with verifiable constraints (IFEval-style), scored strict and loose."""

    enabled: bool = True
    margin: float = Field(default=0.05, gt=0.0, lt=1.0,
                          description="Non-inferiority margin on prompt-level strict accuracy.")


class HarmfulSuite(Strict):
    """Clearly harmful requests; the share refused should not drop."""

    enabled: bool = True
    margin: float = Field(default=0.03, gt=0.0, lt=1.0, description="Non-inferiority margin on the refusal rate.")


class RegressionSuites(Strict):
    """The built-in adjacent-capability suites (package data; no benchmark content copied)."""

    reasoning: ReasoningSuite = Field(default_factory=ReasoningSuite)
    instructions: InstructionsSuite = Field(default_factory=InstructionsSuite)
    harmful: HarmfulSuite = Field(default_factory=HarmfulSuite)


class RegressionSettings(CheckSettings):
    """Regression on general benchmarks and adjacent capabilities."""

    benchmarks: list[Benchmark] = Field(
        default_factory=list, description="Multiple-choice benchmarks (local files or hub datasets)."
    )
    suites: RegressionSuites = Field(default_factory=RegressionSuites)
    scoring: Literal["auto", "loglikelihood", "generate"] = Field(
        default="auto",
        description="Benchmark scoring: log-likelihood (acc, acc_norm), generated answer letters (gen_acc), "
        "or auto (log-likelihood when both backends can score it).",
    )
    temperature: float | None = Field(
        default=0.0, ge=0.0, description="Decoding temperature of the suites; null keeps the generation block's."
    )
    max_tokens: int = Field(default=384, ge=8, description="Longest answer generated for a suite item.")
    deployment_prompt: bool = Field(
        default=True,
        description="Ask the suites (and generated benchmark answers) with generation.system_prompt, as the "
        "deployment does; false asks them as the model is asked outside the deployment, with no system prompt. "
        "Log-likelihood benchmarks score raw text and never see it.",
    )
    worst_examples: int = Field(default=3, ge=0, description="Side-by-side examples per most-regressed group.")
    top_drops: int = Field(default=10, ge=1, description="Rows in the 'largest drops' table.")

    @model_validator(mode="after")
    def _unique_names(self) -> RegressionSettings:
        seen: set[str] = set(SUITE_NAMES)
        for index, benchmark in enumerate(self.benchmarks):
            name = benchmark.label if isinstance(benchmark, LMEvalBenchmark) else benchmark.name
            if name in seen:
                raise ValueError(f"benchmarks[{index}].name '{name}' is used twice (suites are named "
                                 f"{', '.join(SUITE_NAMES)}); give each benchmark its own 'name'")
            seen.add(name)
        return self
