"""Moderation hooks: a Python callable or a local HTTP endpoint, on inputs and outputs.

A hook's decisions are cached by (hook, stage, text) in a plain dict that the caller
keeps in the run store, so re-scoring a run never calls the hook again and a missing
decision in an offline re-run is an error, not a silent pass.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Literal

from tunecheck.config import ModerationHook
from tunecheck.errors import BackendError, ConfigError, ConfigIssue, StoreMissError

Stage = Literal["input", "output"]
_KEY = "checks.safety.guardrails.moderation"


@dataclass(frozen=True)
class ModerationDecision:
    """Whether the hook flagged a text, and the categories it named."""

    flagged: bool
    categories: tuple[str, ...] = ()


Moderator = Callable[[str, Stage], ModerationDecision]


def load_moderator(hook: ModerationHook) -> Moderator:
    """The hook as a function ``(text, stage) -> ModerationDecision``."""
    if hook.kind == "python":
        assert hook.callable is not None
        function = _import(hook.callable)
        return lambda text, stage: decision(function(text, stage), hook.callable or "")
    assert hook.url is not None
    url, timeout = hook.url, hook.timeout_s
    return lambda text, stage: _http(url, timeout, text, stage)


def _import(target: str) -> Callable[[str, str], object]:
    module_name, _, attr = target.partition(":")
    try:
        function = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise ConfigError([ConfigIssue(f"{_KEY}.callable", f"cannot import '{target}': {exc}")]) from None
    if not callable(function):
        raise ConfigError([ConfigIssue(f"{_KEY}.callable", f"'{target}' is not callable")])
    return function  # type: ignore[no-any-return]


def decision(result: object, source: str) -> ModerationDecision:
    """A hook's answer as a decision: a bool, or a mapping with ``flagged`` and ``categories``."""
    if isinstance(result, bool):
        return ModerationDecision(result)
    if isinstance(result, Mapping):
        if "results" in result and isinstance(result["results"], list) and result["results"]:
            return decision(result["results"][0], source)
        flagged = result.get("flagged")
        if isinstance(flagged, bool):
            return ModerationDecision(flagged, _categories(result.get("categories")))
    raise BackendError(f"moderation {source}", f"expected a bool or {{'flagged': bool}}, got {result!r:.200}")


def _categories(value: object) -> tuple[str, ...]:
    if isinstance(value, Mapping):
        return tuple(sorted(str(k) for k, v in value.items() if v))
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return ()


def _http(url: str, timeout: float, text: str, stage: Stage) -> ModerationDecision:
    body = json.dumps({"input": text, "stage": stage}).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # the URL is validated as local
            payload = json.loads(response.read().decode("utf-8"))
    except (urllib.error.URLError, TimeoutError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BackendError(f"moderation {url}", str(exc)) from None
    return decision(payload, url)


class CachedModerator:
    """A moderator whose decisions are kept in ``cache`` (JSON-able: key -> [flagged, categories])."""

    def __init__(self, hook: ModerationHook, cache: MutableMapping[str, object], *, offline: bool,
                 moderator: Moderator | None = None) -> None:
        self._identity = hook.callable or hook.url or ""
        self._cache, self._offline = cache, offline
        self._moderator = moderator
        self._hook = hook
        self.calls = 0

    def __call__(self, text: str, stage: Stage) -> ModerationDecision:
        key = hashlib.sha256(json.dumps([self._identity, stage, text]).encode()).hexdigest()[:24]
        stored = self._cache.get(key)
        if isinstance(stored, list) and len(stored) == 2:
            return ModerationDecision(bool(stored[0]), tuple(str(c) for c in stored[1]))
        if self._offline:
            raise StoreMissError(f"safety: no stored moderation decision for an {stage}; run it again")
        if self._moderator is None:
            self._moderator = load_moderator(self._hook)
        found = self._moderator(text, stage)
        self.calls += 1
        self._cache[key] = [found.flagged, list(found.categories)]
        return found
