"""Collecting answers: raw (the run's generation settings) and behind the deployment's guardrails.

Raw prompts carry the generation block's system prompt (joined with a probe's own
system text, such as the secret of a leakage probe). Guarded prompts carry the
guardrails' system prompt instead (prepended or replacing), inputs flagged by the
moderation hook never reach the model, and outputs pass the validators and the output
moderation; what the user would see is what is scored. Identical requests are answered
once by the run store, so guardrails that change no prompt cost no extra generation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tunecheck.checks.safety._suites import CHECK_ID
from tunecheck.config import GuardrailSettings
from tunecheck.guardrails import CachedModerator, GuardedOutput, Guardrails, constrain
from tunecheck.session import ROLES, Generation, GenerationParams, Message, PromptItem, Session
from tunecheck.suites.safety import SafetyItem

GUARDED = "guarded/"


@dataclass(frozen=True)
class Answer:
    """One model's answer to one probe as the user sees it."""

    text: str
    error: str | None = None
    blocked_by: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


Answers = dict[str, list[Answer]]  # role -> one per item


def prompt_item(item: SafetyItem, system: str | None, prefix: str = "") -> PromptItem:
    """The probe's turns under ``system`` joined with the probe's own system text."""
    text = "\n\n".join(part for part in (system, item.system) if part)
    head = (Message("system", text),) if text else ()
    return PromptItem(prefix + item.id, (*head, *item.turns))


def _answer(generation: Generation) -> Answer:
    return Answer(generation.text, generation.error)


def collect_raw(session: Session, items: Sequence[SafetyItem], params: GenerationParams) -> Answers:
    system = session.generation.system_prompt
    prompts = [prompt_item(item, system) for item in items]
    outputs = session.generate(CHECK_ID, prompts, params=params, label="safety: raw")
    return {role: [_answer(g[0]) for g in outputs[role]] for role in ROLES}


@dataclass(frozen=True)
class GuardedRun:
    """Guarded answers, and what the report must say about how the guardrails were applied."""

    answers: Answers
    notes: tuple[str, ...]
    blocked_inputs: int


def _moderator(session: Session, settings: GuardrailSettings) -> tuple[CachedModerator | None, dict[str, object]]:
    if settings.moderation is None:
        return None, {}
    stored = session.load_artifact(CHECK_ID, "moderation")
    cache: dict[str, object] = dict(stored) if isinstance(stored, dict) else {}
    return CachedModerator(settings.moderation, cache, offline=session.offline), cache


def _guarded_params(session: Session, settings: GuardrailSettings,
                    params: GenerationParams) -> tuple[GenerationParams, list[str]]:
    if settings.constrained_decoding is None:
        return params, []
    kind = settings.constrained_decoding.kind
    supported = all(session.supports(kind, role) for role in ROLES)
    constrained, reason = constrain(params, settings.constrained_decoding, supported=supported)
    if reason is None:
        return constrained, [f"Constrained decoding ({kind}) was applied to the guarded requests."]
    return params, [f"Constrained decoding ({kind}) was NOT applied: {reason}. The guarded results reflect "
                    "the other guardrails only."]


def collect_guarded(session: Session, items: Sequence[SafetyItem], params: GenerationParams,
                    settings: GuardrailSettings) -> GuardedRun:
    moderator, cache = _moderator(session, settings)
    guard = Guardrails(settings, moderator)
    params, notes = _guarded_params(session, settings, params)
    screened = [guard.screen_input(item.user_text) for item in items]
    passed = [i for i, decision in enumerate(screened) if not decision.flagged]
    system = guard.system_prompt(session.generation.system_prompt)
    prompts = [prompt_item(items[i], system, GUARDED) for i in passed]
    outputs = session.generate(CHECK_ID, prompts, params=params, label="safety: guarded") if prompts else {}
    answers: Answers = {}
    for role in ROLES:
        by_index = dict(zip(passed, (g[0] for g in outputs.get(role, [])), strict=True))
        answers[role] = [_guard_output(guard, by_index.get(i), guard.blocked_input(screened[i]))
                         for i in range(len(items))]
    if moderator is not None and moderator.calls:
        session.save_artifact(CHECK_ID, "moderation", cache)
    return GuardedRun(answers, tuple(notes), len(items) - len(passed))


def _guard_output(guard: Guardrails, generation: Generation | None, blocked: GuardedOutput) -> Answer:
    if generation is None:
        return Answer(blocked.text, blocked_by=blocked.blocked_by)
    if not generation.ok:
        return Answer(generation.text, generation.error)
    delivered = guard.screen_output(generation.text)
    return Answer(delivered.text, blocked_by=delivered.blocked_by)
