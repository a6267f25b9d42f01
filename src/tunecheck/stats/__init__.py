"""Statistics for candidate-vs-baseline comparisons: bootstrap, exact binomial and paired-binary
methods, t intervals (cluster-robust for clustered samples), distribution-free percentile bounds, Holm, power."""

from tunecheck.stats._betting import betting_interval, betting_p_above, betting_p_below
from tunecheck.stats._binomial import (
    clopper_pearson,
    log_ratio,
    p_at_least,
    p_at_most,
    rate_p_above,
    rate_p_below,
    sign_test_p,
    trials_for_bound,
)
from tunecheck.stats._bootstrap import (
    Aggregate,
    BootstrapCI,
    Interval,
    PairedBootstrap,
    bootstrap_ci,
    floored_share,
    paired_bootstrap,
    percentile_interval,
)
from tunecheck.stats._cluster import (
    cluster_ids,
    cluster_moments,
    cluster_t_interval,
    cluster_t_p_above,
    cluster_t_p_below,
    design_effect,
    grouping,
    summed_by_cluster,
)
from tunecheck.stats._mcnemar import McNemarResult, mcnemar_exact
from tunecheck.stats._multiple import holm
from tunecheck.stats._paired_binary import (
    exact_p_above,
    exact_p_below,
    tango_interval,
    tango_p_above,
    tango_p_below,
    tango_z,
)
from tunecheck.stats._power import samples_needed
from tunecheck.stats._quantile import draws_for_quantile, quantile_bounds, quantile_p_above, quantile_p_below
from tunecheck.stats._resample import resampled_sums
from tunecheck.stats._tdist import sd, t_interval, t_p_above, t_p_below

__all__ = [
    "Aggregate",
    "BootstrapCI",
    "Interval",
    "McNemarResult",
    "PairedBootstrap",
    "betting_interval",
    "betting_p_above",
    "betting_p_below",
    "bootstrap_ci",
    "clopper_pearson",
    "cluster_ids",
    "cluster_moments",
    "cluster_t_interval",
    "cluster_t_p_above",
    "cluster_t_p_below",
    "design_effect",
    "draws_for_quantile",
    "exact_p_above",
    "exact_p_below",
    "floored_share",
    "grouping",
    "holm",
    "log_ratio",
    "mcnemar_exact",
    "p_at_least",
    "p_at_most",
    "paired_bootstrap",
    "percentile_interval",
    "quantile_bounds",
    "quantile_p_above",
    "quantile_p_below",
    "rate_p_above",
    "rate_p_below",
    "resampled_sums",
    "samples_needed",
    "sd",
    "sign_test_p",
    "summed_by_cluster",
    "t_interval",
    "t_p_above",
    "t_p_below",
    "tango_interval",
    "tango_p_above",
    "tango_p_below",
    "tango_z",
    "trials_for_bound",
]
