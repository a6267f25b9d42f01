"""Worker processes: one event loop each (uvloop where installed), driven over a pipe.

Protocol per level: the parent sends a ``ShardTask``; the worker opens its connections,
runs its warm-up share and answers ``Ready``; once every worker is ready the parent sends
``Go(t0)`` with a common start time; the worker runs its measured share, sending
``Progress`` about twice a second, and answers ``ShardDone`` (or ``ShardFailed``).

While a phase runs the worker also watches its pipe: a ``Stop`` from the parent (which
sends one when it is interrupted) or a closed pipe (the parent died) cancels the phase
within ``STOP_POLL_S``, closes every connection and ends the process, so no request leaves
a stopped run. Workers ignore SIGINT: the parent, which gets it too, stops them.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time
import traceback
from collections import Counter
from collections.abc import Coroutine
from multiprocessing.connection import Connection
from typing import TypeVar

import aiohttp

from tunecheck._redact import bearer_secret
from tunecheck.load._monitor import HealthMonitor
from tunecheck.load._request import RequestContext, finalize, set_nodelay
from tunecheck.load._shard import run_phase, sleep_until
from tunecheck.load._wire import (
    Go,
    Outcome,
    Progress,
    Ready,
    ShardDone,
    ShardFailed,
    ShardTask,
    Stop,
    WorkerHealth,
)

T = TypeVar("T")
_MAX_PREOPENED = 512
STOP_POLL_S = 0.05


class FatalShardError(Exception):
    """The endpoint cannot be measured at all (for example nothing listens on the port)."""


def error_key(outcome: Outcome) -> str | None:
    """``http_<status>`` for HTTP errors, else the error kind; None for a success."""
    if outcome.error_kind == "http":
        return f"http_{outcome.status}"
    return outcome.error_kind


def _run(coro: Coroutine[object, object, T]) -> T:
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coro)
    result: T = uvloop.run(coro)
    return result


def _uvloop_running() -> bool:
    return type(asyncio.get_running_loop()).__module__.startswith("uvloop")


async def _open_connections(session: aiohttp.ClientSession, url: str, count: int) -> None:
    async def one() -> None:
        async with session.get(url) as response:
            await response.read()
            set_nodelay(response)

    results = await asyncio.gather(*(one() for _ in range(min(count, _MAX_PREOPENED))),
                                   return_exceptions=True)
    refused = [r for r in results if isinstance(r, aiohttp.ClientConnectorError)]
    if refused:
        raise FatalShardError(f"cannot connect to {url}: {refused[0]}; start the server or correct the URL")


async def _warm_up(session: aiohttp.ClientSession, task: ShardTask, headers: dict[str, str]) -> Ready:
    ctx = RequestContext(session, task.endpoint_url, headers, task.bodies, task.timeout_s,
                         f"l{task.level_index}w")
    outcomes: list[Outcome] = []
    if task.warmup.quota != 0 and (task.warmup.kind == "closed" or task.warmup.schedule):
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(run_phase(ctx, task.warmup, time.perf_counter(), outcomes.append),
                                   task.warmup_max_s)
    finished = [finalize(o, secret=ctx.secret) for o in outcomes]
    errors = Counter(key for o in finished if (key := error_key(o)) is not None)
    first = next((f"{error_key(o)}: {o.error_detail}" for o in finished if o.error_kind), None)
    return Ready(task.worker, len(finished), dict(errors), first)


class StopRequested(Exception):
    """The parent asked this worker to stop, or went away."""


async def _until_stopped(conn: Connection) -> None:
    """Return once the parent sends ``Stop`` or its end of the pipe closes."""
    while True:
        await asyncio.sleep(STOP_POLL_S)
        try:
            if conn.poll() and isinstance(conn.recv(), Stop):
                return
        except (EOFError, OSError):
            return


async def _unless_stopped(conn: Connection, work: Coroutine[object, object, T]) -> T:
    """``work``'s result, unless the parent stops the worker first (then ``StopRequested``)."""
    task = asyncio.ensure_future(work)
    watch = asyncio.ensure_future(_until_stopped(conn))
    await asyncio.wait({task, watch}, return_when=asyncio.FIRST_COMPLETED)
    if task.done():
        watch.cancel()
        return task.result()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    raise StopRequested


async def _report(conn: Connection, worker: int, outcomes: list[Outcome]) -> None:
    while True:
        await asyncio.sleep(0.5)
        conn.send(Progress(worker, len(outcomes)))


async def _measure(session: aiohttp.ClientSession, task: ShardTask, headers: dict[str, str], t0: float,
                   conn: Connection) -> tuple[list[Outcome], WorkerHealth]:
    ctx = RequestContext(session, task.endpoint_url, headers, task.bodies, task.timeout_s,
                         f"l{task.level_index}m")
    outcomes: list[Outcome] = []
    monitor = HealthMonitor(task.lag_interval_s, _uvloop_running())
    await sleep_until(t0 - task.lag_interval_s)
    monitor.start()
    reporter = asyncio.get_running_loop().create_task(_report(conn, task.worker, outcomes))
    try:
        await run_phase(ctx, task.measured, t0, outcomes.append)
    finally:
        reporter.cancel()
    return outcomes, await monitor.stop()


async def _serve(task: ShardTask, conn: Connection) -> ShardDone | None:
    headers = dict(task.headers)
    connector = aiohttp.TCPConnector(limit=0, keepalive_timeout=60.0)
    async with aiohttp.ClientSession(connector=connector) as session:
        await _open_connections(session, task.models_url, task.connections)
        conn.send(await _unless_stopped(conn, _warm_up(session, task, headers)))
        go = conn.recv()
        if not isinstance(go, Go):
            return None
        outcomes, health = await _unless_stopped(conn, _measure(session, task, headers, go.t0, conn))
    secret = bearer_secret(headers)
    return ShardDone(task.worker, tuple(finalize(o, task.keep_text, secret) for o in outcomes), health)


def worker_main(conn: Connection, worker: int) -> None:
    """Entry point of a worker process: serve shard tasks until ``Stop`` or a closed pipe."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if isinstance(message, Stop):
            return
        if not isinstance(message, ShardTask):
            continue
        try:
            done = _run(_serve(message, conn))
        except StopRequested:
            return
        except FatalShardError as exc:
            conn.send(ShardFailed(worker, str(exc)))
            continue
        except Exception as exc:  # reported to the parent, which raises it as a LoadError
            conn.send(ShardFailed(worker, f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"))
            continue
        if done is None:  # the parent stopped the level before its start
            return
        conn.send(done)
