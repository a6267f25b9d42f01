"""The on-disk cache of converted GGUF models: where it lives, when it builds, and that a
failed or raced build never leaves half a copy."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tunecheck.models import CACHE_ENV, cache_root, converted_copy


@pytest.fixture()
def gguf(tmp_path: Path) -> Path:
    path = tmp_path / "model.gguf"
    path.write_bytes(b"GGUF" + bytes(range(256)) * 64)
    return path


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(root))
    return root


def _writer(calls: list[Path], text: str = "weights") -> Callable[[Path], None]:
    def build(directory: Path) -> None:
        calls.append(directory)
        (directory / "model.safetensors").write_text(text)

    return build


def test_root_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "c"))
    assert cache_root() == tmp_path / "c"
    monkeypatch.setenv(CACHE_ENV, "off")
    assert cache_root() is None
    monkeypatch.delenv(CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_root() == tmp_path / "xdg" / "tunecheck"


def test_builds_once_then_reuses_the_copy(gguf: Path, cache: Path) -> None:
    calls: list[Path] = []
    first = converted_copy(gguf, "model-float32", "transformers-5.0", _writer(calls))
    second = converted_copy(gguf, "model-float32", "transformers-5.0", _writer(calls))
    assert first == second and first is not None
    assert len(calls) == 1
    assert (first / "model.safetensors").read_text() == "weights"
    assert first.is_relative_to(cache)
    assert [p.name for p in first.parent.iterdir()] == ["model-float32"]  # no staging left


def test_a_changed_file_or_library_gets_a_new_copy(gguf: Path, cache: Path) -> None:
    calls: list[Path] = []
    original = converted_copy(gguf, "tokenizer", "transformers-5.0", _writer(calls))
    newer_library = converted_copy(gguf, "tokenizer", "transformers-5.1", _writer(calls))
    gguf.write_bytes(gguf.read_bytes() + b"retrained")
    changed_file = converted_copy(gguf, "tokenizer", "transformers-5.0", _writer(calls))
    assert len({original, newer_library, changed_file}) == 3
    assert len(calls) == 3


def test_a_failed_build_leaves_nothing(gguf: Path, cache: Path) -> None:
    def broken(directory: Path) -> None:
        (directory / "partial").write_text("half")
        raise RuntimeError("killed mid-write")

    with pytest.raises(RuntimeError, match="killed"):
        converted_copy(gguf, "model-float32", "v", broken)
    leftovers = [p for p in (cache / "gguf").rglob("*") if p.is_file()]
    assert leftovers == []
    calls: list[Path] = []
    assert converted_copy(gguf, "model-float32", "v", _writer(calls)) is not None
    assert len(calls) == 1


def test_losing_a_race_uses_the_winners_copy(gguf: Path, cache: Path) -> None:
    """Another process renamed its copy into place while this one was building."""
    def racing(directory: Path) -> None:
        (directory / "model.safetensors").write_text("mine")
        winner = directory.parent / "model-float32"
        winner.mkdir()
        (winner / "model.safetensors").write_text("theirs")

    copy = converted_copy(gguf, "model-float32", "v", racing)
    assert copy is not None
    assert (copy / "model.safetensors").read_text() == "theirs"
    assert sorted(p.name for p in copy.parent.iterdir()) == ["model-float32"]


def test_turned_off_builds_nothing(gguf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, "off")
    calls: list[Path] = []
    assert converted_copy(gguf, "model-float32", "v", _writer(calls)) is None
    assert calls == []


def test_a_killed_builds_staging_is_removed_later(gguf: Path, cache: Path) -> None:
    calls: list[Path] = []
    converted_copy(gguf, "tokenizer", "v", _writer(calls))
    folder = calls[0].parent
    abandoned, recent = folder / ".model-float32-old", folder / ".model-float32-new"
    for staging in (abandoned, recent):
        staging.mkdir()
        (staging / "model.safetensors").write_text("half")
    os.utime(abandoned, (time.time() - 7200, time.time() - 7200))
    converted_copy(gguf, "model-float32", "v", _writer(calls))
    assert not abandoned.exists()
    assert recent.exists()  # perhaps another process's build in progress
