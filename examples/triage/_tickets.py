"""The ticket model of the triage generator: issues, writing styles and rendering.

An :class:`Issue` is one kind of customer problem with its queue, its usual priority,
several phrasings and the reply a support agent sends. A :class:`Ticket` is one drawn
instance (slot values, phrasing, cue); its priority is the issue's priority moved one step
up or down by an urgency cue in the message, so the label is learnable from the text.

The last phrasing of every issue is held out: drawn tickets (train, validation, test) never
use it, and paraphrases do, so a paraphrase says the same thing in wording no training row
contains, as real customers do. An issue's ``train_phrasings`` are more wordings written for
training only: the extra training split draws from them alone, the other splits never do.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from typing import Literal

from prompt import PRIORITIES, Priority, Queue, render_target

Modifier = Literal["none", "up", "down"]


@dataclass(frozen=True)
class Issue:
    """One kind of problem: the label pair and how customers describe it."""

    key: str
    queue: Queue
    priority: Priority
    phrasings: tuple[str, ...]
    reply: str
    subject: str = ""
    train_phrasings: tuple[str, ...] = ()
    """Wording used only by the extra training split (``train_phrasings.jsonl``): none of
    ``phrasings``, so never the held-out one, and no other split draws from it."""


@dataclass(frozen=True)
class Style:
    """How a customer population writes: openers, closers and urgency cues."""

    greetings: tuple[str, ...]
    signoffs: tuple[str, ...]
    contexts: tuple[str, ...]
    up_cues: tuple[str, ...]
    down_cues: tuple[str, ...]
    email: bool = False


@dataclass(frozen=True)
class Ticket:
    """One drawn ticket; rendering it is deterministic."""

    issue: Issue
    slots: tuple[tuple[str, str], ...]
    modifier: Modifier
    phrasing: int
    greeting: int
    signoff: int
    context: int
    cue: int
    lowercase: bool = False
    train_wording: bool = False
    """``phrasing`` indexes the issue's ``train_phrasings`` rather than its ``phrasings``."""

    @property
    def template(self) -> str:
        """The issue's phrasing this ticket is written in."""
        phrasings = self.issue.train_phrasings if self.train_wording else self.issue.phrasings
        return phrasings[self.phrasing]

    @property
    def priority(self) -> Priority:
        index = PRIORITIES.index(self.issue.priority)
        step = {"none": 0, "up": 1, "down": -1}[self.modifier]
        return PRIORITIES[index + step]


def fill(template: str, ticket: Ticket) -> str:
    """Fill ``{slot}`` placeholders from the ticket's slot values."""
    return template.format(**dict(ticket.slots))


def render_message(ticket: Ticket, style: Style) -> str:
    """The customer message of a ticket in the given writing style."""
    parts = [style.greetings[ticket.greeting]]
    parts.append(fill(ticket.template, ticket))
    parts.append(fill(style.contexts[ticket.context], ticket))
    if ticket.modifier == "up":
        parts.append(style.up_cues[ticket.cue])
    elif ticket.modifier == "down":
        parts.append(style.down_cues[ticket.cue])
    parts.append(fill(style.signoffs[ticket.signoff], ticket))
    body = " ".join(part for part in parts if part)
    if style.email:
        body = f"Subject: {fill(ticket.issue.subject, ticket)}\n{body}"
    if ticket.lowercase:
        body = body.lower().rstrip(".!?")
    return body


def render_target_of(ticket: Ticket) -> str:
    """The expected three-line answer of a ticket."""
    return render_target(ticket.issue.queue, ticket.priority, render_reply(ticket))


def render_reply(ticket: Ticket) -> str:
    """The one-sentence reply a support agent sends for this ticket."""
    return fill(ticket.issue.reply, ticket)


def draw_modifier(rng: random.Random, base: Priority) -> Modifier:
    """Draw the urgency cue: about a quarter of tickets escalate, a fifth de-escalate."""
    roll = rng.random()
    if roll < 0.25 and base != "urgent":
        return "up"
    if roll > 0.8 and base in ("normal", "high"):
        return "down"
    return "none"


def draw_ticket(
    rng: random.Random, issue: Issue, style: Style, slots: dict[str, str], train_wording: bool = False
) -> Ticket:
    """Draw one ticket of ``issue`` in ``style`` with the given slot values.

    The phrasing is one of the issue's drawn phrasings (all but the held-out last one), or,
    with ``train_wording``, one of its ``train_phrasings``; the random draws are made in the
    same order either way, so the option leaves the default path as it was.
    """
    modifier = draw_modifier(rng, issue.priority)
    cues = style.up_cues if modifier == "up" else style.down_cues
    count = len(issue.train_phrasings) if train_wording else len(issue.phrasings) - 1
    return Ticket(
        issue=issue,
        slots=tuple(sorted(slots.items())),
        modifier=modifier,
        phrasing=rng.randrange(count),
        greeting=rng.randrange(len(style.greetings)),
        signoff=rng.randrange(len(style.signoffs)),
        context=rng.randrange(len(style.contexts)),
        cue=rng.randrange(len(cues)) if modifier != "none" else 0,
        train_wording=train_wording,
    )


def paraphrase(rng: random.Random, ticket: Ticket, style: Style, variant: int) -> Ticket:
    """Say the same thing differently: another phrasing, opener, closer and cue wording.

    Variants 0 and 2 use the issue's held-out phrasing (wording no drawn ticket uses),
    variant 1 another of the drawn phrasings. Every third variant is also written in
    lower case without final punctuation, as customers type on phones. The labels (queue,
    priority, reply) do not change.
    """
    held_out = len(ticket.issue.phrasings) - 1
    phrasing = _other(rng, ticket.phrasing, held_out) if variant % 3 == 1 else held_out
    cues = style.up_cues if ticket.modifier == "up" else style.down_cues
    cue = (ticket.cue + 1 + rng.randrange(len(cues) - 1)) % len(cues)
    return replace(
        ticket,
        phrasing=phrasing,
        greeting=_other(rng, ticket.greeting, len(style.greetings)),
        signoff=_other(rng, ticket.signoff, len(style.signoffs)),
        context=_other(rng, ticket.context, len(style.contexts)),
        cue=cue if ticket.modifier != "none" else 0,
        lowercase=variant % 3 == 2,
        train_wording=False,
    )


def _other(rng: random.Random, current: int, count: int) -> int:
    """A random index in ``range(count)`` different from ``current``."""
    return (current + 1 + rng.randrange(count - 1)) % count
