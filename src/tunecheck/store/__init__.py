"""The run store (SQLite): every request and response, resumable."""

from tunecheck.store._sqlite import PlannedRequest, PlanRow, RunStore

__all__ = ["PlanRow", "PlannedRequest", "RunStore"]
