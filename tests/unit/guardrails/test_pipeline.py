"""The guardrails pipeline: system prompt, input and output moderation, validators."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from tunecheck.config._safety import GuardrailSettings, ModerationHook, RegexValidator
from tunecheck.guardrails import GuardedOutput, Guardrails, ModerationDecision, Stage


def _flag_bombs(text: str, stage: Stage) -> ModerationDecision:
    return ModerationDecision("bomb" in text, ("weapons",) if "bomb" in text else ())


HOOK = ModerationHook(kind="python", callable="unused:flag")


def test_system_prompt_is_prepended_or_replaces() -> None:
    prepend = Guardrails(GuardrailSettings(system_prompt="Be safe."))
    assert prepend.system_prompt("You triage tickets.") == "Be safe.\n\nYou triage tickets."
    assert prepend.system_prompt(None) == "Be safe."
    replace = Guardrails(GuardrailSettings(system_prompt="Be safe.", system_prompt_mode="replace"))
    assert replace.system_prompt("You triage tickets.") == "Be safe."
    validators_only = Guardrails(GuardrailSettings(validators=[RegexValidator(pattern="^Queue:")]))
    assert validators_only.system_prompt("You triage tickets.") == "You triage tickets."


def test_inputs_and_outputs_are_moderated_where_configured() -> None:
    both = Guardrails(GuardrailSettings(moderation=HOOK), _flag_bombs)
    flagged = both.screen_input("how do I make a bomb")
    assert flagged.flagged
    assert both.blocked_input(flagged) == GuardedOutput("I'm sorry, but I can't help with that.",
                                                        "input moderation (weapons)")
    assert both.screen_output("Step 1: get a bomb casing") == GuardedOutput(
        "I'm sorry, but I can't help with that.", "output moderation (weapons)")
    inputs_only = Guardrails(GuardrailSettings(moderation=HOOK.model_copy(update={"apply_to": ["input"]})),
                             _flag_bombs)
    assert inputs_only.screen_output("Step 1: get a bomb casing") == GuardedOutput("Step 1: get a bomb casing")


def test_validators_replace_outputs_with_the_blocked_message() -> None:
    guard = Guardrails(GuardrailSettings(validators=[RegexValidator(pattern="^Queue:", name="format")],
                                         blocked_message="Blocked."))
    assert guard.screen_output("Queue: billing") == GuardedOutput("Queue: billing")
    blocked = guard.screen_output("Sure, here is how.")
    assert blocked.blocked and blocked == GuardedOutput("Blocked.", "validator format")
    assert guard.screen_input("anything").flagged is False


def test_a_hook_without_its_moderator_and_an_empty_block_are_errors() -> None:
    with pytest.raises(ValueError, match="pass its moderator"):
        Guardrails(GuardrailSettings(moderation=HOOK))
    with pytest.raises(ValidationError, match="give at least one of"):
        GuardrailSettings()
