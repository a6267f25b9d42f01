"""A local OpenAI-compatible streaming server with injectable latency and faults.

Serves ``/v1/chat/completions`` and ``/v1/completions`` (streamed or not, with usage),
``/v1/models`` and ``/health``. Latency: a time to first token, a per-token delay (both
with optional uniform jitter) and a number of tokens per response, several per chunk if
asked; a role-only chunk goes out at once, before the first token. Faults, drawn per
request from a seeded generator: HTTP 500, connection reset before the response (RST),
stream cut half-way (no ``[DONE]``), and a stall window of ``stall_s`` seconds (from
``stall_start_s`` after configuration, or from the arrival of request number
``stall_after_requests``) during which nothing is sent.

It records server-side truth per request (arrival, first content write, end, injected
fault), readable in-process (``MockServer.records``) or over HTTP (``GET /_stats``), with
the server's own event-loop lag p99 (its timestamps are only as punctual as its loop);
``POST /_config`` replaces the behaviour and clears the records. A request for another
model than ``model`` gets a 404, as real servers answer.

Run: ``python -m tunecheck.load.mock_server --port 0 --ttft-ms 50 --tokens 32`` prints
``listening on http://127.0.0.1:PORT``; ``MockServerProcess`` does that from Python.
For tests and calibration only; it binds 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path
from types import TracebackType

from tunecheck.load._mock import Fault, MockBehaviour, MockServer, ServerRecord

__all__ = ["Fault", "MockBehaviour", "MockServer", "MockServerProcess", "ServerRecord", "main"]


class MockServerProcess:
    """The mock in a child process (so it does not share the caller's GIL or CPU time).

    A context manager: ``with MockServerProcess(MockBehaviour(ttft_ms=30)) as mock:``
    gives ``mock.url``; ``mock.stats()`` returns the server-side records.
    """

    def __init__(self, behaviour: MockBehaviour | None = None, host: str = "127.0.0.1") -> None:
        self.behaviour = behaviour or MockBehaviour()
        self.host = host
        self.url = ""
        self._process: subprocess.Popen[str] | None = None

    def __enter__(self) -> MockServerProcess:
        root = str(Path(__file__).resolve().parents[2])
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([root, os.environ.get("PYTHONPATH", "")])}
        self._process = subprocess.Popen(
            [sys.executable, "-m", "tunecheck.load.mock_server", "--host", self.host, "--port", "0",
             "--behaviour", self.behaviour.model_dump_json()],
            stdout=subprocess.PIPE, text=True, env=env)
        assert self._process.stdout is not None
        line = self._process.stdout.readline().strip()
        if not line.startswith("listening on "):
            self.close()
            raise RuntimeError(f"the mock server did not start (said {line!r})")
        self.url = line.removeprefix("listening on ")
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=10)
            if self._process.stdout is not None:
                self._process.stdout.close()
            self._process = None

    def configure(self, behaviour: MockBehaviour) -> None:
        """Replace the behaviour and clear the server's records."""
        request = urllib.request.Request(f"{self.url}/_config", data=behaviour.model_dump_json().encode(),
                                         headers={"Content-Type": "application/json"}, method="POST")
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()
        self.behaviour = behaviour

    def _stats(self) -> dict[str, object]:
        with urllib.request.urlopen(f"{self.url}/_stats", timeout=30) as response:
            payload: dict[str, object] = json.loads(response.read())
        return payload

    def stats(self) -> list[ServerRecord]:
        """The server-side record of every request since the last ``configure``."""
        requests = self._stats()["requests"]
        return [ServerRecord.model_validate(item) for item in requests] if isinstance(requests, list) else []

    def lag_p99_ms(self) -> float:
        """The server's own event-loop lag p99 since the last ``configure``."""
        lag = self._stats()["lag_p99_ms"]
        return float(lag) if isinstance(lag, (int, float)) else 0.0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tunecheck.load.mock_server", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    parser.add_argument("--behaviour", help="the whole behaviour as JSON (fields below override it)")
    for name, field in MockBehaviour.model_fields.items():
        kind: type[int] | type[float] | type[str] = float
        if name in ("stall_after_requests", "tokens", "tokens_per_chunk", "seed"):
            kind = int
        elif name == "model":
            kind = str
        if name == "usage":
            parser.add_argument("--no-usage", dest="usage", action="store_const", const=False, default=None)
            continue
        parser.add_argument(f"--{name.replace('_', '-')}", dest=name, type=kind, default=None,
                            help=field.description)
    return parser


def _behaviour(args: argparse.Namespace) -> MockBehaviour:
    base = json.loads(args.behaviour) if args.behaviour else {}
    for name in MockBehaviour.model_fields:
        value = getattr(args, name, None)
        if value is not None:
            base[name] = value
    return MockBehaviour.model_validate(base)


async def _serve(behaviour: MockBehaviour, host: str, port: int) -> None:
    server = MockServer(behaviour)
    url = await server.start(host, port)
    print(f"listening on {url}", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await server.stop()


def main(argv: list[str] | None = None) -> None:
    """Run the mock until interrupted."""
    args = _parser().parse_args(argv)
    serve = _serve(_behaviour(args), args.host, args.port)
    try:
        try:
            import uvloop
        except ImportError:
            asyncio.run(serve)
        else:
            uvloop.run(serve)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
