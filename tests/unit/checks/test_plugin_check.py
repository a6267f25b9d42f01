"""A check from another package: found through the ``tunecheck.checks`` entry point group and run end to end."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from tunecheck import ConfigError, run
from tunecheck.config import CHECK_ENTRY_POINT_GROUP, load_config
from tunecheck.testing import write_distribution

PLUGIN = '''
from pydantic import Field

from tunecheck.backends import FakeScript
from tunecheck.checks import CheckOutput, compare
from tunecheck.config import CheckSettings, GateSpec
from tunecheck.session import PromptItem, Session


class PoliteSettings(CheckSettings):
    prompts: int = Field(default=40, ge=1)


class PoliteCheck:
    id = "polite"
    title = "Says please"
    settings_model = PoliteSettings

    def run(self, session: Session, settings: PoliteSettings) -> CheckOutput:
        items = [PromptItem(f"p{i}", f"ask {i}") for i in range(settings.prompts)]
        answers = session.generate(self.id, items)
        stats = {role: [(float("please" in g[0].text), 1.0) for g in answers[role]] for role in answers}
        rate = compare("please_rate", stats["candidate"], stats["baseline"], "mean", session.policy, binary=True)
        gate = GateSpec(measurement="please_rate", rule="superiority", threshold=0.0)
        return CheckOutput([rate], default_gates=[gate], n_samples=2 * len(items))


def candidate() -> FakeScript:
    return FakeScript(lambda request: "please, here it is", model="candidate")


def baseline() -> FakeScript:
    return FakeScript(lambda request: "here it is", model="baseline")
'''


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_distribution(tmp_path, "acme_check", PLUGIN, {CHECK_ENTRY_POINT_GROUP: {"polite": "acme_check:PoliteCheck"}})
    monkeypatch.syspath_prepend(str(tmp_path))
    return tmp_path


def _run_file(folder: Path, plugins: str) -> Path:
    path = folder / "run.yaml"
    path.write_text(textwrap.dedent("""\
        version: 1
        candidate: {kind: fake, script: "acme_check:candidate", model: candidate}
        baseline: {kind: fake, script: "acme_check:baseline", model: baseline}
        checks:
          plugins:
        """) + textwrap.indent(plugins, "    "))
    return path


def test_a_plugin_check_runs_is_gated_and_reported(installed: Path) -> None:
    outcome = run(_run_file(installed, "polite: {prompts: 30}\n"), out=installed / "runs")
    report = outcome.report
    assert list(report.checks) == ["polite"]
    check = report.checks["polite"]
    assert (check.id, check.title, check.status) == ("polite", "Says please", "pass")
    [rate] = check.measurements
    assert (rate.candidate, rate.baseline, rate.n) == (1.0, 0.0, 30)
    assert report.verdict.status == "GO" and outcome.exit_code == 0
    saved = json.loads((outcome.run_dir / "report.json").read_text())
    assert saved["checks"]["polite"]["status"] == "pass"
    assert "Says please" in (outcome.run_dir / "report.html").read_text()


def test_a_plugin_checks_settings_are_its_own_and_a_typo_names_the_key(installed: Path) -> None:
    config = load_config(_run_file(installed, "polite: {prompts: 5}\n"))
    assert config.checks.enabled() == ["polite"]
    assert type((config.checks.plugins or {})["polite"]).__name__ == "PoliteSettings"
    with pytest.raises(ConfigError, match=r"checks\.plugins\.polite\.promts"):
        load_config(_run_file(installed, "polite: {promts: 5}\n"))


def test_an_unknown_plugin_names_the_installed_ones(installed: Path) -> None:
    with pytest.raises(ConfigError, match=r"unknown check plugin 'polit' \(did you mean 'polite'\?\)"):
        load_config(_run_file(installed, "polit: {}\n"))
