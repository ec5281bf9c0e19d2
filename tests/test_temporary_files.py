"""A write killed half-way leaves its hidden temporary file; the next write of
the same target removes it (and its SQLite journal), never another live write's."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from desktop_app.files.atomic import atomic_write_bytes, remove_stale_temporaries
from desktop_app.storage.document import write_workshop_file

KILLED_WRITER = """
import sys, time
from pathlib import Path
from desktop_app.storage.document import write_workshop_file
from desktop_app.files import atomic
from desktop_app.domain.model import Workshop

def stall(source, target):  # the moment before the finished file moves into place
    print(source, flush=True)
    time.sleep(60)
atomic.os.replace = stall
write_workshop_file(Path(sys.argv[1]), Workshop())
"""


def killed_export(target: Path) -> list[str]:
    """Run a real `.workshop` export and kill -9 it just before it finishes."""
    process = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(target)],
                               stdout=subprocess.PIPE, text=True)
    temp = process.stdout.readline().strip()
    assert temp, "the writer did not get as far as the replace"
    process.kill()
    process.wait()
    process.stdout.close()
    return sorted(p.name for p in target.parent.iterdir())


def test_the_next_write_removes_what_a_killed_export_left(tmp_path, demo_workshop) -> None:
    target = tmp_path / "x.workshop"
    left = killed_export(target)
    assert left and all(name.startswith(".~x.workshop.") for name in left)
    assert not target.exists()
    write_workshop_file(target, demo_workshop)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.workshop"]


def test_a_killed_writers_journal_goes_too(tmp_path) -> None:
    target = tmp_path / "x.workshop"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    pid = int(dead.stdout)
    for name in (f".~x.workshop.{pid}.abcd_123", f".~x.workshop.{pid}.abcd_123-journal"):
        (tmp_path / name).write_bytes(b"half")
    atomic_write_bytes(target, b"done")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.workshop"]


def test_a_running_writers_temporary_file_is_left_alone(tmp_path) -> None:
    target = tmp_path / "x.pdf"
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"]) as alive:
        try:
            busy = tmp_path / f".~x.pdf.{alive.pid}.zzzz9999"
            busy.write_bytes(b"being written")
            atomic_write_bytes(target, b"mine")
            assert busy.exists() and target.read_bytes() == b"mine"
        finally:
            alive.kill()
    assert remove_stale_temporaries(target) == [busy]


def test_other_files_and_recent_unnamed_temporaries_are_kept(tmp_path) -> None:
    target = tmp_path / "x.json"
    keep = [".~x.json.notes.txt", ".~x.json.recent12", "x.json.bak", ".~lock.x.json#"]
    old = tmp_path / ".~x.json.old12345"  # an earlier release's, untouched for two days
    for name in keep:
        (tmp_path / name).write_text("user's")
    old.write_text("left by a crash long ago")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    atomic_write_bytes(target, b"{}")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*keep, "x.json"])
