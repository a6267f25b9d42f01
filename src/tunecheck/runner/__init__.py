"""Orchestration: plan -> collect -> score -> decide -> render."""

from tunecheck.runner._progress import NullProgress, Progress
from tunecheck.runner._session import ROLES, PromptItem, Role, ScoreItem, Session, model_fingerprint, request_hash

__all__ = [
    "ROLES",
    "NullProgress",
    "Progress",
    "PromptItem",
    "Role",
    "ScoreItem",
    "Session",
    "model_fingerprint",
    "request_hash",
]
