"""NLTK's punkt_tab for lm-eval's IFEval scorer, found offline: NLTK's own path first, then a PyPI package."""

from __future__ import annotations

from pathlib import Path

import pytest

from tunecheck.checks.regression import _punkt
from tunecheck.errors import TunecheckError

nltk = pytest.importorskip("nltk")


def test_the_packaged_data_is_used_when_nltk_has_none(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    folder = _punkt.packaged_punkt_dir()
    if folder is None:
        pytest.skip("llama-index-core (the PyPI package shipping punkt_tab) is not installed")
    monkeypatch.setattr(nltk.data, "path", [str(tmp_path)])
    found = _punkt.ensure_punkt()
    assert Path(found).is_relative_to(folder) and str(folder) in nltk.data.path
    from nltk.tokenize import sent_tokenize

    assert sent_tokenize("Dr. Smith arrived at 5 p.m. on Monday. He left early.") == [
        "Dr. Smith arrived at 5 p.m. on Monday.", "He left early."]


def test_nltks_own_data_comes_first(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "tokenizers" / "punkt_tab" / "english").mkdir(parents=True)
    monkeypatch.setattr(nltk.data, "path", [str(tmp_path)])
    assert Path(_punkt.ensure_punkt()).is_relative_to(tmp_path)
    assert nltk.data.path == [str(tmp_path)]


def test_without_any_data_the_error_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(nltk.data, "path", [str(tmp_path)])
    monkeypatch.setattr(_punkt, "packaged_punkt_dir", lambda: None)
    with pytest.raises(TunecheckError, match=r"nltk.downloader punkt_tab.*pip install --no-deps llama-index-core"):
        _punkt.ensure_punkt()
