"""The ``reports`` section: extra report files a run writes besides its run directory's own."""

from __future__ import annotations

from pydantic import Field

from tunecheck.types import Strict


class ReportSettings(Strict):
    """Where CI reads the result. ``tunecheck run --junit PATH`` (and ``tunecheck report --junit``) overrides
    ``junit``."""

    junit: str | None = Field(
        default=None,
        description="Write JUnit XML here (one test case per gate; relative to the run file), for CI test reporters.",
    )
    step_summary: bool = Field(
        default=True,
        description="Append a Markdown summary of the verdict to $GITHUB_STEP_SUMMARY when that variable is set.",
    )
