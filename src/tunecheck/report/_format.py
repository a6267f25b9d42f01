"""Plain-text formatting of numbers, intervals and gates, shared by every renderer."""

from __future__ import annotations

import math

from tunecheck.report._model import Gate, Measurement, ModelInfo, Scalar

MISSING = "—"


def number(value: float | None, digits: int = 4) -> str:
    """A value to ``digits`` significant figures; ``—`` when absent."""
    if value is None:
        return MISSING
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return f"{value:.{digits}g}"


def signed(value: float | None, digits: int = 4) -> str:
    """A difference, always with its sign."""
    if value is None or not math.isfinite(value):
        return number(value, digits)
    return f"{value:+.{digits}g}"


def percent(fraction: float | None) -> str:
    """A relative delta (a fraction) as a signed percentage."""
    if fraction is None or not math.isfinite(fraction):
        return number(fraction)
    return f"{100.0 * fraction:+.3g}%"


def interval(low: float | None, high: float | None) -> str:
    """``[low, high]``; a side the data cannot bound reads ``unbounded``."""
    if low is None and high is None:
        return MISSING
    return f"[{'unbounded' if low is None else number(low)}, {'unbounded' if high is None else number(high)}]"


def count(m: Measurement) -> str:
    """The samples a measurement rests on, with their clusters where they are clustered."""
    return str(m.n) if m.clusters is None else f"{m.n} ({m.clusters} clusters)"


def p_value(value: float | None) -> str:
    if value is None:
        return MISSING
    if value < 1e-4:
        return "<0.0001"
    return f"{value:.3g}"


def scalar(value: Scalar | list[str]) -> str:
    """A table cell or settings value."""
    if isinstance(value, list):
        return ", ".join(value) if value else MISSING
    if value is None or isinstance(value, float | int):
        return number(value)
    return str(value)


def unit_suffix(m: Measurement) -> str:
    """`` ms`` for a unit worth printing; nothing for fractions."""
    if not m.unit or m.unit.startswith("fraction"):
        return ""
    return f" {m.unit}"


def label(m: Measurement) -> str:
    """The measurement's name with its unit, e.g. ``tpot_p50 (ms)``."""
    unit = unit_suffix(m).strip()
    return f"{m.name} ({unit})" if unit else m.name


def gate_rule(m: Measurement, gate: Gate) -> str:
    """The requirement in words, e.g. ``superiority: better by > 0.02``."""
    unit = unit_suffix(m)
    threshold = f"{number(gate.threshold)}{unit}"
    if gate.rule == "superiority":
        text = f"superiority: better by > {threshold}"
    elif gate.rule == "non_inferiority":
        text = f"non-inferiority: worse by ≤ {threshold}"
    elif gate.rule == "at_most":
        text = f"at most {threshold}"
    else:
        text = f"at least {threshold}"
    return text if gate.blocking else f"{text} (advisory)"


def confidence_label(policy: dict[str, Scalar]) -> str:
    """``95% CI`` from the policy's confidence level."""
    level = policy.get("confidence", 0.95)
    if isinstance(level, float | int) and not isinstance(level, bool) and 0 < level < 1:
        return f"{100.0 * level:.3g}% CI"
    return "95% CI"


def headline(measurements: list[Measurement], limit: int = 3) -> list[Measurement]:
    """The measurements to show first: gated ones, else the first few."""
    gated = [m for m in measurements if m.gate is not None]
    return (gated or measurements)[:limit]


def one_line(text: str, limit: int = 200) -> str:
    """Text on one line, clipped."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def identity(info: ModelInfo) -> str:
    """A model's identity in one line: ``weights sha256:1a2b3c4d5e6f; adapter sha256:…``."""
    return "; ".join(f"{name} {value}" for name, value in info.identity.items()) or MISSING


def answers(info: ModelInfo) -> str:
    """How many answers the model gave in the run and how many came from the run store."""
    if info.requests_sent is None or info.requests_reused is None:
        return MISSING
    return f"{info.requests_sent} asked of the model, {info.requests_reused} from the run store"
