"""The checklist: one module per item, each registered by id."""

from tunecheck.checks._base import Check, CheckOutput, get_check, register_check, registered_checks
from tunecheck.checks._measure import compare, compare_means, mean_aggregate, mean_stats
from tunecheck.verdict import Comparison

__all__ = [
    "Check",
    "CheckOutput",
    "Comparison",
    "compare",
    "compare_means",
    "get_check",
    "mean_aggregate",
    "mean_stats",
    "register_check",
    "registered_checks",
]
