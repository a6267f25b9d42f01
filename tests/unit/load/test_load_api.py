"""The public names of tunecheck.load."""

from __future__ import annotations

import tunecheck.load


def test_public_names_are_pinned() -> None:
    assert sorted(tunecheck.load.__all__) == sorted([
        "RECORDS_FILE", "RESULT_FILE", "CapacitySearch", "ClientHealth", "Distribution", "EndpointKind",
        "GeneratorSettings", "LevelResult", "LoadEngine", "LoadError", "LoadLevel", "LoadProgress",
        "LoadResult", "LoadSpec", "LoopKind", "ProgressCallback", "RequestRecord", "SloOutcome", "SloSpec",
        "SloStatus", "TokenSource", "Tokenizer", "capacity_of", "find_capacity", "load_command", "poisson_schedule",
        "read_records", "read_result", "run_load", "write_result",
    ])
    for name in tunecheck.load.__all__:
        assert hasattr(tunecheck.load, name), name
