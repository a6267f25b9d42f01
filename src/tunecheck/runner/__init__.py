"""Orchestration: plan -> collect -> score -> decide -> render.

The runner builds the session, times each check, applies its gates through the verdict
package and builds its ``CheckResult``; then it decides and renders.
"""

from tunecheck.runner._run import EXIT_CODES, RunOutcome, measure_check, rerender, run
from tunecheck.runner._validate import preflight

__all__ = [
    "EXIT_CODES",
    "RunOutcome",
    "measure_check",
    "preflight",
    "rerender",
    "run",
]
