"""The ``openai`` backend: any OpenAI-compatible server (vLLM, TGI, SGLang, llama.cpp, Ollama).

Requests run on a private event loop (aiohttp) with at most ``max_concurrency`` in
flight; ``generate`` yields each result as it completes. Failed requests are retried
(see ``_openai_http``); one still failing after ``max_retries`` comes back with
``error`` set. A server that cannot be reached at start, or that refuses connections
for ``DOWN_AFTER`` requests in a row, raises ``BackendError``.

At start the backend checks ``/models``, sends one tiny request to its endpoint (with
logprobs when asked, without when the server refuses them) and, for the completions
endpoint, checks that echoed prompt logprobs agree with generated ones before it offers
log-likelihood scoring (as lm-evaluation-harness's local-completions model uses them).

The API key is read from the environment variable named by ``api_key_env`` and kept in
memory only: it appears in no repr, info, error message or report.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, cast

from tunecheck._redact import redact
from tunecheck.backends._aio import LoopThread
from tunecheck.backends._openai_http import JsonObject, RequestFailed, RetryPolicy, Transport
from tunecheck.backends._openai_parse import (
    ResponseError,
    first_choice,
    parse_echo,
    parse_generation,
    parse_stream,
)
from tunecheck.backends._openai_route import ReplicaTransport, same_served
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
from tunecheck.backends._server import LlamaServer
from tunecheck.backends._vllm_server import VLLMServerLease, shared_vllm_server
from tunecheck.config import OpenAISpec, ServerLaunch, VLLMServerLaunch
from tunecheck.errors import BackendError, CapabilityError
from tunecheck.types import Message

DOWN_AFTER = 3
_VOLATILE_MODEL_KEYS = frozenset({"created", "permission", "permissions"})
_PROBE_PROMPT = "The capital of France is"


@dataclass(frozen=True)
class ServerFeatures:
    """What the server turned out to support."""

    generation_logprobs: bool
    loglikelihood: bool


class OpenAIBackend:
    """An OpenAI-compatible endpoint behind the backend protocol."""

    def __init__(self, spec: OpenAISpec, base_dir: Path) -> None:
        self._spec, self._base_dir = spec, base_dir
        self.__key = _read_key(spec.api_key_env)
        self._server: LlamaServer | VLLMServerLease | None = None
        self._loop: LoopThread | None = None
        self._tokenizer: _ChatTokenizer | None = None
        self._down = 0
        self._served: tuple[tuple[str, str], ...] = ()
        self.features = ServerFeatures(generation_logprobs=False, loglikelihood=False)
        try:
            self._base_url = self._start_server() if spec.launch is not None else _base_url(spec)
            policy = RetryPolicy(spec.max_retries, spec.backoff_base_s, spec.backoff_max_s)
            self._transport: Transport | ReplicaTransport = self._connect(policy)
            self._loop = LoopThread(name=f"tunecheck-openai-{spec.model}")
            self._loop.run(self._transport.open(spec.max_concurrency))
            self._served = self._loop.run(self._check_models())
            self.features = self._loop.run(self._probe())
        except BaseException:
            self.close()
            raise

    def __repr__(self) -> str:
        return f"OpenAIBackend(model={self._spec.model!r}, endpoint={self._spec.endpoint!r})"

    # --- identity -----------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return self._base_url

    @property
    def info(self) -> BackendInfo:
        chat = self._spec.endpoint == "chat"
        version = self._server.version if self._server is not None else "external server"
        return BackendInfo(kind="openai", model=self._spec.model, version=version,
                           prompt_rendering="server" if chat else "tunecheck",
                           extra=(("endpoint", self._spec.endpoint),), reported=self._served)

    @property
    def capabilities(self) -> frozenset[Capability]:
        caps: set[Capability] = {"streaming", "json_schema"}
        if isinstance(self._spec.launch, ServerLaunch):  # llama.cpp's server takes a GBNF `grammar` field
            caps.add("grammar")
        if self._spec.endpoint == "chat" or self._spec.tokenizer is not None:
            caps.add("chat_template")
        if self.features.loglikelihood:
            caps.add("loglikelihood")
        return frozenset(caps)

    def render(self, messages: Sequence[Message]) -> str:
        """For ``endpoint: chat`` a canonical JSON text of the messages (the server renders them);
        for ``completions`` the chat template of the local ``tokenizer``."""
        plain = [{"role": m.role, "content": m.content} for m in messages]
        if self._spec.endpoint == "chat":
            return json.dumps(plain, ensure_ascii=False)
        if self._spec.tokenizer is None:
            raise CapabilityError(
                f"the openai backend '{self._spec.model}' (endpoint: completions) cannot render chat "
                "prompts: set `tokenizer` in its spec (a path, hub id or 'packaged:<name>' whose chat "
                "template renders them), use `endpoint: chat`, or set generation.chat_template to a "
                "template file or 'none'"
            )
        tokenizer = self._chat_tokenizer()
        return str(tokenizer.apply_chat_template(plain, add_generation_prompt=True, tokenize=False))

    def _chat_tokenizer(self) -> _ChatTokenizer:
        if self._tokenizer is None:
            self._tokenizer = _load_tokenizer(self._spec.tokenizer or "", self._base_dir)
        return self._tokenizer

    # --- generation -----------------------------------------------------------------------
    def generate(self, requests: Sequence[GenerationRequest]) -> Iterator[tuple[int, Generation]]:
        assert self._loop is not None

        async def job(i: int) -> Generation:
            return await self._generate_one(requests[i])

        yield from self._loop.stream(len(requests), job, self._spec.max_concurrency)

    async def _generate_one(self, request: GenerationRequest) -> Generation:
        chat = self._spec.endpoint == "chat"
        path = "/chat/completions" if chat else "/completions"
        payload = self._payload(request, logprobs=self.features.generation_logprobs)
        started = time.perf_counter()
        try:
            if request.stream:
                reply = await self._transport.post_stream(path, payload)
                result = parse_stream(reply, chat=chat, stop=request.params.stop)
            else:
                body = await self._transport.post_json(path, payload)
                result = parse_generation(body, chat=chat, stop=request.params.stop,
                                          elapsed_s=time.perf_counter() - started)
        except RequestFailed as exc:
            self._note_failure(exc)
            return Generation(text="", error=str(exc))
        except ResponseError as exc:
            return Generation(text="", error=f"POST {path}: {exc}")
        self._down = 0
        return result

    def _payload(self, request: GenerationRequest, *, logprobs: bool) -> JsonObject:
        params = request.params
        payload: JsonObject = {"model": self._spec.model, "max_tokens": params.max_tokens,
                               "temperature": params.temperature, "top_p": params.top_p, "seed": params.seed}
        if params.stop:
            payload["stop"] = list(params.stop)
        if self._spec.endpoint == "chat":
            messages = request.messages or (Message("user", request.prompt),)
            payload["messages"] = [{"role": m.role, "content": m.content} for m in messages]
        else:
            payload["prompt"] = request.prompt
        if params.constraint is not None:
            payload.update(_constraint_fields(params.constraint))
        if request.stream:
            payload["stream"] = True
            payload["stream_options"] = {"include_usage": True}
        elif logprobs:
            payload["logprobs"] = True if self._spec.endpoint == "chat" else 1
        return payload

    # --- log-likelihood ---------------------------------------------------------------------
    def loglikelihood(self, requests: Sequence[LoglikelihoodRequest]) -> Iterator[tuple[int, Loglikelihood]]:
        if not self.features.loglikelihood:
            raise CapabilityError(
                f"the server behind '{self._spec.model}' returns no usable prompt logprobs (completions "
                "with echo=true and logprobs), so it cannot score log-likelihoods")
        assert self._loop is not None

        async def job(i: int) -> Loglikelihood:
            return await self._score_one(requests[i])

        yield from self._loop.stream(len(requests), job, self._spec.max_concurrency)

    async def _score_one(self, request: LoglikelihoodRequest) -> Loglikelihood:
        context, continuation = _move_spaces(request.context, request.continuation)
        if not context:
            return Loglikelihood(logprob=0.0, error="an empty context cannot be scored by the openai backend")
        prompt = context + continuation
        try:
            body = await self._transport.post_json("/completions", _echo_payload(self._spec.model, prompt))
            result = parse_echo(body, context_chars=len(context), prompt_chars=len(prompt))
        except RequestFailed as exc:
            self._note_failure(exc)
            return Loglikelihood(logprob=0.0, error=str(exc))
        except ResponseError as exc:
            return Loglikelihood(logprob=0.0, error=f"POST /completions: {exc}")
        self._down = 0
        return result

    # --- start-up -----------------------------------------------------------------------------
    def _start_server(self) -> str:
        launch = self._spec.launch
        assert launch is not None
        if isinstance(launch, VLLMServerLaunch):
            self._server = shared_vllm_server(launch, self._base_dir, self._spec.model)
            return self._server.base_url
        server = self._server = LlamaServer(launch, self._base_dir, self._spec.model)
        server.start()
        return server.base_url

    def _connect(self, policy: RetryPolicy) -> Transport | ReplicaTransport:
        """One transport, or one per replica (``base_urls``: one attempt each, routing retries)."""
        if not self._spec.base_urls:
            return Transport(self._base_url, self._headers, self._spec.timeout_s, policy, self._redact)
        once = RetryPolicy(0, policy.base_s, policy.max_s)
        return ReplicaTransport.over([Transport(url, self._headers, self._spec.timeout_s, once, self._redact)
                                      for url in self._spec.base_urls], policy)

    async def _check_models(self) -> tuple[tuple[str, str], ...]:
        """What ``/models`` says about the served model (part of its identity in the run store)."""
        try:
            if isinstance(self._transport, ReplicaTransport):
                bodies = await self._transport.each("/models")
                return same_served([(url, served_entry(body, self._spec.model)) for url, body in bodies])
            body = await self._transport.get_json("/models")
        except RequestFailed as exc:
            if exc.status == 404:
                return (("served", "the server has no /models endpoint"),)
            raise self._unavailable(exc) from None
        return served_entry(body, self._spec.model)

    async def _probe(self) -> ServerFeatures:
        chat = self._spec.endpoint == "chat"
        path = "/chat/completions" if chat else "/completions"
        request = GenerationRequest(_PROBE_PROMPT, GenerationParams(temperature=0.0, max_tokens=1))
        body: JsonObject | None = None
        if self._spec.logprobs:
            payload = self._payload(request, logprobs=True)
            try:
                body = await self._transport.post_json(path, payload)
            except RequestFailed as exc:
                if exc.kind != "status" or exc.status not in (400, 422):
                    raise self._unavailable(exc) from None
        if body is None:
            try:
                await self._transport.post_json(path, self._payload(request, logprobs=False))
            except RequestFailed as exc:
                raise self._unavailable(exc) from None
            return ServerFeatures(False, False)
        generation_logprobs = _has_logprobs(body, chat)
        scoring = generation_logprobs and not chat and await self._echo_agrees(body)
        return ServerFeatures(generation_logprobs, scoring)

    async def _echo_agrees(self, generated: JsonObject) -> bool:
        """Whether the echoed logprob of a generated token equals the logprob it was generated with."""
        choice = first_choice(generated)
        text, logprobs = choice.get("text"), choice.get("logprobs")
        values = logprobs.get("token_logprobs") if isinstance(logprobs, dict) else None
        if not isinstance(text, str) or not text.strip() or not isinstance(values, list) or not values:
            return False
        if not isinstance(values[0], int | float):
            return False
        prompt = _PROBE_PROMPT + text
        try:
            body = await self._transport.post_json("/completions", _echo_payload(self._spec.model, prompt))
            echoed = parse_echo(body, context_chars=len(_PROBE_PROMPT), prompt_chars=len(prompt))
        except (RequestFailed, ResponseError):
            return False
        expected = float(values[0])
        agree = abs(echoed.logprob - expected) <= 1e-3 * (1 + abs(expected))
        return agree and len(echoed.token_logprobs) == 1

    # --- failures and secrets --------------------------------------------------------------------
    def _unavailable(self, exc: RequestFailed) -> Exception:
        where = self._base_url
        if exc.status in (401, 403):
            hint = (f"check the key in ${self._spec.api_key_env}" if self._spec.api_key_env
                    else "set api_key_env to the environment variable holding the API key")
            return PermissionError(f"{where} refused the request ({exc}); {hint}")
        if exc.kind in ("connection", "timeout"):
            return ConnectionError(f"cannot reach {where}: {exc}")
        return ConnectionError(f"{where} did not accept a minimal request: {exc}")

    def _note_failure(self, exc: RequestFailed) -> None:
        if exc.kind != "connection":
            self._down = 0
            return
        self._down += 1
        if self._down >= DOWN_AFTER:
            raise BackendError(f"openai '{self._spec.model}' at {self._base_url}",
                               f"the server refused {self._down} requests in a row after retries: {exc}")

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.__key}"} if self.__key else {}

    def _redact(self, text: str) -> str:
        return redact(text, self.__key)

    def close(self) -> None:
        loop, self._loop = self._loop, None
        if loop is not None:
            transport = self.__dict__.get("_transport")
            if transport is not None:
                loop.run(transport.close())
            loop.stop()
        server, self._server = self._server, None
        if server is not None:
            server.stop()


class _ChatTokenizer(Protocol):
    """What ``render`` needs of a transformers tokenizer."""

    def apply_chat_template(self, conversation: list[dict[str, str]], *, add_generation_prompt: bool,
                            tokenize: bool) -> str: ...


def served_entry(body: JsonObject, model: str) -> tuple[tuple[str, str], ...]:
    """The ``/models`` entry of ``model`` as canonical JSON, without what changes from call to call
    (``created`` times, permission records with fresh ids); what the server lists when it is absent."""
    data = body.get("data")
    entries = [e for e in data if isinstance(e, dict)] if isinstance(data, list) else []
    for entry in entries:
        if entry.get("id") == model:
            stable = {k: v for k, v in entry.items() if k not in _VOLATILE_MODEL_KEYS}
            return (("served", json.dumps(stable, sort_keys=True, ensure_ascii=False)),)
    listed = ", ".join(sorted(str(e.get("id")) for e in entries)) or "nothing"
    return (("served", f"'{model}' is not listed by /models (it lists {listed})"),)


def _read_key(env: str | None) -> str | None:
    if env is None:
        return None
    value = os.environ.get(env)
    if not value:
        raise ValueError(f"api_key_env: the environment variable {env} is not set (or empty); export "
                         "the API key in it before the run")
    return value


def _base_url(spec: OpenAISpec) -> str:
    if spec.base_urls:
        return spec.base_urls[0]
    if spec.base_url is None:
        raise ValueError("set base_url (e.g. http://127.0.0.1:8000/v1) or `launch` to start a local server")
    return spec.base_url


def _load_tokenizer(ref: str, base_dir: Path) -> _ChatTokenizer:
    from tunecheck.backends._hf_load import load_tokenizer
    from tunecheck.models import resolve_model_ref

    resolved = resolve_model_ref(ref, base_dir)
    return cast(_ChatTokenizer, load_tokenizer(resolved, resolved.gguf_file))


def _echo_payload(model: str, prompt: str) -> JsonObject:
    return {"model": model, "prompt": prompt, "max_tokens": 1, "temperature": 0.0, "logprobs": 1,
            "echo": True, "seed": 0}


def _has_logprobs(body: JsonObject, chat: bool) -> bool:
    try:
        logprobs = first_choice(body).get("logprobs")
    except ResponseError:
        return False
    if not isinstance(logprobs, dict):
        return False
    key = "content" if chat else "token_logprobs"
    return isinstance(logprobs.get(key), list) and bool(logprobs.get(key))


def _move_spaces(context: str, continuation: str) -> tuple[str, str]:
    """lm-evaluation-harness moves the context's trailing whitespace onto the continuation."""
    n = len(context) - len(context.rstrip())
    return (context[:-n], context[-n:] + continuation) if n else (context, continuation)


def _constraint_fields(constraint: DecodingConstraint) -> JsonObject:
    """``response_format`` for a JSON Schema (OpenAI's structured outputs); ``grammar`` for GBNF."""
    if constraint.kind == "json_schema":
        schema = json.loads(constraint.spec)
        return {"response_format": {"type": "json_schema",
                                    "json_schema": {"name": "output", "schema": schema, "strict": True}}}
    return {"grammar": constraint.spec}
