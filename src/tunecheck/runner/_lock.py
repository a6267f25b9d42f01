"""One writer per run directory: an advisory lock on ``<run dir>/.lock``.

Two processes on one run directory would both send every request and write the same
store and reports. ``run`` and ``report`` take an exclusive ``flock`` on the lock file
before they touch anything else; a second process fails at once with a message naming
the holder's PID (written into the file). The kernel releases the lock when its holder
exits, however it exits, so the lock of a crashed or killed run is simply taken over by
the next one, which writes its own PID. A lock still held after its recorded PID is gone
means a child process inherited it; the message says so.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import socket
from pathlib import Path
from types import TracebackType

from tunecheck.errors import RunLockedError

LOCK_NAME = ".lock"


class RunLock:
    """``with RunLock(run_dir):`` holds the run directory for this process."""

    def __init__(self, run_dir: Path) -> None:
        self.path = run_dir / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock, or raise ``RunLockedError`` naming the process that holds it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = _read(fd)
            os.close(fd)
            raise RunLockedError(_held_message(self.path.parent, holder)) from None
        record = {"pid": os.getpid(), "host": socket.gethostname(),
                  "since": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(record).encode("utf-8"), 0)
        self._fd = fd

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        os.ftruncate(fd, 0)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    def __enter__(self) -> RunLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.release()


def _read(fd: int) -> dict[str, object]:
    try:
        data = json.loads(os.pread(fd, 4096, 0).decode("utf-8") or "{}")
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def _held_message(run_dir: Path, holder: dict[str, object]) -> str:
    pid, host, since = holder.get("pid"), holder.get("host"), holder.get("since")
    if not isinstance(pid, int):
        who = "another process (it has not written its PID yet)"
    else:
        where = f" on {host}" if host and host != socket.gethostname() else ""
        who = f"process {pid}{where}" + (f", running since {since}" if since else "")
        if not where and not _alive(pid):
            who += " (no longer running: a child process it started still holds the lock)"
    return (f"the run directory {run_dir} is in use by {who}. One process writes a run directory at a "
            "time: wait for it to finish, or give this run another directory with --out")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
