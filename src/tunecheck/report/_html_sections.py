"""HTML for a check's sections: tables, plots, side-by-side examples, notes and flip views."""

from __future__ import annotations

from html import escape

from tunecheck.report import _format as fmt
from tunecheck.report._html_flips import render_flips
from tunecheck.report._model import Example, Examples, Flips, Note, Plot, Scalar, Section, Table
from tunecheck.report._svg import render_plot


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _cell(value: Scalar) -> str:
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    css = ' class="num"' if numeric else ""
    return f"<td{css}>{_e(fmt.scalar(value))}</td>"


def _table(table: Table) -> str:
    head = "".join(f"<th>{_e(c)}</th>" for c in table.columns)
    rows = "".join("<tr>" + "".join(_cell(v) for v in row) + "</tr>" for row in table.rows)
    note = f'<p class="muted">{_e(table.note)}</p>' if table.note else ""
    return (f'<div class="block"><h3>{_e(table.title)}</h3><table class="data"><thead><tr>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table>{note}</div>")


def _plot(plot: Plot) -> str:
    return f'<figure class="block"><figcaption>{_e(plot.title)}</figcaption>{render_plot(plot)}</figure>'


def _note(note: Note) -> str:
    css = "warn" if note.level == "warning" else "note"
    return f'<p class="{css}">{_e(note.text)}</p>'


def _score(score: float | None) -> str:
    return "" if score is None else f" · score {_e(fmt.number(score))}"


def _field(label: str, text: str) -> str:
    return f'<div class="field"><span class="label">{_e(label)}</span><pre>{_e(text)}</pre></div>'


def _example(item: Example) -> str:
    head = [f"sample <code>{_e(item.sample_id)}</code>"]
    if item.category is not None:
        head.append(f"category <b>{_e(item.category)}</b>")
    if item.note:
        head.append(_e(item.note))
    parts = [f'<article class="example"><header>{" · ".join(head)}</header>', _field("prompt", item.prompt)]
    if item.reference is not None:
        parts.append(_field("reference", item.reference))
    parts.append(
        '<div class="pair">'
        f'<div class="side cand"><span class="label">candidate{_score(item.candidate_score)}</span>'
        f"<pre>{_e(item.candidate)}</pre></div>"
        f'<div class="side base"><span class="label">baseline{_score(item.baseline_score)}</span>'
        f"<pre>{_e(item.baseline)}</pre></div></div></article>"
    )
    return "".join(parts)


def _examples(examples: Examples) -> str:
    count = len(examples.items)
    body = "".join(_example(item) for item in examples.items) or "<p class=\"muted\">no samples</p>"
    return (f'<details class="block" open><summary>{_e(examples.title)} ({count})</summary>'
            f"{body}</details>")


def render_section(section: Section, key: str = "section") -> str:
    """One section of a check, in HTML; ``key`` (a slug unique in the page) names its form controls."""
    if isinstance(section, Flips):
        return render_flips(section, key)
    if isinstance(section, Table):
        return _table(section)
    if isinstance(section, Plot):
        return _plot(section)
    if isinstance(section, Examples):
        return _examples(section)
    return _note(section)
