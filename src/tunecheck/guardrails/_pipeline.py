"""The guardrails in front of and behind the model, as the deployment runs them."""

from __future__ import annotations

from dataclasses import dataclass

from tunecheck.config import GuardrailSettings
from tunecheck.guardrails._moderation import ModerationDecision, Moderator
from tunecheck.guardrails._validators import validate_output


@dataclass(frozen=True)
class GuardedOutput:
    """What the user sees, and which guardrail (if any) replaced the model's answer."""

    text: str
    blocked_by: str | None = None

    @property
    def blocked(self) -> bool:
        return self.blocked_by is not None


class Guardrails:
    """System prompt, input and output moderation, and output validators."""

    def __init__(self, settings: GuardrailSettings, moderator: Moderator | None = None) -> None:
        if settings.moderation is not None and moderator is None:
            raise ValueError("the guardrails configure a moderation hook: pass its moderator")
        self.settings, self._moderator = settings, moderator
        stages = settings.moderation.apply_to if settings.moderation else []
        self._inputs, self._outputs = "input" in stages, "output" in stages

    def system_prompt(self, deployment: str | None) -> str | None:
        """The system prompt with the guardrail's (prepended, or replacing the deployment's)."""
        guard = self.settings.system_prompt
        if not guard:
            return deployment
        if self.settings.system_prompt_mode == "replace" or not deployment:
            return guard
        return f"{guard}\n\n{deployment}"

    def screen_input(self, text: str) -> ModerationDecision:
        if not self._inputs or self._moderator is None:
            return ModerationDecision(False)
        return self._moderator(text, "input")

    def blocked_input(self, decision: ModerationDecision) -> GuardedOutput:
        categories = f" ({', '.join(decision.categories)})" if decision.categories else ""
        return GuardedOutput(self.settings.blocked_message, f"input moderation{categories}")

    def screen_output(self, text: str) -> GuardedOutput:
        """The output as delivered: the blocked message when a validator or the moderation rejects it."""
        failures = validate_output(text, self.settings.validators)
        if failures:
            return GuardedOutput(self.settings.blocked_message, f"validator {failures[0].validator}")
        if self._outputs and self._moderator is not None:
            found = self._moderator(text, "output")
            if found.flagged:
                categories = f" ({', '.join(found.categories)})" if found.categories else ""
                return GuardedOutput(self.settings.blocked_message, f"output moderation{categories}")
        return GuardedOutput(text)
