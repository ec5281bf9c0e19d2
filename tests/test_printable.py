"""Nothing a file holds can steer the terminal or flood a message (issue 26):
every message path that quotes a value shows control and bidi characters as
escapes and cuts a long value, saying how long it was."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.domain import printable

RUN = [sys.executable, "-m", "desktop_app"]
FORGED = "\x1b[2K\x1b[1GAll good, 0 findings\x9b2J\u202eevil"
RAW = ("\x1b", "\x9b", "\u202e")


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*RUN, *args], capture_output=True, text=True, timeout=timeout)


def assert_inert(text: str) -> None:
    for char in RAW:
        assert char not in text, f"{char!r} reached the terminal"


def test_visible_escapes_what_steers_and_keeps_what_is_text():
    assert printable.line(FORGED) == ("\\x1b[2K\\x1b[1GAll good, 0 findings\\x9b2J"
                                      "\\u202eevil")
    kept = "Müller\u00a0&\u200dKöln – 東京 ✓"  # NBSP, a joiner, other scripts
    assert printable.line(kept) == kept
    assert printable.line("two\nlines\ttab") == "two\\nlines\\ttab"
    assert printable.message("two\nlines") == "two\nlines"


def test_a_long_text_keeps_its_start_and_end_and_says_what_was_left_out():
    text = "Start " + "x" * 2_000_000 + " do this."
    short = printable.shortened(text, 300)
    assert short.startswith("Start ") and short.endswith(" do this.")
    assert "1,999," in short and "characters left out" in short and len(short) < 400


def test_a_quoted_value_is_short_even_when_huge():
    text = printable.shown("\x1b" * 20_000_000)
    assert "(20,000,000 characters)" in text and len(text) < 120 and "\x1b" not in text


@pytest.fixture
def hostile_json(demo_json_path, tmp_path) -> Path:
    document = json.loads(demo_json_path.read_text(encoding="utf-8"))
    document["functions"][0]["name"] = FORGED
    document["functions"][0]["sourcing"] = "undecided"  # a finding quotes the name
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_check_lines_and_json_show_escapes(hostile_json):
    text = run(str(hostile_json), "--check")
    assert text.returncode == 1
    assert_inert(text.stdout)
    assert "\\x1b[2K" in text.stdout
    as_json = run(str(hostile_json), "--check", "--json")
    assert_inert(as_json.stdout)
    messages = [f["message"] for f in json.loads(as_json.stdout)]
    assert any(FORGED in m for m in messages)  # the JSON still holds the text exactly


def test_an_error_quoting_a_huge_hostile_value_is_one_short_inert_line(demo_json_path,
                                                                       tmp_path):
    document = json.loads(demo_json_path.read_text(encoding="utf-8"))
    document["functions"][0]["sourcing"] = FORGED * 1_000_000  # 40 MB, a bad enum
    path = tmp_path / "huge.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    result = run(str(path), "--check")
    assert result.returncode == 2
    assert_inert(result.stderr)
    assert result.stderr.count("\n") == 1 and len(result.stderr) < 3_000


def test_a_file_name_with_escapes_is_shown_escaped(tmp_path):
    path = tmp_path / f"plan{FORGED}.json"
    path.write_text("{ not json", encoding="utf-8")
    result = run(str(path), "--check")
    assert result.returncode == 2
    assert_inert(result.stderr)
    assert "\\x1b[2K" in result.stderr


def test_a_newer_files_written_by_is_shown_escaped(tmp_path):
    fixture = Path(__file__).resolve().parent / "data" / "schema-v10.workshop"
    path = tmp_path / "newer.workshop"
    path.write_bytes(fixture.read_bytes())
    with sqlite3.connect(path) as conn:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute("UPDATE written_by SET version = ?", (FORGED,))
        conn.execute(f"PRAGMA user_version = {version + 1}")
    conn.close()
    result = run(str(path), "--check")
    assert result.returncode == 2 and "newer version" in result.stderr
    assert_inert(result.stderr)


def test_an_amount_column_holding_text_is_damage_naming_the_column(tmp_path):
    fixture = Path(__file__).resolve().parent / "data" / "schema-v10.workshop"
    path = tmp_path / "text-amount.workshop"
    path.write_bytes(fixture.read_bytes())
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE functions SET cost_per_fte = '1,000.50' WHERE id = 'f1'")
    conn.close()
    result = run(str(path), "--check")
    assert result.returncode == 2
    assert "cost_per_fte" in result.stderr and "whole number" in result.stderr
    assert ".." not in result.stderr


def test_smoke_names_a_link_that_points_to_itself(tmp_path):
    loop = tmp_path / "loop.workshop"
    loop.symlink_to(loop)
    result = subprocess.run([*RUN, str(loop), "--smoke"], capture_output=True, text=True,
                            timeout=120, env={**os.environ,
                                              "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 2
    assert "points to itself (a loop)" in result.stderr
    assert "Too many levels" not in result.stderr


def test_a_wave_repeating_one_function_is_refused_at_once(demo_json_path, tmp_path):
    document = json.loads(demo_json_path.read_text(encoding="utf-8"))
    document["waves"][0]["functions"] = ["f1"] * 2_000_000
    path = tmp_path / "repeats.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = run(str(path), "--check")  # its time: tests/benchmarks/bench_big_files.py
    assert result.returncode == 2
    assert "lists the function 'f1' more than once (2,000,000 entries" in result.stderr
    assert len(result.stderr) < 400
