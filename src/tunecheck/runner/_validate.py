"""Everything about a run file that can be checked without a model, reported all at once.

``preflight`` runs before ``tunecheck run`` loads a model and is all of ``tunecheck
validate``: the schema (regexes compile with the groups they use, metrics and suites are
known names), then for each enabled check every local file exists, every dataset parses
with unique sample ids, prompt templates and references name fields every row has, the
auxiliary models a check names are in ``backends:``; replay files parse, and the
candidate's adapter config reads. Hub datasets are not fetched (that needs the network,
not a model); a dataset that fails to load stops its own file's checks, never the others.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel

from tunecheck.config import BackendSpec, DatasetSpec, ReplaySpec, RunConfig, TaskSettings, load_config
from tunecheck.config import format_key as _dotted
from tunecheck.datasets import Dataset, check_fields, load_dataset
from tunecheck.errors import ConfigError, ConfigIssue, DataError
from tunecheck.session import describe_fine_tuning

#: Fields that name an entry of the run file's ``backends:`` map.
BACKEND_REFERENCES = frozenset({"backend", "candidate_backend", "baseline_backend", "judge"})
Key = tuple[str | int, ...]


def preflight(config_path: Path) -> RunConfig:
    """The validated run file; ``ConfigError`` listing every problem found without a model."""
    config = load_config(config_path)
    base_dir = config_path.resolve().parent
    file = str(config_path)
    issues: list[ConfigIssue] = []
    for role, spec in _models(config):
        issues += _model_issues(role, spec, base_dir, file)
    for check_id in config.checks.enabled():
        settings = config.checks.settings(check_id)
        assert settings is not None  # enabled() lists configured checks only
        issues += _check_issues(config, settings, ("checks", check_id), base_dir, file)
    if issues:
        raise ConfigError(issues)
    return config


def _models(config: RunConfig) -> Iterator[tuple[str, BackendSpec]]:
    yield "candidate", config.candidate
    yield "baseline", config.baseline
    yield from ((f"backends.{name}", spec) for name, spec in config.backends.items())


def _model_issues(role: str, spec: BackendSpec, base_dir: Path, file: str) -> list[ConfigIssue]:
    try:
        if isinstance(spec, ReplaySpec):
            from tunecheck.backends import ReplayBackend

            ReplayBackend(spec.path if spec.path.is_absolute() else base_dir / spec.path, spec.model).close()
        if role == "candidate":
            describe_fine_tuning(spec, base_dir)
    except DataError as exc:
        return [_data_issue(role, exc, file)]
    return []


def _check_issues(config: RunConfig, settings: BaseModel, at: Key, base_dir: Path, file: str) -> list[ConfigIssue]:
    issues: list[ConfigIssue] = []
    loaded: dict[Key, Dataset] = {}
    for key, value in _walk(settings, at):
        name = key[-1]
        if isinstance(value, DatasetSpec) and value.path is not None:
            try:
                loaded[key] = load_dataset(value, base_dir)
            except DataError as exc:
                issues.append(_data_issue(_dotted(key), exc, file))
        elif isinstance(value, Path) and name != "chat_template" and not _exists(value, base_dir):
            issues.append(ConfigIssue(_dotted(key), f"'{value}' not found (relative to {base_dir})", file))
        elif name in BACKEND_REFERENCES and isinstance(value, str) and not _known_backend(config, value):
            known = ", ".join(sorted(config.backends)) or "none"
            issues.append(ConfigIssue(_dotted(key), f"names '{value}', which is not in the run file's 'backends' "
                                                    f"map (it has: {known}); add it there or correct the name", file))
    dataset = loaded.get((*at, "dataset"))
    if dataset is not None:
        issues += _template_issues(settings, dataset, _dotted(at), file)
    return issues


def _template_issues(settings: BaseModel, dataset: Dataset, at: str, file: str) -> list[ConfigIssue]:
    """The prompt and (task) references name fields of every row; the first row lacking one is named."""
    prompt = getattr(settings, "prompt", None)
    references: list[str] = []
    if isinstance(settings, TaskSettings):
        for output in settings.outputs:
            references += [output.reference] if isinstance(output.reference, str) else output.reference
    for row in dataset.rows:
        try:
            if isinstance(prompt, str | list):
                check_fields(prompt, row)
            for reference in references:
                row.field(reference)
        except DataError as exc:
            return [_data_issue(f"{at}.prompt" if exc.key not in references else f"{at}.outputs", exc, file)]
    return []


def _walk(model: BaseModel, at: Key) -> Iterator[tuple[Key, object]]:
    """Every set field under ``model`` with its key path (into lists and dicts of models)."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        yield from _walk_value(value, (*at, name))


def _walk_value(value: object, at: Key) -> Iterator[tuple[Key, object]]:
    if value is None:
        return
    yield at, value
    if isinstance(value, BaseModel):
        yield from _walk(value, at)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _walk_value(item, (*at, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk_value(item, (*at, str(key)))


def _exists(path: Path, base_dir: Path) -> bool:
    return (path if path.is_absolute() else base_dir / path).exists()


def _known_backend(config: RunConfig, name: str) -> bool:
    return name in config.backends or name in ("candidate", "baseline")


def _data_issue(at: str, exc: DataError, file: str) -> ConfigIssue:
    """A dataset's problem under the run-file key that names the dataset (its own file and line first)."""
    where = f"{exc.file}:{exc.line}: " if exc.file and exc.line else (f"{exc.file}: " if exc.file else "")
    field = f"key '{exc.key}': " if exc.key else ""
    return ConfigIssue(at, f"{where}{field}{exc.message}", file)
