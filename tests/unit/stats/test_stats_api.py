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
        "bootstrap_ci",
        "holm",
        "mcnemar_exact",
        "paired_bootstrap",
        "samples_needed",
    }
    for name in tunecheck.stats.__all__:
        assert hasattr(tunecheck.stats, name), name
