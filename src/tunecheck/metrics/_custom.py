"""User-provided metrics, loaded by import path or from installed entry points."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from importlib import metadata

from tunecheck.errors import TunecheckError
from tunecheck.metrics._base import MeanMetric, Metric, Reference

#: Entry point group under which installed packages publish metrics.
ENTRY_POINT_GROUP = "tunecheck.metrics"


class MetricLoadError(TunecheckError, ValueError):
    """A custom metric could not be imported or is not usable as a metric."""


def scorer_metric(
    scorer: Callable[[str, Reference], float],
    *,
    name: str,
    higher_is_better: bool = True,
    binary: bool = False,
    unit: str = "score",
) -> MeanMetric:
    """Wrap a per-sample scorer ``(prediction, reference) -> float`` as a mean metric.

    ``reference`` is a string or a sequence of acceptable strings. Declare ``binary=True``
    only if the scorer returns 0/1 (then McNemar's test applies).
    """
    return MeanMetric(name=name, scorer=scorer, higher_is_better=higher_is_better, binary=binary, unit=unit)


def entry_point_names() -> list[str]:
    """Names of the metrics published under the ``tunecheck.metrics`` entry point group."""
    return sorted(ep.name for ep in metadata.entry_points(group=ENTRY_POINT_GROUP))


def load_custom_metric(spec: str, **options: object) -> Metric | None:
    """Load ``module:attribute`` or an entry point name; ``None`` if the name is unknown.

    The loaded object may be a :class:`Metric` instance (used as is), a ``Metric``
    subclass (instantiated with ``options``), or a plain function scoring one sample,
    ``(prediction, reference) -> float``, wrapped by :func:`scorer_metric` (``options``:
    ``higher_is_better``, ``binary``, ``unit``).
    """
    if ":" in spec:
        target = _import_target(spec)
    else:
        found = [ep for ep in metadata.entry_points(group=ENTRY_POINT_GROUP) if ep.name == spec]
        if not found:
            return None
        target = _load_entry_point(found[0])
    return _as_metric(target, spec, options)


def _import_target(spec: str) -> object:
    module_name, _, attribute = spec.partition(":")
    if not module_name or not attribute:
        msg = f"custom metric {spec!r} must be written 'module.path:function'"
        raise MetricLoadError(msg)
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        msg = f"custom metric {spec!r}: cannot import module {module_name!r} ({exc})"
        raise MetricLoadError(msg) from exc
    target: object = module
    for part in attribute.split("."):
        if not hasattr(target, part):
            msg = f"custom metric {spec!r}: module {module_name!r} has no attribute {attribute!r}"
            raise MetricLoadError(msg)
        target = getattr(target, part)
    return target


def _load_entry_point(entry_point: metadata.EntryPoint) -> object:
    try:
        target: object = entry_point.load()
    except Exception as exc:
        msg = (
            f"entry point {entry_point.name!r} ({entry_point.value}) in group "
            f"{ENTRY_POINT_GROUP!r} failed to load: {exc}"
        )
        raise MetricLoadError(msg) from exc
    return target


def _as_metric(target: object, spec: str, options: dict[str, object]) -> Metric:
    if isinstance(target, Metric):
        if options:
            msg = f"custom metric {spec!r} is a ready metric and takes no options, got {sorted(options)}"
            raise MetricLoadError(msg)
        return target
    if isinstance(target, type) and issubclass(target, Metric):
        return _call(target, spec, options)
    if callable(target):
        return _call(_scorer_factory(target, spec), spec, options)
    msg = (
        f"custom metric {spec!r} is a {type(target).__name__}; expected a Metric, a Metric "
        "subclass, or a function (prediction, reference) -> float"
    )
    raise MetricLoadError(msg)


def _scorer_factory(scorer: Callable[..., object], spec: str) -> Callable[..., Metric]:
    def build(*, higher_is_better: bool = True, binary: bool = False, unit: str = "score") -> Metric:
        def score(prediction: str, reference: Reference) -> float:
            result = scorer(prediction, reference)
            if not isinstance(result, int | float):
                msg = f"custom metric {spec!r} returned {type(result).__name__}, expected a number"
                raise MetricLoadError(msg)
            return float(result)

        return scorer_metric(score, name=spec, higher_is_better=higher_is_better, binary=binary, unit=unit)

    return build


def _call(factory: Callable[..., Metric], spec: str, options: dict[str, object]) -> Metric:
    return call_with_options(factory, f"custom metric {spec!r}", options)


def call_with_options(factory: Callable[..., Metric], what: str, options: dict[str, object]) -> Metric:
    """Call a metric factory with keyword options, naming unknown or missing options."""
    params = list(inspect.signature(factory).parameters.values())
    named = [p for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    if not any(p.kind is p.VAR_KEYWORD for p in params):
        unknown = sorted(set(options) - {p.name for p in named})
        if unknown:
            valid = [p.name for p in named] or "none"
            msg = f"{what} has no option(s) {unknown}; valid options: {valid}"
            raise MetricLoadError(msg)
    missing = [p.name for p in named if p.default is p.empty and p.name not in options]
    if missing:
        msg = f"{what} needs option(s) {missing}"
        raise MetricLoadError(msg)
    return factory(**options)
