"""A backend from another package, found through the ``tunecheck.backends`` entry point group."""

from __future__ import annotations

from pathlib import Path

import pytest

from tunecheck.backends import ENTRY_POINT_GROUP, BackendContext, GenerationParams, GenerationRequest, create_backend
from tunecheck.config import PluginSpec, RunConfig
from tunecheck.errors import BackendError
from tunecheck.session import identify
from tunecheck.testing import write_distribution

PROVIDER = '''
from tunecheck.backends import FakeBackend, FakeScript


def make(spec, context):
    shout = bool(spec.options.get("shout"))
    def respond(request):
        text = f"{spec.model} answers {request.prompt}"
        return text.upper() if shout else text
    return FakeBackend(FakeScript(respond, model=spec.model))


def not_a_backend(spec, context):
    return object()
'''


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A distribution installed on sys.path, declaring two providers as a package's pyproject would."""
    write_distribution(tmp_path, "acme_backend", PROVIDER,
                       {ENTRY_POINT_GROUP: {"acme": "acme_backend:make", "broken": "acme_backend:not_a_backend"}})
    monkeypatch.syspath_prepend(str(tmp_path))
    return tmp_path


def _generate(spec: PluginSpec, base_dir: Path) -> str:
    backend = create_backend(spec, BackendContext(base_dir, "candidate"))
    [(_, generation)] = list(backend.generate([GenerationRequest("hello", GenerationParams())]))
    return generation.text


def test_a_plugin_backend_answers_with_its_options(installed: Path) -> None:
    assert _generate(PluginSpec(provider="acme", model="m1"), installed) == "m1 answers hello"
    assert _generate(PluginSpec(provider="acme", model="m1", options={"shout": True}), installed) == "M1 ANSWERS HELLO"


def test_an_unknown_provider_names_the_installed_ones(installed: Path) -> None:
    with pytest.raises(BackendError, match=r"unknown backend provider 'acne' \(did you mean 'acme'\?\)"):
        create_backend(PluginSpec(provider="acne", model="m"), BackendContext(installed, "candidate"))


def test_a_provider_that_returns_no_backend_is_refused(installed: Path) -> None:
    with pytest.raises(BackendError, match=r"returned a object, not a tunecheck\.backends\.Backend"):
        create_backend(PluginSpec(provider="broken", model="m"), BackendContext(installed, "candidate"))


def test_a_plugin_model_is_identified_by_content_where_it_is_local(tmp_path: Path) -> None:
    weights = tmp_path / "weights.bin"
    weights.write_bytes(b"abc")
    local = identify(PluginSpec(provider="acme", model="weights.bin"), tmp_path, "candidate")
    named = identify(PluginSpec(provider="acme", model="org/remote-model", adapter="org/adapter"), tmp_path, "c")
    assert dict(local.parts)["model"].startswith("sha256:")
    assert dict(named.parts) == {"provider": "acme", "model": "org/remote-model", "adapter": "org/adapter"}


def test_candidate_and_baseline_plugins_must_share_their_options() -> None:
    run = {"version": 1, "checks": {"latency": {}}}
    with pytest.raises(ValueError, match="differ in options"):
        RunConfig.model_validate({**run, "candidate": {"kind": "plugin", "provider": "acme", "model": "a",
                                                       "options": {"shout": True}},
                                  "baseline": {"kind": "plugin", "provider": "acme", "model": "b"}})
