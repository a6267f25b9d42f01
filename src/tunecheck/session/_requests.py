"""The hashes that key the run store: a model under its conditions, a request, a request's source.

- ``model_fingerprint``: the backend's description (kind, version, dtype, device, what a
  server reports) and the model's identity by content; in an A/A run also the arm, so the
  two runs of one model keep their own answers.
- ``request_hash``: the rendered prompt and every parameter; what the store looks answers
  up by.
- ``source_hash``: the request before rendering (messages with the system prompt, the raw
  text, the chat-template setting, every parameter), which ``tunecheck report`` can rebuild
  without the models and compare with the plan, to refuse scoring old answers for a
  changed prompt.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict

from tunecheck.backends import BackendInfo, GenerationParams, GenerationRequest, LoglikelihoodRequest, Message
from tunecheck.session._identity import ModelIdentity


def model_fingerprint(info: BackendInfo, identity: ModelIdentity | None = None, *, arm: str | None = None) -> str:
    """Identifies a model under its conditions; the store's key for its responses."""
    payload: dict[str, object] = {"info": asdict(info)}
    if identity is not None:
        payload["identity"] = identity.parts
    if arm is not None:
        payload["arm"] = arm
    return _digest(payload, 16)


def request_hash(request: GenerationRequest) -> str:
    """Identity of a request: the rendered prompt and every parameter (not labels)."""
    payload = {"prompt": request.prompt, "params": asdict(request.params), "stream": request.stream,
               "messages": None if request.messages is None else [asdict(m) for m in request.messages]}
    return _digest(payload, 24)


def source_hash(prompt: str | tuple[Message, ...], template: str, params: GenerationParams, stream: bool) -> str:
    """Identity of a request before rendering: its text or messages, how they are rendered, its parameters."""
    text = prompt if isinstance(prompt, str) else [asdict(m) for m in prompt]
    return _digest({"prompt": text, "template": template, "params": asdict(params), "stream": stream}, 24)


def score_hash(request: LoglikelihoodRequest) -> str:
    payload = json.dumps([request.context, request.continuation])
    return hashlib.sha256(payload.encode()).hexdigest()[:24]


def params_json(request: GenerationRequest) -> str:
    return json.dumps({**asdict(request.params), "stream": request.stream})


def _digest(payload: object, length: int) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:length]
