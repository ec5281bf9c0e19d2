"""A real app process, killed at random moments while it stores edits, never
loses an acknowledged edit or damages the file; a copy of just the
`.workshop` file, taken while the app runs or after it was killed, opens
with everything the app showed."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import read_message, rest_of_output

from desktop_app.storage.document import WorkshopDocument

DRIVER = Path(__file__).resolve().parent / "app_driver.py"
KILLS = 12
SEED = 20261130


def start(path: Path, *args: str, tmp_path: Path) -> subprocess.Popen:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    return subprocess.Popen([sys.executable, str(DRIVER), str(path), *args],
                            stdout=subprocess.PIPE, stdin=subprocess.PIPE, env=env, text=True)


def integrity(path: Path) -> str:
    """PRAGMA integrity_check as SQLite itself reports it (after its own recovery)."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def names(path: Path) -> list[str]:
    document = WorkshopDocument.open(path, read_only=True)
    try:
        return [p.name for p in document.workshop.participants]
    finally:
        document.close()


def kill(process: subprocess.Popen) -> list[dict]:
    """Kill -9 and return what the app had written before it died: edits it
    reported stored just before the kill count as acknowledged too."""
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    rest = [json.loads(line) for line in rest_of_output(process)]
    process.stdout.close()
    process.stdin.close()
    return rest


def test_kill_9_at_random_moments_loses_at_most_the_edit_in_flight(workshop_file, tmp_path):
    rng = random.Random(SEED)
    expected: list[str] = names(workshop_file)
    for run in range(KILLS):
        process = start(workshop_file, "edit", "400", f"run{run}", tmp_path=tmp_path)
        acknowledged = 0
        wanted = rng.randint(1, 30)
        while acknowledged < wanted:
            message = read_message(process)
            assert "error" not in message, message
            acknowledged = message.get("stored", acknowledged)
        time.sleep(rng.uniform(0, 0.05))  # somewhere inside a later edit, or between two
        for message in kill(process):
            acknowledged = message.get("stored", acknowledged)

        assert integrity(workshop_file) == "ok", f"run {run}"
        after = names(workshop_file)
        mine = [n for n in after if n.startswith(f"run{run} ")]
        acked = [f"run{run} {k}" for k in range(1, acknowledged + 1)]
        assert mine[:acknowledged] == acked, f"run {run}: an acknowledged edit was lost"
        assert after[:len(expected)] == expected, f"run {run}: earlier runs' edits changed"
        # At most the edits stored after the last line we read, plus one half-done
        # add (a "New participant" not yet renamed): nothing else appears.
        extra = [n for n in after[len(expected):] if not n.startswith(f"run{run} ")]
        assert extra in ([], ["New participant"]), f"run {run}: {extra}"
        expected = after


def test_a_copy_taken_while_the_app_runs_has_everything_it_showed(workshop_file, tmp_path):
    process = start(workshop_file, "edit", "25", "shown", tmp_path=tmp_path)
    try:
        while "idle" not in (message := read_message(process)):
            assert "error" not in message, message
        copy = tmp_path / "copied" / "copy.workshop"
        copy.parent.mkdir()
        shutil.copyfile(workshop_file, copy)  # only the .workshop file, app still running
    finally:
        kill(process)
    assert integrity(copy) == "ok"
    assert [n for n in names(copy) if n.startswith("shown ")] == \
        [f"shown {k}" for k in range(1, 26)]


def test_a_copy_taken_after_a_crash_has_every_acknowledged_edit(workshop_file, tmp_path):
    process = start(workshop_file, "edit", "15", "kept", tmp_path=tmp_path)
    while "idle" not in (message := read_message(process)):
        assert "error" not in message, message
    kill(process)
    copy = tmp_path / "after-crash.workshop"
    shutil.copyfile(workshop_file, copy)  # the journal is not copied: none is needed
    assert not Path(f"{workshop_file}-journal").exists()
    assert integrity(copy) == "ok"
    assert [n for n in names(copy) if n.startswith("kept ")] == \
        [f"kept {k}" for k in range(1, 16)]


@pytest.fixture
def half_done_file(workshop_file):
    """A workshop whose writer was killed in the middle of a transaction: the
    file carries a hot journal and pages of the unfinished change."""
    code = (
        "import os, signal, sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('PRAGMA cache_size = 1')\n"
        "c.execute('BEGIN')\n"
        "c.execute(\"UPDATE participants SET name = 'half done'\")\n"
        "c.execute(\"UPDATE functions SET rationale = hex(zeroblob(4000))\")\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(workshop_file)], check=False)
    assert Path(f"{workshop_file}-journal").stat().st_size > 0
    return workshop_file


def test_a_file_left_half_written_opens_as_it_was_before_the_change(half_done_file,
                                                                     demo_workshop):
    document = WorkshopDocument.open(half_done_file)
    try:
        assert [p.name for p in document.workshop.participants] == \
            [p.name for p in demo_workshop.participants]
    finally:
        document.close()
    assert integrity(half_done_file) == "ok"


def test_reading_a_half_written_file_from_the_command_line_recovers_it(half_done_file,
                                                                      tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", str(half_done_file), "--export",
         str(tmp_path / "out.json")], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "half done" not in (tmp_path / "out.json").read_text(encoding="utf-8")


def test_replacing_a_half_written_file_sets_its_stale_journal_aside(half_done_file,
                                                                   demo_workshop):
    """Save a Copy As, New or Restore Snapshot onto a file whose writer crashed: the
    old journal must not be rolled into the new file."""
    import dataclasses

    from desktop_app.storage.document import write_workshop_file

    replaced = dataclasses.replace(
        demo_workshop, details=dataclasses.replace(demo_workshop.details, title="Replaced"))
    write_workshop_file(half_done_file, replaced)
    assert not Path(f"{half_done_file}-journal").exists()
    assert sorted(p.name for p in half_done_file.parent.iterdir()) == [half_done_file.name]
    document = WorkshopDocument.open(half_done_file)
    try:
        assert document.workshop.details.title == "Replaced"
    finally:
        document.close()
    assert integrity(half_done_file) == "ok"
