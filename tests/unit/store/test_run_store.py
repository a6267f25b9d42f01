"""The run store keeps every response across processes, including after kill -9."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from tunecheck.backends import Generation, Loglikelihood
from tunecheck.store import RunStore


def test_round_trip_of_generations_and_loglikelihoods(tmp_path: Path) -> None:
    store = RunStore(tmp_path / "store.sqlite")
    g = Generation(
        text="Paris",
        prompt_tokens=5,
        output_tokens=1,
        finish_reason="stop",
        ttft_s=0.1,
        e2e_s=0.2,
        token_times_s=(0.1,),
        token_logprobs=(-0.5,),
    )
    store.put_generation("fp", "h1", 0, "prompt", "{}", g)
    store.put_loglikelihood(
        "fp", "s1", "ctx", " A", Loglikelihood(logprob=-1.5, token_logprobs=(-1.5,), is_greedy=True)
    )
    store.close()
    again = RunStore(tmp_path / "store.sqlite")
    assert again.get_generations("fp", [("h1", 0), ("h1", 1)]) == {("h1", 0): g}
    assert again.get_loglikelihoods("fp", ["s1"])["s1"].is_greedy is True
    assert again.get_generations("other", [("h1", 0)]) == {}


def test_rows_committed_before_kill_minus_nine_survive(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    script = textwrap.dedent(f"""
        import time
        from tunecheck.backends import Generation
        from tunecheck.store import RunStore
        from pathlib import Path
        store = RunStore(Path({str(path)!r}))
        for i in range(1000):
            store.put_generation("fp", f"h{{i}}", 0, "p", "{{}}", Generation(text=str(i)))
            print(i, flush=True)
            time.sleep(0.01)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    last = -1
    deadline = time.monotonic() + 60
    while last < 20 and time.monotonic() < deadline:
        last = int(proc.stdout.readline())
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    store = RunStore(path)
    found = store.get_generations("fp", [(f"h{i}", 0) for i in range(last + 1)])
    assert len(found) == last + 1  # every row reported as written is there
