"""The ``llamacpp`` backend: llama-cpp-python on a GGUF file, with an optional GGUF LoRA adapter.

Prompts are rendered with the chat template stored in the GGUF (``tokenizer.chat_template``,
through llama-cpp-python's Jinja formatter, which mirrors transformers'), and generated
from the raw rendered text: it is tokenised with special tokens parsed and no BOS added
when the text already starts with the BOS text. Decoding is greedy at temperature 0;
otherwise temperature and top-p sample with the request's seed (top-k, min-p, typical-p
and penalties are switched off). llama.cpp applies top-p before temperature, unlike
transformers, so sampled outputs of the two backends are not comparable with each other.

Requests run one at a time; every generation carries its token timings. Log-likelihoods
use a second context created on first use with ``logits_all=True`` (it holds
``n_ctx x vocabulary`` float32 logits, about 400 MB for SmolLM2 at ``n_ctx`` 2048) and
reuse the key/value cache of a shared prefix between consecutive requests. Inputs are
truncated on the left to ``n_ctx`` tokens, as lm-evaluation-harness does to its max length.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import llama_cpp
import numpy as np
from llama_cpp import Llama
from llama_cpp.llama_chat_format import Jinja2ChatFormatter

from tunecheck.backends._lmeval import EncodedPair, encode_pair, model_input, pair_problem
from tunecheck.backends._protocol import (
    BackendInfo,
    Capability,
    DecodingConstraint,
    Generation,
    GenerationParams,
    GenerationRequest,
    Loglikelihood,
    LoglikelihoodRequest,
)
from tunecheck.backends._stop import find_stop, truncate_at_stop
from tunecheck.config import LlamaCppSpec
from tunecheck.errors import CapabilityError
from tunecheck.models import resolve_gguf_file
from tunecheck.types import Message


class LlamaCppBackend:
    """A GGUF model in llama.cpp behind the backend protocol."""

    def __init__(self, spec: LlamaCppSpec, base_dir: Path) -> None:
        self._spec = spec
        self._path = resolve_gguf_file(spec.model, base_dir)
        self._lora = _lora_path(spec.lora, base_dir)
        self._llm = self._open(logits_all=False)
        self._warm_up(self._llm)
        self._scorer: Llama | None = None
        self._formatter = _chat_formatter(self._llm)
        self._bos_text = _token_text(self._llm, self._llm.token_bos())
        self._info = BackendInfo(
            kind="llamacpp", model=spec.model, adapter=spec.lora, version=llama_cpp.__version__,
            dtype=None, quantization=f"gguf {_file_type(self._llm)} (llama.cpp kernels)", device="cpu",
            extra=(("kernels", _system_info()),),
        )

    def __repr__(self) -> str:
        return f"LlamaCppBackend(model={self._spec.model!r}, lora={self._spec.lora!r})"

    def _open(self, *, logits_all: bool) -> Llama:
        return Llama(
            model_path=str(self._path), lora_path=None if self._lora is None else str(self._lora),
            n_ctx=self._spec.n_ctx, n_batch=self._spec.n_batch, n_threads=self._spec.n_threads,
            logits_all=logits_all, verbose=False,
        )

    @staticmethod
    def _warm_up(llm: Llama) -> None:
        """One small evaluation, so that the first measured request pays no start-up cost."""
        llm.eval(llm.tokenize(b"Hello, world", add_bos=False, special=False))
        llm.reset()  # type: ignore[no-untyped-call]

    @property
    def info(self) -> BackendInfo:
        return self._info

    @property
    def capabilities(self) -> frozenset[Capability]:
        caps: set[Capability] = {"loglikelihood", "streaming", "json_schema", "grammar"}
        if self._formatter is not None:
            caps.add("chat_template")
        return frozenset(caps)

    def render(self, messages: Sequence[Message]) -> str:
        if self._formatter is None:
            raise CapabilityError(
                f"the GGUF file {self._path} has no chat template (tokenizer.chat_template): set "
                "generation.chat_template to a Jinja template file, or to 'none' to send prompts as plain "
                "text"
            )
        plain: list[Any] = [{"role": m.role, "content": m.content} for m in messages]
        rendered = self._formatter(messages=plain)
        return str(rendered.prompt)

    def encode(self, text: str) -> list[int]:
        """Token ids of raw text: special tokens parsed; BOS added only when the model wants one
        and the text does not already start with it."""
        add_bos = not (self._bos_text and text.startswith(self._bos_text))
        return list(self._llm.tokenize(text.encode("utf-8"), add_bos=add_bos, special=True))

    def generate(self, requests: Sequence[GenerationRequest]) -> Iterator[tuple[int, Generation]]:
        for index, request in enumerate(requests):
            yield index, self._generate_one(request)

    def _generate_one(self, request: GenerationRequest) -> Generation:
        ids = self.encode(request.prompt)
        params = request.params
        if len(ids) + params.max_tokens > self._spec.n_ctx:
            return Generation(text="", prompt_tokens=len(ids), error=(
                f"prompt ({len(ids)} tokens) + max_tokens ({params.max_tokens}) exceeds n_ctx "
                f"({self._spec.n_ctx}); raise n_ctx in the backend spec"))
        self._llm.set_seed(params.seed)
        started = time.perf_counter()
        output, times, ended = self._decode_loop(ids, params, started)
        finished = time.perf_counter()
        text, stopped = truncate_at_stop(self._detokenize(output), params.stop)
        return Generation(
            text=text, prompt_tokens=len(ids), output_tokens=len(output),
            finish_reason="stop" if (ended or stopped) else "length", ttft_s=times[0] if times else None,
            e2e_s=finished - started, token_times_s=tuple(times),
        )

    def _decode_loop(self, ids: list[int], params: GenerationParams,
                     started: float) -> tuple[list[int], list[float], bool]:
        """Tokens generated, their arrival times (seconds since ``started``), and whether the model
        stopped by itself (end of generation or a stop string)."""
        output: list[int] = []
        times: list[float] = []
        tokens = self._llm.generate(
            ids, top_k=0, top_p=params.top_p, min_p=0.0, typical_p=1.0, temp=params.temperature,
            repeat_penalty=1.0, frequency_penalty=0.0, presence_penalty=0.0, reset=True,
            grammar=_grammar(params.constraint),
        )
        try:
            for token in tokens:
                if llama_cpp.llama_vocab_is_eog(self._llm._model.vocab, token):
                    return output, times, True
                output.append(token)
                times.append(time.perf_counter() - started)
                if params.stop and find_stop(self._detokenize(output), params.stop) >= 0:
                    return output, times, True
                if len(output) >= params.max_tokens:
                    return output, times, False
        finally:
            tokens.close()
        return output, times, False

    def _detokenize(self, ids: list[int]) -> str:
        return str(self._llm.detokenize(ids).decode("utf-8", errors="ignore"))

    def loglikelihood(self, requests: Sequence[LoglikelihoodRequest]) -> Iterator[tuple[int, Loglikelihood]]:
        scorer = self._scoring_context()
        prefix = self._llm.token_bos() if self._llm.token_bos() >= 0 else self._llm.token_eos()
        pairs: list[tuple[int, EncodedPair]] = []
        for index, request in enumerate(requests):
            pair = encode_pair(request.context, request.continuation, encode=self.encode,
                               encode_plain=self._encode_plain, prefix_token=prefix)
            problem = pair_problem(pair, self._spec.n_ctx)
            if problem is not None:
                yield index, Loglikelihood(logprob=0.0, error=problem)
            else:
                pairs.append((index, pair))
        pairs.sort(key=lambda item: model_input(item[1], self._spec.n_ctx))
        for index, pair in pairs:
            yield index, _score(scorer, model_input(pair, self._spec.n_ctx), pair.continuation)

    def _encode_plain(self, text: str) -> list[int]:
        return list(self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=True))

    def _scoring_context(self) -> Llama:
        if self._scorer is None:
            self._scorer = self._open(logits_all=True)
        return self._scorer

    def close(self) -> None:
        for llm in (self._scorer, self.__dict__.get("_llm")):
            if llm is not None:
                llm.close()
        self._scorer = None
        self.__dict__.pop("_llm", None)


def _score(scorer: Llama, tokens: tuple[int, ...], continuation: tuple[int, ...]) -> Loglikelihood:
    """Evaluate ``tokens`` (re-using the cached prefix) and read the continuation's log-probabilities."""
    _evaluate(scorer, tokens)
    n = len(continuation)
    logits = np.asarray(scorer.scores[len(tokens) - n:len(tokens)], dtype=np.float64)
    peak = logits.max(axis=1, keepdims=True)
    logprobs = logits - peak - np.log(np.exp(logits - peak).sum(axis=1, keepdims=True))
    targets = np.asarray(continuation)
    values = tuple(float(v) for v in logprobs[np.arange(n), targets])
    greedy = bool((logits.argmax(axis=1) == targets).all())
    return Loglikelihood(logprob=sum(values), token_logprobs=values, is_greedy=greedy)


def _evaluate(scorer: Llama, tokens: tuple[int, ...]) -> None:
    done = [int(t) for t in scorer.input_ids[:scorer.n_tokens]]
    common = 0
    if not (getattr(scorer, "_is_recurrent", False) or getattr(scorer, "_is_hybrid", False)):
        for a, b in zip(done, tokens, strict=False):
            if a != b:
                break
            common += 1
    if common == len(tokens):
        return
    scorer.n_tokens = common
    scorer.eval(list(tokens[common:]))


def _lora_path(lora: str | None, base_dir: Path) -> Path | None:
    if lora is None:
        return None
    path = Path(lora).expanduser()
    path = path if path.is_absolute() else base_dir / path
    if not path.is_file():
        raise FileNotFoundError(f"LoRA adapter '{lora}' not found (looked for {path}); give a GGUF LoRA file")
    return path


def _chat_formatter(llm: Llama) -> Jinja2ChatFormatter | None:
    template = llm.metadata.get("tokenizer.chat_template")
    if not template:
        return None
    return Jinja2ChatFormatter(template=template, eos_token=_token_text(llm, llm.token_eos()),
                               bos_token=_token_text(llm, llm.token_bos()), add_generation_prompt=True)


def _token_text(llm: Llama, token: int) -> str:
    return str(llm._model.token_get_text(token)) if token >= 0 else ""


def _file_type(llm: Llama) -> str:
    value = llm.metadata.get("general.file_type")
    names = {getattr(llama_cpp, n): n.removeprefix("LLAMA_FTYPE_").removeprefix("MOSTLY_")
             for n in dir(llama_cpp) if n.startswith("LLAMA_FTYPE_")}
    try:
        return names.get(int(value), f"file type {value}") if value is not None else "unknown"
    except ValueError:
        return f"file type {value}"


def _system_info() -> str:
    info = llama_cpp.llama_print_system_info()
    return info.decode("utf-8", errors="replace").strip() if isinstance(info, bytes) else str(info).strip()


def _grammar(constraint: DecodingConstraint | None) -> Any:
    """llama.cpp's grammar for a decoding constraint (JSON Schemas are converted to GBNF)."""
    if constraint is None:
        return None
    from llama_cpp.llama_grammar import LlamaGrammar

    if constraint.kind == "json_schema":
        return LlamaGrammar.from_json_schema(constraint.spec, verbose=False)
    return LlamaGrammar.from_string(constraint.spec, verbose=False)
