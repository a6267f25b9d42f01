"""The checklist: one module per item, each registered by id."""

from tunecheck.checks._base import Check, get_check, register_check, registered_checks
from tunecheck.checks._measure import Comparison, apply_gates, compare, compare_means, mean_aggregate, mean_stats

__all__ = [
    "Check",
    "Comparison",
    "apply_gates",
    "compare",
    "compare_means",
    "get_check",
    "mean_aggregate",
    "mean_stats",
    "register_check",
    "registered_checks",
]
