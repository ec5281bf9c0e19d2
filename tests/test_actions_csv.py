"""The actions as CSV (issue 4): columns, BOM for Excel, formula neutralisation,
any text round-trips, atomic writes."""

from __future__ import annotations

import csv
import io
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.domain.model import Action, ActionStatus, Stage, Workshop
from desktop_app.export.actions_csv import COLUMNS, neutralise, write_actions_csv
from desktop_app.storage import interchange
from desktop_app.storage.errors import WriteFailed


def read_rows(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "no UTF-8 byte-order mark"
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def test_columns_and_rows_of_the_example(example_json, tmp_path) -> None:
    ws = interchange.loads(example_json)
    target = tmp_path / "actions.csv"
    assert write_actions_csv(ws, target) == 1
    rows = read_rows(target)
    assert rows[0] == list(COLUMNS) == ["id", "action", "owner", "due", "status", "stage"]
    assert rows[1] == ["t1", "Ask Vendor A for CVs of the named team", "Tom Reid", "2027-01-25",
                       "open", "Vendors: skills & capacity"]


def test_demo_writes_every_action(demo_workshop, tmp_path) -> None:
    target = tmp_path / "demo.csv"
    assert write_actions_csv(demo_workshop, target) == len(demo_workshop.actions)
    rows = read_rows(target)
    assert [row[0] for row in rows[1:]] == [a.id for a in demo_workshop.actions]
    assert b"\r\n" in target.read_bytes()  # Excel's line ends


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)",
                                  "\t=1", "\r=1"])
def test_formulas_are_neutralised(tmp_path, text) -> None:
    ws = Workshop(actions=[Action(id="t1", stage=Stage.CLOSE, text=text, owner=text)])
    target = tmp_path / "f.csv"
    write_actions_csv(ws, target)
    row = read_rows(target)[1]
    assert row[1] == row[2] and row[1].startswith("'")
    assert row[1].replace("'", "") == text.replace("'", "")  # only quotes were added


def test_plain_text_is_left_alone() -> None:
    assert neutralise("Call Tom = boss") == "Call Tom = boss"
    assert neutralise("") == ""
    assert neutralise("'quoted") == "'quoted"


def test_non_ascii_round_trips(tmp_path) -> None:
    text = "Zażółć gęślą jaźń — Ελληνικά, Кириллица, Tiếng Việt, 中文, 😀, \"quotes\", a,b\nline 2"
    ws = Workshop(actions=[Action(id="t1", stage=Stage.SETUP, text=text, owner="Nguyễn Thị Lan",
                                  due=date(2027, 3, 5), status=ActionStatus.DONE)])
    target = tmp_path / "u.csv"
    write_actions_csv(ws, target)
    assert read_rows(target)[1] == ["t1", text, "Nguyễn Thị Lan", "2027-03-05", "done",
                                    "Setup & objectives"]


def test_empty_workshop_writes_the_header(tmp_path) -> None:
    target = tmp_path / "empty.csv"
    assert write_actions_csv(Workshop(), target) == 0
    assert read_rows(target) == [list(COLUMNS)]


def test_unwritable_target_raises_and_leaves_nothing(tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(WriteFailed):
        write_actions_csv(Workshop(), blocker / "actions.csv")
    with pytest.raises(WriteFailed):
        write_actions_csv(Workshop(), tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["file"]


# --- issue 13: what a spreadsheet in any locale would still run -----------------------

SPREADSHEET_SEPARATORS = (",", ";", "\t")


def runs_as_formula(piece: str) -> bool:
    """A reference written apart from the code: after blanks and invisible
    characters, the first character's compatibility form is = + - or @."""
    visible = "".join(ch for ch in piece if not ch.isspace()
                      and unicodedata.category(ch) not in ("Cc", "Cf", "Zs"))
    if piece.startswith(("\t", "\r")):
        return True
    return bool(visible) and unicodedata.normalize("NFKC", visible)[0] in "=+-@"


def cells_a_spreadsheet_sees(value: str) -> list[str]:
    """The cell as Excel reads it in a comma locale, and each part as a semicolon
    locale or a tab-separated import would split it."""
    parts = [value]
    for separator in SPREADSHEET_SEPARATORS[1:]:
        parts = [piece for part in parts for piece in part.split(separator)]
    return [value, *parts]


@pytest.mark.parametrize("text", [
    " =1+1", "  +cmd", "\u00a0=A1", "\u3000-1", "\u200b@SUM(A1)", "\ufeff=1",
    "＝1+1", "＋1", "－1", "＠A1", "﹦1", "﹢1", "⁼1",
    ";=1+1;", "a;=1+1", "a; =HYPERLINK(\"x\")", "a\t=1", "x;\u00a0@A1",
    "=cmd|' /C calc'!A0", "\n=1", "\r\n=1",
])
def test_formulas_hidden_behind_blanks_lookalikes_or_separators_are_neutralised(
        tmp_path, text) -> None:
    ws = Workshop(actions=[Action(id="t1", stage=Stage.CLOSE, text=text, owner=text)])
    target = tmp_path / "f.csv"
    write_actions_csv(ws, target)
    cell = read_rows(target)[1][1]
    assert cell.replace("'", "") == text.replace("'", "")
    for seen in cells_a_spreadsheet_sees(cell):
        assert seen.startswith("'") or not runs_as_formula(seen), (text, cell, seen)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.one_of(st.sampled_from(list("=+-@;,\t\r\n '\u00a0\u3000\u200b"
                                                   "＝＋－＠﹦﹢⁼|!A1")), st.characters()),
               max_size=30))
def test_no_cell_or_part_of_a_cell_runs_as_a_formula(text) -> None:
    cell = neutralise(text)
    assert cell.replace("'", "") == text.replace("'", "")
    for seen in cells_a_spreadsheet_sees(cell):
        assert seen.startswith("'") or not runs_as_formula(seen), (text, cell, seen)


def test_ordinary_text_with_separators_keeps_its_look() -> None:
    assert neutralise("Costs, benefits; risks") == "Costs, benefits; risks"
    assert neutralise("Q3: 5 % less, -2 FTE") == "Q3: 5 % less, -2 FTE"  # a comma is quoted
