"""Orchestration: plan -> collect -> score -> decide -> render."""

from tunecheck.runner._identity import ModelIdentity
from tunecheck.runner._progress import NullProgress, Progress
from tunecheck.runner._requests import model_fingerprint, request_hash
from tunecheck.runner._session import ROLES, PromptItem, Role, ScoreItem, Session

__all__ = [
    "ROLES",
    "ModelIdentity",
    "NullProgress",
    "Progress",
    "PromptItem",
    "Role",
    "ScoreItem",
    "Session",
    "model_fingerprint",
    "request_hash",
]
