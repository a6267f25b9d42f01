"""One mock server process for the load tests (each test configures its behaviour)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tunecheck.load.mock_server import MockBehaviour, MockServerProcess


@pytest.fixture(scope="session")
def mock() -> Iterator[MockServerProcess]:
    with MockServerProcess(MockBehaviour()) as server:
        yield server
