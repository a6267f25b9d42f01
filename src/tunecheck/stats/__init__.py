"""Paired statistics for candidate-vs-baseline comparisons: bootstrap, McNemar, Holm, power."""

from tunecheck.stats._bootstrap import (
    Aggregate,
    BootstrapCI,
    Interval,
    PairedBootstrap,
    bootstrap_ci,
    paired_bootstrap,
)
from tunecheck.stats._mcnemar import McNemarResult, mcnemar_exact
from tunecheck.stats._multiple import holm
from tunecheck.stats._power import samples_needed

__all__ = [
    "Aggregate",
    "BootstrapCI",
    "Interval",
    "McNemarResult",
    "PairedBootstrap",
    "bootstrap_ci",
    "holm",
    "mcnemar_exact",
    "paired_bootstrap",
    "samples_needed",
]
