"""llama-cpp-python's OpenAI-compatible server on 127.0.0.1, started for a run and stopped after.

The server is a child process (``python -m llama_cpp.server``). ``start`` holds its port
from the moment it is chosen (a socket bound with ``SO_REUSEADDR`` and never listening:
the child can bind it, a process that binds plainly cannot), so a port given in
``launch.port`` that another server already listens on is an error, not a server taken
for ours. It is ready once ``/v1/models`` answers, lists the alias it was started with,
and the socket listening on the port belongs to the child itself. ``stop`` terminates
it within about 2 s (and is registered with ``atexit``; on Linux the child also gets
SIGTERM if this process dies). Its output goes to a temporary log file whose tail is
quoted when it fails to start; the file is removed on ``stop``.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from importlib import metadata
from pathlib import Path
from types import TracebackType
from typing import Self

import psutil

from tunecheck.config import ServerLaunch
from tunecheck.models import resolve_gguf_file

STOP_GRACE_S = 1.5  # SIGTERM to SIGKILL: stopped within the 2 s a cancelled run allows


class ChildServer:
    """An OpenAI-compatible server started as this process's child on a held port, stopped after.

    A subclass gives its ``command`` and the model ``names`` that ``/models`` must list before
    the server counts as ready; the port, the log, readiness and stopping are done here once.
    ``kill_group`` also kills the child's process group on stop (servers whose engine runs in
    grandchild processes).
    """

    label = "server"
    log_prefix = "tunecheck-server-"
    log_lines = 20
    poll_s = 0.25
    kill_group = False

    def __init__(self, host: str, port: int | None, startup_timeout_s: float) -> None:
        self._host, self._wanted_port, self._startup_timeout_s = host, port, startup_timeout_s
        self.port = port or 0  # chosen and held by ``start``
        self._process: subprocess.Popen[bytes] | None = None
        self._log: Path | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self._host}:{self.port}/v1"

    @property
    def names(self) -> tuple[str, ...]:
        raise NotImplementedError

    def command(self) -> list[str]:
        raise NotImplementedError

    def start(self) -> None:
        """Start the server and wait until it answers; raise ``RuntimeError`` with its log if it does not."""
        hold = hold_port(self._host, self._wanted_port or 0)
        self.port = int(hold.getsockname()[1])
        handle, name = tempfile.mkstemp(prefix=self.log_prefix, suffix=".log")
        self._log = Path(name)
        try:
            with os.fdopen(handle, "wb") as log:
                self._process = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT,
                                                 stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent)
            atexit.register(self.stop)
            self._wait_ready()
        except BaseException:
            self.stop(keep_log=True)
            raise
        finally:
            hold.close()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self._startup_timeout_s
        stranger = False
        while time.monotonic() < deadline:
            assert self._process is not None
            if self._process.poll() is not None:
                raise RuntimeError(f"{self.label} exited with code {self._process.returncode} before answering:\n"
                                   f"{self.log_tail()}")
            if all(_serves(self.base_url + "/models", name) for name in self.names):
                if listens_on(self._process.pid, self.port):
                    return
                stranger = True  # something answers, but not our child: keep waiting for ours
            time.sleep(self.poll_s)
        who = "another process, not the server it started," if stranger else "nothing"
        raise RuntimeError(f"{self.label}: {who} served {', '.join(self.names)} on {self.base_url} within "
                           f"{self._startup_timeout_s:g} s (launch.startup_timeout_s):\n{self.log_tail()}")

    def log_tail(self, lines: int | None = None) -> str:
        if self._log is None or not self._log.exists():
            return "(no log)"
        text = self._log.read_text(encoding="utf-8", errors="replace").splitlines()
        return "\n".join(text[-(lines or self.log_lines):])

    def stop(self, keep_log: bool = False) -> None:
        """Terminate the server (SIGTERM, then SIGKILL after ``STOP_GRACE_S``). Safe to call twice."""
        process, self._process = self._process, None
        atexit.unregister(self.stop)
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=STOP_GRACE_S)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        if process is not None and self.kill_group:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)  # engine processes the server left behind
        if self._log is not None and not keep_log:
            self._log.unlink(missing_ok=True)
            self._log = None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.stop()


class LlamaServer(ChildServer):
    """One llama-cpp-python server process."""

    label = "llama-cpp-python server"
    log_prefix = "tunecheck-llama-server-"

    def __init__(self, launch: ServerLaunch, base_dir: Path, model_alias: str) -> None:
        if launch.parallel != 1:
            raise ValueError("launch.parallel: llama-cpp-python's server runs one sequence at a time; set it "
                             "to 1 (for concurrent sequences serve the model with vLLM or llama.cpp and give "
                             "base_url)")
        super().__init__(launch.host, launch.port, launch.startup_timeout_s)
        self._launch, self._alias = launch, model_alias
        self._model = resolve_gguf_file(launch.model, base_dir)
        self._lora = _existing(launch.lora, base_dir) if launch.lora else None

    @property
    def names(self) -> tuple[str, ...]:
        return (self._alias,)

    @property
    def version(self) -> str:
        return f"llama-cpp-python {metadata.version('llama_cpp_python')}"

    def command(self) -> list[str]:
        args = [sys.executable, "-m", "llama_cpp.server", "--model", str(self._model),
                "--model_alias", self._alias, "--host", self._launch.host, "--port", str(self.port),
                "--n_ctx", str(self._launch.n_ctx),
                # llama-cpp-python's server otherwise aborts the stream in progress whenever a new
                # request arrives; a deployment queues them, and load levels must measure that queue.
                "--interrupt_requests", "False"]
        if self._launch.n_threads is not None:
            args += ["--n_threads", str(self._launch.n_threads)]
        if self._lora is not None:
            args += ["--lora_path", str(self._lora)]
        return args


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def hold_port(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` (0: a free port) that keeps other processes off it until closed.

    Bound with ``SO_REUSEADDR`` and never listening, it lets the child server (which binds
    with ``SO_REUSEADDR`` too) take the port, and refuses a process that binds plainly.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise RuntimeError(f"launch.port: {host}:{port} is in use by another process ({exc.strerror}); stop it "
                           "or leave launch.port unset to start on a free port") from None
    return sock


def listens_on(pid: int, port: int) -> bool:
    """Whether process ``pid`` itself holds the socket listening on TCP ``port``."""
    try:
        process = psutil.Process(pid)
        connections = process.net_connections(kind="tcp") if hasattr(process, "net_connections") \
            else process.connections(kind="tcp")
    except (psutil.Error, OSError):
        return False
    return any(c.status == psutil.CONN_LISTEN and c.laddr and c.laddr.port == port for c in connections)


def _serves(url: str, alias: str) -> bool:
    """Whether ``/models`` at ``url`` answers and lists ``alias``."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            if response.status != 200:
                return False
            body = json.loads(response.read())
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError, ValueError):
        return False
    data = body.get("data") if isinstance(body, dict) else None
    return isinstance(data, list) and any(isinstance(e, dict) and e.get("id") == alias for e in data)


def _existing(path: str, base_dir: Path) -> Path:
    full = Path(path).expanduser()
    full = full if full.is_absolute() else base_dir / full
    if not full.is_file():
        raise FileNotFoundError(f"launch.lora: '{path}' not found (looked for {full})")
    return full


def _die_with_parent() -> None:
    """In the child: ask Linux to send SIGTERM when the parent dies (best effort)."""
    os.setpgrp()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)
