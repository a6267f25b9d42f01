"""Reading OpenAI-style responses: completions, chat completions, streams and echoed logprobs."""

from __future__ import annotations

from collections.abc import Sequence

from tunecheck.backends._openai_http import JsonObject, StreamReply
from tunecheck.backends._protocol import Generation, Loglikelihood
from tunecheck.backends._stop import truncate_at_stop


class ResponseError(ValueError):
    """The server answered, but not in the shape the OpenAI API defines."""


def first_choice(body: JsonObject) -> JsonObject:
    choices = body.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        raise ResponseError("the answer has no 'choices'")
    return choices[0]


def _usage(body: JsonObject) -> tuple[int | None, int | None]:
    usage = body.get("usage")
    if not isinstance(usage, dict):
        return None, None
    prompt, completion = usage.get("prompt_tokens"), usage.get("completion_tokens")
    return (prompt if isinstance(prompt, int) else None, completion if isinstance(completion, int) else None)


def _choice_text(choice: JsonObject, chat: bool) -> str:
    if chat:
        source = choice.get("delta") or choice.get("message")
        value = source.get("content") if isinstance(source, dict) else None
    else:
        value = choice.get("text")
    return value if isinstance(value, str) else ""


def _token_logprobs(choice: JsonObject, chat: bool) -> tuple[float, ...] | None:
    logprobs = choice.get("logprobs")
    if not isinstance(logprobs, dict):
        return None
    if chat:
        content = logprobs.get("content")
        items = content if isinstance(content, list) else []
        values = [item.get("logprob") for item in items if isinstance(item, dict)]
    else:
        raw = logprobs.get("token_logprobs")
        values = list(raw) if isinstance(raw, list) else []
    numbers = tuple(float(v) for v in values if isinstance(v, int | float))
    return numbers or None


def parse_generation(body: JsonObject, *, chat: bool, stop: Sequence[str], elapsed_s: float) -> Generation:
    """A non-streamed answer as a ``Generation`` (``e2e_s`` is the wall time of the request)."""
    choice = first_choice(body)
    text, _ = truncate_at_stop(_choice_text(choice, chat), stop)
    prompt_tokens, output_tokens = _usage(body)
    finish = choice.get("finish_reason")
    return Generation(
        text=text, prompt_tokens=prompt_tokens, output_tokens=output_tokens,
        finish_reason=finish if isinstance(finish, str) else None, e2e_s=elapsed_s,
        token_logprobs=_token_logprobs(choice, chat),
    )


def parse_stream(reply: StreamReply, *, chat: bool, stop: Sequence[str]) -> Generation:
    """A streamed answer with token timings: each content event is one arrival.

    ``token_times_s`` are arrival times in seconds since the request was sent;
    ``output_tokens`` is the server's count when it reports usage, else the number of arrivals.
    """
    pieces: list[str] = []
    times: list[float] = []
    finish: str | None = None
    prompt_tokens = output_tokens = None
    for event in reply.events:
        counts = _usage(event.payload)
        if counts != (None, None):
            prompt_tokens, output_tokens = counts
        choices = event.payload.get("choices")
        if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
            continue
        piece = _choice_text(choices[0], chat)
        if piece:
            pieces.append(piece)
            times.append(event.at - reply.started)
        reason = choices[0].get("finish_reason")
        finish = reason if isinstance(reason, str) else finish
    text, _ = truncate_at_stop("".join(pieces), stop)
    return Generation(
        text=text, prompt_tokens=prompt_tokens,
        output_tokens=output_tokens if output_tokens is not None else len(times),
        finish_reason=finish, ttft_s=times[0] if times else None, e2e_s=reply.finished - reply.started,
        token_times_s=tuple(times),
    )


def parse_echo(body: JsonObject, *, context_chars: int, prompt_chars: int) -> Loglikelihood:
    """Log-likelihood of the prompt's characters from ``context_chars`` on, from echoed logprobs.

    A prompt token belongs to the continuation when it ends after the context (a token
    straddling the boundary counts as continuation); generated tokens start at or after
    ``prompt_chars`` and are ignored.
    """
    logprobs = first_choice(body).get("logprobs")
    if not isinstance(logprobs, dict):
        raise ResponseError("the answer has no 'logprobs'")
    offsets, values, tops = (logprobs.get(key) for key in ("text_offset", "token_logprobs", "top_logprobs"))
    if not (isinstance(offsets, list) and isinstance(values, list) and isinstance(tops, list)):
        raise ResponseError("echoed logprobs lack 'text_offset', 'token_logprobs' or 'top_logprobs'")
    prompt = [i for i, offset in enumerate(offsets) if isinstance(offset, int) and offset < prompt_chars]
    ends = [offsets[i + 1] if i + 1 in prompt else prompt_chars for i in prompt]
    picked = [i for i, end in zip(prompt, ends, strict=True) if end > context_chars]
    if not picked:
        raise ResponseError("no echoed token covers the continuation")
    tokens: list[float] = []
    greedy = True
    for i in picked:
        value, top = values[i], tops[i]
        if not isinstance(value, int | float):
            raise ResponseError("the continuation starts the prompt; an empty context cannot be scored")
        tokens.append(float(value))
        if isinstance(top, dict) and top and float(value) < max(float(v) for v in top.values()):
            greedy = False
    return Loglikelihood(logprob=sum(tokens), token_logprobs=tuple(tokens), is_greedy=greedy)
