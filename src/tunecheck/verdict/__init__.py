"""The verdict policy: CheckResults -> Verdict (pure)."""

from tunecheck.verdict._policy import decide, explain

__all__ = ["decide", "explain"]
