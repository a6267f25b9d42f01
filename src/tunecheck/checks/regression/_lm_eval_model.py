"""lm-evaluation-harness's ``LM`` interface on top of tunecheck's session, for one model.

lm-eval builds the requests (its prompts, few-shot examples and generation settings) and
scores the answers; every answer comes from ``Session``: stored answers are re-used, new
ones are stored as they complete (resume after a kill), both models get the same requests
and the requests enter the run's fingerprints. A request's sample id is
``<benchmark>/<task>/<doc_id>/<index>``. A request the backend failed on is answered with
``-inf`` (or an empty text) and its document is noted in ``failed``, so the pairing leaves
it out and counts it as an error.

``loglikelihood_rolling`` scores the whole text after the prefix token, which is what lm-eval
computes for a text that fits in one window; a longer text is an error of that request.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any, Literal

from lm_eval.api.model import LM  # type: ignore[import-untyped]

from tunecheck.errors import TunecheckError
from tunecheck.session import GenerationParams, Message, PromptItem, ScoreItem, Session

DEFAULT_MAX_GEN_TOKS = 256  # lm-eval's HFLM default


class SessionLM(LM):  # type: ignore[misc]
    """One role's model, as lm-eval's evaluator sees it."""

    def __init__(self, session: Session, role: str, check_id: str, name: str, *,
                 deployment_prompt: bool = True) -> None:
        super().__init__()
        self.session, self.role, self.check_id, self.name = session, role, check_id, name
        self.deployment_prompt = deployment_prompt
        self.failed: set[tuple[str, int]] = set()

    def _id(self, instance: Any) -> str:
        return f"{self.name}/{instance.task_name}/{instance.doc_id}/{instance.idx}"

    def _score(self, requests: Sequence[Any], pairs: Sequence[tuple[str, str]]) -> list[tuple[float, bool]]:
        items = [ScoreItem(self._id(r), context, continuation) for r, (context, continuation) in
                 zip(requests, pairs, strict=True)]
        results = self.session.loglikelihood(self.check_id, items, roles=(self.role,),
                                             label=f"{self.check_id}: {self.name} log-likelihoods ({self.role})")
        out = []
        for request, result in zip(requests, results[self.role], strict=True):
            if result.error is not None:
                self.failed.add((request.task_name, request.doc_id))
                out.append((float("-inf"), False))
            else:
                out.append((result.logprob, result.is_greedy))
        return out

    @property
    def tokenizer_name(self) -> str:
        """What lm-eval keys its chat-templated request caches by: the run's chat-template setting."""
        return f"tunecheck:{self.session.generation.chat_template}"

    def apply_chat_template(self, chat_history: list[dict[str, str]], add_generation_prompt: bool = True) -> str:
        """lm-eval's chat turns rendered as every chat prompt of the run is (``generation.chat_template``
        and, unless the check asks without it, ``system_prompt``); the text is then sent as it is."""
        if not add_generation_prompt:
            raise TunecheckError("lm-eval asked for a prefilled assistant turn, which tunecheck's chat "
                                 "rendering does not do; run this task with apply_chat_template: false")
        messages = tuple(Message(_role(m["role"]), m["content"]) for m in chat_history)
        return self.session.render(PromptItem(f"{self.name}/chat", messages, deployment_prompt=self.deployment_prompt))

    def loglikelihood(self, requests: list[Any], disable_tqdm: bool = False) -> list[tuple[float, bool]]:
        return self._score(requests, [(r.args[0], r.args[1]) for r in requests])

    def loglikelihood_rolling(self, requests: list[Any], disable_tqdm: bool = False) -> list[float]:
        return [logprob for logprob, _ in self._score(requests, [("", r.args[0]) for r in requests])]

    def generate_until(self, requests: list[Any], disable_tqdm: bool = False) -> list[str]:
        """Requests grouped by their generation settings, each group sent through the session."""
        groups: dict[tuple[GenerationParams, tuple[str, ...]], list[int]] = {}
        for i, request in enumerate(requests):
            groups.setdefault(generation_settings(self.session, request.args[1]), []).append(i)
        texts = [""] * len(requests)
        for (params, until), indices in groups.items():
            items = [PromptItem(self._id(requests[i]), requests[i].args[0], raw=True) for i in indices]
            outputs = self.session.generate(self.check_id, items, roles=(self.role,), params=params,
                                            label=f"{self.check_id}: {self.name} answers ({self.role})")
            for i, generation in zip(indices, outputs[self.role], strict=True):
                if generation[0].error is not None:
                    self.failed.add((requests[i].task_name, requests[i].doc_id))
                texts[i] = cut_at(generation[0].text, until)
        return texts


def _role(role: str) -> Literal["system", "user", "assistant"]:
    if role not in ("system", "user", "assistant"):
        raise TunecheckError(f"lm-eval sent a chat turn with role '{role}'; tunecheck renders system, user and "
                             "assistant turns only")
    return role  # type: ignore[return-value]


def generation_settings(session: Session, gen_kwargs: dict[str, Any]) -> tuple[GenerationParams, tuple[str, ...]]:
    """lm-eval's ``until`` / ``max_gen_toks`` / ``do_sample`` / ``temperature`` as session parameters."""
    until = gen_kwargs.get("until") or ()
    stops = (until,) if isinstance(until, str) else tuple(str(s) for s in until)
    sample = bool(gen_kwargs.get("do_sample", False))
    temperature = float(gen_kwargs.get("temperature", 0.0) or 0.0) if sample else 0.0
    params = session.params(max_tokens=int(gen_kwargs.get("max_gen_toks", DEFAULT_MAX_GEN_TOKS)),
                            temperature=temperature, stop=stops)
    if "top_p" in gen_kwargs and sample:
        params = replace(params, top_p=float(gen_kwargs["top_p"]))
    return params, stops


def cut_at(text: str, until: Sequence[str]) -> str:
    """The text before the first of lm-eval's ``until`` strings, as its ``hf`` model cuts it."""
    for term in until:
        if term:
            text = text.split(term)[0]
    return text
