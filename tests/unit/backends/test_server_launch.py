"""``launch:`` holds its port and takes only its own child's listener as its server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from tunecheck.backends._server import hold_port, listens_on


def test_a_port_another_process_listens_on_is_refused_naming_the_key() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        with pytest.raises(RuntimeError, match=rf"launch\.port: 127\.0\.0\.1:{port} is in use by another process"):
            hold_port("127.0.0.1", port)


def test_a_held_port_keeps_a_plain_bind_off_it() -> None:
    held = hold_port("127.0.0.1", 0)
    try:
        port = held.getsockname()[1]
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as intruder, pytest.raises(OSError):
            intruder.bind(("127.0.0.1", port))
    finally:
        held.close()


def test_only_the_process_that_listens_counts_as_the_server() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as ours:
        ours.bind(("127.0.0.1", 0))
        ours.listen()
        port = ours.getsockname()[1]
        assert listens_on(os.getpid(), port)
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
        try:
            assert not listens_on(child.pid, port)  # something answers on the port, but not this child
        finally:
            child.kill()
            child.wait()
        assert not listens_on(child.pid, port)  # a process that is gone listens on nothing
