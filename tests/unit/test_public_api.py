"""The package's public names are pinned: adding or removing one is a deliberate change."""

from __future__ import annotations

import tunecheck

PUBLIC = [
    "EXIT_CODES", "BackendError", "CheckResult", "ConfigError", "DataError", "Measurement", "Report", "RunConfig",
    "RunOutcome", "TunecheckError", "Verdict", "__version__", "load_config", "rerender", "run", "schema_json",
]


def test_the_public_names_are_pinned() -> None:
    assert sorted(tunecheck.__all__) == sorted(PUBLIC)


def test_every_public_name_resolves() -> None:
    missing = [name for name in tunecheck.__all__ if not hasattr(tunecheck, name)]
    assert missing == []


def test_the_exit_codes_are_the_documented_ones() -> None:
    assert tunecheck.EXIT_CODES == {"GO": 0, "NO-GO": 10, "INCONCLUSIVE": 20}
