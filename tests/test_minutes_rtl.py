"""Hebrew and Arabic print in reading order, Arabic joined (issue 13, item 14:
both printed reversed, Arabic as isolated letters).

A PDF draws text from left to right, so a right-to-left word must be drawn
last letter first. What reportlab draws is recorded at the text operator, in
drawing order; the expected glyph strings are written out by hand (PDF readers
such as pypdf reorder right-to-left text when they extract it, so they cannot
tell a right drawing from a wrong one)."""

from __future__ import annotations

import pytest
from reportlab.pdfgen import textobject

from desktop_app.domain.model import Decision, DecisionStatus, Details, Stage, Workshop
from desktop_app.export import bidi
from desktop_app.export.minutes import build_minutes

SHALOM = "שלום"
SHALOM_DRAWN = "\u05dd\u05d5\u05dc\u05e9"  # ם ו ל ש: the last letter, in its final form, leftmost
OLAM_DRAWN = "\u05dd\u05dc\u05d5\u05e2"  # עולם drawn: ם ל ו ע
ALEF = "\u05d0"
SALAM = "سلام"
# سلام drawn left to right: م (alone: lam-alef does not join to its left), the
# lam-alef ligature in its final form, then seen in its initial form.
SALAM_DRAWN = "\u0645\ufefc\ufeb3"
ALEIKUM = "عليكم"
ALEIKUM_DRAWN = "\ufee2\ufedc\ufef4\ufee0\ufecb"  # م final, ك medial, ي medial, ل medial, ع initial


@pytest.fixture
def drawn(monkeypatch):
    """Every string the minutes draw, in the order drawn."""
    strings: list[str] = []
    original = textobject.PDFTextObject._formatText

    def record(self, text):
        strings.append(str(text))
        return original(self, text)

    monkeypatch.setattr(textobject.PDFTextObject, "_formatText", record)
    return strings


def minutes_of(tmp_path, scope: str = "", decision: str = "") -> None:
    ws = Workshop(details=Details(title="Right to left", scope=scope))
    if decision:
        ws.decisions.append(Decision("d1", Stage.CLOSE, decision, DecisionStatus.ACCEPTED))
    build_minutes(ws, tmp_path / "minutes.pdf")


def line_with(drawn: list[str], *parts: str) -> str:
    """The concatenated strings of the one drawing that holds all `parts`."""
    joined = [" ".join(text.split()) for text in drawn]
    found = [text for text in joined if all(part in text for part in parts)]
    assert found, f"nothing drawn holds {parts}: {[t for t in joined if len(t) < 200]}"
    return found[0]


def test_a_hebrew_word_is_drawn_right_to_left(tmp_path, drawn) -> None:
    minutes_of(tmp_path, scope=SHALOM)
    assert SHALOM_DRAWN in "".join(drawn)
    assert SHALOM not in "".join(drawn)


def test_an_arabic_word_is_drawn_joined_and_right_to_left(tmp_path, drawn) -> None:
    minutes_of(tmp_path, scope=f"{SALAM} {ALEIKUM}")
    everything = "".join(drawn)
    # two words of a right-to-left line: the first word is drawn rightmost
    assert everything.index(ALEIKUM_DRAWN) < everything.index(SALAM_DRAWN)
    assert SALAM not in everything  # never the isolated letters in typing order


def test_a_right_to_left_phrase_inside_english_keeps_its_place(tmp_path, drawn) -> None:
    minutes_of(tmp_path, scope=f"Vendor {SHALOM} עולם is ready")
    line = line_with(drawn, "Vendor", "is ready")
    # the phrase reads right to left, between the English words around it
    assert line == f"Vendor {OLAM_DRAWN} {SHALOM_DRAWN} is ready"


def test_numbers_in_arabic_text_read_left_to_right_in_their_place(tmp_path, drawn) -> None:
    minutes_of(tmp_path, decision=f"{SALAM} 2027 {ALEIKUM}")
    everything = "".join(drawn)  # shaped words are drawn one by one
    start = everything.index(ALEIKUM_DRAWN)
    assert start < everything.index("2027", start) < everything.index(SALAM_DRAWN, start)


def test_a_long_right_to_left_paragraph_keeps_its_lines_in_order(tmp_path, drawn) -> None:
    words = [SHALOM + ALEF * (n % 3) for n in range(120)]  # several lines
    words[0] = "עולם"
    minutes_of(tmp_path, scope=" ".join(words))
    hebrew = [text for text in drawn if ALEF in text or SHALOM_DRAWN in text]
    assert len(hebrew) > 2, "the paragraph should wrap onto several lines"
    # the first word of the paragraph is at the right end of the first line drawn
    assert " ".join(hebrew[0].split()).endswith(OLAM_DRAWN)


def test_latin_text_is_not_shaped_into_ligatures(tmp_path, drawn) -> None:
    """HarfBuzz shapes only the words that need it: "hostname" keeps its s and t."""
    minutes_of(tmp_path, scope=f"hostname first {SHALOM}")
    assert "hostname" in "".join(drawn) and "\ufb06" not in "".join(drawn)


@pytest.mark.parametrize(("words", "right_to_left", "drawn_order"), [
    (["a", "b", "א", "ב", "c"], False, ["a", "b", "ב", "א", "c"]),
    (["א", "ב", "c", "d", "ג"], True, ["ג", "c", "d", "ב", "א"]),
    (["א", "12", "ב"], True, ["ב", "12", "א"]),
    (["x", "א", "12", "ב", "y"], False, ["x", "ב", "12", "א", "y"]),
    (["x", "12", "y"], False, ["x", "12", "y"]),
    (["א", "-", "ב"], True, ["ב", "-", "א"]),
])
def test_word_order_follows_the_bidirectional_algorithm(words, right_to_left,
                                                         drawn_order) -> None:
    assert [words[i] for i in bidi.visual_order(words, right_to_left)] == drawn_order
