"""The triage example's modules, imported by name: its folder is on ``sys.path`` while they are used."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest

TRIAGE = Path(__file__).resolve().parents[3] / "examples" / "triage"

ImportTriage = Callable[..., dict[str, ModuleType]]


@pytest.fixture(scope="session")
def import_triage() -> Iterator[ImportTriage]:
    """``import_triage(key="module", ...)``: the named modules of ``examples/triage``, by key."""
    sys.path.insert(0, str(TRIAGE))
    try:
        yield lambda **names: {key: importlib.import_module(name) for key, name in names.items()}
    finally:
        sys.path.remove(str(TRIAGE))
