"""Writing a report's files. Renderers only format a ``Report``; they compute nothing."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from tunecheck.report._card import render_model_card
from tunecheck.report._html import render_html
from tunecheck.report._junit import render_junit
from tunecheck.report._model import Report
from tunecheck.report._summary import render_step_summary

REPORT_FILES = ("report.json", "report.html", "MODEL_CARD.md")


def render_json(report: Report) -> str:
    return report.model_dump_json(indent=2)


def write_all(report: Report, run_dir: Path, *, junit: Path | None = None) -> list[Path]:
    """Write report.json, report.html and MODEL_CARD.md atomically into ``run_dir``; and JUnit XML to
    ``junit`` when given."""
    texts = {run_dir / "report.json": render_json(report), run_dir / "report.html": render_html(report),
             run_dir / "MODEL_CARD.md": render_model_card(report)}
    if junit is not None:
        texts[junit] = render_junit(report)
    return [_atomic_write(path, text) for path, text in texts.items()]


def append_step_summary(report: Report, path: Path) -> None:
    """Append the verdict's Markdown summary to a CI job summary file (``$GITHUB_STEP_SUMMARY``)."""
    with path.open("a", encoding="utf-8") as handle:
        handle.write(render_step_summary(report))


def _atomic_write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)
    return path
