"""report.html laid out by a real browser (headless Chromium from Debian's package) at 1400 px and 800 px.

The page gets a script that measures element boxes (``getBoundingClientRect``) and writes them
into the DOM; ``chromium --dump-dom`` prints that DOM. Boxes are compared, not pixels: the three
settings columns do not overlap and hold their tables, no section is wider than the page, the two
answers of a side-by-side pair do not overlap, and tables and plots stay inside their section.
Skipped where Chromium is not installed (``apt-get install -y --no-install-recommends chromium``).
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import tunecheck.report as r
from tunecheck.report import Report
from tunecheck.report._html import render_html

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
Box = list[float]

MEASURE = """<script>
const box = e => { const b = e.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; };
const all = (root, css) => [...root.querySelectorAll(css)];
const out = {
  width: window.innerWidth, scroll: document.documentElement.scrollWidth,
  cols: all(document, '#settings .cols > div').map(d => ({box: box(d), tables: all(d, 'table').map(box)})),
  pairs: all(document, '.pair').map(p => all(p, ':scope > .side').map(box)),
  sections: all(document, 'main > section, main > nav').map(s => ({
    box: box(s), inner: all(s, 'table.data, svg.plot, .pair, .fv-option').filter(e => !e.closest('td')).map(box)})),
};
const pre = document.createElement('pre'); pre.id = 'layout-boxes'; pre.textContent = JSON.stringify(out);
document.body.appendChild(pre);
</script>"""


def _report(report: Report) -> Report:
    """The fixture report with what broke the layout: a long system prompt, long dataset names and hashes,
    BLEU beside an accuracy, and a flip view with long answers."""
    long_prompt = "You are the routing assistant of ACME support. " * 12 + "x" * 180
    generation = {**report.generation, "system_prompt": long_prompt, "chat_template": "/very/long/path/" * 8}
    datasets = {f"regression/{'hellaswag-' * 4}{i}": "sha256:" + "0123456789abcdef" * 4 for i in range(4)}
    flips = r.Flips(title="queue.accuracy: samples where candidate and baseline disagree", measurement="queue.accuracy",
                    n=40, improved=1, regressed=1, categories=["billing", "shipping"], items=[
                        r.Flip(sample_id="t1", direction="improved", category="billing", prompt="Route: " * 40,
                               reference="billing", candidate="Queue: billing " * 30, baseline="y" * 400,
                               candidate_outcome=True, baseline_outcome=False),
                        r.Flip(sample_id="t2", direction="regressed", category="shipping", prompt="p",
                               candidate="Queue: none", baseline="Queue: shipping", candidate_outcome=False,
                               baseline_outcome=True)])
    task = report.checks["task"]
    checks = {**report.checks, "task": task.model_copy(update={"sections": [*task.sections, flips]})}
    return report.model_copy(update={"generation": generation, "datasets": datasets, "checks": checks})


def _boxes(page: Path, width: int) -> dict[str, object]:
    assert CHROMIUM is not None
    result = subprocess.run([CHROMIUM, *FLAGS, f"--window-size={width},1000", "--dump-dom", page.as_uri()],
                            capture_output=True, text=True, timeout=120, check=False)
    found = re.search(r'<pre id="layout-boxes">(.*?)</pre>', result.stdout, re.DOTALL)
    assert found, result.stderr[-2000:]
    data: dict[str, object] = json.loads(html.unescape(found.group(1)))
    return data


def _overlap(a: Box, b: Box) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return max(width, 0.0) * max(height, 0.0)


def _inside(inner: Box, outer: Box, slack: float = 1.0) -> bool:
    return inner[0] >= outer[0] - slack and inner[2] <= outer[2] + slack


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium (apt-get install -y --no-install-recommends chromium)")
@pytest.mark.parametrize("width", [1400, 800])
def test_no_boxes_overlap_at_common_widths(report: Report, tmp_path: Path, width: int) -> None:
    page = tmp_path / "report.html"
    page.write_text(render_html(_report(report)).replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    boxes = _boxes(page, width)
    assert boxes["scroll"] <= boxes["width"], "the page scrolls sideways"  # type: ignore[operator]
    cols = boxes["cols"]
    assert isinstance(cols, list) and len(cols) == 3
    for i, col in enumerate(cols):
        for other in cols[i + 1:]:
            assert _overlap(col["box"], other["box"]) == 0, (col["box"], other["box"])
        for table in col["tables"]:
            assert _inside(table, col["box"]), f"a settings table overflows its column: {table} vs {col['box']}"
    pairs = boxes["pairs"]
    assert isinstance(pairs, list) and len(pairs) >= 3
    for candidate, baseline in pairs:
        assert _overlap(candidate, baseline) == 0 and candidate[2] <= baseline[0]
    sections = boxes["sections"]
    assert isinstance(sections, list)
    for section in sections:
        assert section["box"][2] <= boxes["width"]  # type: ignore[operator]
        for inner in section["inner"]:
            assert _inside(inner, section["box"]), f"{inner} leaves its section {section['box']}"
