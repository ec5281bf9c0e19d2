"""The actions as CSV (issue 4): columns, BOM for Excel, formula neutralisation,
any text round-trips, atomic writes."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

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
    assert row[1] == "'" + text and row[2] == "'" + text


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
