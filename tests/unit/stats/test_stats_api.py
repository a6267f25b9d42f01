from __future__ import annotations

import tunecheck.stats


def test_public_names_are_pinned() -> None:
    assert len(set(tunecheck.stats.__all__)) == len(tunecheck.stats.__all__)
    assert set(tunecheck.stats.__all__) == {
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
        "resampled_sums",
        "rate_p_below",
        "samples_needed",
        "summed_by_cluster",
        "sd",
        "sign_test_p",
        "t_interval",
        "t_p_above",
        "t_p_below",
        "tango_interval",
        "tango_p_above",
        "tango_p_below",
        "tango_z",
        "trials_for_bound",
    }
    for name in tunecheck.stats.__all__:
        assert hasattr(tunecheck.stats, name), name
