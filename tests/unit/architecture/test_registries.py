"""One registration per seam: the registries and the run-file schema name the same things."""

from __future__ import annotations

import typing
from pathlib import Path

import tomllib

from tunecheck.backends import registered_kinds
from tunecheck.backends._registry import _EXTRAS
from tunecheck.checks import get_check, registered_checks
from tunecheck.config import CHECK_IDS, BackendSpec, ChecksConfig, RunConfig
from tunecheck.metrics import LABEL_METRICS, METRICS

ROOT = Path(__file__).resolve().parents[3]


def _spec_classes() -> list[type]:
    union = typing.get_args(BackendSpec)[0]
    return list(typing.get_args(union))


def test_every_check_id_has_a_settings_field_and_a_registered_check() -> None:
    assert tuple(name for name in ChecksConfig.model_fields if name != "plugins") == CHECK_IDS
    for check_id in CHECK_IDS:
        assert get_check(check_id).id == check_id
    assert sorted(registered_checks()) == sorted(CHECK_IDS)


def test_every_backend_spec_has_one_factory_and_the_factories_no_other_kind() -> None:
    kinds = sorted(spec.model_fields["kind"].default for spec in _spec_classes())
    assert registered_kinds() == kinds


def test_every_backend_spec_names_its_identity_fields_among_its_own() -> None:
    for spec in _spec_classes():
        identity = spec.identity_fields  # type: ignore[attr-defined]
        assert "model" in identity or "path" in identity, spec.__name__
        assert identity <= set(spec.model_fields), f"{spec.__name__}: {sorted(identity - set(spec.model_fields))}"


def test_the_install_hints_name_extras_that_exist() -> None:
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert set(_EXTRAS) <= set(registered_kinds())
    assert set(_EXTRAS.values()) <= set(extras)


def test_the_label_metrics_are_registered_metrics() -> None:
    assert set(METRICS) >= LABEL_METRICS


def test_the_run_file_schema_offers_every_check_and_backend_kind() -> None:
    schema = RunConfig.model_json_schema()
    checks = schema["$defs"]["ChecksConfig"]["properties"]
    assert sorted(checks) == sorted([*CHECK_IDS, "plugins"])
    kinds = {spec.model_fields["kind"].default for spec in _spec_classes()}
    mapping = schema["properties"]["candidate"]["discriminator"]["mapping"]
    assert set(mapping) == kinds


def test_every_check_runs_on_the_settings_model_the_run_file_gives_it() -> None:
    for check_id in CHECK_IDS:
        check = get_check(check_id)
        expected = typing.get_args(ChecksConfig.model_fields[check_id].annotation)[0]
        assert typing.get_type_hints(type(check).run)["settings"] is expected, check_id
