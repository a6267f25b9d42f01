"""What a model's identity is made of: local files by content, hub ids by commit, servers by endpoint.

No model is loaded: identities are computed from the run file's specs (a local model and
adapter directory of small files, a hub id answered by a stand-in for the hub or by a
stand-in Hugging Face cache, since no hub is reachable from the test machines). Two chat
servers serving one model name run a whole checklist.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from huggingface_hub import constants

import tunecheck.models._digest as digest
from tunecheck.backends import FakeScript
from tunecheck.backends._openai import served_entry
from tunecheck.config import HFSpec, LlamaCppSpec, OpenAISpec, ReplaySpec
from tunecheck.errors import ConfigError
from tunecheck.models import CACHE_ENV, sha256_file
from tunecheck.runner._run import run
from tunecheck.session import ModelIdentity
from tunecheck.session._identity import identify
from tunecheck.testing import fake_config, fake_session

COMMIT = "0123456789abcdef0123456789abcdef01234567"


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(digest, "_MEMORY", {})
    return tmp_path / "cache"


def _model_dirs(tmp_path: Path) -> tuple[Path, Path]:
    model, adapter = tmp_path / "base", tmp_path / "adapter"
    for directory, files in ((model, ("config.json", "tokenizer.json", "model.safetensors")),
                             (adapter, ("adapter_config.json", "adapter_model.safetensors"))):
        directory.mkdir()
        for name in files:
            (directory / name).write_bytes(f"{name} v1 ".encode() * 100)
    return model, adapter


def test_an_adapter_rewritten_in_place_is_a_new_model(tmp_path: Path, cache: Path) -> None:
    model, adapter = _model_dirs(tmp_path)
    spec = HFSpec(model=str(model), adapter="adapter")
    before = identify(spec, tmp_path, "candidate")
    assert [name for name, _ in before.parts] == ["weights", "adapter"]
    (adapter / "README.md").write_text("a note")
    (adapter / "optimizer.pt").write_bytes(b"training state")
    assert identify(spec, tmp_path, "candidate") == before, "notes and training state do not change answers"
    weights = adapter / "adapter_model.safetensors"
    stat = weights.stat()
    data = bytearray(weights.read_bytes())
    data[10] ^= 1  # one byte of one tensor, same size, same modification time
    weights.write_bytes(bytes(data))
    os.utime(weights, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    after = identify(spec, tmp_path, "candidate")
    assert after.parts[0] == before.parts[0] and after.parts[1] != before.parts[1]
    assert identify(HFSpec(model=str(model)), tmp_path, "baseline").digest != after.digest


def test_a_file_is_read_once_per_version(tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[Path] = []
    real = digest._hash

    def counting(path: Path) -> str:
        reads.append(path)
        return real(path)

    monkeypatch.setattr(digest, "_hash", counting)
    weights = tmp_path / "model.gguf"
    weights.write_bytes(b"GGUF" + bytes(4096))
    first = sha256_file(weights)
    monkeypatch.setattr(digest, "_MEMORY", {})  # a later process: only the disk cache is left
    assert sha256_file(weights) == first
    assert len(reads) == 1
    weights.write_bytes(b"GGUF" + bytes(4095) + b"\x01")
    assert sha256_file(weights) != first
    assert len(reads) == 2
    assert list((cache / "digests").iterdir())


def test_local_gguf_and_lora_files_are_hashed(tmp_path: Path, cache: Path) -> None:
    (tmp_path / "m.gguf").write_bytes(b"GGUF weights")
    (tmp_path / "l.gguf").write_bytes(b"GGUF lora")
    plain = identify(LlamaCppSpec(model="m.gguf"), tmp_path, "baseline")
    tuned = identify(LlamaCppSpec(model="m.gguf", lora="l.gguf"), tmp_path, "candidate")
    assert plain.parts == (("weights", f"sha256:{sha256_file(tmp_path / 'm.gguf')}"),)
    assert tuned.parts[1] == ("lora", f"sha256:{sha256_file(tmp_path / 'l.gguf')}")
    with pytest.raises(ConfigError, match="candidate: cannot identify the model"):
        identify(ReplaySpec(path=Path("missing.jsonl")), tmp_path, "candidate")


def test_a_hub_branch_is_resolved_to_its_commit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import huggingface_hub

    asked: list[tuple[str, str]] = []

    def model_info(repo: str, revision: str) -> SimpleNamespace:
        asked.append((repo, revision))
        return SimpleNamespace(sha=COMMIT if revision == "main" else "f" * 40)

    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)
    monkeypatch.setattr(huggingface_hub, "model_info", model_info)
    found = identify(HFSpec(model="org/base", adapter="org/tuned"), tmp_path, "candidate")
    assert found.parts == (("weights", f"hub:org/base@{COMMIT}"), ("weights revision", f"main → {COMMIT}"),
                           ("adapter", f"hub:org/tuned@{COMMIT}"), ("adapter revision", f"main → {COMMIT}"))
    assert found.shown()["weights"] == "hub:org/base@0123456789ab"
    assert identify(HFSpec(model="org/base", revision="v2"), tmp_path, "x").parts[0] == ("weights",
                                                                                         f"hub:org/base@{'f' * 40}")
    assert identify(HFSpec(model="org/base", revision=COMMIT), tmp_path, "x").parts[1][1] == f"{COMMIT} → {COMMIT}"
    assert asked == [("org/base", "main"), ("org/tuned", "main"), ("org/base", "v2")]


def test_offline_a_hub_id_is_the_commit_the_local_cache_recorded(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    hub_cache = tmp_path / "hub"
    refs = hub_cache / "models--org--base" / "refs"
    refs.mkdir(parents=True)
    (refs / "main").write_text(COMMIT)
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(hub_cache))
    assert identify(HFSpec(model="org/base"), tmp_path, "baseline").parts[0] == ("weights", f"hub:org/base@{COMMIT}")
    with pytest.raises(ConfigError, match=r"baseline: .*hub model 'org/base' at revision 'dev'.*no record of it"):
        identify(HFSpec(model="org/base", revision="dev"), tmp_path, "baseline")


def test_a_server_is_its_endpoint_its_model_and_what_it_reports(tmp_path: Path) -> None:
    one = identify(OpenAISpec(base_url="http://a:8000/v1/", model="m"), tmp_path, "candidate")
    assert one.parts == (("endpoint", "http://a:8000/v1"), ("served model", "m"))
    assert one != identify(OpenAISpec(base_url="http://b:8000/v1", model="m"), tmp_path, "baseline")
    body: dict[str, object] = {"data": [{"id": "m", "created": 171, "root": "/models/m", "max_model_len": 4096,
                                         "permission": [{"id": "modelperm-1a2b"}]}, {"id": "other"}]}
    assert served_entry(body, "m") == (("served", '{"id": "m", "max_model_len": 4096, "root": "/models/m"}'),)
    assert served_entry(body, "x") == (("served", "'x' is not listed by /models (it lists m, other)"),)


def test_a_launched_server_is_its_model_and_lora_files(tmp_path: Path, cache: Path) -> None:
    (tmp_path / "m.gguf").write_bytes(b"GGUF weights")
    (tmp_path / "l.gguf").write_bytes(b"GGUF lora")
    launch = {"model": "m.gguf", "lora": "l.gguf", "port": 8123}
    found = identify(OpenAISpec.model_validate({"model": "tuned", "launch": launch}), tmp_path, "candidate")
    assert found.parts == (("endpoint", "launched llama-cpp-python server"), ("served model", "tuned"),
                           ("weights", f"sha256:{sha256_file(tmp_path / 'm.gguf')}"),
                           ("lora", f"sha256:{sha256_file(tmp_path / 'l.gguf')}"))
    elsewhere = identify(OpenAISpec.model_validate({"model": "tuned", "launch": {**launch, "port": 9000}}),
                         tmp_path, "candidate")
    assert elsewhere == found, "a launched server's port is not part of the model"


def test_two_servers_with_one_model_name_keep_their_answers_apart(
        tmp_path: Path, chat_servers: Callable[..., Any], ticket_project: Callable[[str, str, int], Path]) -> None:
    """Before: the baseline server received only its start-up probe and the candidate's answers were scored twice."""
    tuned = chat_servers(lambda model: "Queue: billing", models=("m",), delay_s=0.0)
    base = chat_servers(lambda model: "Queue: shipping", models=("m",), delay_s=0.0)
    spec = '{kind: openai, base_url: "%s", model: m, endpoint: chat, max_retries: 0}'
    config = ticket_project(spec % tuned.url, spec % base.url, 12)
    outcome = run(config, out=tmp_path / "run")
    m = outcome.report.checks["task"].measurements[0]
    assert (m.candidate, m.baseline) == (1.0, 0.0)
    assert len(tuned.completed) == len(base.completed) == 12
    assert outcome.report.baseline.identity["endpoint"] == base.url
    assert json.loads(outcome.report.baseline.identity["served"]) == {"id": "m"}


def test_the_same_server_and_model_twice_is_refused(tmp_path: Path,
                                                    ticket_project: Callable[[str, str, int], Path]) -> None:
    spec = '{kind: openai, base_url: "http://127.0.0.1:9/v1", model: m, endpoint: chat}'
    with pytest.raises(ConfigError, match=r"endpoint http://127\.0\.0\.1:9/v1, served model m.*same model"):
        run(ticket_project(spec, spec, 4), out=tmp_path / "run")


def test_artifacts_are_kept_for_their_models_only(tmp_path: Path) -> None:
    config = fake_config({})
    plain = FakeScript(lambda r: "")
    session = fake_session(config, candidate=plain, baseline=plain, run_dir=tmp_path)
    session.save_artifact("load", "result", {"p99": 1.0})
    assert session.load_artifact("load", "result") == {"p99": 1.0}
    retrained = fake_session(config, candidate=FakeScript(lambda r: "", model="candidate-v2"), baseline=plain,
                             run_dir=tmp_path)
    assert retrained.load_artifact("load", "result") is None
    assert ModelIdentity((("a", "b"),)).digest == ModelIdentity((("a", "b"),)).digest
