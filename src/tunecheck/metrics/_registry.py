"""The one registry of built-in metrics, and lookup by name."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from tunecheck.errors import TunecheckError, unknown_name
from tunecheck.metrics._base import Metric
from tunecheck.metrics._classification import accuracy, f1_macro, f1_micro
from tunecheck.metrics._custom import (
    ENTRY_POINT_GROUP,
    call_with_options,
    entry_point_names,
    load_custom_metric,
)
from tunecheck.metrics._match import exact_match, token_f1
from tunecheck.metrics._rouge import rouge1, rouge2, rouge_l
from tunecheck.metrics._sacrebleu import Bleu, Chrf

#: Builds a metric from keyword options (e.g. ``labels=[...]`` for label-set metrics).
MetricFactory = Callable[..., Metric]


def bleu(*, tokenize: str = "13a", lowercase: bool = False) -> Metric:
    """Corpus BLEU via sacrebleu (0-100)."""
    return Bleu(tokenize=tokenize, lowercase=lowercase)


def chrf(*, word_order: int = 0, lowercase: bool = False) -> Metric:
    """Corpus chrF via sacrebleu (0-100); ``word_order=2`` gives chrF++."""
    return Chrf(word_order=word_order, lowercase=lowercase)


METRICS: Mapping[str, MetricFactory] = MappingProxyType(
    {
        "exact_match": exact_match,
        "accuracy": accuracy,
        "f1_macro": f1_macro,
        "f1_micro": f1_micro,
        "token_f1": token_f1,
        "bleu": bleu,
        "chrf": chrf,
        "rouge1": rouge1,
        "rouge2": rouge2,
        "rougeL": rouge_l,
    }
)

LABEL_METRICS: frozenset[str] = frozenset({"accuracy", "f1_macro", "f1_micro"})
"""The metrics of ``METRICS`` that compare labels and so need the output's label set (``labels=[...]``)."""


class UnknownMetricError(TunecheckError, KeyError):
    """No built-in metric, import path or entry point has this name."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def get_metric(name: str, **options: object) -> Metric:
    """The metric called ``name``, built with ``options``.

    ``name`` is a built-in name (see :data:`METRICS`), an import path ``module:function``,
    or the name of an entry point in the ``tunecheck.metrics`` group. Label-set metrics
    need ``labels=[...]``, e.g. ``get_metric("f1_macro", labels=["pos", "neg"])``.
    """
    factory = METRICS.get(name)
    if factory is not None:
        return call_with_options(factory, f"metric {name!r}", options)
    custom = load_custom_metric(name, **options)
    if custom is not None:
        return custom
    known = [*METRICS, *entry_point_names()]
    msg = (
        f"{unknown_name('metric', name, known)}. Built-in metrics: {', '.join(METRICS)}; custom "
        f"metrics are 'module:function' import paths or '{ENTRY_POINT_GROUP}' entry points."
    )
    raise UnknownMetricError(msg)
