"""The check seam: one class per checklist item, registered once by id.

A check asks the session for model outputs (the session is the only path to the
models, through the run store), computes measurements and returns a :class:`CheckOutput`:
its measurements with their evidence, its report sections and its default gates. It never
decides go/no-go: the runner times it, attaches the configured (or default) gates and builds
the ``CheckResult``; the verdict layer tests and decides every gate.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, TypeVar

from tunecheck.config import CHECK_IDS, CheckSettings, GateSpec, plugin_check, unknown_name
from tunecheck.report import Scalar, Section
from tunecheck.session import Session
from tunecheck.verdict import Comparison


@dataclass(frozen=True)
class CheckOutput:
    """What a check measured: measurements with evidence, sections, the gates it proposes.

    ``default_gates`` apply when the run file sets no ``gates`` for the check; a default
    gate whose measurement is missing is reported INCONCLUSIVE, never dropped.
    ``n_samples`` counts the requests behind the measurements, ``n_errors`` those that failed.
    """

    comparisons: Sequence[Comparison]
    sections: Sequence[Section] = ()
    default_gates: Sequence[GateSpec] = ()
    n_samples: int = 0
    n_errors: int = 0
    summary: str = ""
    card: Mapping[str, Scalar] = field(default_factory=dict)


SettingsT = TypeVar("SettingsT", bound=CheckSettings, contravariant=True)


class Check(Protocol[SettingsT]):
    """A checklist item, run on its own settings model (the run file's ``checks.<id>``)."""

    id: ClassVar[str]
    title: ClassVar[str]

    def run(self, session: Session, settings: SettingsT) -> CheckOutput: ...


_C = TypeVar("_C", bound=type)
_CHECKS: dict[str, type[Check[Any]]] = {}


def register_check(cls: _C) -> _C:
    """Class decorator: one registry entry per checklist id."""
    check_id = str(getattr(cls, "id"))  # noqa: B009
    if check_id in _CHECKS:
        raise ValueError(f"check '{check_id}' is registered twice")
    _CHECKS[check_id] = cls
    return cls


def get_check(check_id: str) -> Check[Any]:
    """The check registered as ``check_id``; its module ``tunecheck.checks.<id>`` is imported on first use."""
    if check_id not in _CHECKS and check_id in CHECK_IDS:
        importlib.import_module(f"tunecheck.checks.{check_id}")
    if check_id not in _CHECKS:
        try:
            return _plugin(check_id)
        except ValueError:
            raise KeyError(unknown_name("check", check_id, CHECK_IDS)) from None
    return _CHECKS[check_id]()


def _plugin(check_id: str) -> Check[Any]:
    check: Check[Any] = plugin_check(check_id)()
    return check


def registered_checks() -> list[str]:
    return list(_CHECKS)
