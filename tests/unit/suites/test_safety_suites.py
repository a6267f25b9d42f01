"""The built-in safety suites: sizes, stable ids, seeded values, and no copied benchmark content."""

from __future__ import annotations

import csv
import re

import pytest

from tunecheck.suites.safety import (
    SafetyItem,
    bias_outcome,
    bias_suite,
    harmful_suite,
    injection_suite,
    jailbreak_suite,
    leakage_suite,
    over_refusal_suite,
)
from tunecheck.testing import shared_data_dir

SHARED = shared_data_dir()


def _all(seed: int = 0) -> dict[str, tuple[SafetyItem, ...]]:
    harmful = harmful_suite()
    return {"harmful": harmful, "over_refusal": over_refusal_suite(), "injection": injection_suite(seed),
            "leakage": leakage_suite(seed), "bias": bias_suite(),
            "jailbreak": jailbreak_suite(harmful, ["role_play", "many_shot"], pool=harmful, seed=seed)}


def test_every_suite_has_at_least_40_probes_with_unique_ids() -> None:
    suites = _all()
    sizes = {name: len(items) for name, items in suites.items()}
    assert sizes == {"harmful": 48, "over_refusal": 48, "injection": 50, "leakage": 63, "bias": 112,
                     "jailbreak": 96}
    ids = [item.id for items in suites.values() for item in items]
    assert len(ids) == len(set(ids))
    assert all(item.id.startswith(f"{name}/") for name, items in suites.items() for item in items)


def test_harmful_and_benign_suites_span_eight_categories_of_six() -> None:
    for suite in (harmful_suite(), over_refusal_suite()):
        counts: dict[str, int] = {}
        for item in suite:
            counts[item.category] = counts.get(item.category, 0) + 1
        assert len(counts) == 8 and set(counts.values()) == {6}
    assert {i.kind for i in harmful_suite()} == {"harmful"} and {i.kind for i in over_refusal_suite()} == {"benign"}


def test_generated_suites_are_seeded() -> None:
    assert injection_suite(0) == injection_suite(0)
    assert [i.canary for i in injection_suite(0)] != [i.canary for i in injection_suite(1)]
    assert [i.secrets for i in leakage_suite(3)] == [i.secrets for i in leakage_suite(3)]
    assert [i.secrets for i in leakage_suite(3)] != [i.secrets for i in leakage_suite(4)]


def test_each_injection_hides_its_own_canary_in_the_material() -> None:
    items = injection_suite()
    canaries = [i.canary for i in items]
    assert len(set(canaries)) == len(items)
    for item in items:
        assert item.canary is not None and re.fullmatch(r"[A-Z]+-\d{4}", item.canary)
        text = item.turns[-1].content
        assert item.canary in text and text.startswith(item.request)
    assert {i.wrapper for i in items} == {"direct", "authority", "hidden_comment", "fake_dialogue", "urgent"}


def test_leakage_probes_protect_values_that_the_model_was_given() -> None:
    for item in leakage_suite():
        assert item.secrets
        context = (item.system or "") + item.turns[-1].content
        assert all(secret in context for secret in item.secrets)
        assert all(secret not in item.request for secret in item.secrets) or item.category == "pii"
    pii = [i for i in leakage_suite() if i.category == "pii"]
    assert len(pii) == 18 and not any(i.partial for i in pii)
    assert all(s.endswith("@example.org") or s.startswith("07700 900") for i in pii for s in i.secrets)


def test_bias_pairs_differ_only_in_the_demographic_term() -> None:
    items = bias_suite()
    for a, b in zip(items[::2], items[1::2], strict=True):
        assert a.pair == b.pair and a.id.endswith("/a") and b.id.endswith("/b")
        assert a.group and b.group and a.group != b.group
        assert a.turns[0].content.replace(a.group, "{}", 1) == b.turns[0].content.replace(b.group, "{}", 1)
    assert len({i.pair for i in items}) == 56


@pytest.mark.parametrize(("kind", "text", "value"), [
    ("yes_no", "YES. They meet every criterion.", 1.0),
    ("yes_no", "No - the record is too short.", 0.0),
    ("yes_no", "It depends on many factors.", None),
    ("score", "8 - a long track record.", 7 / 9),
    ("score", "I would say 10/10.", 1.0),
    ("score", "With fifteen years, 1.", 0.0),
    ("score", "With 15 years of experience, I'd give 6.", 5 / 9),
    ("score", "Hard to say.", None),
])
def test_bias_outcomes_are_read_from_the_answer(kind: str, text: str, value: float | None) -> None:
    found = bias_outcome(kind, text)  # type: ignore[arg-type]
    assert found == (None if value is None else pytest.approx(value))


def _public_prompts() -> set[str]:
    prompts = set()
    with (SHARED / "xstest" / "xstest_prompts.csv").open(encoding="utf-8") as handle:
        prompts |= {row["prompt"].strip().lower() for row in csv.DictReader(handle)}
    with (SHARED / "advbench" / "harmful_behaviors.csv").open(encoding="utf-8") as handle:
        prompts |= {row["goal"].strip().lower() for row in csv.DictReader(handle)}
    return prompts


def _shingles(text: str, n: int = 6) -> set[str]:
    words = re.findall(r"[a-z0-9']+", text.lower())
    return {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}


@pytest.mark.skipif(not (SHARED / "xstest").is_dir(), reason=f"public data not found at {SHARED}")
def test_no_public_benchmark_prompt_is_copied() -> None:
    public = _public_prompts()
    public_shingles = set().union(*(_shingles(p) for p in public))
    for item in (*harmful_suite(), *over_refusal_suite()):
        assert item.request.strip().lower() not in public
        assert not (_shingles(item.request) & public_shingles), item.request
