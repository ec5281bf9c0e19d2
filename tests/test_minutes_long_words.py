"""Long text prints in time linear in its length (issue 13, item 5: a 100,000
character word took 37 s, growing with the square of its length).

No timed asserts: the work reportlab does is counted instead, as the characters
its width measurement is asked about, for texts 4x apart."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from reportlab.pdfbase import ttfonts

from desktop_app.domain.model import (
    Decision,
    DecisionStatus,
    Details,
    Function,
    Sourcing,
    Stage,
    Workshop,
)
from desktop_app.export.markup import split_markup
from desktop_app.export.minutes import build_minutes

WHITESPACE = re.compile(r"\s+")


def workshop_with(field: str, text: str) -> Workshop:
    function = Function(id="f1", name="Service desk", description="", fte=3,
                        customer_facing=False, strategic_importance=2, inhouse_capability=3,
                        sourcing=Sourcing.RETAIN)
    ws = Workshop(functions=[function])
    if field in ("title", "scope"):
        ws.details = Details(**{field: text})
    elif field == "description":
        ws.functions[0] = Function(**{**function.__dict__, "description": text})
    elif field == "decision":
        ws.decisions.append(Decision("d1", Stage.CLOSE, text, DecisionStatus.ACCEPTED))
    return ws


def measured_characters(monkeypatch, ws: Workshop, target: Path) -> int:
    """How many characters reportlab measured to lay the minutes out."""
    counted = [0]
    original = ttfonts.TTFont.stringWidth

    def counting(self, text, size, encoding="utf8"):
        counted[0] += len(text)
        return original(self, text, size, encoding)

    monkeypatch.setattr(ttfonts.TTFont, "stringWidth", counting)
    build_minutes(ws, target)
    monkeypatch.setattr(ttfonts.TTFont, "stringWidth", original)
    return counted[0]


@pytest.mark.parametrize("field", ["title", "scope", "description", "decision"])
@pytest.mark.parametrize("kind", ["one word", "many words"])
def test_laying_out_a_text_costs_work_linear_in_its_length(monkeypatch, tmp_path, field,
                                                           kind) -> None:
    def text(length: int) -> str:
        return "W" * length if kind == "one word" else ("lorem ipsum " * length)[:length]

    short = measured_characters(monkeypatch, workshop_with(field, text(10_000)),
                                tmp_path / "short.pdf")
    long = measured_characters(monkeypatch, workshop_with(field, text(40_000)),
                               tmp_path / "long.pdf")
    assert long / short < 6, f"4x the text cost {long / short:.1f}x the work"  # 16x if squared


def page_text(path: Path) -> str:
    """The text of the page bodies, without footers and the DRAFT mark."""
    from test_hostile_input import body_text

    return body_text(path)[0]


@pytest.mark.parametrize("field", ["scope", "description", "decision"])
def test_a_200_000_character_word_is_printed_whole(tmp_path, field) -> None:
    word = "".join(chr(0x41 + (i * 7) % 26) for i in range(200_000))  # no repeats to hide in
    target = tmp_path / "minutes.pdf"
    build_minutes(workshop_with(field, word), target)
    from test_hostile_input import is_subsequence

    # in a table, the row goes on over pages with the header and the other cells
    # between; as body text, it is all in one run
    body = page_text(target)
    assert word in body if field == "scope" else is_subsequence(word, body)


def test_a_one_megabyte_word_exports(tmp_path) -> None:
    target = tmp_path / "minutes.pdf"
    report = build_minutes(workshop_with("description", "x" * 1_000_000), target)
    assert report.pages > 100 and target.stat().st_size > 0


def test_normal_text_is_one_paragraph_as_before() -> None:
    text = "A rationale of a few sentences. " * 20
    assert split_markup(text, 3_000, 250) == [text]


def test_pieces_close_and_reopen_the_tags_they_cut() -> None:
    markup = '<b>' + "word " * 10 + '<font name="X">' + "z" * 30 + "</font></b>"
    pieces = split_markup(markup, 20, 12)
    assert len(pieces) > 2
    for piece in pieces:
        assert piece.count("<b>") == piece.count("</b>")
        assert piece.count("<font") == piece.count("</font>")
    visible = "".join(re.sub(r"<[^>]+>", "", piece) for piece in pieces)
    assert visible.replace(" ", "") == re.sub(r"<[^>]+>", "", markup).replace(" ", "")


def test_entities_are_never_cut() -> None:
    pieces = split_markup("&amp;" * 100, 10, 7)
    assert all(re.fullmatch(r"(&amp;)+", piece) for piece in pieces)
