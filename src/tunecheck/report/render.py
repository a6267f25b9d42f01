"""Writing a report's files. Renderers only format a ``Report``; they compute nothing."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from tunecheck.report._card import render_model_card
from tunecheck.report._html import render_html
from tunecheck.report._model import Report

REPORT_FILES = ("report.json", "report.html", "MODEL_CARD.md")


def render_json(report: Report) -> str:
    return report.model_dump_json(indent=2)


def write_all(report: Report, run_dir: Path) -> list[Path]:
    """Write report.json, report.html and MODEL_CARD.md atomically into ``run_dir``."""
    texts = {"report.json": render_json(report), "report.html": render_html(report),
             "MODEL_CARD.md": render_model_card(report)}
    written = []
    for name, text in texts.items():
        written.append(_atomic_write(run_dir / name, text))
    return written


def _atomic_write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)
    return path
