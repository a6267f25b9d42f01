"""The only path from checks to models: generations, log-likelihoods, datasets, artifacts.

A check is given a ``Session`` and nothing else of the run: the session loads and records
its datasets in one call, memoises its intermediate results, caps its requests under
``--quick``, names the policy it is judged by, and sends every request through the run
store, keyed by the models' identities and conditions.
"""

from tunecheck.backends import Generation, GenerationParams, Loglikelihood
from tunecheck.session._finetune import describe_fine_tuning
from tunecheck.session._identity import ModelIdentity, identify, shorten, spec_for, where
from tunecheck.session._progress import NullProgress, Progress
from tunecheck.session._requests import model_fingerprint, request_hash
from tunecheck.session._session import PromptItem, ScoreItem, Session
from tunecheck.types import ROLES, Message, Role

__all__ = [
    "ROLES",
    "Generation",
    "GenerationParams",
    "Loglikelihood",
    "Message",
    "ModelIdentity",
    "NullProgress",
    "Progress",
    "PromptItem",
    "Role",
    "ScoreItem",
    "Session",
    "describe_fine_tuning",
    "identify",
    "model_fingerprint",
    "request_hash",
    "shorten",
    "spec_for",
    "where",
]
