"""The latency check on scripted timings: the right figures, slower fails, errors counted."""

from __future__ import annotations

from pathlib import Path

import pytest

from tunecheck.backends import FakeScript, Generation, GenerationRequest
from tunecheck.checks.latency import timing
from tunecheck.testing import decide_one, fake_config, fake_session, run_check


def _timed(ttft: float, per_token: float, n: int = 11, fail: set[str] | None = None) -> FakeScript:
    def respond(request: GenerationRequest) -> Generation:
        if fail and request.sample_id in fail:
            return Generation(text="", error="timeout")
        jitter = (hash(request.sample_id) % 7) * 1e-4
        times = tuple(ttft + jitter + i * per_token for i in range(n))
        return Generation(text="x " * n, output_tokens=n, ttft_s=times[0], e2e_s=times[-1], token_times_s=times)

    return FakeScript(respond)


def test_timing_definitions() -> None:
    g = Generation(text="", output_tokens=5, ttft_s=0.1, e2e_s=0.5, token_times_s=(0.1, 0.2, 0.3, 0.4, 0.5))
    t = timing(g)
    assert t.ttft_ms == pytest.approx(100) and t.tpot_ms == pytest.approx(100) and t.itl_ms == pytest.approx(100)
    assert t.e2e_ms == pytest.approx(500) and t.tokens_per_s == pytest.approx(10)
    # a chunk carrying two tokens: 4 tokens, 3 timestamps -> ITL spreads the gaps over the 3 later tokens
    chunked = timing(Generation(text="", output_tokens=4, ttft_s=0.1, e2e_s=0.4, token_times_s=(0.1, 0.25, 0.4)))
    assert chunked.itl_ms == pytest.approx(100)


def test_equal_speed_passes_and_order_alternates(tmp_path: Path) -> None:
    config = fake_config({"latency": {"requests": 20, "warmup": 2}})
    session = fake_session(config, candidate=_timed(0.05, 0.02), baseline=_timed(0.05, 0.02), run_dir=tmp_path)
    result = run_check("latency", session)
    tpot = next(m for m in result.measurements if m.name == "tpot_ms")
    assert tpot.candidate == pytest.approx(20.0) and tpot.baseline == pytest.approx(20.0) and tpot.n == 20
    decided, verdict = decide_one(result, session)
    assert decided.status == "pass" and verdict.status == "GO"
    assert len(session.fakes["candidate"].calls) == 22  # warm-up included, one request at a time


def test_twice_as_slow_per_token_fails(tmp_path: Path) -> None:
    config = fake_config({"latency": {"requests": 20, "warmup": 0}})
    session = fake_session(config, candidate=_timed(0.05, 0.04), baseline=_timed(0.05, 0.02), run_dir=tmp_path)
    _, verdict = decide_one(run_check("latency", session), session)
    assert verdict.status == "NO-GO"
    assert any("tpot_ms" in r for r in verdict.reasons)


def test_failed_requests_are_counted(tmp_path: Path) -> None:
    config = fake_config({"latency": {"requests": 20, "warmup": 0}})
    session = fake_session(config, candidate=_timed(0.05, 0.02, fail={"lat-03"}), baseline=_timed(0.05, 0.02),
                           run_dir=tmp_path)
    result = run_check("latency", session)
    assert result.n_errors == 1
    assert next(m for m in result.measurements if m.name == "ttft_ms").n == 19


def test_a_backend_without_token_timings_keeps_its_default_gates_inconclusive(tmp_path: Path) -> None:
    untimed = FakeScript(lambda r: Generation(text="an answer", output_tokens=2))
    config = fake_config({"latency": {"requests": 20, "warmup": 0}})
    session = fake_session(config, candidate=untimed, baseline=untimed, run_dir=tmp_path)
    decided, verdict = decide_one(run_check("latency", session), session)
    gated = {m.name: m.gate for m in decided.measurements if m.gate is not None}
    assert set(gated) == {"ttft_ms", "tpot_ms"}
    assert all(g.status == "inconclusive" for g in gated.values())
    assert verdict.status == "INCONCLUSIVE"
    assert any("ttft_ms" in r and "token timestamps for 0 of 20 requests" in r for r in verdict.reasons)
