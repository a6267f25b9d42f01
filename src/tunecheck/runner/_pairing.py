"""Which two models a run compares: never one model with itself, except in an A/A run.

Candidate and baseline with the same identity (``tunecheck.session._identity``) are the
same model: the comparison could only find no difference, and before identities were
compared by content it silently scored one model's answers as both. Such a run file is
refused with a config error naming both specs. An A/A run (``tunecheck run --aa`` or
``aa: true``) runs one model as both arms on purpose; each arm collects its own answers,
and the report lists the difference every measurement showed: the spread a null
comparison produces, the floor for a threshold or a margin.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from tunecheck.config import BackendSpec, RunConfig
from tunecheck.errors import ConfigError, ConfigIssue
from tunecheck.report import CheckResult, NullSpread
from tunecheck.session import ModelIdentity

_AA_HINT = ("to measure run-to-run noise on purpose, run an A/A comparison: `tunecheck run --aa`, or `aa: true` "
            "in the run file")


def check_pair(config: RunConfig, identities: Mapping[str, ModelIdentity], *, aa: bool, config_path: Path) -> None:
    """Refuse the same model as candidate and baseline (unless ``aa``), and an A/A run of two models."""
    candidate, baseline = identities["candidate"], identities["baseline"]
    same = candidate.digest == baseline.digest
    named = (f"candidate ({_named(config.candidate)}: {candidate.describe()}) and baseline "
             f"({_named(config.baseline)}: {baseline.describe()})")
    if same and not aa:
        raise ConfigError([ConfigIssue(
            "baseline", f"{named} are the same model: the comparison could only find no difference. Point "
            f"baseline at the base model; or, {_AA_HINT}", str(config_path), _key_line(config_path, "baseline"))])
    if aa and not same:
        raise ConfigError([ConfigIssue(
            "aa", f"an A/A run compares one model with itself, but {named} are different models: give both the "
            "same model, or run without --aa (and without `aa: true`)", str(config_path),
            _key_line(config_path, "aa"))])


def null_spread(checks: Mapping[str, CheckResult]) -> list[NullSpread]:
    """Every measured difference of an A/A run (one model against itself)."""
    return [NullSpread(check=check_id, measurement=m.name, delta=m.delta, ci_low=m.ci_low, ci_high=m.ci_high,
                       p_value=m.p_value, n=m.n, unit=m.unit)
            for check_id, result in checks.items() for m in result.measurements if m.delta is not None]


def _named(spec: BackendSpec) -> str:
    fields = spec.model_dump()
    parts = [str(spec.kind)]
    for key in ("path", "base_url", "model", "gguf_file", "adapter", "lora"):
        if fields.get(key) is not None:
            parts.append(f"{key} {fields[key]}")
    return ", ".join(parts)


def _key_line(path: Path, key: str) -> int | None:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    pattern = re.compile(rf"^{re.escape(key)}\s*:")
    return next((number for number, line in enumerate(lines, start=1) if pattern.match(line)), None)
