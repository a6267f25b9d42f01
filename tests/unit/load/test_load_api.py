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


def test_one_slo_model_serves_the_run_file_the_flags_and_the_generator() -> None:
    import inspect

    from tunecheck.config import LoadSettings, SloSpec
    from tunecheck.load import load_command

    parameters = inspect.signature(load_command).parameters
    flags = {name.removeprefix("slo_") for name in parameters if name.startswith("slo_")}
    assert flags == set(SloSpec.model_fields)
    assert tunecheck.load.SloSpec is SloSpec
    assert LoadSettings.model_fields["slo"].annotation is SloSpec
    assert tunecheck.load.LoadSpec(url="http://127.0.0.1:1/v1", model="m", prompts=["hi"], requests=1).slo.is_empty
