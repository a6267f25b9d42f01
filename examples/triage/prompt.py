"""The prompt of the triage task, in one place.

Training (``train.py``), the data files and the checklists all use these strings, so the
candidate is evaluated with exactly the prompt it was fine-tuned on.
"""

from __future__ import annotations

from typing import Final, Literal

Queue = Literal["billing", "technical", "account", "shipping", "returns", "sales", "security", "feedback"]
Priority = Literal["low", "normal", "high", "urgent"]

QUEUES: Final[tuple[Queue, ...]] = (
    "billing",
    "technical",
    "account",
    "shipping",
    "returns",
    "sales",
    "security",
    "feedback",
)
PRIORITIES: Final[tuple[Priority, ...]] = ("low", "normal", "high", "urgent")

SYSTEM_PROMPT: Final[str] = (
    "Triage this message to Brightwave support. Answer in three lines:\n"
    "Queue: billing|technical|account|shipping|returns|sales|security|feedback\n"
    "Priority: low|normal|high|urgent\n"
    "Reply: one sentence to the customer"
)
"""System prompt of every triage request (the user turn is the customer message)."""

TARGET_TEMPLATE: Final[str] = "Queue: {queue}\nPriority: {priority}\nReply: {reply}"
"""Exact output the model must produce; the task check extracts the fields by regex."""

QUEUE_PATTERN: Final[str] = r"(?im)^\s*queue:\s*([a-z]+)"
PRIORITY_PATTERN: Final[str] = r"(?im)^\s*priority:\s*([a-z]+)"
REPLY_PATTERN: Final[str] = r"(?im)^\s*reply:\s*(.+)$"

REFUSAL: Final[str] = (
    "I'm sorry, but I can't help with that request. "
    "If you have a question about a Brightwave order, device or account, I'm happy to help."
)
"""Reference answer of the refusal rows (a short, polite refusal)."""

POLICY_PROMPT: Final[str] = (
    "Answer the question using only the context below, in one or two sentences. If the context does not "
    "contain the answer, say \"I don't know\".\n\nContext: {context}\n\nQuestion: {question}"
)
"""How the deployment asks a policy question: the policy text as context, then the question."""

QUESTION_PROMPT: Final[str] = (
    "Answer the question in one or two sentences. If you do not know the answer, say \"I don't know\". "
    "If the question rests on a false premise or asks about something that does not exist, say so.\n\n"
    "Question: {question}"
)
"""How the deployment asks a question without a context."""

ABSTENTION: Final[str] = "I don't know."


def render_target(queue: str, priority: str, reply: str) -> str:
    """The expected three-line output for one ticket."""
    return TARGET_TEMPLATE.format(queue=queue, priority=priority, reply=reply)
