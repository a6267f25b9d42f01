"""IFEval as published (541 prompts, 25 instruction kinds), replayed: fixed responses, lm-eval's own scorer.

Each prompt gets a response chosen by its key from a few crafted texts (lower case, capitals,
JSON, a titled text with highlighted sections and a postscript, bullets, a repeated prompt,
a quoted answer, a "Sure!"-prefixed markdown answer that only loose scoring accepts, ...).
The verdicts tunecheck's run hands back (through the session and lm-eval's evaluator) must
equal lm-eval's ``process_results`` called directly on the same document and response,
prompt for prompt, strict and loose, and the measurements must be their means.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tunecheck.backends import FakeScript
from tunecheck.errors import TunecheckError
from tunecheck.testing import fake_config, fake_session, run_check, shared_data_dir

pytest.importorskip("lm_eval")
pytest.importorskip("langdetect")

DATA = shared_data_dir() / "ifeval" / "input_data.jsonl"
NO_SUITES = {"reasoning": {"enabled": False}, "instructions": {"enabled": False}, "harmful": {"enabled": False}}
_LONG = " ".join(f"The river moves past stone number {i} and keeps its slow pace." for i in range(40))
_TEXTS = (
    "the answer is short and written in lower case only, with one comma",
    "THE ANSWER IS WRITTEN IN CAPITAL LETTERS ONLY AND IT IS IN ENGLISH WITHOUT ANY COMMA AT ALL",
    '```json\n{"answer": "a small json object", "items": [1, 2, 3]}\n```',
    "<<A Title>>\n*highlighted section one* and *highlighted section two* and *highlighted section three*\n"
    "Section 1\nFirst part.\nSection 2\nSecond part.\nP.S. a postscript at the end.",
    "* first point\n* second point\n* third point\n\nIs there anything else I can help with?",
    "Paragraph one is here.\n\n***\n\nParagraph two is here [address] and [name].\n\n***\n\nParagraph three.",
    '"A quoted answer, all of it inside double quotes."',
    "Sure! Here is my answer:\n**Bold words** in a text that mentions the keywords nothing else\nMy answer is yes.",
    _LONG,
    "Response one about the topic.\n******\nResponse two about the topic.",
)


# Prompts whose scoring draws at random: lm-eval's letter-frequency instruction accepts only a letter and
# draws a random one for IFEval's '#' (1122) and '!' (1129), so their verdict depends on the random state
# (seeded in lm-eval's run, the same for both models). They are compared with lm-eval's own seeded run.
RANDOM_KEYS = [1122, 1129]


def _draws_at_random(utils: object, doc: dict[str, object]) -> bool:
    import random

    verdicts = set()
    for seed in range(8):
        random.seed(seed)
        result = utils.process_results(doc, [_TEXTS[4] + " " + _LONG])  # type: ignore[attr-defined]
        verdicts.add(json.dumps(result, sort_keys=True))
    return len(verdicts) > 1


def _response(prompt: str, shift: int) -> str:
    k = (sum(map(ord, prompt)) + shift) % (len(_TEXTS) + 1)
    return prompt + "\n" + _TEXTS[0] if k == len(_TEXTS) else _TEXTS[k]  # the last: repeats the prompt


@pytest.mark.skipif(not DATA.is_file(), reason="public benchmark data not present")
def test_verdicts_equal_lm_evals_process_results_prompt_for_prompt(tmp_path: Path) -> None:
    from tunecheck.checks.regression._lm_eval_run import run_task
    from tunecheck.checks.regression._punkt import prepare_ifeval
    from tunecheck.config import LMEvalBenchmark

    try:
        prepare_ifeval()
    except TunecheckError as error:
        pytest.skip(str(error))
    from lm_eval.tasks.ifeval import utils  # type: ignore[import-untyped]

    bench = {"format": "lm_eval", "task": "ifeval", "dataset_path": "json", "data_files": {"train": str(DATA)}}
    config = fake_config({"regression": {"benchmarks": [bench], "suites": NO_SUITES}})
    session = fake_session(config, candidate=FakeScript(lambda r: _response(r.prompt, 0)),
                           baseline=FakeScript(lambda r: _response(r.prompt, 3)), run_dir=tmp_path)
    result = run_check("regression", session)
    docs = [json.loads(line) for line in DATA.read_text().splitlines()]
    assert [d["key"] for d in docs if _draws_at_random(utils, d)] == RANDOM_KEYS
    keys = ("prompt_level_strict_acc", "prompt_level_loose_acc", "inst_level_strict_acc", "inst_level_loose_acc")
    expected, ours = {}, {}
    for role, shift in (("candidate", 0), ("baseline", 3)):
        expected[role] = [utils.process_results(doc, [_response(doc["prompt"], shift)]) for doc in docs]
        run = run_task(LMEvalBenchmark.model_validate(bench), session, role, "regression", None)
        ours[role] = run.samples["ifeval"]
        assert [s["doc"]["key"] for s in ours[role]] == [d["key"] for d in docs]
        for doc, sample, theirs in zip(docs, ours[role], expected[role], strict=True):
            if doc["key"] not in RANDOM_KEYS:
                assert {k: sample[k] for k in keys} == {k: theirs[k] for k in keys}, doc["key"]
    values = {m.name: (m.candidate, m.baseline, m.n) for m in result.measurements}
    for mode in ("strict", "loose"):
        prompt = {r: sum(s[f"prompt_level_{mode}_acc"] for s in ours[r]) / len(docs) for r in ours}
        inst = {r: utils.agg_inst_level_acc([s[f"inst_level_{mode}_acc"] for s in ours[r]]) for r in ours}
        assert values[f"ifeval.prompt_level_{mode}_acc"] == (pytest.approx(prompt["candidate"]),
                                                           pytest.approx(prompt["baseline"]), 541)
        assert values[f"ifeval.inst_level_{mode}_acc"] == (pytest.approx(inst["candidate"]),
                                                         pytest.approx(inst["baseline"]), 541)
    # the crafted responses exercise both outcomes, and loose scoring accepts what strict does not
    strict = [e["prompt_level_strict_acc"] for e in expected["candidate"]]
    loose = [e["prompt_level_loose_acc"] for e in expected["candidate"]]
    assert 0 < sum(strict) < len(strict) and sum(loose) > sum(strict)
    assert [m.name for m in result.measurements if m.gate] == ["ifeval.prompt_level_strict_acc"]
