"""'Did you mean' suggestions for unknown names (``tunecheck.errors.unknown_name``)."""

from __future__ import annotations

from tunecheck.errors import unknown_name

__all__ = ["unknown_name"]
