"""Plots as inline SVG: line, grouped bar, CDF and interval (deltas with CIs).

Every string that reaches the SVG (titles, labels, series and category names) is
escaped; non-finite values and, on a log axis, non-positive x values are left out.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from tunecheck.report._model import Plot, Series
from tunecheck.report._svg_axes import (
    WIDTH,
    ZERO,
    Frame,
    Scale,
    clip,
    colours,
    domain,
    esc,
    legend,
    line,
    px,
    text,
    tick_label,
    x_axis,
    y_axis,
)

Point = tuple[float, float]


def _finite(series: Series, log_x: bool = False) -> list[Point]:
    return [(x, y) for x, y in zip(series.x, series.y, strict=False)
            if math.isfinite(x) and math.isfinite(y) and (x > 0 or not log_x)]


def _svg(plot: Plot, height: float, body: list[str]) -> str:
    return (f'<svg class="plot" role="img" viewBox="0 0 {WIDTH} {px(height)}" width="{WIDTH}" '
            f'height="{px(height)}" font-family="system-ui, sans-serif" font-size="11" fill="#374151">'
            f"<title>{esc(plot.title)}</title>" + "".join(body) + "</svg>")


def _empty(plot: Plot) -> str:
    message = f"{plot.title}: no finite values to plot"
    return _svg(plot, 60, [text(WIDTH / 2, 34, message, 'text-anchor="middle" fill="#6b7280"')])


def _polyline(points: Sequence[Point], xs: Scale, ys: Scale, colour: str) -> str:
    coords = " ".join(f"{px(xs(x))},{px(ys(y))}" for x, y in points)
    return f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{coords}"/>'


def _band(series: Series, xs: Scale, ys: Scale, colour: str, log_x: bool) -> str:
    if series.y_low is None or series.y_high is None:
        return ""
    rows = [(x, lo, hi) for x, lo, hi in zip(series.x, series.y_low, series.y_high, strict=False)
            if all(math.isfinite(v) for v in (x, lo, hi)) and (x > 0 or not log_x)]
    if len(rows) < 2:
        return ""
    upper = [f"{px(xs(x))},{px(ys(hi))}" for x, _, hi in rows]
    lower = [f"{px(xs(x))},{px(ys(lo))}" for x, lo, _ in reversed(rows)]
    return f'<polygon fill="{colour}" fill-opacity="0.15" stroke="none" points="{" ".join(upper + lower)}"/>'


def _ecdf(series: Series, log_x: bool) -> list[Point]:
    """The series' (x, cumulative fraction) steps; from sorted x alone when y is not given."""
    if len(series.y) == len(series.x) and series.y:
        points = sorted(_finite(series, log_x))
    else:
        values = sorted(x for x in series.x if math.isfinite(x) and (x > 0 or not log_x))
        points = [(x, (i + 1) / len(values)) for i, x in enumerate(values)]
    steps: list[Point] = []
    previous = 0.0
    for x, y in points:
        steps += [(x, previous), (x, y)]
        previous = y
    return steps


def _xy_plot(plot: Plot, lines: Callable[[Series], list[Point]], markers: bool) -> str:
    data = [lines(s) for s in plot.series]
    xs_all = [x for pts in data for x, _ in pts]
    if not xs_all:
        return _empty(plot)
    y_values = [y for pts in data for _, y in pts]
    for s in plot.series:
        y_values += [v for v in (s.y_low or []) + (s.y_high or []) if math.isfinite(v)]
    frame = Frame(64, 28, WIDTH - 16, 252)
    xs = Scale(*domain(xs_all, log=plot.log_x), frame.left, frame.right, plot.log_x)
    ys = Scale(*domain(y_values), frame.bottom, frame.top)
    palette = colours(plot.series)
    body = y_axis(ys, frame, plot.y_label) + x_axis(xs, frame, plot.x_label)
    for s, pts, colour in zip(plot.series, data, palette, strict=True):
        body.append(_band(s, xs, ys, colour, plot.log_x))
        body.append(_polyline(pts, xs, ys, colour))
        if markers and len(pts) <= 40:
            body += [f'<circle cx="{px(xs(x))}" cy="{px(ys(y))}" r="3" fill="{colour}"/>' for x, y in pts]
    return _svg(plot, 300, body + legend(plot.series, palette, frame))


def _categories(plot: Plot, count: int) -> list[str]:
    names = list(plot.categories or [])
    first = plot.series[0].x if plot.series else []
    for i in range(len(names), count):
        names.append(tick_label(first[i]) if i < len(first) else str(i + 1))
    return names


def _bar_plot(plot: Plot) -> str:
    count = max((len(s.y) for s in plot.series), default=0)
    values = [v for s in plot.series for v in s.y if math.isfinite(v)]
    if count == 0 or not values:
        return _empty(plot)
    names, rotate = _categories(plot, count), count > 6
    frame = Frame(64, 28, WIDTH - 16, 230)
    ys = Scale(*domain(values, zero=True), frame.bottom, frame.top)
    palette = colours(plot.series)
    body = y_axis(ys, frame, plot.y_label)
    group = (frame.right - frame.left) / count
    width = group * 0.8 / max(len(plot.series), 1)
    for i in range(count):
        left = frame.left + i * group + group * 0.1
        for j, (s, colour) in enumerate(zip(plot.series, palette, strict=True)):
            if i < len(s.y) and math.isfinite(s.y[i]):
                top, base = sorted((ys(s.y[i]), ys(0.0)))
                body.append(f'<rect x="{px(left + j * width)}" y="{px(top)}" width="{px(width)}" '
                            f'height="{px(max(base - top, 0.5))}" fill="{colour}"><title>{esc(s.name)} · '
                            f"{esc(names[i])}: {esc(tick_label(s.y[i]))}</title></rect>")
        body.append(_tick_text(frame.left + (i + 0.5) * group, frame.bottom, names[i], rotate))
    body.append(line(frame.left, ys(0.0), frame.right, ys(0.0), ZERO))
    return _svg(plot, 300 if rotate else 270, body + legend(plot.series, palette, frame))


def _tick_text(x: float, bottom: float, name: str, rotate: bool) -> str:
    if rotate:
        attrs = f'transform="translate({px(x)} {px(bottom + 12)}) rotate(-35)" text-anchor="end"'
        return text(0, 0, clip(name, 14), attrs, full=name)
    return text(x, bottom + 16, clip(name, 18), 'text-anchor="middle"', full=name)


def _interval_rows(plot: Plot) -> list[tuple[int, int, float, float, float]]:
    """(row, series, point, low, high) for every finite interval."""
    out = []
    for j, s in enumerate(plot.series):
        lows, highs = s.y_low or s.y, s.y_high or s.y
        for i, (y, lo, hi) in enumerate(zip(s.y, lows, highs, strict=False)):
            if math.isfinite(y) and math.isfinite(lo) and math.isfinite(hi):
                out.append((i, j, y, lo, hi))
    return out


def _interval_plot(plot: Plot) -> str:
    rows = _interval_rows(plot)
    if not rows:
        return _empty(plot)
    count = max(r[0] for r in rows) + 1
    names, per = _categories(plot, count), len(plot.series)
    row_height = 14.0 + 10.0 * per
    frame = Frame(200, 28, WIDTH - 24, 28 + row_height * count)
    xs = Scale(*domain([v for r in rows for v in r[2:]], zero=True), frame.left, frame.right)
    palette = colours(plot.series)
    body = x_axis(xs, frame, plot.y_label or plot.x_label)
    body.append(line(xs(0.0), frame.top, xs(0.0), frame.bottom, ZERO))
    for i in range(count):
        y = frame.top + (i + 0.5) * row_height
        body.append(text(frame.left - 8, y + 4, clip(names[i], 30), 'text-anchor="end"', full=names[i]))
    for i, j, point, lo, hi in rows:
        y = frame.top + i * row_height + 7 + (j + 0.5) * 10.0
        colour, name = palette[j], plot.series[j].name
        body.append(line(xs(lo), y, xs(hi), y, f'stroke="{colour}" stroke-width="2"')
                    + f'<circle cx="{px(xs(point))}" cy="{px(y)}" r="4" fill="{colour}">'
                    f"<title>{esc(name)} · {esc(names[i])}: {esc(tick_label(point))} "
                    f"[{esc(tick_label(lo))}, {esc(tick_label(hi))}]</title></circle>")
    return _svg(plot, frame.bottom + 44, body + legend(plot.series, palette, frame))


def _rows_of(plot: Plot, rows: list[int], unit: str | None) -> Plot:
    """The plot with only ``rows`` (by index), its x axis labelled with their unit."""
    def pick(values: list[float] | None) -> list[float] | None:
        return None if values is None else [values[i] for i in rows if i < len(values)]

    series = [Series(name=s.name, x=list(range(len(rows))), y=pick(s.y) or [], y_low=pick(s.y_low),
                     y_high=pick(s.y_high)) for s in plot.series]
    names = _categories(plot, max(rows) + 1)
    label = plot.y_label or plot.x_label
    return plot.model_copy(update={"series": series, "categories": [names[i] for i in rows], "units": None,
                                   "y_label": f"{label} ({unit or 'no unit'})", "x_label": ""})


def _per_unit(plot: Plot) -> list[Plot]:
    """Interval rows grouped by unit, in order of first appearance: one axis per unit."""
    groups: dict[str | None, list[int]] = {}
    for i, unit in enumerate(plot.units or []):
        groups.setdefault(unit, []).append(i)
    if len(groups) < 2:
        return [plot]
    return [_rows_of(plot, rows, unit) for unit, rows in groups.items()]


def render_plot(plot: Plot) -> str:
    """The plot as ``<svg>`` elements (no script, no external reference): one, or for an interval plot whose
    rows have different units, one per unit, so that a 0..100 score does not flatten 0..1 fractions."""
    if plot.plot == "interval":
        return "".join(_interval_plot(p) for p in _per_unit(plot))
    if plot.plot == "bar":
        return _bar_plot(plot)
    if plot.plot == "cdf":
        return _xy_plot(plot, lambda s: _ecdf(s, plot.log_x), markers=False)
    return _xy_plot(plot, lambda s: _finite(s, plot.log_x), markers=True)
