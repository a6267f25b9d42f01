"""The verdict: gate statistics on each measurement's evidence, and the policy that decides."""

from tunecheck.verdict._evidence import (
    ClusteredMean,
    Evidence,
    Mean,
    Observed,
    PairedBinary,
    PairedMean,
    PairedResampled,
    Quantile,
    Rate,
    Resampled,
)
from tunecheck.verdict._explain import explain
from tunecheck.verdict._gates import Comparison, attach_gates, gate_statistics
from tunecheck.verdict._policy import decide, null_comparison

__all__ = [
    "ClusteredMean",
    "Comparison",
    "Evidence",
    "Mean",
    "Observed",
    "PairedBinary",
    "PairedMean",
    "PairedResampled",
    "Quantile",
    "Rate",
    "Resampled",
    "attach_gates",
    "decide",
    "explain",
    "gate_statistics",
    "null_comparison",
]
