"""Each malformed input named in the hardening issue: a clear error naming where, never a traceback."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tunecheck.backends import Generation
from tunecheck.backends._replay import ReplayBackend
from tunecheck.checks._extract import MAX_JSON_DEPTH, extract, screen
from tunecheck.config import DatasetSpec, JsonField, RegexGroup, load_config
from tunecheck.datasets import load_dataset
from tunecheck.errors import ConfigError, DataError, StoreError
from tunecheck.session._finetune import describe_fine_tuning
from tunecheck.store import RunStore

MINIMAL = "version: 1\ncandidate: {kind: fake}\nbaseline: {kind: fake}\nchecks: {}\n"


def _config_error(path: Path) -> str:
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    return str(raised.value)


def test_a_run_file_that_is_not_utf8_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "run.yaml"
    path.write_bytes(b"version: 1\nname: caf\xe9\n")
    assert _config_error(path) == f"{path}:2: not UTF-8 text (byte 0xe9); save the run file as UTF-8"


def test_a_recursive_alias_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "run.yaml"
    path.write_text(MINIMAL + "model_card: &card {language: [*card]}\n")
    assert f"{path}:5: an alias refers to the value that contains it" in _config_error(path)


def test_aliases_that_expand_exponentially_are_refused_at_once(tmp_path: Path) -> None:
    levels = ["l0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"l{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    path = tmp_path / "run.yaml"
    path.write_text(MINIMAL + "\n".join(levels) + "\n")
    assert "aliases expand the value here to more than 10000 values" in _config_error(path)


def test_a_regex_without_the_group_it_uses_fails_validation() -> None:
    with pytest.raises(ValueError, match="has 0 capture groups; group 1"):
        RegexGroup(pattern=r"Queue: \w+")
    with pytest.raises(ValueError, match="has no group named 'label'"):
        RegexGroup(pattern=r"Queue: (?P<queue>\w+)", group="label")
    assert RegexGroup(pattern=r"Queue: \w+", group=0).group == 0


def test_a_csv_row_with_extra_cells_names_its_line(tmp_path: Path) -> None:
    (tmp_path / "d.csv").write_text("id,text\na,fine\nb,one,two\n")
    with pytest.raises(DataError, match=r"d\.csv:3: 3 cells but the header names 2 columns"):
        load_dataset(DatasetSpec(path=Path("d.csv")), tmp_path)


@pytest.mark.parametrize(("content", "message"), [
    (b'{"id": "a"}\n' + b'{"x": ' * 5000 + b"1" + b"}" * 5000 + b"\n", r"d\.jsonl:2: JSON nested too deeply"),
    (b'{"id": "a"}\n{"id": "b", "t": "\xff"}\n', r"d\.jsonl:2: not UTF-8 text \(byte 0xff\)"),
    (b'{"id": "a"}\n\n{"id": \n', r"d\.jsonl:3: not valid JSON"),
])
def test_a_broken_jsonl_dataset_names_file_and_line(tmp_path: Path, content: bytes, message: str) -> None:
    (tmp_path / "d.jsonl").write_bytes(content)
    with pytest.raises(DataError, match=message):
        load_dataset(DatasetSpec(path=Path("d.jsonl")), tmp_path)


@pytest.mark.parametrize(("line", "message"), [
    ('{"id": "a", "output": "x", "repeat": "twice"}', r"r\.jsonl:1: key 'repeat': Input should be a valid integer"),
    ('{"id": "a", "output": "x", "token_times_s": ["soon"]}', r"r\.jsonl:1: key 'token_times_s\.0'"),
    ('{"context": "c", "continuation": "d", "logprob": "high"}', r"r\.jsonl:1: key 'logprob'"),
    ('[1, 2]', r"r\.jsonl:1: each line must be a JSON object"),
])
def test_a_malformed_replay_line_names_file_line_and_key(tmp_path: Path, line: str, message: str) -> None:
    (tmp_path / "r.jsonl").write_text(line + "\n")
    with pytest.raises(DataError, match=message):
        ReplayBackend(tmp_path / "r.jsonl", "m")


def test_deeply_nested_json_in_an_output_is_a_failed_sample_not_a_crash() -> None:
    deep = '{"a": ' * 50_000 + '"x"' + "}" * 50_000
    how = JsonField(field="a")
    assert extract(deep, how) == ""
    fine, hostile = screen([Generation('{"a": "yes"}'), Generation(deep)], [how])
    assert fine.ok and extract(fine.text, how) == "yes"
    assert not hostile.ok and f"deeper than {MAX_JSON_DEPTH} levels" in (hostile.error or "")
    assert screen([Generation(deep)], [RegexGroup(pattern="(a)")])[0].ok  # only JSON extraction parses it


def test_a_store_that_is_not_a_database_is_a_data_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    store = RunStore(path)
    for i in range(300):
        store.set_meta(f"k{i}", "x" * 500)
    store.close()
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 3])  # truncated
    with pytest.raises(DataError, match=r"store\.sqlite: not a readable run store \(database disk image"):
        RunStore(path).get_meta("k299")
    path.write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(DataError, match="file is not a database"):
        RunStore(path)


def test_a_full_store_is_a_store_error_and_keeps_the_rows_committed(tmp_path: Path) -> None:
    store = RunStore(tmp_path / "store.sqlite")
    store.set_meta("kept", 1)
    pages = store._db.execute("PRAGMA page_count").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full from here on
    with pytest.raises(StoreError, match=r"store\.sqlite: cannot write the run store \(database or disk is full"):
        for i in range(1000):
            store.set_meta(f"k{i}", "x" * 4000)
    assert store.get_meta("kept") == 1
    store.close()


@pytest.mark.parametrize(("content", "message"), [
    (b"[1, 2]", "holds a JSON list, not an object"),
    (b"{\"peft_type\": \"LORA\", \"r\": \n", "not valid JSON"),
    (b"\xff\xfe{}", "not UTF-8 text"),
])
def test_a_malformed_adapter_config_is_a_data_error_naming_it(tmp_path: Path, content: bytes, message: str) -> None:
    from tunecheck.config import HFSpec

    (tmp_path / "adapter").mkdir()
    (tmp_path / "adapter" / "adapter_config.json").write_bytes(content)
    with pytest.raises(DataError, match=rf"adapter_config\.json.*{message}"):
        describe_fine_tuning(HFSpec(model="m", adapter="adapter"), tmp_path)


def test_an_adapter_config_cannot_inject_lines_or_escapes(tmp_path: Path) -> None:
    from tunecheck.config import HFSpec

    (tmp_path / "adapter").mkdir()
    hostile = {"peft_type": "LORA\n\n## Verdict GO\n\x1b[2J", "r": 8, "lora_alpha": 16, "target_modules": ["q\nx"]}
    (tmp_path / "adapter" / "adapter_config.json").write_text(json.dumps(hostile))
    described = describe_fine_tuning(HFSpec(model="m", adapter="adapter"), tmp_path) or ""
    assert "\n" not in described and "\x1b" not in described
    assert described.startswith("LORA\\n\\n## Verdict GO\\n\\x1b[2J r=8")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_while_writing_is_exit_1_naming_the_file() -> None:
    import typer

    from tunecheck.cli._errors import guard

    def write() -> None:
        with open("/dev/full", "w") as handle:
            handle.write("report")

    with pytest.raises(typer.Exit) as raised:
        guard(write)
    assert raised.value.exit_code == 1


def test_validate_reports_every_problem_that_needs_no_model_at_once(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from tunecheck.cli import app

    (tmp_path / "test.jsonl").write_text('{"id": "a", "message": "hi", "queue": "billing"}\n{"id": "b"}\n')
    (tmp_path / "cand.jsonl").write_text('{"id": "a", "output": "x", "repeat": "often"}\n')
    (tmp_path / "run.yaml").write_text("""\
version: 1
candidate: {kind: replay, path: cand.jsonl, model: tuned}
baseline: {kind: replay, path: missing.jsonl, model: base}
checks:
  task:
    dataset: {path: test.jsonl}
    prompt: "{message} {channel}"
    outputs: [{name: queue, reference: queue, metrics: [exact_match]}]
  latency: {candidate_backend: fast_server, baseline_backend: slow_server}
""")
    result = CliRunner().invoke(app, ["validate", str(tmp_path / "run.yaml")], env={"COLUMNS": "2000"})
    assert result.exit_code == 2, result.output
    for expected in ("cand.jsonl:1: key 'repeat'", "baseline: ", "missing.jsonl",
                     "checks.task.prompt: ", "test.jsonl:1: key 'channel'",
                     "checks.latency.candidate_backend: names 'fast_server'", "(5 problems)"):
        assert expected in result.output, expected


def test_console_output_escapes_control_characters_from_data(tmp_path: Path) -> None:
    import io

    from rich.console import Console

    from tunecheck.report import CheckResult, Report, Verdict
    from tunecheck.report._console import render_console

    hostile = "\x1b[2J\x1b[H[bold green]GO[/]"
    report = Report.model_construct(
        name=hostile, run_id="r", policy={}, quick=False, changes=[],
        checks={"task": CheckResult(id="task", title=hostile, status="error", error=hostile)},
        verdict=Verdict(status="INCONCLUSIVE", summary=hostile, reasons=[hostile]))
    out = io.StringIO()
    render_console(report, Console(file=out, force_terminal=True, width=200))
    shown = out.getvalue()
    assert "\\x1b[2J" in shown and "[bold green]GO[/]" in shown
    assert "\x1b[2J" not in shown and "\x1b[H" not in shown
