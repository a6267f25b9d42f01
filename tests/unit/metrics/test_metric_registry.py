from __future__ import annotations

import sys
import textwrap
from importlib import metadata
from pathlib import Path

import pytest

from tunecheck.metrics import (
    ENTRY_POINT_GROUP,
    METRICS,
    MeanMetric,
    Metric,
    MetricLoadError,
    UnknownMetricError,
    get_metric,
    scorer_metric,
)

LABELED = {"accuracy", "f1_macro", "f1_micro"}


def test_registry_holds_the_documented_names() -> None:
    assert set(METRICS) == {
        "exact_match",
        "accuracy",
        "f1_macro",
        "f1_micro",
        "token_f1",
        "bleu",
        "chrf",
        "rouge1",
        "rouge2",
        "rougeL",
    }


@pytest.mark.parametrize("name", sorted(METRICS))
def test_every_builtin_builds_and_scores(name: str) -> None:
    options = {"labels": ["yes", "no"]} if name in LABELED else {}
    metric = get_metric(name, **options)
    assert isinstance(metric, Metric)
    assert metric.name == name
    stats = metric.statistics(["yes", "no"], ["yes", "yes"])
    assert stats.shape[0] == 2 and stats.dtype.name == "float64"
    assert metric.per_sample(["yes", "no"], ["yes", "yes"]).shape == (2,)
    assert 0.0 <= metric.compute(["yes", "no"], ["yes", "yes"]) <= 100.0


def test_binary_flags() -> None:
    binary = {n for n in METRICS if get_metric(n, **({"labels": ["a"]} if n in LABELED else {})).binary}
    assert binary == {"exact_match", "accuracy"}


def test_unknown_name_suggests_close_matches() -> None:
    with pytest.raises(UnknownMetricError, match="did you mean 'rougeL'"):
        get_metric("rougel")
    with pytest.raises(UnknownMetricError, match=r"unknown metric 'zzz'.*Built-in metrics"):
        get_metric("zzz")


def test_option_errors_name_the_option() -> None:
    with pytest.raises(MetricLoadError, match=r"needs option\(s\) \['labels'\]"):
        get_metric("f1_macro")
    with pytest.raises(MetricLoadError, match=r"no option\(s\) \['smooth'\].*tokenize"):
        get_metric("bleu", smooth="exp")


@pytest.fixture
def plugin_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    source = textwrap.dedent(
        """
        from tunecheck.metrics import Bleu, scorer_metric

        def starts_same(prediction, reference):
            return float(prediction[:1] == reference[:1])

        def not_a_number(prediction, reference):
            return "high"

        READY = scorer_metric(starts_same, name="ready", binary=True)
        LowercaseBleu = Bleu
        NUMBER = 3
        """
    )
    (tmp_path / "my_scorers.py").write_text(source)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "my_scorers", raising=False)
    return "my_scorers"


def test_custom_function_by_import_path(plugin_module: str) -> None:
    metric = get_metric(f"{plugin_module}:starts_same", binary=True)
    assert isinstance(metric, MeanMetric)
    assert metric.name == "my_scorers:starts_same" and metric.binary
    assert metric.compute(["apple", "pear"], ["avocado", "apple"]) == 0.5


def test_custom_metric_instance_and_class(plugin_module: str) -> None:
    assert get_metric(f"{plugin_module}:READY").name == "ready"
    bleu = get_metric(f"{plugin_module}:LowercaseBleu", lowercase=True)
    assert bleu.compute(["THE CAT SAT ON A MAT"], ["the cat sat on a mat"]) == pytest.approx(100.0)
    with pytest.raises(MetricLoadError, match="takes no options"):
        get_metric(f"{plugin_module}:READY", binary=True)


def test_custom_metric_errors(plugin_module: str) -> None:
    with pytest.raises(MetricLoadError, match="cannot import module 'no_such_module'"):
        get_metric("no_such_module:f")
    with pytest.raises(MetricLoadError, match="has no attribute 'missing'"):
        get_metric(f"{plugin_module}:missing")
    with pytest.raises(MetricLoadError, match="expected a Metric"):
        get_metric(f"{plugin_module}:NUMBER")
    with pytest.raises(MetricLoadError, match=r"'module\.path:function'"):
        get_metric(":f")
    with pytest.raises(MetricLoadError, match="returned str"):
        get_metric(f"{plugin_module}:not_a_number").compute(["a"], ["a"])


def test_entry_point_metric(plugin_module: str, monkeypatch: pytest.MonkeyPatch) -> None:
    points = metadata.EntryPoints(
        [
            metadata.EntryPoint(
                name="first_letter", value=f"{plugin_module}:starts_same", group=ENTRY_POINT_GROUP
            )
        ]
    )

    def fake_entry_points(*, group: str) -> metadata.EntryPoints:
        return points if group == ENTRY_POINT_GROUP else metadata.EntryPoints([])

    monkeypatch.setattr(metadata, "entry_points", fake_entry_points)
    metric = get_metric("first_letter")
    assert metric.compute(["abc"], ["axe"]) == 1.0
    with pytest.raises(UnknownMetricError, match="did you mean 'first_letter'"):
        get_metric("first_leter")


def test_scorer_metric_declared_binary_must_return_zero_or_one() -> None:
    metric = scorer_metric(lambda p, r: 0.5, name="half", binary=True)
    with pytest.raises(ValueError, match="declared binary"):
        metric.statistics(["a"], ["b"])


def test_mean_metric_validates_inputs() -> None:
    metric = get_metric("exact_match")
    with pytest.raises(ValueError, match="2 predictions but 1 references"):
        metric.statistics(["a", "b"], ["a"])
    with pytest.raises(ValueError, match="empty list of references"):
        metric.statistics(["a"], [[]])
    nan_metric = scorer_metric(lambda p, r: float("nan"), name="nan")
    with pytest.raises(ValueError, match="returned nan"):
        nan_metric.compute(["a"], ["a"])
