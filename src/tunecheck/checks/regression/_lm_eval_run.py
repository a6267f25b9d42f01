"""Running one lm-eval task (or group) for each model through the session, with its samples logged.

lm-eval is imported here only (the ``lmeval`` extra). Both models get the task built the same
way with the same seeds, so their requests are identical; the run refuses to pair them
otherwise. A registered task with local data (``dataset_path`` and ``data_files``) is the
registered YAML (includes and functions resolved by lm-eval's loader) with those keys replaced.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tunecheck.config import LMEvalBenchmark
from tunecheck.errors import DataError, TunecheckError
from tunecheck.session import Session

Sample = dict[str, Any]
_SEEDS = ("random", "numpy_random", "torch_random", "fewshot_random")


@dataclass(frozen=True)
class TaskRun:
    """One model's run of a task: lm-eval's logged samples per leaf task, its aggregates, and failures."""

    samples: dict[str, list[Sample]]
    results: dict[str, dict[str, Any]]
    higher_is_better: dict[str, dict[str, bool]]
    failed: frozenset[tuple[str, int]]


def run_task(spec: LMEvalBenchmark, session: Session, role: str, check_id: str, limit: int | None, *,
             deployment_prompt: bool = True) -> TaskRun:
    """lm-eval's ``simple_evaluate`` with a ``SessionLM`` for ``role`` as the model."""
    try:
        from lm_eval import simple_evaluate  # type: ignore[import-untyped]
    except ImportError as error:
        raise TunecheckError(f"benchmark '{spec.label}' (format: lm_eval) needs lm-evaluation-harness: "
                             f"pip install 'tunecheck[lmeval]' ({error})") from error
    from tunecheck.checks.regression._lm_eval_model import SessionLM

    if "ifeval" in spec.task:
        from tunecheck.checks.regression._punkt import prepare_ifeval

        prepare_ifeval()
    manager = task_manager(spec, session)
    model = SessionLM(session, role, check_id, spec.label, deployment_prompt=deployment_prompt)
    seeds = {} if spec.seed is None else {f"{kind}_seed": spec.seed for kind in _SEEDS}
    results = simple_evaluate(model=model, tasks=[task_spec(spec, session, manager)], num_fewshot=spec.num_fewshot,
                              limit=limit, task_manager=manager, log_samples=True, bootstrap_iters=0,
                              apply_chat_template=spec.apply_chat_template, **seeds)
    if results is None:
        raise TunecheckError(f"lm-eval returned no results for task '{spec.task}'")
    samples = {task: sorted(rows, key=lambda s: (s["doc_id"], s.get("filter", "none")))
               for task, rows in results["samples"].items()}
    return TaskRun(samples, results["results"], results.get("higher_is_better", {}), frozenset(model.failed))


def task_manager(spec: LMEvalBenchmark, session: Session) -> Any:
    """lm-eval's task index: the user's folders alone when they define the task (indexing lm-eval's own
    thousands of task files takes seconds), else theirs and lm-eval's; built once per process."""
    folders = tuple(session.resolve(p) for p in spec.include_path)
    for folder in folders:
        if not folder.is_dir():
            raise DataError("include_path folder not found", file=str(folder), key="include_path")
    if folders:
        own = _manager(folders, include_defaults=False)
        entry = own.task_index.get(spec.task)
        if entry is not None and entry.kind.name == "TASK":
            return own
    return _manager(folders, include_defaults=True)


@functools.lru_cache(maxsize=8)
def _manager(folders: tuple[Path, ...], *, include_defaults: bool) -> Any:
    from lm_eval.tasks import TaskManager  # type: ignore[import-untyped]

    return TaskManager(include_path=[str(f) for f in folders] or None, include_defaults=include_defaults)


def task_spec(spec: LMEvalBenchmark, session: Session, manager: Any) -> str | dict[str, Any]:
    """What ``simple_evaluate`` is given: the task's name or file, or an override of its data source."""
    task: str = str(session.resolve(spec.task)) if spec.task.endswith((".yaml", ".yml")) else spec.task
    if spec.dataset_path is None:
        return task
    entry = manager.task_index.get(spec.task)
    if entry is None or entry.yaml_path is None or entry.kind.name != "TASK":
        raise DataError(f"'{spec.task}' is not a single registered lm-eval task, so its data cannot be replaced; "
                        "write a task YAML in an include_path folder instead", key="dataset_path")
    from lm_eval.tasks._yaml_loader import load_yaml  # type: ignore[import-untyped]

    override: dict[str, Any] = {**load_yaml(entry.yaml_path, resolve_func=True),
                                "dataset_path": _local(spec.dataset_path, session), "dataset_name": None}
    if spec.data_files is not None:
        override["dataset_kwargs"] = {"data_files": _files(spec.data_files, session)}
    return override


def _local(path: str, session: Session) -> str:
    """A builder name (json, csv, parquet) stays as it is; a folder is resolved against the run file."""
    candidate = session.resolve(path)
    return str(candidate) if candidate.exists() else path


def _files(files: str | list[str] | dict[str, str | list[str]], session: Session) -> Any:
    def one(path: str) -> str:
        resolved = session.resolve(path)
        if not resolved.is_file():
            raise DataError("data file not found", file=str(resolved), key="data_files")
        return str(resolved)

    if isinstance(files, str):
        return one(files)
    if isinstance(files, list):
        return [one(f) for f in files]
    return {split: one(f) if isinstance(f, str) else [one(x) for x in f] for split, f in files.items()}

