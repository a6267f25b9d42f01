"""The load generator: drives a live OpenAI-compatible endpoint and measures it honestly.

``run_load(spec, levels)`` runs closed-loop (fixed concurrency) or open-loop (Poisson
arrivals on a precomputed schedule, optionally capped) levels and returns a ``LoadResult``
with per-level percentiles of E2E, TTFT, ITL, TPOT and client-side queueing, errors by
kind, throughput, goodput, SLO pass/fail and the capacity. ``find_capacity`` searches for
the highest rate meeting the SLOs. Latency is timed from both the scheduled and the actual
send time (no coordinated omission); the client watches its own CPU and event-loop lag
and marks a level client-bound rather than report its own limits as the server's.
Metric definitions are in ``tunecheck.load._measure``.

Example (the ``load`` check drives levels at multiples of the expected concurrency)::

    spec = LoadSpec(url="http://127.0.0.1:8080", model="candidate", prompts=prompts,
                    requests=200, slo=SloSpec(ttft_p95_ms=500, e2e_p99_ms=4000, max_error_rate=0.01))
    levels = [LoadLevel.closed(expected * m) for m in (1, 10, 50, 100)]
    result = run_load(spec, levels, records_path=run_dir / "load_requests.jsonl")
    result.capacity          # heaviest level meeting the SLOs (None if none)
    result.levels[0].slo     # pass / fail / invalid (client-bound) / unchecked

``run_load`` blocks (its event loops run in worker processes) and raises ``LoadError``
when the endpoint cannot be measured at all. ``tunecheck.load.mock_server`` is a local
OpenAI-compatible server with injectable latency and faults, for tests and calibration.
"""

from tunecheck.load._capacity import find_capacity
from tunecheck.load._command import load_command
from tunecheck.load._engine import LoadEngine, LoadProgress, ProgressCallback, capacity_of, run_load
from tunecheck.load._measure import Tokenizer
from tunecheck.load._output import RECORDS_FILE, RESULT_FILE, read_records, read_result, write_result
from tunecheck.load._plan import poisson_schedule
from tunecheck.load._pool import LoadError
from tunecheck.load._result import (
    CapacitySearch,
    ClientHealth,
    Distribution,
    LevelResult,
    LoadResult,
    RequestRecord,
    SloOutcome,
    SloStatus,
    TokenSource,
)
from tunecheck.load._spec import EndpointKind, GeneratorSettings, LoadLevel, LoadSpec, LoopKind, SloSpec

__all__ = [
    "RECORDS_FILE",
    "RESULT_FILE",
    "CapacitySearch",
    "ClientHealth",
    "Distribution",
    "EndpointKind",
    "GeneratorSettings",
    "LevelResult",
    "LoadEngine",
    "LoadError",
    "LoadLevel",
    "LoadProgress",
    "LoadResult",
    "LoadSpec",
    "LoopKind",
    "ProgressCallback",
    "RequestRecord",
    "SloOutcome",
    "SloSpec",
    "SloStatus",
    "TokenSource",
    "Tokenizer",
    "capacity_of",
    "find_capacity",
    "load_command",
    "poisson_schedule",
    "read_records",
    "read_result",
    "run_load",
    "write_result",
]
