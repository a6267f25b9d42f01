"""Text from data, models, servers or metadata made safe to print on a terminal.

Control characters (C0 but newline and tab, DEL, C1) are shown as ``\\x1b``-style escapes,
so an ANSI sequence in a dataset id cannot clear the screen or draw a fake verdict; Rich
markup is never interpreted because every such string goes into a ``rich.text.Text``.
"""

from __future__ import annotations

import re

from rich.text import Text

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str, *, newlines: bool = True) -> str:
    """``text`` with every control character written as an escape; newlines kept unless told."""
    shown = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return shown if newlines else shown.replace("\n", "\\n").replace("\t", " ")


def data_text(text: str, style: str = "", *, newlines: bool = True) -> Text:
    """A Rich ``Text`` of data: no markup, no control characters."""
    return Text(printable(text, newlines=newlines), style=style)
