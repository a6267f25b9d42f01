"""tunecheck: is this fine-tuned candidate ready to replace its base model?

The public API. Heavy dependencies (torch, transformers, llama.cpp) load only when a
backend that needs them is created.
"""

from tunecheck._version import __version__
from tunecheck.config import RunConfig, load_config, schema_json
from tunecheck.errors import BackendError, ConfigError, DataError, TunecheckError
from tunecheck.report import CheckResult, Measurement, Report, Verdict
from tunecheck.runner import EXIT_CODES, RunOutcome, rerender, run

__all__ = [
    "EXIT_CODES",
    "BackendError",
    "CheckResult",
    "ConfigError",
    "DataError",
    "Measurement",
    "Report",
    "RunConfig",
    "RunOutcome",
    "TunecheckError",
    "Verdict",
    "__version__",
    "load_config",
    "rerender",
    "run",
    "schema_json",
]
