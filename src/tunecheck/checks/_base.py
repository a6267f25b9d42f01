"""The check seam: one class per checklist item, registered once by id.

A check asks the session for model outputs (the session is the only path to the
models, through the run store), computes measurements, and returns a ``CheckResult``.
It never decides go/no-go: it attaches the configured gates to its measurements and
the verdict policy decides.
"""

from __future__ import annotations

import importlib
from typing import ClassVar, Protocol, TypeVar

from tunecheck.config import CHECK_IDS, CheckSettings, unknown_name
from tunecheck.report import CheckResult
from tunecheck.runner import Session


class Check(Protocol):
    """A checklist item."""

    id: ClassVar[str]
    title: ClassVar[str]

    def run(self, session: Session, settings: CheckSettings) -> CheckResult: ...


_C = TypeVar("_C", bound=type)
_CHECKS: dict[str, type[Check]] = {}


def register_check(cls: _C) -> _C:
    """Class decorator: one registry entry per checklist id."""
    check_id = str(getattr(cls, "id"))  # noqa: B009
    if check_id in _CHECKS:
        raise ValueError(f"check '{check_id}' is registered twice")
    _CHECKS[check_id] = cls
    return cls


def get_check(check_id: str) -> Check:
    """The check registered as ``check_id``; its module ``tunecheck.checks.<id>`` is imported on first use."""
    if check_id not in _CHECKS and check_id in CHECK_IDS:
        importlib.import_module(f"tunecheck.checks.{check_id}")
    if check_id not in _CHECKS:
        raise KeyError(unknown_name("check", check_id, CHECK_IDS))
    return _CHECKS[check_id]()


def registered_checks() -> list[str]:
    return list(_CHECKS)
