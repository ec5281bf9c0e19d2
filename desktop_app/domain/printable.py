"""Text that came from a file or a person, made safe to show in a message: on a
terminal, in a `--check` line, in a dialog.

A workshop file may hold anything in a name: escape sequences that erase a
terminal line and print a forged "All good", right-to-left overrides that
reverse what a dialog seems to say, twenty million characters. Every message
that quotes such text passes through here: control characters (C0, DEL, C1),
bidi controls and line separators are shown as escapes (\\x1b, \\u202e), and a
long text keeps its start and its end with how much was left out between, so
a message still ends with what to do.
"""

from __future__ import annotations

import re
from typing import Any

MESSAGE_LIMIT = 1_500  # characters of a whole message
VALUE_LIMIT = 60  # characters of a value quoted in one

# C0 and C1 controls and DEL; the bidi embeddings, overrides, isolates and marks;
# the Unicode line and paragraph separators. Tab and newline are decided apart.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                     "\u2066-\u2069\u2028\u2029]")
_UNSAFE_LINES = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                           "\u2066-\u2069\u2028\u2029]")
# What json.dumps(ensure_ascii=False) leaves raw but a terminal obeys.
UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                            "\u2028\u2029]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, keep_lines: bool = False) -> str:
    """`text` with every character that could steer a terminal or reorder a line
    shown as an escape; `keep_lines` keeps newlines and tabs as they are."""
    return (_UNSAFE if keep_lines else _UNSAFE_LINES).sub(_escape, text)


def shortened(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """`text` cut in the middle to about `limit` characters, saying how many were
    left out (its start says what, its end what to do)."""
    if len(text) <= limit:
        return text
    head, tail = limit * 2 // 3, limit // 3
    return f"{text[:head]}…[{len(text) - head - tail:,} characters left out]…{text[-tail:]}"


def message(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """A message for a dialog or an exception: short, lines kept, nothing that steers."""
    return visible(shortened(text, limit), keep_lines=True)


def line(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """One line for a terminal: short, every control escaped, newlines too."""
    return visible(shortened(text, limit))


def shown(value: Any, limit: int = VALUE_LIMIT) -> str:
    """`value` quoted in a message: its repr, cut short with its full length said,
    so pasting a page into a number field gives a sentence, not the page back.
    A long text is cut before repr() is taken: twenty million characters cost
    nothing here."""
    if isinstance(value, str) and len(value) > limit:
        head = repr(value[:limit])
        return f"{head[:limit]}… ({len(value):,} characters)"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
