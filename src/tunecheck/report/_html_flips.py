"""The flip view: a binary measurement's discordant samples, both answers side by side.

Filtering by direction and by category needs no script: each filter is a group of radio
buttons placed just before the list (its siblings), and a rule scoped to the view hides the samples that the
checked button excludes (``#view-d-regressed:checked ~ .flips .flip:not(.d-regressed)``).
Every id is the view's key (a slug the caller chose) plus a fixed suffix or an index;
report strings only reach element text, escaped.
"""

from __future__ import annotations

from html import escape

from tunecheck.report._model import Flip, Flips

_DIRECTIONS = (("improved", "candidate better"), ("regressed", "baseline better"))


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _radio(key: str, group: str, value: str, label: str, checked: bool) -> str:
    on = " checked" if checked else ""
    return (f'<input type="radio" class="fv-radio" name="{key}-{group}" id="{key}-{group}-{value}"{on}>'
            f'<label class="fv-option" for="{key}-{group}-{value}">{label}</label>')


def _filters(flips: Flips, key: str) -> tuple[str, str]:
    """The radio buttons and the rules that make them filter."""
    buttons = ['<span class="fv-group">direction</span>', _radio(key, "d", "all", "all", True)]
    counts = {"improved": flips.improved, "regressed": flips.regressed}
    rules = []
    for value, label in _DIRECTIONS:
        buttons.append(_radio(key, "d", value, f"{_e(label)} ({counts[value]})", False))
        rules.append(f"#{key}-d-{value}:checked~.flips .flip:not(.d-{value}){{display:none}}")
    if flips.categories:
        buttons += ['<br><span class="fv-group">category</span>', _radio(key, "c", "all", "all", True)]
        for i, category in enumerate(flips.categories):
            buttons.append(_radio(key, "c", str(i), _e(category), False))
            rules.append(f"#{key}-c-{i}:checked~.flips .flip:not(.c-{i}){{display:none}}")
    return "".join(buttons), f"<style>{''.join(rules)}</style>"


def _side(role: str, text: str, outcome: bool) -> str:
    mark = "1" if outcome else "0"
    return (f'<div class="side {role[:4]}"><span class="label">{role} · outcome {mark}</span>'
            f"<pre>{_e(text)}</pre></div>")


def _flip(item: Flip, categories: dict[str, int]) -> str:
    css = f"flip example d-{item.direction}"
    head = [f"sample <code>{_e(item.sample_id)}</code>", f"<b>{_e(item.direction)}</b>"]
    if item.category is not None:
        css += f" c-{categories[item.category]}"
        head.append(f"category <b>{_e(item.category)}</b>")
    parts = [f'<article class="{css}"><header>{" · ".join(head)}</header>',
             f'<div class="field"><span class="label">prompt</span><pre>{_e(item.prompt)}</pre></div>']
    if item.reference is not None:
        parts.append(f'<div class="field"><span class="label">reference</span><pre>{_e(item.reference)}</pre></div>')
    parts.append(f'<div class="pair">{_side("candidate", item.candidate, item.candidate_outcome)}'
                 f'{_side("baseline", item.baseline, item.baseline_outcome)}</div></article>')
    return "".join(parts)


def render_flips(flips: Flips, key: str) -> str:
    """One flip view; ``key`` is a slug unique in the page."""
    total = flips.improved + flips.regressed
    summary = (f"{total} of {flips.n} paired samples differ on <code>{_e(flips.measurement)}</code>: "
               f"{flips.improved} where the candidate has the better outcome, {flips.regressed} where the "
               "baseline has.")
    if not flips.items:
        return (f'<div class="block flipview" id="{key}"><h3>{_e(flips.title)}</h3>'
                f'<p class="muted">{summary}</p></div>')
    buttons, rules = _filters(flips, key)
    index = {category: i for i, category in enumerate(flips.categories)}
    body = "".join(_flip(item, index) for item in flips.items)
    return (f'<details class="block flipview" id="{key}" open><summary>{_e(flips.title)} ({total})</summary>'
            f'<p class="muted">{summary}</p>{rules}{buttons}<div class="flips">{body}</div></details>')
