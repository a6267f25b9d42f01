"""``tunecheck load`` as a typer command: files written, exit codes."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import typer
from typer.testing import CliRunner

from tunecheck.load import RECORDS_FILE, RESULT_FILE, read_records, read_result
from tunecheck.load._command import load_command
from tunecheck.load.mock_server import MockBehaviour, MockServerProcess


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command("load")(load_command)

    @app.command("noop")
    def _noop() -> None:  # a second command keeps "load" as a named subcommand
        """Nothing."""

    return app


def _invoke(*args: str) -> tuple[int, str]:
    # A lenient lag limit: these tests are about files and exit codes, not about timing on a busy machine.
    result = CliRunner().invoke(_app(), ["load", *args, "--lag-limit-ms", "1000"])
    return result.exit_code, result.output


def test_writes_json_and_jsonl_and_passes(mock: MockServerProcess, tmp_path: Path) -> None:
    mock.configure(MockBehaviour(ttft_ms=5, token_delay_ms=2, tokens=4))
    code, output = _invoke(mock.url, "--model", "mock-model", "--concurrency", "1,2", "--requests", "80",
                           "--warmup", "1", "--out", str(tmp_path), "--slo-e2e-p95-ms", "5000",
                           "--slo-max-error-rate", "0.05")  # 80 error-free requests show <= 5%, not <= 1%
    assert code == 0, output
    result = read_result(tmp_path / RESULT_FILE)
    assert [level.level.concurrency for level in result.levels] == [1, 2]
    assert result.capacity is not None and result.capacity.concurrency == 2
    records = read_records(tmp_path / RECORDS_FILE)
    assert len(records) == 160 and {r.level_index for r in records} == {0, 1}
    assert "api_key" not in json.loads((tmp_path / RESULT_FILE).read_text())["spec"]


def test_too_few_requests_for_the_slo_exit_20(mock: MockServerProcess, tmp_path: Path) -> None:
    mock.configure(MockBehaviour(ttft_ms=5, token_delay_ms=2, tokens=4))
    code, output = _invoke(mock.url, "--model", "mock-model", "--concurrency", "1", "--requests", "6",
                           "--warmup", "1", "--out", str(tmp_path), "--slo-e2e-p99-ms", "5000")
    assert code == 20, output
    assert "inconclusive" in output and "cannot show it within 5000 ms" in output


def test_failing_slo_exits_10(mock: MockServerProcess, tmp_path: Path) -> None:
    mock.configure(MockBehaviour(ttft_ms=30, token_delay_ms=2, tokens=4))
    code, output = _invoke(mock.url, "--model", "mock-model", "--rate", "20", "--max-concurrency", "2",
                           "--requests", "8", "--warmup", "0", "--out", str(tmp_path),
                           "--slo-ttft-p95-ms", "5")
    assert code == 10, output
    assert "ttft_p95_ms" in output and (tmp_path / RESULT_FILE).exists()


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    base = ["http://127.0.0.1:9", "--model", "m", "--out", str(tmp_path)]
    assert _invoke(*base, "--concurrency", "1", "--rate", "2", "--requests", "1")[0] == 2
    assert _invoke(*base, "--concurrency", "1")[0] == 2  # no bound
    assert _invoke(*base, "--concurrency", "x", "--requests", "1")[0] == 2
    assert _invoke(*base, "--requests", "1")[0] == 2  # no level


def test_unreachable_server_exits_1(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code, output = _invoke(f"http://127.0.0.1:{port}", "--model", "m", "--concurrency", "1",
                           "--requests", "1", "--out", str(tmp_path))
    assert code == 1 and "cannot connect" in output
