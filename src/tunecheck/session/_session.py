"""The session: the one place checks get model outputs from.

Every request goes through the run store: what is stored is re-used, what is missing
is sent to the backend and stored as soon as it completes. Stored answers are keyed by
the model's identity by content and its conditions (``model_fingerprint``), so they never
cross models and never outlive the model that gave them. In offline mode (``tunecheck
report``) there are no backends: the session answers from the store's plan table, so
re-scoring and re-rendering never need the models; it rebuilds every request first and
refuses, naming the samples, where the stored one was asked for another prompt.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from tunecheck.backends import (
    Backend,
    BackendInfo,
    Capability,
    Generation,
    GenerationParams,
    GenerationRequest,
    Loglikelihood,
    LoglikelihoodRequest,
    Message,
)
from tunecheck.config import ChecksConfig, DatasetSpec, GenerationSettings, PolicySettings, RunConfig
from tunecheck.datasets import Dataset, load_dataset
from tunecheck.errors import CapabilityError, StaleRequestsError, StoreMissError
from tunecheck.session._finetune import describe_fine_tuning
from tunecheck.session._identity import ModelIdentity, identify, spec_for, where
from tunecheck.session._progress import NullProgress, Progress
from tunecheck.session._render import PromptRenderer
from tunecheck.session._requests import model_fingerprint, params_json, request_hash, score_hash, source_hash
from tunecheck.store import PlannedRequest, PlanRow, RunStore
from tunecheck.types import ROLES, Role


@dataclass(frozen=True)
class PromptItem:
    """A sample to generate for. A ``str`` prompt is a user message (the system prompt and
    chat template are applied); ``raw=True`` sends the text exactly as given;
    ``deployment_prompt=False`` leaves out the run's system prompt (the chat template still
    applies)."""

    id: str
    prompt: str | tuple[Message, ...]
    raw: bool = False
    deployment_prompt: bool = True


@dataclass(frozen=True)
class ScoreItem:
    """A continuation to score by log-likelihood given a raw-text context."""

    id: str
    context: str
    continuation: str


class Session:
    """Collects generations and log-likelihoods for the checks, through the store.

    ``aa`` (an A/A run: one model as both candidate and baseline) keys each role's answers
    apart, so the two arms are two runs of the model. ``identities`` are the models'
    identities when the caller computed them already (else computed on first use).
    ``sent`` and ``reused`` count, per role, the answers asked of the model and those found
    in the store; ``changed`` names, per check, the samples whose requests differ from the
    ones this directory's store planned before; ``stale`` (offline) those whose stored
    requests no longer match.
    """

    def __init__(self, config: RunConfig, base_dir: Path, store: RunStore, *,
                 backends: Callable[[str], Backend] | None, quick: bool = False,
                 progress: Progress | None = None, aa: bool = False,
                 identities: Mapping[str, ModelIdentity] | None = None) -> None:
        self.config, self.base_dir, self.store, self.quick, self.aa = config, base_dir, store, quick, aa
        self.progress: Progress = progress or NullProgress()
        self._factory = backends
        self._backends: dict[str, Backend] = {}
        self._identities: dict[str, ModelIdentity] = dict(identities or {})
        self._recorded: set[str] = set()
        self._fingerprints: dict[str, str] = {}
        self._request_hashes: dict[str, dict[str, set[str]]] = {}
        self.datasets: dict[str, str] = {}
        self.sent: Counter[str] = Counter()
        self.reused: Counter[str] = Counter()
        self.changed: dict[str, set[str]] = {}
        self.stale: dict[str, list[str]] = {}
        self._renderer = PromptRenderer(config.generation, base_dir, lambda: self.backend("baseline"))

    # --- models -----------------------------------------------------------------------
    @property
    def offline(self) -> bool:
        return self._factory is None

    def backend(self, role: str) -> Backend:
        """The live backend for a role (candidate, baseline, or an auxiliary name)."""
        if self._factory is None:
            raise StoreMissError(f"no live '{role}' model in offline mode")
        if role not in self._backends:
            self._backends[role] = self._factory(role)
            info = self._backends[role].info
            self.store.set_meta(f"backend.{role}", asdict(info))
            self.store.set_meta(f"capabilities.{role}", sorted(self._backends[role].capabilities))
        return self._backends[role]

    def info(self, role: str) -> BackendInfo:
        if not self.offline:
            return self.backend(role).info
        stored = self.store.get_meta(f"backend.{role}")
        if not isinstance(stored, dict):
            raise StoreMissError(f"the run store has no record of the '{role}' model")
        for key in ("extra", "reported"):
            stored[key] = tuple(tuple(pair) for pair in stored.get(key, ()))
        return BackendInfo(**stored)

    def identity(self, role: str) -> ModelIdentity:
        """The model's identity by content (recorded in the store; offline, read from it)."""
        if self.offline and role not in self._identities:
            stored = self.store.get_meta(f"identity.{role}")
            parts = tuple((str(p[0]), str(p[1])) for p in stored) if isinstance(stored, list) else ()
            self._identities[role] = ModelIdentity(parts)
        elif not self.offline and role not in self._recorded:
            if role not in self._identities:
                spec = spec_for(self.config, role)
                self._identities[role] = ModelIdentity(()) if spec is None else identify(spec, self.base_dir,
                                                                                          where(role))
            self.store.set_meta(f"identity.{role}", [list(p) for p in self._identities[role].parts])
            self._recorded.add(role)
        return self._identities[role]

    def fingerprint(self, role: str) -> str:
        """The store's key for the answers of ``role``'s model under its conditions."""
        if role not in self._fingerprints:
            arm = role if self.aa and role in ROLES else None
            self._fingerprints[role] = model_fingerprint(self.info(role), self.identity(role), arm=arm)
        return self._fingerprints[role]

    def counts(self, role: str) -> tuple[int, int] | None:
        """(answers asked of the model, answers found in the store) in this run; offline, the run's."""
        if not self.offline:
            return self.sent[role], self.reused[role]
        stored = self.store.get_meta(f"requests.{role}")
        return (int(stored[0]), int(stored[1])) if isinstance(stored, list) and len(stored) == 2 else None

    def supports(self, capability: Capability, role: str = "candidate") -> bool:
        if not self.offline:
            return capability in self.backend(role).capabilities
        stored = self.store.get_meta(f"capabilities.{role}")
        return isinstance(stored, list) and capability in stored

    def close(self) -> None:
        for backend in {id(b): b for b in self._backends.values()}.values():  # an A/A run shares one
            backend.close()
        self._backends.clear()

    # --- settings helpers -------------------------------------------------------------
    def params(self, **overrides: object) -> GenerationParams:
        """The shared generation parameters, optionally overridden (e.g. temperature)."""
        g = self.config.generation
        base = GenerationParams(temperature=g.temperature, top_p=g.top_p, max_tokens=g.max_tokens,
                                stop=tuple(g.stop), seed=g.seed)
        return replace(base, **overrides)  # type: ignore[arg-type]

    def _quick_params(self, params: GenerationParams, role: str) -> GenerationParams:
        """``--quick`` shortens the compared models' answers (``quick.max_tokens``)."""
        cap = self.config.quick.max_tokens
        if not self.quick or cap is None or role not in ROLES or params.max_tokens <= cap:
            return params
        return replace(params, max_tokens=cap)

    def limit(self, configured: int | None) -> int | None:
        """How many samples a check may use: its own limit, tightened by ``--quick``."""
        if self.quick:
            return min(configured or self.config.quick.max_samples, self.config.quick.max_samples)
        return configured

    def repeats(self, configured: int) -> int:
        """How many repeats of one prompt a check may ask for: tightened by ``--quick``."""
        return min(configured, self.config.quick.max_repeats) if self.quick else configured

    def requests(self, configured: int) -> int:
        """How many timed or load requests a check may send: tightened by ``--quick``."""
        return min(configured, self.config.quick.max_requests) if self.quick else configured

    @property
    def policy(self) -> PolicySettings:
        """The policy the checks' measurements are judged by (confidence, seed, minimum samples)."""
        return self.config.policy

    @property
    def generation(self) -> GenerationSettings:
        """The generation block both models share."""
        return self.config.generation

    @property
    def checklist(self) -> ChecksConfig:
        """Every check's settings, for a check that measures on another's data (contamination)."""
        return self.config.checks

    def fine_tuning(self) -> str | None:
        """What kind of fine-tune the candidate is, from its adapter files (None: full weights)."""
        return describe_fine_tuning(self.config.candidate, self.base_dir)

    def dataset(self, spec: DatasetSpec, name: str, *, limit: int | None = None) -> Dataset:
        """A check's dataset, loaded (its first ``limit`` rows) and recorded for the comparability fingerprint."""
        dataset = load_dataset(spec, self.base_dir, name).take(limit)
        self.record_dataset(name, dataset.content_hash)
        return dataset

    def resolve(self, path: Path | str) -> Path:
        path = Path(path)
        return path if path.is_absolute() else (self.base_dir / path).resolve()

    def record_dataset(self, name: str, content_hash: str) -> None:
        self.datasets[name] = content_hash

    # --- generation ---------------------------------------------------------------------
    def generate(self, check_id: str, items: Sequence[PromptItem], *, roles: Sequence[str] = ROLES,
                 repeats: int = 1, params: GenerationParams | None = None,
                 stream: bool = False, label: str | None = None) -> dict[str, list[list[Generation]]]:
        """Outputs per role, per item, per repeat. Repeat r uses seed ``params.seed + r``."""
        params = params or self.params()
        results: dict[str, list[list[Generation]]] = {}
        for role in roles:
            results[role] = self._generate_role(check_id, role, items, repeats, params, stream, label)
        return results

    def _generate_role(self, check_id: str, role: str, items: Sequence[PromptItem], repeats: int,
                       params: GenerationParams, stream: bool, label: str | None) -> list[list[Generation]]:
        params = self._quick_params(params, role)
        sources = [self._source(item, params, stream, repeat, role) for item in items for repeat in range(repeats)]
        if self.offline:
            return self._generations_from_plan(check_id, role, items, repeats, sources)
        fingerprint = self.fingerprint(role)
        requests = [self._request(item, params, stream, repeat, role) for item in items for repeat in range(repeats)]
        keys = [(request_hash(r), r.repeat) for r in requests]
        self._remember(check_id, role, [k[0] for k in keys])
        self._plan(role, check_id, "generate", [(role, check_id, r.sample_id or "", r.repeat, "generate", fingerprint,
                                                 k[0], src) for r, k, src in zip(requests, keys, sources, strict=True)])
        stored = self.store.get_generations(fingerprint, keys)
        missing = [i for i, key in enumerate(keys) if key not in stored or stored[key].error is not None]
        missing = list({keys[i]: i for i in reversed(missing)}.values())[::-1]  # identical requests: send one
        self.reused[role] += len(set(keys)) - len(missing)
        if missing:
            stored.update(self._run_generate(role, fingerprint, requests, keys, missing,
                                             label or f"{check_id}: {role}"))
        flat = [stored[key] for key in keys]
        return [flat[i * repeats:(i + 1) * repeats] for i in range(len(items))]

    def _source(self, item: PromptItem, params: GenerationParams, stream: bool, repeat: int, role: str) -> str:
        prompt, template = self._renderer.source(item, auxiliary=role not in ROLES)
        return source_hash(prompt, template, replace(params, seed=params.seed + repeat), stream)

    def _plan(self, role: str, check_id: str, kind: str, rows: list[PlanRow]) -> None:
        """Record which stored answers a check's samples use, noting samples whose requests changed."""
        before = self.store.get_plan(role, check_id, kind)
        changed = {row[2] for row in rows if (old := before.get((row[2], row[3]))) and old.request_hash != row[6]}
        if changed:
            self.changed.setdefault(check_id, set()).update(changed)
        self.store.put_plan(rows)

    def _run_generate(self, role: str, fingerprint: str, requests: list[GenerationRequest],
                      keys: list[tuple[str, int]], missing: list[int], label: str) -> dict[tuple[str, int], Generation]:
        backend = self.backend(role)
        task = self.progress.start(label, len(missing))
        done: dict[tuple[str, int], Generation] = {}
        try:
            for j, generation in backend.generate([requests[i] for i in missing]):
                i = missing[j]
                self.store.put_generation(fingerprint, keys[i][0], keys[i][1], requests[i].prompt,
                                          params_json(requests[i]), generation)
                done[keys[i]] = generation
                self.sent[role] += 1
                self.progress.advance(task)
        finally:
            self.progress.finish(task)
        return done

    def render(self, item: PromptItem) -> str:
        """The exact text a generation request for ``item`` sends (system prompt and chat template applied)."""
        return self._renderer.render(item)[0]

    def _request(self, item: PromptItem, params: GenerationParams, stream: bool, repeat: int,
                 role: str) -> GenerationRequest:
        if role in ROLES:
            prompt, messages = self._renderer.render(item)
        else:
            prompt, messages = self._renderer.render_auxiliary(item, self.backend(role))
        return GenerationRequest(prompt=prompt, params=replace(params, seed=params.seed + repeat),
                                 messages=messages, stream=stream, sample_id=item.id, repeat=repeat)

    def _generations_from_plan(self, check_id: str, role: str, items: Sequence[PromptItem], repeats: int,
                               sources: Sequence[str]) -> list[list[Generation]]:
        plan = self.store.get_plan(role, check_id, "generate")
        planned = [_planned(plan, item.id, repeat, check_id, role) for item in items for repeat in range(repeats)]
        ids = [item.id for item in items for _ in range(repeats)]
        self._refuse_stale(check_id, [sample for sample, p, src in zip(ids, planned, sources, strict=True)
                                      if p.source_hash != src])
        out: list[list[Generation]] = []
        for i, item in enumerate(items):
            row = []
            for repeat in range(repeats):
                p = planned[i * repeats + repeat]
                found = self.store.get_generations(p.model_fp, [(p.request_hash, repeat)]).get((p.request_hash, repeat))
                if found is None:
                    raise StoreMissError(f"{check_id}: no stored output for '{item.id}' ({role}); run it again")
                self._remember(check_id, role, [p.request_hash])
                row.append(found)
            out.append(row)
        return out

    def _refuse_stale(self, check_id: str, sample_ids: Sequence[str]) -> None:
        """Offline: stored answers asked for other requests than these cannot be scored."""
        if not sample_ids:
            return
        unique = list(dict.fromkeys(sample_ids))
        self.stale.setdefault(check_id, []).extend(i for i in unique if i not in self.stale[check_id])
        raise StaleRequestsError({check_id: unique})

    # --- log-likelihood -------------------------------------------------------------------
    def loglikelihood(self, check_id: str, items: Sequence[ScoreItem], *, roles: Sequence[str] = ROLES,
                      label: str | None = None) -> dict[str, list[Loglikelihood]]:
        """Log-likelihood of each item's continuation, per role."""
        return {role: self._score_role(check_id, role, items, label) for role in roles}

    def _score_role(self, check_id: str, role: str, items: Sequence[ScoreItem],
                    label: str | None) -> list[Loglikelihood]:
        requests = [LoglikelihoodRequest(item.context, item.continuation) for item in items]
        hashes = [score_hash(r) for r in requests]
        if self.offline:
            plan = self.store.get_plan(role, check_id, "loglikelihood")
            planned = [_planned(plan, item.id, 0, check_id, role) for item in items]
            self._refuse_stale(check_id, [item.id for item, p, h in zip(items, planned, hashes, strict=True)
                                          if p.request_hash != h])
            fp = planned[0].model_fp if planned else ""
        else:
            if not self.supports("loglikelihood", role):
                raise CapabilityError(f"the {role} backend ({self.info(role).kind}) cannot score log-likelihoods")
            fp = self.fingerprint(role)
            self._plan(role, check_id, "loglikelihood", [(role, check_id, item.id, 0, "loglikelihood", fp, h, h)
                                                         for item, h in zip(items, hashes, strict=True)])
        self._remember(check_id, role, hashes)
        stored = self.store.get_loglikelihoods(fp, hashes)
        missing = [i for i, h in enumerate(hashes) if h not in stored or stored[h].error is not None]
        if missing and self.offline:
            raise StoreMissError(f"{check_id}: {len(missing)} log-likelihoods missing for {role}; run it again")
        self.reused[role] += len(set(hashes)) - len({hashes[i] for i in missing})
        if missing:
            stored.update(self._run_score(role, fp, requests, hashes, missing, label or f"{check_id}: {role}"))
        return [stored[h] for h in hashes]

    def _run_score(self, role: str, fp: str, requests: list[LoglikelihoodRequest], hashes: list[str],
                   missing: list[int], label: str) -> dict[str, Loglikelihood]:
        backend = self.backend(role)
        unique = list({hashes[i]: i for i in missing}.values())
        task = self.progress.start(label, len(unique))
        done: dict[str, Loglikelihood] = {}
        try:
            for j, result in backend.loglikelihood([requests[i] for i in unique]):
                i = unique[j]
                self.store.put_loglikelihood(fp, hashes[i], requests[i].context, requests[i].continuation, result)
                done[hashes[i]] = result
                self.sent[role] += 1
                self.progress.advance(task)
        finally:
            self.progress.finish(task)
        return done

    # --- artifacts and fingerprints ---------------------------------------------------------
    def save_artifact(self, check_id: str, name: str, value: object) -> None:
        """Keep a check's intermediate result, for these models and settings only (see ``load_artifact``)."""
        self.store.put_artifact(check_id, self._scoped(check_id, name), value)

    def memo(self, check_id: str, name: str, compute: Callable[[], object], *, reuse: bool, missing: str) -> object:
        """A check's intermediate result, kept in the run store for these models and settings.

        ``reuse``: a stored value is returned even with the models at hand (a load test is not run
        again on resume); otherwise it is computed whenever the models are, and read back only
        offline. Offline with nothing stored is a ``StoreMissError`` saying ``missing``.
        """
        if reuse or self.offline:
            stored = self.load_artifact(check_id, name)
            if stored is not None:
                return stored
            if self.offline:
                raise StoreMissError(f"{check_id}: {missing} is not in the run store; run the check again")
        value = compute()
        self.save_artifact(check_id, name, value)
        return value

    def load_artifact(self, check_id: str, name: str) -> object | None:
        """An artifact saved for the same models (by identity), check settings and generation settings;
        one saved for another model or settings is never returned."""
        return self.store.get_artifact(check_id, self._scoped(check_id, name))

    def _scoped(self, check_id: str, name: str) -> str:
        settings = self.config.checks.settings(check_id)
        payload = {
            "models": {role: self.identity(role).digest for role in ROLES},
            "aa": self.aa, "quick": self.quick,
            "generation": self.config.generation.model_dump(mode="json"),
            "check": None if settings is None else settings.model_dump(mode="json"),
        }
        return f"{name}#{hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:16]}"

    def _remember(self, check_id: str, role: str, hashes: Sequence[str]) -> None:
        self._request_hashes.setdefault(role, {}).setdefault(check_id, set()).update(hashes)

    def conditions_fingerprint(self, role: str, checks: Sequence[str] | None = None) -> str:
        """Hash of the requests sent to ``role`` (by ``checks``, default all), the datasets and its conditions.

        A check that stopped half-way (an error) may have asked one model and not the other;
        the runner passes the checks that completed, whose requests must match exactly.
        """
        info = self.info(role)
        by_check = self._request_hashes.get(role, {})
        requests = set().union(*(h for c, h in by_check.items() if checks is None or c in checks))
        payload = {
            "requests": sorted(requests),
            "datasets": dict(sorted(self.datasets.items())),
            "conditions": info.conditions(),
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:16]


def _planned(plan: Mapping[tuple[str, int], PlannedRequest], sample_id: str, repeat: int,
             check_id: str, role: str) -> PlannedRequest:
    if (sample_id, repeat) not in plan:
        raise StoreMissError(f"{check_id}: sample '{sample_id}' was never collected for {role}; run it again")
    return plan[(sample_id, repeat)]


__all__ = ["ROLES", "PromptItem", "Role", "ScoreItem", "Session"]
