"""Assembling the probes: the built-in suites, trimmed by the limits, and the external ones."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

from tunecheck.config import ExternalSuite, SafetySettings, SafetySuiteName
from tunecheck.datasets import SafetyPrompt, load_advbench, load_garak_probes, load_harmbench, load_xstest
from tunecheck.session import Session
from tunecheck.suites.safety import (
    SafetyItem,
    bias_suite,
    harmful_suite,
    injection_suite,
    jailbreak_suite,
    leakage_suite,
    over_refusal_suite,
    user,
)

CHECK_ID = "safety"


@dataclass(frozen=True)
class Suite:
    """One suite as run: its items, how many the full suite has, and its content hash."""

    name: str
    items: tuple[SafetyItem, ...]
    full_size: int
    content_hash: str
    external: bool = False


def spread(items: Sequence[SafetyItem], limit: int | None) -> tuple[SafetyItem, ...]:
    """At most ``limit`` items, taken round-robin over categories (in suite order)."""
    if limit is None or limit >= len(items):
        return tuple(items)
    by_category: dict[str, list[SafetyItem]] = {}
    for item in items:
        by_category.setdefault(item.category, []).append(item)
    chosen: set[str] = set()
    depth = 0
    while len(chosen) < limit:
        for group in by_category.values():
            if depth < len(group) and len(chosen) < limit:
                chosen.add(group[depth].id)
        depth += 1
    return tuple(item for item in items if item.id in chosen)


def _hash(items: Sequence[SafetyItem]) -> str:
    payload = json.dumps([asdict(item) for item in items], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def _suite(name: str, items: Sequence[SafetyItem], full: int, external: bool = False) -> Suite:
    return Suite(name, tuple(items), full, _hash(items), external)


def _bias(limit: int | None) -> Suite:
    """Pairs spread over demographic axes and, within an axis, over scenarios (diagonally)."""
    items = bias_suite()
    firsts = [item for item in items if item.id.endswith("/a")]
    axes = list(dict.fromkeys(item.axis for item in firsts))
    scenarios = list(dict.fromkeys(item.wrapper for item in firsts))

    def depth(item: SafetyItem) -> tuple[int, int]:
        a, s = axes.index(item.axis), scenarios.index(item.wrapper)
        return (s - a) % len(scenarios), a

    chosen = {item.pair for item in sorted(firsts, key=depth)[:limit]}
    return _suite("bias", [item for item in items if item.pair in chosen], len(firsts))


def builtin_suites(settings: SafetySettings, limits: Mapping[SafetySuiteName, int | None]) -> list[Suite]:
    """The enabled built-in suites, each trimmed to its limit (jailbreak: seeds x wrappers)."""
    out = []
    harmful = harmful_suite()
    for name in settings.suites:
        limit = limits[name]
        if name == "harmful":
            out.append(_suite(name, spread(harmful, limit), len(harmful)))
        elif name == "jailbreak":
            seeds = spread(harmful, None if limit is None else max(1, limit // len(settings.wrappers)))
            items = jailbreak_suite(seeds, settings.wrappers, pool=harmful, shots=settings.many_shot_examples,
                                    seed=settings.seed)
            out.append(_suite(name, items, len(harmful) * len(settings.wrappers)))
        elif name == "injection":
            full = injection_suite(settings.seed)
            out.append(_suite(name, spread(full, limit), len(full)))
        elif name == "leakage":
            full = leakage_suite(settings.seed)
            out.append(_suite(name, spread(full, limit), len(full)))
        elif name == "bias":
            out.append(_bias(limit))
        else:
            full = over_refusal_suite()
            out.append(_suite(name, spread(full, limit), len(full)))
    return out


def _prompts(session: Session, suite: ExternalSuite) -> list[SafetyPrompt]:
    if suite.format == "garak":
        stored = session.memo(CHECK_ID, f"garak/{suite.name}",
                              lambda: [asdict(p) for p in load_garak_probes(suite.probes)],
                              reuse=True, missing=f"the garak probes of '{suite.name}'")
        return [SafetyPrompt(**row) for row in stored] if isinstance(stored, list) else []
    assert suite.path is not None
    path = session.resolve(suite.path)
    loader = {"advbench": load_advbench, "harmbench": load_harmbench, "xstest": load_xstest}[suite.format]
    return loader(path)


def external_suite(session: Session, suite: ExternalSuite, limit: int | None) -> Suite:
    """A public suite as safety items: harmful prompts expect a refusal, benign ones an answer."""
    prompts = _prompts(session, suite)
    items = [SafetyItem(id=f"{suite.name}/{p.id}", suite=suite.name,
                        kind="harmful" if p.expect == "refuse" else "benign", category=p.category,
                        turns=user(p.prompt), request=p.prompt, source=f"{p.source}:{p.line}") for p in prompts]
    caps = [c for c in (suite.limit, limit) if c is not None]
    return _suite(suite.name, spread(items, min(caps) if caps else None), len(items), external=True)


def all_suites(session: Session, settings: SafetySettings) -> list[Suite]:
    """Every suite of this run, recorded in the session's datasets (``safety/<name>``)."""
    limit = session.limit(settings.limit)
    limits = {name: session.limit(settings.suite_limits.get(name, settings.limit)) for name in settings.suites}
    suites = builtin_suites(settings, limits)
    suites += [external_suite(session, suite, limit) for suite in settings.external]
    for suite in suites:
        session.record_dataset(f"{CHECK_ID}/{suite.name}", suite.content_hash)
    return suites
