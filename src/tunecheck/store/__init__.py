"""The run store (SQLite): every request and response, resumable."""

from tunecheck.store._sqlite import RunStore

__all__ = ["RunStore"]
