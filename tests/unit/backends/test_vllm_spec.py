"""The vllm spec, its engine arguments and server flags, engine sharing and conditions (no vLLM needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from tunecheck.backends._vllm import engine_conditions, engine_key
from tunecheck.backends._vllm_engine import EngineKey, engine_arguments
from tunecheck.backends._vllm_model import cached_folder, lora_rank
from tunecheck.backends._vllm_server import engine_flags, shared_vllm_server
from tunecheck.config import OpenAISpec, RunConfig, ServerLaunch, VLLMEngine, VLLMServerLaunch, VLLMSpec
from tunecheck.session._finetune import describe_fine_tuning
from tunecheck.session._identity import identify

ROOT = Path(__file__).resolve().parents[3]
GOOD = ROOT / "examples" / "triage" / "adapters" / "good"


def _adapter(tmp_path: Path, rank: int) -> Path:
    folder = tmp_path / f"lora-{rank}"
    folder.mkdir()
    (folder / "adapter_config.json").write_text(json.dumps({"peft_type": "LORA", "r": rank, "lora_alpha": 16}))
    (folder / "adapter_model.safetensors").write_bytes(b"weights")
    return folder


def test_engine_arguments_pass_the_settings_and_leave_unset_ones_to_vllm() -> None:
    settings = VLLMEngine(dtype="bfloat16", max_model_len=1024, tensor_parallel_size=2,
                          distributed_executor_backend="ray", enable_prefix_caching=False, kv_cache_gib=1.5)
    arguments = engine_arguments(EngineKey("/m", settings, enable_lora=True, max_lora_rank=16))
    assert arguments["dtype"] == "bfloat16" and arguments["max_model_len"] == 1024
    assert arguments["tensor_parallel_size"] == 2 and arguments["distributed_executor_backend"] == "ray"
    assert arguments["enable_prefix_caching"] is False and arguments["kv_cache_memory_bytes"] == 3 * 2**29
    assert (arguments["enable_lora"], arguments["max_lora_rank"], arguments["max_loras"]) == (True, 16, 1)
    assert arguments["generation_config"] == "vllm" and arguments["model"] == arguments["tokenizer"] == "/m"
    assert "max_num_seqs" not in arguments
    assert "enable_lora" not in engine_arguments(EngineKey("/m", VLLMEngine(), enable_lora=False))


def test_offline_data_parallelism_is_refused_with_the_way_to_get_it() -> None:
    with pytest.raises(ValueError, match=r"data_parallel_size.*launch.*base_urls"):
        engine_arguments(EngineKey("/m", VLLMEngine(data_parallel_size=2), enable_lora=False))


def test_a_lora_rank_is_rounded_up_to_one_vllm_takes(tmp_path: Path) -> None:
    assert lora_rank(_adapter(tmp_path, 8), None) == 8
    assert lora_rank(_adapter(tmp_path, 12), None) == 16
    assert lora_rank(_adapter(tmp_path, 4), 32) == 32
    with pytest.raises(ValueError, match="rank 600 is above"):
        lora_rank(_adapter(tmp_path, 600), None)
    with pytest.raises(ValueError, match="cannot read the LoRA rank"):
        lora_rank(tmp_path, None)


def test_a_baseline_opens_the_lora_engine_of_its_lora_candidate(tmp_path: Path) -> None:
    adapter = _adapter(tmp_path, 8)
    candidate = VLLMSpec(model="base-model", adapter=str(adapter))
    baseline = VLLMSpec(model="base-model")
    peers = (candidate, baseline)
    assert engine_key(candidate, "/f", tmp_path, peers) == engine_key(baseline, "/f", tmp_path, peers)
    assert engine_key(baseline, "/f", tmp_path, peers).enable_lora
    assert not engine_key(baseline, "/f", tmp_path, (baseline,)).enable_lora  # alone: no LoRA
    other_base = VLLMSpec(model="another-model", adapter=str(adapter))
    assert not engine_key(baseline, "/f", tmp_path, (other_base, baseline)).enable_lora


def test_a_merged_candidate_and_its_baseline_run_without_lora(tmp_path: Path) -> None:
    adapter = _adapter(tmp_path, 8)
    candidate = VLLMSpec(model="base-model", adapter=str(adapter), merge_adapter=True)
    baseline = VLLMSpec(model="base-model", merge_adapter=True)
    for spec in (candidate, baseline):
        assert not engine_key(spec, "/f", tmp_path, (candidate, baseline)).enable_lora


def test_engine_settings_are_conditions(tmp_path: Path) -> None:
    spec = VLLMSpec(model="m")
    key = engine_key(spec, "/f", tmp_path, ())
    conditions = dict(engine_conditions(spec, key))
    assert conditions["engine.dtype"] == "float32" and conditions["engine.tensor_parallel_size"] == "1"
    assert conditions["engine.enable_prefix_caching"] == "True"
    changed = VLLMSpec(model="m", engine=VLLMEngine(enable_prefix_caching=False))
    assert engine_conditions(changed, engine_key(changed, "/f", tmp_path, ())) != engine_conditions(spec, key)


def test_candidate_and_baseline_must_share_engine_settings() -> None:
    base = {"version": 1, "name": "x", "checks": {}}
    with pytest.raises(ValidationError, match="differ in engine"):
        RunConfig.model_validate({**base, "candidate": {"kind": "vllm", "model": "m", "adapter": "a"},
                                  "baseline": {"kind": "vllm", "model": "m", "engine": {"dtype": "bfloat16"}}})
    RunConfig.model_validate({**base, "candidate": {"kind": "vllm", "model": "m", "adapter": "a"},
                              "baseline": {"kind": "vllm", "model": "m"}})


def test_a_typo_in_the_engine_settings_is_an_error() -> None:
    with pytest.raises(ValidationError, match="tensor_paralel_size"):
        VLLMSpec.model_validate({"model": "m", "engine": {"tensor_paralel_size": 2}})


def test_a_vllm_model_is_identified_by_its_weights_and_adapter() -> None:
    base = VLLMSpec(model="packaged:smollm2-135m-instruct")
    candidate = VLLMSpec(model="packaged:smollm2-135m-instruct", adapter=str(GOOD))
    base_id, candidate_id = identify(base, ROOT, "baseline"), identify(candidate, ROOT, "candidate")
    assert base_id.parts[0][0] == "weights" and candidate_id.parts[:1] == base_id.parts[:1]
    assert candidate_id.parts[1][0] == "adapter" and candidate_id.digest != base_id.digest


def test_server_flags_follow_the_engine_settings() -> None:
    flags = engine_flags(VLLMEngine(dtype="bfloat16", tensor_parallel_size=4, data_parallel_size=2,
                                    distributed_executor_backend="ray", enable_prefix_caching=False,
                                    enforce_eager=True))
    text = " ".join(flags)
    assert "--dtype bfloat16" in text and "--tensor-parallel-size 4" in text and "--data-parallel-size 2" in text
    assert "--distributed-executor-backend ray" in text and "--no-enable-prefix-caching" in text
    assert flags[-1] == "--enforce-eager" and "--max-model-len" not in text


def test_a_launch_block_chooses_its_server() -> None:
    llama = OpenAISpec.model_validate({"model": "m", "launch": {"model": "packaged:x"}})
    vllm = OpenAISpec.model_validate({"model": "m", "launch": {"server": "vllm", "model": "packaged:x",
                                                                "served_model_name": "m"}})
    assert isinstance(llama.launch, ServerLaunch) and isinstance(vllm.launch, VLLMServerLaunch)
    with pytest.raises(ValidationError, match="served_model_name"):
        OpenAISpec.model_validate({"model": "m", "launch": {"server": "vllm", "model": "packaged:x"}})


def test_a_served_lora_module_is_the_candidate_and_the_base_name_the_baseline() -> None:
    launch = VLLMServerLaunch(server="vllm", model="packaged:smollm2-135m-instruct", served_model_name="base",
                              lora_modules={"good": str(GOOD)})
    candidate = OpenAISpec(model="good", launch=launch)
    baseline = OpenAISpec(model="base", launch=launch)
    parts = dict(identify(candidate, ROOT, "candidate").parts)
    assert parts["endpoint"] == "launched vLLM server" and "adapter" in parts
    assert "adapter" not in dict(identify(baseline, ROOT, "baseline").parts)
    assert (describe_fine_tuning(candidate, ROOT) or "").startswith("LoRA r=8, alpha=32")
    assert describe_fine_tuning(baseline, ROOT) is None


def test_a_model_the_launch_block_does_not_serve_is_refused_before_start() -> None:
    launch = VLLMServerLaunch(server="vllm", model="m", served_model_name="base", lora_modules={"good": "x"})
    with pytest.raises(ValueError, match="'other' is not served by this launch block"):
        shared_vllm_server(launch, Path("."), "other")


def test_a_cached_folder_is_built_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUNECHECK_CACHE_DIR", str(tmp_path))
    builds: list[Path] = []

    def build(folder: Path) -> None:
        builds.append(folder)
        (folder / "config.json").write_text("{}")

    first, second = cached_folder("k", build), cached_folder("k", build)
    assert first == second == tmp_path / "vllm" / "k" and len(builds) == 1
    assert [p.name for p in (tmp_path / "vllm").iterdir()] == ["k"]  # no staging folder left


def test_the_vllm_demo_run_file_serves_both_models_from_one_launch_block() -> None:
    from tunecheck.config import load_config

    config = load_config(ROOT / "examples" / "triage" / "checklist-vllm.yaml")
    assert isinstance(config.candidate, VLLMSpec) and config.candidate.adapter == "adapters/good"
    assert config.candidate.engine == config.baseline.engine  # type: ignore[union-attr]
    servers = [config.backends[name] for name in ("candidate_server", "baseline_server")]
    assert all(isinstance(s, OpenAISpec) and isinstance(s.launch, VLLMServerLaunch) for s in servers)
    assert servers[0].launch == servers[1].launch  # type: ignore[union-attr]


def test_the_runner_gives_each_backend_the_run_s_model_specs(monkeypatch: pytest.MonkeyPatch) -> None:
    from tunecheck.runner import _run

    seen = []
    monkeypatch.setattr(_run, "create_backend", lambda spec, context: seen.append(context) or object())
    config = RunConfig.model_validate({"version": 1, "name": "x", "checks": {},
                                       "candidate": {"kind": "vllm", "model": "m", "adapter": "a"},
                                       "baseline": {"kind": "vllm", "model": "m"}})
    build = _run._factory(config, Path("."), share=False)
    build("baseline")
    assert seen[0].role == "baseline" and seen[0].peers == (config.candidate, config.baseline)
