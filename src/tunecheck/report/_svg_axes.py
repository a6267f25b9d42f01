"""Building blocks of the SVG plots: scales, ticks, axes, legend and escaped text."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from itertools import cycle

from tunecheck.report._model import Series

WIDTH = 640
_PALETTE = ("#2563eb", "#f59e0b", "#10b981", "#ef4444", "#8b5cf6", "#0ea5e9", "#84cc16", "#ec4899")
_ROLE_COLOURS = {"candidate": "#2563eb", "baseline": "#9ca3af"}
_AXIS = 'stroke="#9ca3af"'
_GRID = 'stroke="#e5e7eb"'
_BOLD = 'font-weight="600" fill="#111827"'
ZERO = 'stroke="#111827" stroke-dasharray="4 3"'


def esc(value: object) -> str:
    return escape(str(value), quote=True)


def px(value: float) -> str:
    return f"{value:.1f}"


@dataclass(frozen=True)
class Scale:
    """Maps a data range onto a pixel range (optionally log10)."""

    lo: float
    hi: float
    start: float
    end: float
    log: bool = False

    def __call__(self, value: float) -> float:
        lo, hi = (math.log10(self.lo), math.log10(self.hi)) if self.log else (self.lo, self.hi)
        v = math.log10(value) if self.log else value
        return self.start + (v - lo) / (hi - lo) * (self.end - self.start)

    def ticks(self) -> list[float]:
        return _log_ticks(self.lo, self.hi) if self.log else _nice_ticks(self.lo, self.hi)


@dataclass(frozen=True)
class Frame:
    """The plotting area inside the SVG."""

    left: float
    top: float
    right: float
    bottom: float


def colours(series: Sequence[Series]) -> list[str]:
    """One colour per series: fixed for candidate/baseline, the palette otherwise."""
    names = [s.name.lower() for s in series]
    if not any(name in _ROLE_COLOURS for name in names):
        return [_PALETTE[i % len(_PALETTE)] for i in range(len(names))]
    others = cycle(_PALETTE[1:])
    return [_ROLE_COLOURS.get(name) or next(others) for name in names]


def _nice_ticks(lo: float, hi: float, count: int = 6) -> list[float]:
    raw = (hi - lo) / count
    if not math.isfinite(raw) or raw <= 0:
        return [lo, hi]
    magnitude = 10.0 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * magnitude >= raw)
    first = math.ceil(lo / step - 1e-9) * step
    return [round(first + i * step, 12) for i in range(int((hi - first) / step + 1e-9) + 1)]


def _log_ticks(lo: float, hi: float) -> list[float]:
    low, high = math.floor(math.log10(lo)), math.ceil(math.log10(hi)) + 1
    for steps in ((1.0,), (1.0, 2.0, 5.0)):
        ticks = [m * 10.0**k for k in range(low, high) for m in steps]
        inside = [t for t in ticks if lo * (1 - 1e-9) <= t <= hi * (1 + 1e-9)]
        if len(inside) >= 3:
            return inside
    return inside if len(inside) >= 2 else [lo, hi]


def domain(values: Sequence[float], *, zero: bool = False, log: bool = False) -> tuple[float, float]:
    lo, hi = min(values), max(values)
    if zero:
        lo, hi = min(lo, 0.0), max(hi, 0.0)
    if log:
        return (lo / 2, hi * 2) if lo == hi else (lo, hi)
    if lo == hi:
        pad = abs(lo) * 0.1 or 1.0
        return lo - pad, hi + pad
    pad = (hi - lo) * 0.05
    return (lo if zero and lo == 0 else lo - pad), (hi if zero and hi == 0 else hi + pad)


def tick_label(value: float) -> str:
    return f"{value:.4g}"


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def line(x1: float, y1: float, x2: float, y2: float, attrs: str) -> str:
    return f'<line x1="{px(x1)}" y1="{px(y1)}" x2="{px(x2)}" y2="{px(y2)}" {attrs}/>'


def text(x: float, y: float, content: str, attrs: str = "", *, full: str | None = None) -> str:
    """A label, escaped; ``full`` (the unclipped text) becomes its tooltip."""
    tip = f"<title>{esc(full)}</title>" if full is not None else ""
    return f'<text x="{px(x)}" y="{px(y)}" {attrs}>{tip}{esc(content)}</text>'


def x_axis(scale: Scale, frame: Frame, label: str) -> list[str]:
    out = [line(frame.left, frame.bottom, frame.right, frame.bottom, _AXIS)]
    for tick in scale.ticks():
        x = scale(tick)
        out += [line(x, frame.top, x, frame.bottom, _GRID),
                text(x, frame.bottom + 16, tick_label(tick), 'text-anchor="middle"')]
    if label:
        out.append(text((frame.left + frame.right) / 2, frame.bottom + 34, clip(label, 90),
                        f'text-anchor="middle" {_BOLD}', full=label))
    return out


def y_axis(scale: Scale, frame: Frame, label: str) -> list[str]:
    out = [line(frame.left, frame.top, frame.left, frame.bottom, _AXIS)]
    for tick in scale.ticks():
        y = scale(tick)
        out += [line(frame.left, y, frame.right, y, _GRID),
                text(frame.left - 6, y + 4, tick_label(tick), 'text-anchor="end"')]
    if label:
        mid = (frame.top + frame.bottom) / 2
        out.append(text(0, 0, clip(label, 60), f'transform="translate(14 {px(mid)}) rotate(-90)" '
                        f'text-anchor="middle" {_BOLD}', full=label))
    return out


def legend(series: Sequence[Series], palette: Sequence[str], frame: Frame) -> list[str]:
    if len(series) < 2:
        return []
    out, x = [], frame.left
    for s, colour in zip(series, palette, strict=True):
        name = clip(s.name, 30)
        out.append(f'<rect x="{px(x)}" y="6" width="10" height="10" fill="{colour}"/>'
                   + text(x + 14, 15, name, full=s.name))
        x += 28 + 7.5 * len(name)
    return out
