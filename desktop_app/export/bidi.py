"""Right-to-left text (Hebrew, Arabic) drawn in reading order in the minutes.

Two steps, at the two depths where they belong:

- *Inside a word*, HarfBuzz (uharfbuzz, through reportlab's `shaping`) joins
  Arabic letters into their contextual forms and lays out a right-to-left word
  from right to left. Paragraphs whose text needs it get a shaping style.
- *Between words*, the words of each line, once reportlab has broken the
  paragraph into lines, are put in visual order by the Unicode Bidirectional
  Algorithm's reordering rule (UAX #9, L2), with each word's embedding level
  resolved from its strong characters (W and N rules at word granularity).
  Reordering per line, after the line breaking, keeps the lines of a long
  right-to-left paragraph in their order, top to bottom.

reportlab's own bidi support needs `rlbidi`, which is not on PyPI.
"""

from __future__ import annotations

import re
import unicodedata

# Scripts that need HarfBuzz: Hebrew, Arabic, Syriac, Thaana, N'Ko, the Indic
# scripts, Thai, Lao, Tibetan, Myanmar, and the Hebrew and Arabic presentation forms.
_COMPLEX = re.compile("[\u0590-\u0dff\u0e00-\u0fff\u1000-\u109f\ufb1d-\ufdff\ufe70-\ufeff]")
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def needs_shaping(text: str) -> bool:
    return bool(_COMPLEX.search(text))


def has_right_to_left(text: str) -> bool:
    return bool(_RIGHT_TO_LEFT.search(text))


def _direction(word: str) -> str:
    """'R' (a right-to-left letter comes first), 'L', 'N' (a number) or '' (neutral)."""
    number = False
    for ch in word:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return "R"
        if kind == "L":
            return "L"
        if kind in ("EN", "AN"):
            number = True
    return "N" if number else ""


def base_is_right_to_left(text: str) -> bool:
    """The paragraph direction (UAX #9 P2): that of its first strong character."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def levels_of(words: list[str], right_to_left: bool) -> list[int]:
    """Each word's embedding level (UAX #9 W, N and I rules at word granularity)."""
    base = 1 if right_to_left else 0
    kinds = [_direction(word) for word in words]
    # W7: a number after left-to-right text (or at the start of a left-to-right
    # paragraph) is left-to-right; otherwise it counts as right-to-left for N1.
    resolved: list[str] = []
    previous = "R" if base else "L"
    for kind in kinds:
        if kind == "N":
            resolved.append("L" if previous == "L" else "EN")
        else:
            resolved.append(kind)
            if kind in ("L", "R"):
                previous = kind
    levels: list[int] = []
    for index, kind in enumerate(resolved):
        if kind == "":  # N1/N2: a neutral takes the direction on both sides, else the base
            before = next((resolved[i] for i in range(index - 1, -1, -1) if resolved[i]),
                          "R" if base else "L")
            after = next((resolved[i] for i in range(index + 1, len(resolved)) if resolved[i]),
                         "R" if base else "L")
            as_strong = {"EN": "R", "R": "R", "L": "L"}
            side = as_strong[before] if as_strong[before] == as_strong[after] else ""
            kind = side or ("R" if base else "L")
        if kind == "R":  # I1, I2
            levels.append(1)
        elif kind == "EN":
            levels.append(2)
        else:
            levels.append(2 if base else 0)
    return levels


def visual_order(words: list[str], right_to_left: bool) -> list[int]:
    """The indexes of `words` (one line, in reading order) in the order they are
    drawn from left to right (L2: reverse every run at each level, highest first)."""
    levels = levels_of(words, right_to_left)
    order = list(range(len(words)))
    for level in range(max(levels, default=0), 0, -1):
        start = None
        for position in range(len(order) + 1):
            inside = position < len(order) and levels[order[position]] >= level
            if inside and start is None:
                start = position
            elif not inside and start is not None:
                order[start:position] = reversed(order[start:position])
                start = None
    return order


# HarfBuzz features for the words shaped: contextual forms and the required
# ligatures (lam-alef) are on by default; reportlab also asks for the optional
# Latin ligatures (st -> U+FB06), which would change how other text prints.
FEATURES = {"kern": True, "liga": False, "dlig": False}


def install_shaping() -> None:
    """Make reportlab's paragraphs shape only the words that need it.

    reportlab shapes every word of a paragraph whose style has `shaping`, with
    ligatures; this shapes words of the scripts in `_COMPLEX` only, with
    `FEATURES`, and leaves every other word exactly as typed. Idempotent."""
    from reportlab.platypus import paragraph

    original = getattr(paragraph.shapeFragWord, "__wrapped__", paragraph.shapeFragWord)

    def shape_complex_words(word, features=None, force=False):
        if not any(needs_shaping(text) for _frag, text in word[1:]):
            return word
        return original(word, FEATURES, force)

    shape_complex_words.__wrapped__ = original
    paragraph.shapeFragWord = shape_complex_words
