"""The deployment's guardrails: system prompt, moderation hooks, output validators, constrained decoding."""

from tunecheck.guardrails._constraint import constrain, constraint_spec
from tunecheck.guardrails._moderation import (
    CachedModerator,
    ModerationDecision,
    Moderator,
    Stage,
    decision,
    load_moderator,
)
from tunecheck.guardrails._pipeline import GuardedOutput, Guardrails
from tunecheck.guardrails._validators import ValidationFailure, first_json, validate_output, validator_name

__all__ = [
    "CachedModerator",
    "GuardedOutput",
    "Guardrails",
    "ModerationDecision",
    "Moderator",
    "Stage",
    "ValidationFailure",
    "constrain",
    "constraint_spec",
    "decision",
    "first_json",
    "load_moderator",
    "validate_output",
    "validator_name",
]
