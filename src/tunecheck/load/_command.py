"""``tunecheck load``: drive an endpoint at given levels without a run config.

Exit codes: 0 every level meets the SLOs (or none is set), 10 some level fails them,
20 inconclusive (a level was client-bound, so its numbers are not the server's; or the
capacity search stopped at the client's limit before any rate passed), 1 tool error or
every request failed, 2 usage error (a bad option, URL or prompts file), 130 / 143 stopped
by SIGINT / SIGTERM: every worker is stopped within 2 s and the finished levels are written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from tunecheck._interrupt import Interrupted, exit_code_of, interruptible
from tunecheck.errors import DataError
from tunecheck.load._capacity import find_capacity
from tunecheck.load._engine import LoadProgress, run_load
from tunecheck.load._output import RECORDS_FILE, write_result
from tunecheck.load._pool import LoadError
from tunecheck.load._result import LevelResult, LoadResult
from tunecheck.load._spec import GeneratorSettings, LoadLevel, LoadSpec, SloSpec
from tunecheck.report import printable

EXIT_PASS, EXIT_FAIL, EXIT_INCONCLUSIVE, EXIT_TOOL, EXIT_USAGE = 0, 10, 20, 1, 2

DEFAULT_PROMPTS = (
    "Explain in three sentences why the sky is blue.",
    "Write a short, polite reply declining a meeting invitation.",
    "List five tips for writing clear technical documentation.",
    "Summarise the plot of a heist story in one paragraph.",
    "What are the trade-offs between SQL and NoSQL databases?",
    "Describe how a hash map works to a new programmer.",
    "Give a recipe for a simple vegetable soup.",
    "Translate 'good morning, how are you?' into French and Spanish.",
)


def parse_numbers(text: str, option: str, integer: bool) -> list[float]:
    """``"1,4,16"`` -> ``[1, 4, 16]``; raises a usage error naming ``option``."""
    values: list[float] = []
    for part in text.split(","):
        try:
            value = float(int(part)) if integer else float(part)
        except ValueError as exc:
            kind = "whole numbers" if integer else "numbers"
            raise typer.BadParameter(f"'{part.strip()}' is not a number; give {kind} separated by commas, "
                                     "e.g. 1,4,16", param_hint=option) from exc
        if value <= 0:
            raise typer.BadParameter(f"{part.strip()} must be > 0", param_hint=option)
        values.append(value)
    return values


def read_prompts(path: Path) -> tuple[str, ...]:
    """Prompts from a text file (one per line) or JSONL (a ``prompt`` key per line)."""
    from tunecheck.datasets import parse_json_line, read_text

    prompts: list[str] = []
    try:
        text = read_text(path, "prompts file")
    except DataError as exc:
        raise typer.BadParameter(str(exc), param_hint="--prompts") from None
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        if path.suffix == ".jsonl":
            try:
                row = parse_json_line(line, str(path), number)
            except DataError as exc:
                raise typer.BadParameter(str(exc), param_hint="--prompts") from None
            if not isinstance(row, dict) or not isinstance(row.get("prompt"), str):
                raise typer.BadParameter(f"{path}:{number}: each line needs a string 'prompt' key",
                                         param_hint="--prompts")
            prompts.append(row["prompt"])
        else:
            prompts.append(line)
    if not prompts:
        raise typer.BadParameter(f"{path} holds no prompt", param_hint="--prompts")
    return tuple(prompts)


def _levels(concurrency: str | None, rate: str | None, max_concurrency: int | None,
            find: bool) -> list[LoadLevel]:
    if concurrency is not None and rate is not None:
        raise typer.BadParameter("give --concurrency or --rate, not both", param_hint="--concurrency")
    if concurrency is not None:
        if max_concurrency is not None or find:
            raise typer.BadParameter("--max-concurrency and --find-capacity go with --rate (open loop)",
                                     param_hint="--max-concurrency")
        return [LoadLevel.closed(int(n)) for n in parse_numbers(concurrency, "--concurrency", True)]
    if rate is not None:
        return [LoadLevel.open(r, max_concurrency) for r in parse_numbers(rate, "--rate", False)]
    if find:
        return [LoadLevel.open(1.0, max_concurrency)]
    raise typer.BadParameter("give --concurrency N[,N...] or --rate R[,R...]", param_hint="--concurrency")


def exit_code(result: LoadResult) -> int:
    """0 pass, 10 some level fails its SLOs, 20 inconclusive (client-bound, or too few requests to tell)."""
    if result.search is not None:
        if result.search.capacity_rps is not None:
            return EXIT_PASS
        return EXIT_INCONCLUSIVE if any(not lv.valid for lv in result.levels) else EXIT_FAIL
    if all_failed(result):
        return EXIT_TOOL
    statuses = {level.slo.status for level in result.levels}
    if "fail" in statuses:
        return EXIT_FAIL
    return EXIT_INCONCLUSIVE if statuses & {"invalid", "inconclusive"} else EXIT_PASS


def all_failed(result: LoadResult) -> bool:
    """No measured request of any level succeeded: the endpoint was not measured, whatever the SLOs."""
    return bool(result.levels) and sum(lv.scheduled for lv in result.levels) > 0 and \
        not any(lv.succeeded for lv in result.levels)


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f} ms"


def describe_level(level: LevelResult) -> str:
    """One line per level for the console."""
    ttft, e2e = level.ttft_from_schedule, level.e2e_from_schedule
    errors = ", ".join(f"{k} {v}" for k, v in sorted(level.errors.items())) or "no errors"
    line = (f"{level.level.label}: {level.succeeded}/{level.scheduled} ok ({errors}); "
            f"TTFT p95 {_ms(ttft.p95 if ttft else None)}, E2E p99 {_ms(e2e.p99 if e2e else None)}, "
            f"{level.request_rps:.2f} req/s, {level.output_tokens_per_s:.0f} tok/s -> {level.slo.status}")
    details = list(level.slo.failures) + list(level.slo.undecided) + list(level.client.reasons)
    return line + "".join(f"\n    {d}" for d in details)


def _print_progress(progress: LoadProgress) -> None:
    if progress.phase == "warmup":
        typer.echo(f"level {progress.level_index + 1}: {progress.level.label}: warming up", err=True)


def _slo(objectives: dict[str, float | None]) -> SloSpec:
    """The ``--slo-*`` flags as the one SLO model (``SloSpec``), one flag per field."""
    if objectives["max_error_rate"] is None and any(v is not None for k, v in objectives.items() if k.endswith("_ms")):
        objectives = {**objectives, "max_error_rate": 0.01}  # a level whose requests fail cannot meet a latency SLO
    return SloSpec(**objectives)


def _run(spec: LoadSpec, levels: list[LoadLevel], find: bool, max_probes: int, out: Path,
         settings: GeneratorSettings) -> LoadResult:
    records = out / RECORDS_FILE
    if find:
        if spec.slo.is_empty:
            raise typer.BadParameter("--find-capacity needs at least one --slo-... option",
                                     param_hint="--find-capacity")
        return find_capacity(spec, start_rate=min(level.rate or 1.0 for level in levels),
                             max_concurrency=levels[0].max_concurrency, max_probes=max_probes,
                             progress=_print_progress, settings=settings, records_path=records)
    return run_load(spec, levels, progress=_print_progress, settings=settings, records_path=records)


Milliseconds = Annotated[float | None, typer.Option(min=0.001, show_default=False,
                                                   help="SLO in ms (TTFT, E2E timed from the schedule).")]


def load_command(
    url: Annotated[str, typer.Argument(help="Server base URL (http://host:port or .../v1) or endpoint URL.")],
    model: Annotated[str, typer.Option("--model", help="Model name sent in each request.")],
    out: Annotated[Path, typer.Option("--out", help="Folder for load.json and requests.jsonl.")],
    concurrency: Annotated[str | None, typer.Option(help="Closed loop: streams per level: 1,8,32.")] = None,
    rate: Annotated[str | None, typer.Option(help="Open loop: Poisson requests/s per level: 0.5,2.")] = None,
    max_concurrency: Annotated[int | None, typer.Option(min=1, help="Open loop: in-flight cap.")] = None,
    requests: Annotated[int | None, typer.Option(min=1, help="Measured requests per level.")] = None,
    duration: Annotated[float | None, typer.Option(min=0.001, help="Measured seconds per level.")] = None,
    find_capacity_: Annotated[bool, typer.Option("--find-capacity",
                                                 help="Search the highest rate meeting the SLOs.")] = False,
    max_probes: Annotated[int, typer.Option(min=1, help="Levels tried by --find-capacity.")] = 8,
    endpoint: Annotated[str, typer.Option(help="chat or completions.")] = "chat",
    prompts: Annotated[Path | None, typer.Option(exists=True, dir_okay=False,
                                                 help="Prompts: text (one per line) or JSONL.")] = None,
    max_tokens: Annotated[int, typer.Option(min=1)] = 128,
    stream_usage: Annotated[bool, typer.Option(help="Ask for usage in the stream (include_usage).")] = True,
    warmup: Annotated[int, typer.Option(min=0, help="Unmeasured requests before each level.")] = 8,
    timeout: Annotated[float, typer.Option(min=0.001, help="Seconds per request, from its schedule.")] = 60.0,
    seed: int = 0,
    api_key: Annotated[str | None, typer.Option(envvar="TUNECHECK_API_KEY", show_default=False)] = None,
    workers: Annotated[int | None, typer.Option(min=1, help="Most worker processes (default: CPUs).")] = None,
    lag_limit_ms: Annotated[float, typer.Option(min=0.001, help="Client event-loop lag p99 beyond which a "
                                                "level is client-bound.")] = 10.0,
    slo_ttft_p95_ms: Milliseconds = None,
    slo_ttft_p99_ms: Milliseconds = None,
    slo_e2e_p95_ms: Milliseconds = None,
    slo_e2e_p99_ms: Milliseconds = None,
    slo_itl_p95_ms: Milliseconds = None,
    slo_itl_p99_ms: Milliseconds = None,
    slo_tpot_p95_ms: Milliseconds = None,
    slo_tpot_p99_ms: Milliseconds = None,
    slo_max_error_rate: Annotated[float | None, typer.Option(min=0.0, max=1.0, show_default=False)] = None,
) -> None:
    """Drive URL at each load level and write load.json and requests.jsonl into --out."""
    if endpoint not in ("chat", "completions"):
        raise typer.BadParameter(f"'{endpoint}' is not an endpoint; use chat or completions",
                                 param_hint="--endpoint")
    if requests is None and duration is None:
        raise typer.BadParameter("give --requests N and/or --duration S: a load level needs a bound",
                                 param_hint="--requests")
    levels = _levels(concurrency, rate, max_concurrency, find_capacity_)
    try:
        spec = LoadSpec(url=url, model=model, endpoint="chat" if endpoint == "chat" else "completions",
                        prompts=read_prompts(prompts) if prompts else DEFAULT_PROMPTS, max_tokens=max_tokens,
                        stream_usage=stream_usage,
                        requests=requests, duration_s=duration, warmup_requests=warmup, timeout_s=timeout,
                        seed=seed, api_key=api_key,
                        slo=_slo({"ttft_p95_ms": slo_ttft_p95_ms, "ttft_p99_ms": slo_ttft_p99_ms,
                                  "e2e_p95_ms": slo_e2e_p95_ms, "e2e_p99_ms": slo_e2e_p99_ms,
                                  "itl_p95_ms": slo_itl_p95_ms, "itl_p99_ms": slo_itl_p99_ms,
                                  "tpot_p95_ms": slo_tpot_p95_ms, "tpot_p99_ms": slo_tpot_p99_ms,
                                  "max_error_rate": slo_max_error_rate}))
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"]) or "url"
        raise typer.BadParameter(str(error["msg"]).removeprefix("Value error, "),
                                 param_hint="URL" if field == "url" else f"--{field.replace('_', '-')}") from None
    settings = GeneratorSettings(loop_lag_p99_limit_ms=lag_limit_ms, dispatch_late_p99_limit_ms=lag_limit_ms)
    if workers is not None:
        settings = settings.model_copy(update={"max_workers": workers})
    try:
        with interruptible():
            result = _run(spec, levels, find_capacity_, max_probes, out, settings)
    except LoadError as exc:
        typer.echo(f"error: {printable(str(exc))}", err=True)
        raise typer.Exit(EXIT_TOOL) from None
    except KeyboardInterrupt as exc:
        partial = exc.partial if isinstance(exc, Interrupted) else None
        kept = f"; wrote {write_result(partial, out)}" if isinstance(partial, LoadResult) and partial.levels else ""
        typer.echo(f"interrupted: every worker stopped{kept}; finished levels' requests are in "
                   f"{out / RECORDS_FILE}", err=True)
        raise typer.Exit(exit_code_of(exc)) from None
    path = write_result(result, out)
    for level in result.levels:
        typer.echo(printable(describe_level(level)))
    if all_failed(result):
        first = next((f"{k} x{v}" for lv in result.levels for k, v in sorted(lv.errors.items())), "")
        typer.echo(f"error: every request failed ({printable(first)}); see {out / RECORDS_FILE}", err=True)
    if result.search is not None:
        found = result.search.capacity_rps
        shown = "none" if found is None else f"{found:g}"
        typer.echo(f"capacity: {shown} req/s ({result.search.stopped_because})")
    elif result.capacity is not None:
        typer.echo(f"capacity: {result.capacity.label}")
    typer.echo(f"wrote {path} and {out / RECORDS_FILE}")
    raise typer.Exit(exit_code(result))
