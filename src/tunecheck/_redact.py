"""Keeping an API key out of everything a server's text reaches (messages, the run store, records).

Redaction runs on the server's whole text, before it is cut short or formatted, so a body
that echoes the ``Authorization`` header cannot leave a piece of the key behind; a piece
the server cut itself (a prefix of at least ``MIN_PIECE`` characters) is removed too.
"""

from __future__ import annotations

MASK = "***"
MIN_PIECE = 6


def redact(text: str, secret: str | None) -> str:
    """``text`` without ``secret`` or any prefix of it of ``MIN_PIECE`` characters or more."""
    if not secret:
        return text
    text = text.replace(secret, MASK)
    for length in range(len(secret) - 1, MIN_PIECE - 1, -1):
        if secret[:length] in text:
            text = text.replace(secret[:length], MASK)
    return text


def bearer_secret(headers: dict[str, str]) -> str | None:
    """The key in an ``Authorization: Bearer <key>`` header, if any."""
    value = next((v for k, v in headers.items() if k.lower() == "authorization"), None)
    return value.removeprefix("Bearer ").strip() or None if value else None
