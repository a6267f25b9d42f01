from __future__ import annotations

import math
from collections.abc import Callable
from itertools import pairwise
from typing import TYPE_CHECKING

import pytest

from tunecheck.report import Plot, Series
from tunecheck.report._svg import render_plot
from tunecheck.report._svg_axes import Scale, _log_ticks, _nice_ticks, colours

if TYPE_CHECKING:
    from conftest import Element, HtmlTree

    Draw = Callable[[Plot], HtmlTree]


@pytest.fixture
def draw(parse_html: Callable[[str], HtmlTree]) -> Draw:
    """Render one plot and parse it: exactly one well-formed <svg> element."""
    def run(plot: Plot) -> HtmlTree:
        doc = parse_html(render_plot(plot))
        assert doc.elements[0].tag == "svg"
        assert len(doc.find("svg")) == 1
        return doc

    return run


def points(element: Element) -> list[tuple[float, float]]:
    pairs = [p.split(",") for p in element.attrs["points"].split()]
    return [(float(x), float(y)) for x, y in pairs]


def test_interval_plot_has_a_zero_line_between_negative_and_positive_deltas(draw: Draw) -> None:
    deltas = Series(name="delta", x=[0, 1, 2], y=[-0.1, 0.2, 0.05], y_low=[-0.2, 0.1, -0.01],
                    y_high=[0.0, 0.3, 0.11])
    doc = draw(Plot(title="deltas", plot="interval", y_label="candidate - baseline",
                    categories=["a", "b", "c"], series=[deltas]))
    circles = doc.find("circle")
    assert len(circles) == 3
    zero = [e for e in doc.find("line") if "stroke-dasharray" in e.attrs]
    assert len(zero) == 1
    x0 = float(zero[0].attrs["x1"])
    assert float(circles[0].attrs["cx"]) < x0 < float(circles[1].attrs["cx"])
    spans = [e for e in doc.find("line") if e.attrs.get("stroke-width") == "2"]
    assert float(spans[2].attrs["x1"]) < x0 < float(spans[2].attrs["x2"])
    assert {"a", "b", "c", "candidate - baseline"} <= set(doc.data)


def test_grouped_bars_are_proportional_and_labelled(draw: Draw) -> None:
    doc = draw(Plot(title="per category", plot="bar", categories=["x", "y", "z"],
                    series=[Series(name="candidate", x=[0, 1, 2], y=[0.9, 0.45, 0.3]),
                            Series(name="baseline", x=[0, 1, 2], y=[0.6, 0.5, 0.0])]))
    bars = [e for e in doc.find("rect") if e.attrs.get("width") != "10"]
    assert len(bars) == 6
    assert float(bars[0].attrs["height"]) / float(bars[2].attrs["height"]) == pytest.approx(2.0, rel=0.01)
    assert bars[0].attrs["fill"] != bars[1].attrs["fill"]
    assert {"x", "y", "z", "candidate", "baseline"} <= set(doc.data)


def test_many_categories_get_rotated_clipped_labels_with_the_full_name_as_tooltip(draw: Draw) -> None:
    names = [f"category number {i} with a long name" for i in range(8)]
    series = Series(name="s", x=list(range(8)), y=[1.0] * 8)
    doc = draw(Plot(title="t", plot="bar", categories=names, series=[series]))
    rotated = [e for e in doc.find("text") if "rotate(-35)" in e.attrs.get("transform", "")]
    assert len(rotated) == 8
    assert all(name in doc.data for name in names)


def test_log_x_line_plot_spaces_decades_evenly_and_drops_non_positive_x(draw: Draw) -> None:
    doc = draw(Plot(title="latency vs load", plot="line", log_x=True,
                    series=[Series(name="p95", x=[0, 1, 10, 100, 1000], y=[5, 5, 6, 8, 20])]))
    xs = [x for x, _ in points(doc.find("polyline")[0])]
    assert len(xs) == 4
    gaps = [b - a for a, b in pairwise(xs)]
    assert gaps == pytest.approx([gaps[0]] * 3, abs=0.2)
    assert {"1", "10", "100", "1000"} <= set(doc.data)


def test_line_plot_draws_a_band_for_y_low_and_y_high(draw: Draw) -> None:
    band = Series(name="loss", x=[1, 2, 3], y=[1.0, 0.8, 0.7], y_low=[0.9, 0.7, 0.6], y_high=[1.1, 0.9, 0.8])
    val = Series(name="val", x=[1, 2, 3], y=[1.1, 1, 1])
    doc = draw(Plot(title="training", plot="line", series=[band, val]))
    assert len(doc.find("polygon")) == 1
    assert len(doc.find("polyline")) == 2
    assert len(doc.find("circle")) == 6


def test_cdf_from_raw_values_is_a_monotone_staircase(draw: Draw) -> None:
    doc = draw(Plot(title="ttft", plot="cdf", series=[Series(name="ttft", x=[3.0, 1.0, 2.0, 2.0], y=[])]))
    coords = points(doc.find("polyline")[0])
    assert len(coords) == 8
    assert all(b[0] >= a[0] for a, b in pairwise(coords))
    assert all(b[1] <= a[1] for a, b in pairwise(coords))


@pytest.mark.parametrize("kind", ["line", "bar", "cdf", "interval"])
def test_plots_without_finite_values_say_so(kind: str, draw: Draw) -> None:
    series = Series(name="s", x=[math.nan, 1.0], y=[math.inf, math.nan], y_low=[math.nan] * 2,
                    y_high=[1.0, 2.0])
    if kind == "cdf":
        series = Series(name="s", x=[], y=[])
    doc = draw(Plot(title="empty", plot=kind, series=[series]))
    assert "empty: no finite values to plot" in doc.data


@pytest.mark.parametrize("kind", ["line", "bar", "cdf", "interval"])
def test_hostile_strings_in_a_plot_are_text(kind: str, draw: Draw, hostile: Callable[[str], str]) -> None:
    doc = draw(Plot(title=hostile("title"), plot=kind, x_label=hostile("x"), y_label=hostile("y"),
                    categories=[hostile("category")],
                    series=[Series(name=hostile("one"), x=[1.0], y=[0.5], y_low=[0.4], y_high=[0.6]),
                            Series(name=hostile("two"), x=[1.0], y=[0.7], y_low=[0.6], y_high=[0.8])]))
    assert {e.tag for e in doc.elements} <= {"svg", "title", "line", "text", "rect", "circle", "polyline",
                                             "polygon"}
    assert not any(name.startswith("on") for e in doc.elements for name in e.attrs)
    for name in ("title", "one", "two"):
        assert hostile(name) in doc.text


def test_nice_and_log_ticks() -> None:
    assert _nice_ticks(0.0, 1.0) == pytest.approx([0.0, 0.2, 0.4, 0.6, 0.8, 1.0])
    assert _nice_ticks(-0.03, 0.12) == pytest.approx([-0.025, 0.0, 0.025, 0.05, 0.075, 0.1])
    assert _log_ticks(1.0, 1000.0) == [1.0, 10.0, 100.0, 1000.0]
    assert _log_ticks(10.0, 60.0) == [10.0, 20.0, 50.0]
    assert Scale(1.0, 100.0, 0.0, 200.0, log=True)(10.0) == pytest.approx(100.0)


def test_candidate_and_baseline_keep_their_colours() -> None:
    cand, base, other = (Series(name=n, x=[], y=[]) for n in ("candidate", "baseline", "p99"))
    first = colours([cand, base, other])
    assert colours([other, base, cand]) == first[::-1]
    assert len(set(first)) == 3
