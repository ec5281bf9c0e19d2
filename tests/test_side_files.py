"""SQLite's side files and the app's snapshots are looked at by name before
anything opens them (issue 26): a named pipe or a link to /dev/zero beside a
workshop is refused with its name, never waited on; reading a file changes
nothing beside it, not even a junk or a crashed writer's journal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_crash_safety import half_done_file  # noqa: F401  (a fixture)

from desktop_app.storage.document import WorkshopDocument
from desktop_app.storage.errors import ForeignSideFile
from desktop_app.storage.snapshots import SnapshotStore

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
DEADLINE = 60  # seconds for a whole process: a hang fails, a pass takes about 2
RUN = [sys.executable, "-m", "desktop_app"]


@pytest.mark.parametrize("suffix", ["-journal", "-wal", "-shm"])
@pytest.mark.parametrize("kind", ["fifo", "zero-link", "folder"])
def test_a_side_file_that_is_no_file_is_refused_by_name(workshop_file, suffix, kind):
    side = Path(f"{workshop_file}{suffix}")
    if kind == "fifo":
        os.mkfifo(side)
    elif kind == "zero-link":
        os.symlink("/dev/zero", side)
    else:
        side.mkdir()
    for read_only in (True, False):
        with pytest.raises(ForeignSideFile) as raised:
            WorkshopDocument.open(workshop_file, read_only=read_only)
        message = str(raised.value)
        assert side.name in message and "Move" in message
    check = subprocess.run([*RUN, str(workshop_file), "--check"], capture_output=True,
                           text=True, timeout=DEADLINE)
    assert check.returncode == 2 and side.name in check.stderr


def test_reading_leaves_a_junk_journal_where_it_was(workshop_file, demo_workshop, tmp_path):
    journal = Path(f"{workshop_file}-journal")
    journal.write_bytes(b"not a journal at all\n" * 50)
    before = (workshop_file.read_bytes(), journal.read_bytes())
    result = subprocess.run([*RUN, str(workshop_file), "--export", str(tmp_path / "out.json")],
                            capture_output=True, text=True, timeout=DEADLINE)
    assert result.returncode == 0, result.stderr
    assert (workshop_file.read_bytes(), journal.read_bytes()) == before
    document = WorkshopDocument.open(workshop_file, read_only=True)
    try:
        assert document.workshop.details.title == demo_workshop.details.title
    finally:
        document.close()
    assert (workshop_file.read_bytes(), journal.read_bytes()) == before


def test_reading_a_half_written_file_rolls_back_in_a_copy_only(half_done_file,  # noqa: F811
                                                               demo_workshop):
    journal = Path(f"{half_done_file}-journal")
    before = (half_done_file.read_bytes(), journal.read_bytes())
    document = WorkshopDocument.open(half_done_file, read_only=True)
    try:
        names = [p.name for p in document.workshop.participants]
    finally:
        document.close()
    assert names == [p.name for p in demo_workshop.participants]  # the change rolled back
    assert (half_done_file.read_bytes(), journal.read_bytes()) == before


def test_a_pipe_among_the_snapshots_is_passed_over(workshop_file, tmp_path):
    store = SnapshotStore(tmp_path / "snapshots")
    document = WorkshopDocument.open(workshop_file)
    try:
        taken = document.take_snapshot(store, "open")
    finally:
        document.close()
    os.mkfifo(taken.with_name("20270101-000000-000000_open.workshop"))
    os.symlink("/dev/zero", taken.with_name("20270102-000000-000000_open.workshop"))
    assert [s.path for s in store.list_for(workshop_file)] == [taken]
