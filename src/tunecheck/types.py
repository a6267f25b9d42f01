"""The value types every layer shares: array aliases, the two roles, a chat message.

This module imports nothing from tunecheck, so any package may use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

Role = Literal["candidate", "baseline"]
ROLES: tuple[Role, Role] = ("candidate", "baseline")

ChatRole = Literal["system", "user", "assistant"]


@dataclass(frozen=True)
class Message:
    """One chat message."""

    role: ChatRole
    content: str



class Strict(BaseModel):
    """Base of every parsed or saved model (run file, load spec and result, report): immutable,
    and an unknown key is an error, not a silent default."""

    model_config = ConfigDict(frozen=True, extra="forbid")


__all__ = ["ROLES", "ChatRole", "FloatArray", "IntArray", "Message", "Role", "Strict"]
