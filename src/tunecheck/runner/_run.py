"""Orchestration: plan -> collect -> score -> decide -> render.

``run`` drives a whole run from a run file; ``rerender`` re-scores and re-renders an
existing run directory from its store, without models. Both write report.json,
report.html and MODEL_CARD.md into the run directory, holding its lock (one writer per
run directory). ``run`` identifies both models by content first and refuses the same
model twice, except in an A/A run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from tunecheck._version import __version__
from tunecheck.backends import Backend, BackendContext, create_backend
from tunecheck.checks import get_check
from tunecheck.config import BackendSpec, RunConfig, load_config
from tunecheck.errors import (
    BackendError,
    ComparabilityError,
    ConfigError,
    ConfigIssue,
    DataError,
    StaleRequestsError,
    TunecheckError,
)
from tunecheck.report import CheckResult, ModelInfo, Report
from tunecheck.runner._history import LAST_RUN, recall_run, record_run
from tunecheck.runner._lock import RunLock
from tunecheck.runner._pairing import check_pair, null_spread
from tunecheck.runner._runlog import RUN_LOG, capture_output
from tunecheck.runner._validate import preflight
from tunecheck.session import (
    ROLES,
    ModelIdentity,
    Progress,
    Session,
    describe_fine_tuning,
    identify,
    shorten,
    spec_for,
    where,
)
from tunecheck.store import RunStore
from tunecheck.verdict import attach_gates, decide, null_comparison

EXIT_CODES = {"GO": 0, "NO-GO": 10, "INCONCLUSIVE": 20}
BackendFactory = Callable[[str], Backend]


@dataclass(frozen=True)
class RunOutcome:
    report: Report
    run_dir: Path
    junit: Path | None = None

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.report.verdict.status]


def default_run_dir(config_path: Path, config: RunConfig) -> Path:
    """``runs/<name>-<hash of the run file>``: the same run file resumes the same run."""
    digest = hashlib.sha256(config_path.read_bytes()).hexdigest()[:10]
    name = config.name or config_path.stem
    return Path("runs") / f"{name}-{digest}"


def run(
    config_path: Path,
    *,
    out: Path | None = None,
    only: Sequence[str] | None = None,
    quick: bool = False,
    aa: bool = False,
    progress: Progress | None = None,
    backends: BackendFactory | None = None,
    junit: Path | None = None,
) -> RunOutcome:
    """Run the checklist; resumes from the run directory's store when it exists.

    ``aa`` (or ``aa: true`` in the run file) is an A/A run: the same model as candidate and
    baseline, each arm collected separately, to measure the spread of a null comparison.
    ``junit`` (else the run file's ``reports.junit``) also writes JUnit XML there. Library
    warnings and output go to the run directory's run.log.
    """
    config = preflight(config_path)
    aa = aa or config.aa
    base_dir = config_path.resolve().parent
    identities: dict[str, ModelIdentity] = {role: identify(_spec(config, role), base_dir, where(role))
                                            for role in ROLES}
    check_pair(config, identities, aa=aa, config_path=config_path)
    selected = _selected(config, only)
    run_dir = out or default_run_dir(config_path, config)
    if out is None:
        run_dir = run_dir.with_name(run_dir.name + ("-quick" if quick else "") + ("-aa" if aa else ""))
    with RunLock(run_dir):
        shutil.copyfile(config_path, run_dir / "config.yaml")
        store = RunStore(run_dir / "store.sqlite")
        for key, value in (("base_dir", str(base_dir)), ("quick", quick), ("aa", aa)):
            store.set_meta(key, value)
        previous = store.get_meta(LAST_RUN)
        factory = backends or _factory(config, base_dir, share=aa)
        session = Session(config, base_dir, store, backends=factory, quick=quick, progress=progress, aa=aa,
                          identities=identities)
        try:
            with capture_output(run_dir / RUN_LOG):
                report = record_run(_execute(config, session, run_dir, selected), session, selected, previous)
            target = _write(report, run_dir, config, base_dir, junit)
        finally:
            session.close()
            store.close()
    return RunOutcome(report, run_dir, target)


def rerender(run_dir: Path, *, progress: Progress | None = None, junit: Path | None = None) -> RunOutcome:
    """Re-score and re-render a finished (or interrupted) run from its store alone."""
    config_path = run_dir / "config.yaml"
    store_path = run_dir / "store.sqlite"
    if not store_path.exists():
        raise ConfigError([ConfigIssue("", f"no run store in {run_dir} (expected store.sqlite)", str(run_dir))])
    config = load_config(config_path)
    with RunLock(run_dir):
        store = RunStore(store_path)
        base_dir = Path(str(store.get_meta("base_dir") or run_dir))
        only = store.get_meta("checks")
        quick, aa = bool(store.get_meta("quick")), bool(store.get_meta("aa"))
        session = Session(config, base_dir, store, backends=None, quick=quick, progress=progress, aa=aa)
        try:
            selected = [str(c) for c in only] if isinstance(only, list) else config.checks.enabled()
            report = _execute(config, session, run_dir, selected)
            if session.stale:  # refuse before anything is written: the old report stays
                raise StaleRequestsError(session.stale)
            report = recall_run(report, session)
            target = _write(report, run_dir, config, base_dir, junit)
        finally:
            store.close()
    return RunOutcome(report, run_dir, target)


def _selected(config: RunConfig, only: Sequence[str] | None) -> list[str]:
    enabled = config.checks.enabled()
    if not only:
        return enabled
    unknown = [c for c in only if c not in enabled]
    if unknown:
        raise ConfigError(
            [ConfigIssue("--only", f"'{c}' is not an enabled check (enabled: {', '.join(enabled)})") for c in unknown]
        )
    return [c for c in enabled if c in only]


def _spec(config: RunConfig, role: str) -> BackendSpec:
    spec = spec_for(config, role)
    if spec is None:
        raise BackendError(role, f"no backend named '{role}' in the run file's 'backends' section")
    return spec


def _factory(config: RunConfig, base_dir: Path, *, share: bool) -> BackendFactory:
    """Builds each role's backend; with ``share`` (an A/A run) roles with equal specs share one."""
    built: dict[str, Backend] = {}

    def build(role: str) -> Backend:
        spec = _spec(config, role)
        key = spec.model_dump_json() if share else role
        if key not in built:
            context = BackendContext(base_dir=base_dir, role=role, peers=(config.candidate, config.baseline))
            built[key] = create_backend(spec, context)
        return built[key]

    return build


def _write(report: Report, run_dir: Path, config: RunConfig, base_dir: Path, junit: Path | None) -> Path | None:
    """The run directory's reports; JUnit XML where asked; the CI job summary where ``$GITHUB_STEP_SUMMARY``
    names one (unless ``reports.step_summary`` is off). Returns the JUnit file's path, if any."""
    from tunecheck.report.render import append_step_summary, write_all

    if junit is None and config.reports.junit:
        junit = base_dir / config.reports.junit
    write_all(report, run_dir, junit=junit)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary and config.reports.step_summary:
        append_step_summary(report, Path(summary))
    return junit


def _execute(config: RunConfig, session: Session, run_dir: Path, selected: list[str]) -> Report:
    session.store.set_meta("checks", selected)
    results: dict[str, CheckResult] = {}
    for check_id in selected:
        results[check_id] = _run_check(check_id, config, session)
    decided, verdict = decide(results, config.policy)
    if session.aa:
        verdict = null_comparison(verdict)
    completed = [check_id for check_id, result in results.items() if result.status != "error"]
    report = Report(
        tunecheck_version=__version__,
        run_id=run_dir.name,
        name=config.name,
        created_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        candidate=_model_info(session, "candidate", config, completed),
        baseline=_model_info(session, "baseline", config, completed),
        generation=_generation(config),
        policy=config.policy.model_dump(mode="json"),
        datasets=dict(session.datasets),
        quick=session.quick,
        checks=decided,
        verdict=verdict,
        model_card=config.model_card.model_dump(mode="json"),
    )
    _comparable(report)
    return report.model_copy(update={"aa": session.aa, "null_spread": null_spread(decided) if session.aa else []})


def _run_check(check_id: str, config: RunConfig, session: Session) -> CheckResult:
    """Run one check; a check that cannot run becomes an ``error`` result.

    A failing backend, a wrong run file or a broken dataset stops the run instead (exit 1 or 2,
    not an INCONCLUSIVE verdict), keeping every answer already stored.
    """
    started = time.monotonic()
    try:
        return measure_check(check_id, config, session)
    except (BackendError, ConfigError, DataError):
        raise  # the models, the run file or a dataset: nothing a verdict could say about the candidate
    except TunecheckError as exc:
        return _errored(check_id, str(exc), started)  # anything else is a bug in tunecheck: it stops the run


def measure_check(check_id: str, config: RunConfig, session: Session) -> CheckResult:
    """Run one check, time it and attach its gates (configured, else its defaults), undecided."""
    check = get_check(check_id)
    settings = config.checks.settings(check_id)
    if settings is None:
        raise ConfigError([ConfigIssue(f"checks.{check_id}", "the check is not configured in the run file")])
    started = time.monotonic()
    output = check.run(session, settings)
    configured = settings.gates is not None
    gates = settings.gates if settings.gates is not None else output.default_gates
    measurements = attach_gates(check_id, output.comparisons, gates, config.policy, configured=configured)
    return CheckResult(
        id=check_id, title=check.title, measurements=measurements, sections=list(output.sections),
        n_samples=output.n_samples, n_errors=output.n_errors, duration_s=time.monotonic() - started,
        summary=output.summary, card=dict(output.card),
    )


def _errored(check_id: str, error: str, started: float) -> CheckResult:
    title = get_check(check_id).title
    return CheckResult(id=check_id, title=title, status="error", error=error, duration_s=time.monotonic() - started)


def _model_info(session: Session, role: str, config: RunConfig, completed: list[str]) -> ModelInfo:
    info = session.info(role)
    spec = config.candidate if role == "candidate" else config.baseline
    counts = session.counts(role)
    return ModelInfo(
        role=role,
        kind=info.kind,
        model=info.model,
        adapter=info.adapter,
        fine_tuning=describe_fine_tuning(spec, session.base_dir) if role == "candidate" else None,
        conditions=info.conditions(),
        fingerprint=session.conditions_fingerprint(role, completed),
        identity={**session.identity(role).shown(), **{k: shorten(v) for k, v in info.reported}},
        model_key=session.fingerprint(role),
        requests_sent=None if counts is None else counts[0],
        requests_reused=None if counts is None else counts[1],
    )


def _comparable(report: Report) -> None:
    if report.candidate.fingerprint != report.baseline.fingerprint:
        diff = {
            k: (v, report.baseline.conditions.get(k))
            for k, v in report.candidate.conditions.items()
            if report.baseline.conditions.get(k) != v
        }
        raise ComparabilityError(
            "candidate and baseline were not measured under identical conditions "
            f"(fingerprints {report.candidate.fingerprint} vs {report.baseline.fingerprint}; "
            f"differing: {diff or 'requests'})"
        )


def _generation(config: RunConfig) -> dict[str, float | int | str | bool | list[str] | None]:
    g = config.generation
    return {
        "system_prompt": g.system_prompt,
        "chat_template": str(g.chat_template),
        "temperature": g.temperature,
        "top_p": g.top_p,
        "max_tokens": g.max_tokens,
        "stop": list(g.stop),
        "seed": g.seed,
    }


def dump_config(config: RunConfig) -> str:
    return yaml.safe_dump(config.model_dump(mode="json", exclude_none=True), sort_keys=False)
