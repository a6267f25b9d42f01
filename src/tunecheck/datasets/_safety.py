"""Loaders for public safety suites, so users can bring the real ones.

- AdvBench ``harmful_behaviors.csv`` (columns ``goal,target``): every row harmful.
- HarmBench behaviour CSVs (``Behavior, FunctionalCategory, SemanticCategory, Tags,
  ContextString, BehaviorID``): every row harmful; a contextual behaviour's prompt is
  ``ContextString + "\\n\\n---\\n\\n" + Behavior``, as HarmBench builds it.
- XSTest ``xstest_prompts.csv`` (``id, prompt, type, label, focus, note``): ``safe`` rows
  are benign (refusing them is over-refusal), ``unsafe`` rows harmful. Files without a
  ``label`` column take it from ``type`` (``contrast_*`` types are the unsafe ones).
- garak probes (``module.Class`` names), read from an installed garak.
- XSTest's human-labelled completions, to measure a refusal detector's agreement with
  the annotators (``refusal_agreement``).

Every error names the file, the line and the column.
"""

from __future__ import annotations

import csv
import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from tunecheck.errors import DataError

Expectation = Literal["refuse", "comply"]
HumanLabel = Literal["full_compliance", "full_refusal", "partial_refusal"]
_XSTEST_LABELS: dict[str, HumanLabel] = {
    "1_full_compliance": "full_compliance", "2_full_refusal": "full_refusal", "3_partial_refusal": "partial_refusal",
}


@dataclass(frozen=True)
class SafetyPrompt:
    """One prompt of a public suite, with what a safe model does with it."""

    id: str
    prompt: str
    category: str
    expect: Expectation
    source: str
    line: int


@dataclass(frozen=True)
class LabelledCompletion:
    """A model's answer to an XSTest prompt with the annotators' final label."""

    id: str
    prompt_type: str
    prompt: str
    completion: str
    label: HumanLabel
    source: str
    line: int

    @property
    def refused(self) -> bool:
        """Full and partial refusals both count as refusals (XSTest's convention)."""
        return self.label != "full_compliance"


@dataclass(frozen=True)
class RefusalAgreement:
    """How often a detector agrees with human refusal labels."""

    n: int
    agreement: float
    kappa: float
    human_refusal_rate: float
    detector_refusal_rate: float
    true_positive: int
    false_positive: int
    false_negative: int
    true_negative: int


def _rows(path: Path, required: Sequence[str]) -> list[tuple[int, dict[str, str]]]:
    if not path.exists():
        raise DataError("file not found", file=str(path))
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = reader.fieldnames or []
        missing = [c for c in required if c not in columns]
        if missing:
            raise DataError(f"missing column(s) {', '.join(missing)} (found: {', '.join(columns) or 'none'})",
                            file=str(path), line=1, key=missing[0])
        return [(reader.line_num, {k: (v or "") for k, v in row.items() if k is not None}) for row in reader]


def _text(row: dict[str, str], key: str, path: Path, line: int) -> str:
    value = row.get(key, "").strip()
    if not value:
        raise DataError("empty value", file=str(path), line=line, key=key)
    return value


def load_advbench(path: Path) -> list[SafetyPrompt]:
    """AdvBench ``harmful_behaviors.csv``: the ``goal`` column, every row harmful."""
    return [SafetyPrompt(id=f"advbench-{n:04d}", prompt=_text(row, "goal", path, line), category="advbench",
                         expect="refuse", source=str(path), line=line)
            for n, (line, row) in enumerate(_rows(path, ("goal",)), start=1)]


def load_harmbench(path: Path) -> list[SafetyPrompt]:
    """A HarmBench behaviours CSV; the category is ``SemanticCategory``."""
    out = []
    for line, row in _rows(path, ("Behavior", "SemanticCategory", "BehaviorID")):
        behavior = _text(row, "Behavior", path, line)
        context = row.get("ContextString", "").strip()
        prompt = f"{context}\n\n---\n\n{behavior}" if context else behavior
        out.append(SafetyPrompt(id=_text(row, "BehaviorID", path, line), prompt=prompt,
                                category=row["SemanticCategory"].strip() or "uncategorised", expect="refuse",
                                source=str(path), line=line))
    return out


def load_xstest(path: Path) -> list[SafetyPrompt]:
    """XSTest prompts: ``safe`` rows must be answered, ``unsafe`` rows refused; category is ``type``."""
    out = []
    for line, row in _rows(path, ("id", "prompt", "type")):
        kind = _text(row, "type", path, line)
        label = row.get("label", "").strip().lower() or ("unsafe" if kind.startswith("contrast_") else "safe")
        if label not in ("safe", "unsafe"):
            raise DataError(f"label '{label}' is neither 'safe' nor 'unsafe'", file=str(path), line=line, key="label")
        out.append(SafetyPrompt(id=f"xstest-{_text(row, 'id', path, line)}", prompt=_text(row, "prompt", path, line),
                                category=kind, expect="comply" if label == "safe" else "refuse",
                                source=str(path), line=line))
    return out


def load_xstest_completions(path: Path) -> list[LabelledCompletion]:
    """XSTest's labelled completions (``id, type, prompt, completion, final_label``)."""
    out = []
    for line, row in _rows(path, ("id", "type", "prompt", "completion", "final_label")):
        raw = row["final_label"].strip()
        if raw not in _XSTEST_LABELS:
            raise DataError(f"final_label '{raw}' is not one of {', '.join(_XSTEST_LABELS)}",
                            file=str(path), line=line, key="final_label")
        out.append(LabelledCompletion(id=row["id"].strip(), prompt_type=row["type"].strip(), prompt=row["prompt"],
                                      completion=row["completion"], label=_XSTEST_LABELS[raw], source=str(path),
                                      line=line))
    return out


def refusal_agreement(completions: Sequence[LabelledCompletion],
                      detect: Callable[[str], bool]) -> RefusalAgreement:
    """Agreement (and Cohen's kappa) between ``detect`` and the human refusal labels."""
    if not completions:
        raise ValueError("no labelled completions to compare with")
    tp = fp = fn = tn = 0
    for item in completions:
        predicted = detect(item.completion)
        tp += predicted and item.refused
        fp += predicted and not item.refused
        fn += (not predicted) and item.refused
        tn += (not predicted) and not item.refused
    n = len(completions)
    observed = (tp + tn) / n
    human, detector = (tp + fn) / n, (tp + fp) / n
    chance = human * detector + (1 - human) * (1 - detector)
    kappa = 1.0 if chance == 1.0 else (observed - chance) / (1 - chance)
    return RefusalAgreement(n=n, agreement=observed, kappa=kappa, human_refusal_rate=human,
                            detector_refusal_rate=detector, true_positive=tp, false_positive=fp,
                            false_negative=fn, true_negative=tn)


def load_garak_probes(probes: Sequence[str]) -> list[SafetyPrompt]:
    """The prompts of installed garak probes (``module.Class``, e.g. ``dan.Dan_11_0``), all harmful."""
    try:
        config = importlib.import_module("garak._config")
        plugins = importlib.import_module("garak._plugins")
    except ImportError:
        raise DataError("garak is not installed: pip install garak, or remove the garak suite from "
                        "checks.safety.external", file="garak") from None
    config.load_base_config()
    out = []
    for name in probes:
        try:
            probe = plugins.load_plugin(f"probes.{name}")
        except Exception as exc:  # garak raises several kinds; name the probe either way
            raise DataError(f"cannot load probe '{name}': {exc}", file="garak", key=name) from None
        for index, prompt in enumerate(getattr(probe, "prompts", [])):
            text = _garak_text(prompt)
            if text:
                out.append(SafetyPrompt(id=f"{name}/{index}", prompt=text, category=name, expect="refuse",
                                        source=f"garak:probes.{name}", line=index + 1))
    return out


def _garak_text(prompt: object) -> str:
    """A garak prompt as text: a str, a ``Message`` (``.text``), or a ``Conversation``'s last user turn."""
    if isinstance(prompt, str):
        return prompt
    text = getattr(prompt, "text", None)
    if isinstance(text, str):
        return text
    turns = [t for t in getattr(prompt, "turns", []) if getattr(t, "role", None) == "user"]
    if turns:
        return _garak_text(getattr(turns[-1], "content", ""))
    return ""
