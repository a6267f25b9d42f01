"""A private asyncio event loop in a thread, so synchronous callers can drive async I/O.

``LoopThread.stream`` runs ``n`` jobs with at most ``limit`` in flight and yields each
result as it completes. If a job raises, the others are cancelled and the exception
is raised to the caller; if the caller stops iterating, the jobs are cancelled.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from typing import TypeVar

T = TypeVar("T")


class LoopThread:
    """An event loop running forever in a daemon thread until ``stop``."""

    def __init__(self, name: str) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name=name, daemon=True)
        self._thread.start()

    def run(self, coro: Coroutine[object, object, T]) -> T:
        """Run one coroutine on the loop and wait for its result."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result()

    def stream(self, n: int, job: Callable[[int], Awaitable[T]], limit: int) -> Iterator[tuple[int, T]]:
        """``(i, await job(i))`` for ``i`` in ``range(n)``, in completion order, ``limit`` at a time."""
        done: queue.Queue[tuple[int, T] | BaseException] = queue.Queue()
        future = asyncio.run_coroutine_threadsafe(_run_all(n, job, limit, done.put), self.loop)
        try:
            for _ in range(n):
                item = done.get()
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            future.cancel()

    def stop(self) -> None:
        if self.loop.is_closed():
            return
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=10)
        if not self._thread.is_alive():
            self.loop.close()


async def _run_all(n: int, job: Callable[[int], Awaitable[T]], limit: int,
                   put: Callable[[tuple[int, T] | BaseException], None]) -> None:
    indices = iter(range(n))

    async def worker() -> None:
        for i in indices:
            put((i, await job(i)))

    workers = [asyncio.ensure_future(worker()) for _ in range(min(limit, n))]
    try:
        await asyncio.gather(*workers)
    except asyncio.CancelledError:
        for task in workers:
            task.cancel()
        raise
    except Exception as exc:  # handed to the caller's thread, raised there
        for task in workers:
            task.cancel()
        put(exc)
