"""A worker's share of a level: closed-loop streams or an open-loop schedule.

Every request carries three times: ``scheduled`` (when the load model wanted it sent),
``eligible`` (when a concurrency slot let it go; equal to ``scheduled`` without a cap)
and ``sent``. Latency timed from ``scheduled`` is free of coordinated omission: a server
stall that fills the cap delays the queued requests, and their wait is counted.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Callable

from tunecheck.load._request import RequestContext, send
from tunecheck.load._wire import Outcome, PhasePlan

OnDone = Callable[[Outcome], None]


async def sleep_until(t: float) -> None:
    delay = t - time.perf_counter()
    if delay > 0:
        await asyncio.sleep(delay)


async def run_closed(ctx: RequestContext, plan: PhasePlan, t0: float, on_done: OnDone) -> None:
    """``plan.streams`` streams, each sending its next request when the previous ends.

    A request's scheduled time is the moment its stream became free (``t0`` or the end of
    the previous request), so the gap shows the client's own turnaround.
    """
    stop_at = t0 + plan.duration_s if plan.duration_s is not None else math.inf
    issued = 0

    def next_index() -> int | None:
        nonlocal issued
        if (plan.quota is not None and issued >= plan.quota) or time.perf_counter() >= stop_at:
            return None
        index = plan.first_index + issued * plan.index_stride
        issued += 1
        return index

    async def stream() -> None:
        ready = t0
        while (index := next_index()) is not None:
            outcome = await send(ctx, index, ready, ready)
            on_done(outcome)
            ready = outcome.end if outcome.end is not None else time.perf_counter()

    await sleep_until(t0)
    await asyncio.gather(*(stream() for _ in range(plan.streams)))


class _OpenLoop:
    """Dispatches a precomputed schedule, holding requests over the cap in a FIFO queue."""

    def __init__(self, ctx: RequestContext, plan: PhasePlan, t0: float, on_done: OnDone) -> None:
        self.ctx, self.plan, self.t0, self.on_done = ctx, plan, t0, on_done
        self.in_flight = 0
        self.waiting: deque[tuple[int, float]] = deque()
        self.tasks: set[asyncio.Task[None]] = set()
        self.idle = asyncio.Event()
        self.dispatched_all = False

    def _launch(self, index: int, scheduled: float, eligible: float) -> None:
        self.in_flight += 1
        task = asyncio.get_running_loop().create_task(self._one(index, scheduled, eligible))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _one(self, index: int, scheduled: float, eligible: float) -> None:
        try:
            self.on_done(await send(self.ctx, index, scheduled, eligible))
        finally:
            self.in_flight -= 1
            self._drain()

    def _drain(self) -> None:
        cap = self.plan.cap
        while self.waiting and (cap is None or self.in_flight < cap):
            index, scheduled = self.waiting.popleft()
            self._launch(index, scheduled, time.perf_counter())
        if self.dispatched_all and self.in_flight == 0 and not self.waiting:
            self.idle.set()

    async def run(self) -> None:
        try:
            for index, offset in self.plan.schedule:
                scheduled = self.t0 + offset
                await sleep_until(scheduled)
                if self.plan.cap is not None and (self.in_flight >= self.plan.cap or self.waiting):
                    self.waiting.append((index, scheduled))
                else:
                    self._launch(index, scheduled, scheduled)
            self.dispatched_all = True
            self._drain()
            await self.idle.wait()
        finally:
            for task in list(self.tasks):
                task.cancel()


async def run_open(ctx: RequestContext, plan: PhasePlan, t0: float, on_done: OnDone) -> None:
    """Send each request of ``plan.schedule`` at ``t0 + offset`` (or queue it at the cap)."""
    await _OpenLoop(ctx, plan, t0, on_done).run()


async def run_phase(ctx: RequestContext, plan: PhasePlan, t0: float, on_done: OnDone) -> None:
    if plan.kind == "closed":
        await run_closed(ctx, plan, t0, on_done)
    else:
        await run_open(ctx, plan, t0, on_done)
