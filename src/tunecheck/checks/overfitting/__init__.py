"""``overfitting``: did the candidate learn the task or memorise its data?

Four parts, each optional (configure at least one):

1. **Loss gap** (``loss_gap``): per-token negative log-likelihood of the reference
   completions on training and validation rows, for both models; a model's gap is its
   validation loss minus its training loss. The candidate is flagged when its gap exceeds
   the baseline's by more than the margin. The CI of that difference in differences comes
   from a two-sample bootstrap: training and validation rows are resampled independently
   (different samples), and within each set both models with the same rows (paired).
   Needs the ``loglikelihood`` capability (hf, llamacpp; openai where the server returns
   prompt logprobs); without it the loss gap is reported as not measurable.
2. **Training log** (``training_log``): the candidate's ``trainer_state.json``, CSV/JSONL
   log or TensorBoard events; the train/eval curves as a line plot, the best evaluation
   step, and warnings when the evaluation loss bottomed out long before the end or the
   eval-train gap widened at the end of training.
3. **Cross-domain** (``cross_domain``): the drop in score from the in-domain set to a
   related-domain set, the candidate's drop against the baseline's (difference in
   differences; sets resampled independently, models paired within a set).
4. **Paraphrase robustness** (``paraphrase``): originals vs a paraphrase set, seeded
   automatic rewrites (``tunecheck.paraphrase``) and, optionally, paraphrases written by
   an auxiliary model; per item the score on the original, the mean and the worst over
   its variants; the robustness gap compared between the models, paired by item. A table
   scores each kind of variant apart (a paraphrase set's rows may name their kind in
   ``kind_field``, for example wording the training data holds or not).

The fine-tuning method (LoRA/QLoRA adapter, from ``adapter_config.json``) is recorded as a
note and in the model card.

Measurements (stable names for gates):

- ``loss.train``, ``loss.validation`` (nats/token, lower is better), ``loss_gap``
  (candidate: its gap; baseline: its gap; delta: the difference, lower is better);
- ``log.best_eval_step``, ``log.best_eval_loss``, ``log.eval_rise`` (final minus best
  eval loss), ``log.final_gap`` (final eval minus train loss), ``log.gap_change`` (gap
  widening over the tail): candidate only, informational unless gated with
  ``at_most``/``at_least``;
- ``cross_domain.<output>.<metric>.in_domain``, ``.related`` (scores) and ``.drop``
  (in-domain minus related; delta: candidate's drop minus baseline's, lower is better);
- ``paraphrase.<output>.<metric>.original``, ``.paraphrased`` (mean over variants),
  ``.worst`` (worst variant per item), ``.gap`` (original minus mean of variants) and
  ``.worst_gap`` (original minus worst); gaps are lower-is-better.

Default gates (when ``gates`` is null), all non-inferiority against the baseline:
``loss_gap`` with margin ``loss_gap_margin`` (0.1 nats/token); the first output's first
metric ``cross_domain.<o>.<m>.drop`` and ``paraphrase.<o>.<m>.gap`` with margin
``drop_margin`` (0.05 on a 0-1 metric, 5 points on a 0-100 metric).

Example (the triage demo)::

    checks:
      overfitting:
        loss_gap:
          train: {path: data/train.jsonl}
          validation: {path: data/validation.jsonl}
          prompt: "{message}"
          completion: target
        training_log:
          path: adapters/overfit/trainer_state.json
        cross_domain:
          in_domain: {path: data/test.jsonl}
          related: {path: data/related.jsonl}
          prompt: "{message}"
          outputs:
            - name: queue
              extract: {kind: regex, pattern: '(?im)^\\s*queue:\\s*([a-z]+)'}
              reference: queue
              labels: [billing, technical, account, shipping, returns, sales, security, feedback]
              metrics: [accuracy]
        paraphrase:
          dataset: {path: data/test.jsonl}
          paraphrases: {path: data/paraphrase.jsonl}      # rows with source_id
          # kind_field: wording                           # optional: a row's kind of re-wording
          automatic: {rewrites: [instruction, casing, whitespace, punctuation]}
          # paraphraser: {backend: paraphraser, variants: 2}   # a model under 'backends:'
          prompt: "{message}"
          outputs:
            - name: queue
              extract: {kind: regex, pattern: '(?im)^\\s*queue:\\s*([a-z]+)'}
              reference: queue
              labels: [billing, technical, account, shipping, returns, sales, security, feedback]
              metrics: [accuracy]
        # gates: null takes the defaults above; or e.g.
        # gates:
        #   - {measurement: loss_gap, rule: non_inferiority, threshold: 0.1}
        #   - {measurement: log.eval_rise, rule: at_most, threshold: 0.05, blocking: false}
"""

from tunecheck.checks.overfitting._check import OverfittingCheck
from tunecheck.checks.overfitting._did import did_bootstrap, did_comparison

__all__ = ["OverfittingCheck", "did_bootstrap", "did_comparison"]
