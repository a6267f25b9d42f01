"""The backend seam: one protocol, one registry; heavy dependencies load lazily."""

from tunecheck.backends._fake import FakeBackend, FakeScript
from tunecheck.backends._hf_load import plain_copy
from tunecheck.backends._protocol import (
    Backend,
    BackendInfo,
    Capability,
    DecodingConstraint,
    Generation,
    GenerationParams,
    GenerationRequest,
    Loglikelihood,
    LoglikelihoodRequest,
)
from tunecheck.backends._registry import (
    ENTRY_POINT_GROUP,
    BackendContext,
    create_backend,
    register_backend,
    registered_kinds,
)
from tunecheck.backends._replay import ReplayBackend
from tunecheck.types import Message

__all__ = [
    "ENTRY_POINT_GROUP",
    "Backend",
    "BackendContext",
    "BackendInfo",
    "Capability",
    "DecodingConstraint",
    "FakeBackend",
    "FakeScript",
    "Generation",
    "GenerationParams",
    "GenerationRequest",
    "Loglikelihood",
    "LoglikelihoodRequest",
    "Message",
    "ReplayBackend",
    "create_backend",
    "plain_copy",
    "register_backend",
    "registered_kinds",
]
