"""Helpers for testing checks on scripted models (the ``fake`` backend).

    session = fake_session(config, candidate=FakeScript(...), baseline=FakeScript(...), run_dir=tmp_path)
    result = run_check("task", session)          # measurements, gates not yet decided
    decided, verdict = decide_one(result, session)  # the policy's decision
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from tunecheck.backends import Backend, FakeBackend, FakeScript
from tunecheck.config import RunConfig
from tunecheck.report import CheckResult, Verdict
from tunecheck.session import ModelIdentity, Session
from tunecheck.store import RunStore
from tunecheck.verdict import decide


def fake_config(checks: Mapping[str, object], **sections: object) -> RunConfig:
    """A run config on fake backends with the given ``checks`` section."""
    data: dict[str, object] = {
        "version": 1,
        "candidate": {"kind": "fake", "script": "unused:candidate", "model": "candidate"},
        "baseline": {"kind": "fake", "script": "unused:baseline", "model": "baseline"},
        "checks": dict(checks),
        "policy": {"n_resamples": 2000},
    }
    data.update(sections)
    return RunConfig.model_validate(data)


def fake_session(config: RunConfig, *, candidate: FakeScript, baseline: FakeScript, run_dir: Path,
                 base_dir: Path | None = None, extra: Mapping[str, FakeScript] | None = None,
                 quick: bool = False) -> Session:
    """A session whose models are scripted; the store lives in ``run_dir``. A script's model
    name is its model's identity (the run file's specs describe no model here)."""
    scripts = {"candidate": candidate, "baseline": baseline, **(extra or {})}
    scripts = {role: s if s.model != "fake" else FakeScript(s.respond, s.score, model=role)
               for role, s in scripts.items()}
    backends: dict[str, FakeBackend] = {}

    def factory(role: str) -> Backend:
        if role not in backends:
            backends[role] = FakeBackend(scripts[role])
        return backends[role]

    store = RunStore(run_dir / "store.sqlite")
    identities = {role: ModelIdentity((("fake script", s.model),)) for role, s in scripts.items()}
    session = Session(config, base_dir or run_dir, store, backends=factory, quick=quick, identities=identities)
    session.fakes = backends  # type: ignore[attr-defined]
    return session


def offline_session(session: Session) -> Session:
    """The same run, answered from the store only (as ``tunecheck report`` does)."""
    return Session(session.config, session.base_dir, session.store, backends=None, quick=session.quick,
                   aa=session.aa)


def run_check(check_id: str, session: Session) -> CheckResult:
    """The check's result as the runner builds it (timed, gates attached, not yet decided)."""
    from tunecheck.runner import measure_check

    return measure_check(check_id, session.config, session)


def decide_one(result: CheckResult, session: Session) -> tuple[CheckResult, Verdict]:
    decided, verdict = decide({result.id: result}, session.config.policy)
    return decided[result.id], verdict


def shared_data_dir() -> Path:
    """Where the public benchmark files for tests live (MMLU, HellaSwag, XSTest, AdvBench, ...).

    ``TUNECHECK_SHARED_DATA`` when set; else ``../shared/data`` beside the repository (from
    the working directory, then from this file). Tests that need it skip when it is absent.
    """
    import os

    if os.environ.get("TUNECHECK_SHARED_DATA"):
        return Path(os.environ["TUNECHECK_SHARED_DATA"])
    candidates = [
        Path.cwd().parent / "shared" / "data",
        Path(__file__).resolve().parents[3] / "shared" / "data",
        Path("/work/shared/data"),  # the project's workspace layout
    ]
    return next((c for c in candidates if c.is_dir()), candidates[0])


def write_distribution(folder: Path, module: str, source: str, entry_points: Mapping[str, Mapping[str, str]]) -> Path:
    """An installed distribution in ``folder`` (put it on ``sys.path``): ``module.py`` holding ``source``,
    and the entry points ``{group: {name: "module:attribute"}}`` a package's pyproject would declare."""
    (folder / f"{module}.py").write_text(source, encoding="utf-8")
    info = folder / f"{module}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module.replace('_', '-')}\nVersion: 1.0\n",
                                   encoding="utf-8")
    groups = "".join(f"[{group}]\n" + "".join(f"{name} = {target}\n" for name, target in points.items())
                     for group, points in entry_points.items())
    (info / "entry_points.txt").write_text(groups, encoding="utf-8")
    return folder
