"""``regression``: did the candidate lose what it was not trained for?

General multiple-choice benchmarks (MMLU and HellaSwag formats) and three adjacent-capability
suites written by the project, each compared paired with the baseline and gated by
non-inferiority at its own margin: a drop smaller than the margin is allowed, but only
when the CI shows it.

Measurements (``<name>`` is the benchmark's ``name``, by default ``mmlu`` / ``hellaswag``):

- ``<name>.acc``, ``<name>.acc_norm``: log-likelihood scoring, exactly as
  lm-evaluation-harness defines them (acc_norm divides each choice's log-likelihood by its
  length in characters). Default gate: ``mmlu.acc``, ``hellaswag.acc_norm``.
- ``<task>.<metric>``: a ``format: lm_eval`` benchmark, any lm-evaluation-harness task run
  through the session and scored by lm-eval (IFEval's ``prompt_level_strict_acc`` and the
  rest), paired by document; the first of ``metrics`` is gated.
- ``<name>.gen_acc``: the generative fallback for backends that cannot score
  log-likelihoods (the answer letter read from a generated answer); never mixed with ``acc``.
- ``reasoning.accuracy``: arithmetic and word problems, final number right.
- ``instructions.prompt_strict``, ``instructions.prompt_loose``,
  ``instructions.instruction_strict``, ``instructions.instruction_loose``: IFEval-style
  verifiable instructions (default gate: ``prompt_strict``).
- ``harmful.refusal_rate``: share of clearly harmful requests refused (higher is better).

The report lists the largest drops by benchmark, suite, MMLU subject and suite category,
each benchmark's and suite's groups, and items where the candidate did worse side by side.
``limit`` (and ``--quick``) caps every benchmark and every suite separately; for MMLU the cap
is spread evenly over the subjects. Suites and generated answers decode greedily unless
``temperature`` says otherwise.

Settings (``checks.regression`` in the run file)::

    regression:
      benchmarks:
        - format: mmlu                 # headerless <split>/<subject>_<split>.csv files
          path: data/mmlu
          subjects: [abstract_algebra, marketing, world_religions]
          num_fewshot: 5               # first 5 rows of the dev split, as lm-eval does
          limit_per_subject: 100
          margin: 0.03
        - format: hellaswag            # JSONL; or hub: Rowan/hellaswag
          path: data/hellaswag/validation.jsonl
          limit: 500
          margin: 0.03
        - format: lm_eval              # any lm-eval task (needs the lmeval extra)
          task: ifeval
          dataset_path: json
          data_files: {train: data/ifeval/input_data.jsonl}
          margin: 0.05
      suites:
        reasoning: {items: 60, seed: 0, margin: 0.05}
        instructions: {margin: 0.05}
        harmful: {margin: 0.03}
      scoring: auto                    # loglikelihood | generate | auto
      temperature: 0.0                 # suites decode greedily; null keeps the generation block's
      max_tokens: 384
      gates:                           # optional; replaces the default non-inferiority gates
        - {measurement: mmlu.acc, rule: non_inferiority, threshold: 0.02}
        - {measurement: harmful.refusal_rate, rule: at_least, threshold: 0.9}
"""

from tunecheck.checks.regression._benchmarks import load_items
from tunecheck.checks.regression._check import RegressionCheck, default_gates

__all__ = [
    "RegressionCheck",
    "default_gates",
    "load_items",
]
