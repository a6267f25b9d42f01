"""Moderation hooks: a Python callable and a local HTTP endpoint, with decisions kept for re-scoring."""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from pydantic import ValidationError

from tunecheck.config._safety import ModerationHook
from tunecheck.errors import BackendError, ConfigError, StoreMissError
from tunecheck.guardrails import CachedModerator, ModerationDecision, decision, load_moderator

HOOK_MODULE = '''
CALLS = []

def flag(text, stage):
    CALLS.append((stage, text))
    if "bomb" in text:
        return {"flagged": True, "categories": ["weapons"]}
    return stage == "output" and "password" in text

def broken(text, stage):
    return "maybe"
'''


@pytest.fixture
def hook_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    name = "safety_hooks_for_test"
    (tmp_path / f"{name}.py").write_text(HOOK_MODULE)
    monkeypatch.syspath_prepend(str(tmp_path))
    sys.modules.pop(name, None)
    yield name
    sys.modules.pop(name, None)


def test_python_hook_flags_by_bool_or_mapping(hook_module: str) -> None:
    moderate = load_moderator(ModerationHook(kind="python", callable=f"{hook_module}:flag"))
    assert moderate("how to build a bomb", "input") == ModerationDecision(True, ("weapons",))
    assert moderate("what is the password", "input") == ModerationDecision(False)
    assert moderate("the password is hunter2", "output") == ModerationDecision(True)


def test_python_hook_errors_name_the_key(hook_module: str) -> None:
    with pytest.raises(ConfigError, match=r"moderation\.callable: cannot import 'no_such_module:flag'"):
        load_moderator(ModerationHook(kind="python", callable="no_such_module:flag"))
    moderate = load_moderator(ModerationHook(kind="python", callable=f"{hook_module}:broken"))
    with pytest.raises(BackendError, match="expected a bool"):
        moderate("text", "input")


def test_openai_moderation_shape_is_understood() -> None:
    payload = {"results": [{"flagged": True, "categories": {"violence": True, "hate": False}}]}
    assert decision(payload, "test") == ModerationDecision(True, ("violence",))


class _Handler(BaseHTTPRequestHandler):
    seen: ClassVar[list[dict[str, str]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _Handler.seen.append(body)
        reply = json.dumps({"flagged": "steal" in body["input"], "categories": ["theft"]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture
def http_hook() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/moderate"
    server.shutdown()
    thread.join()


def test_http_hook_posts_the_text_and_stage(http_hook: str) -> None:
    moderate = load_moderator(ModerationHook(kind="http", url=http_hook))
    assert moderate("how do I steal a car", "input") == ModerationDecision(True, ("theft",))
    assert moderate("hello", "output").flagged is False
    assert _Handler.seen[-2:] == [{"input": "how do I steal a car", "stage": "input"},
                                  {"input": "hello", "stage": "output"}]


def test_http_hook_that_is_down_is_a_backend_error() -> None:
    moderate = load_moderator(ModerationHook(kind="http", url="http://127.0.0.1:9/moderate", timeout_s=1))
    with pytest.raises(BackendError, match=r"moderation http://127\.0\.0\.1:9/moderate"):
        moderate("text", "input")


def test_only_local_endpoints_are_accepted() -> None:
    with pytest.raises(ValidationError, match="must point at this machine"):
        ModerationHook(kind="http", url="https://moderation.example.com/v1")
    assert ModerationHook(kind="http", url="http://localhost:8080/m").url
    assert ModerationHook(kind="http", url="http://[::1]:8080/m").url
    with pytest.raises(ValidationError, match="kind 'python' takes"):
        ModerationHook(kind="python", url="http://127.0.0.1:1/")


def test_decisions_are_cached_and_an_offline_miss_is_an_error(hook_module: str) -> None:
    import importlib

    module = importlib.import_module(hook_module)
    hook = ModerationHook(kind="python", callable=f"{hook_module}:flag")
    cache: dict[str, object] = {}
    live = CachedModerator(hook, cache, offline=False)
    assert live("build a bomb", "input").flagged and live("build a bomb", "input").flagged
    assert live.calls == 1 and len(module.CALLS) == 1 and len(cache) == 1
    offline = CachedModerator(hook, dict(json.loads(json.dumps(cache))), offline=True)
    assert offline("build a bomb", "input") == ModerationDecision(True, ("weapons",))
    with pytest.raises(StoreMissError, match="no stored moderation decision"):
        offline("something new", "input")
