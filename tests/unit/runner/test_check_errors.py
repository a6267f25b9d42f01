"""What the runner makes of a check that raises: a TunecheckError is that check's error; a bug stops the run."""

from __future__ import annotations

from typing import NoReturn

import pytest

import tunecheck.runner._run as run_module
from tunecheck.config import RunConfig
from tunecheck.errors import ConfigError, ConfigIssue, TunecheckError
from tunecheck.session import Session
from tunecheck.testing import fake_config


def _raising(error: Exception) -> object:
    def measure(check_id: str, config: RunConfig, session: Session) -> NoReturn:
        raise error
    return measure


def _run(monkeypatch: pytest.MonkeyPatch, error: Exception) -> object:
    monkeypatch.setattr(run_module, "measure_check", _raising(error))
    config = fake_config({"latency": {}})
    return run_module._run_check("latency", config, None)  # type: ignore[arg-type]  # never reached


def test_a_tunecheck_error_becomes_the_checks_error(monkeypatch: pytest.MonkeyPatch) -> None:
    result = _run(monkeypatch, TunecheckError("the judge answered nothing usable"))
    assert (result.status, result.error) == ("error", "the judge answered nothing usable")  # type: ignore[attr-defined]


@pytest.mark.parametrize("bug", [KeyError("refusal_rate"), ValueError("bad shape"), IndexError("list index")])
def test_a_bug_stops_the_run_instead_of_an_inconclusive_check(monkeypatch: pytest.MonkeyPatch, bug: Exception) -> None:
    with pytest.raises(type(bug)):
        _run(monkeypatch, bug)


def test_a_run_file_error_stops_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigError):
        _run(monkeypatch, ConfigError([ConfigIssue("checks.task.gates", "unknown measurement 'acc'")]))
