"""Something other than the app's lock file at the lock's name (issue 26): a
named pipe, a link to /dev/zero, a folder, a large file. None of it is ever
opened, so nothing hangs or reads for ever; it is named in a message and is
removed only when the user chooses to take over."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_file_lock import answer_with

from desktop_app.storage.locks import foreign_lock, is_held
from desktop_app.ui.file_lock import ForeignLock, WorkshopLock, lock_path

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints"),
              pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")]
DEADLINE = 60  # seconds for a whole process: a hang fails, a pass takes about 2


def make_foreign(kind: str, workshop: Path) -> Path:
    lock = lock_path(workshop)
    if kind == "fifo":
        os.mkfifo(lock)
    elif kind == "zero-link":
        os.symlink("/dev/zero", lock)
    elif kind == "folder":
        lock.mkdir()
    else:
        lock.write_bytes(b"x" * 1_000_000)
    return lock


KINDS = {"fifo": "named pipe", "zero-link": "symbolic link", "folder": "folder",
         "large": "1,000,000 bytes"}


@pytest.mark.parametrize("kind", KINDS)
def test_a_foreign_lock_is_named_and_counts_as_held(kind, workshop_file):
    make_foreign(kind, workshop_file)
    assert KINDS[kind] in foreign_lock(workshop_file)
    assert is_held(workshop_file)  # returns at once: nothing was opened
    with pytest.raises(ForeignLock) as raised:
        WorkshopLock(workshop_file).acquire()
    assert KINDS[kind] in str(raised.value) and lock_path(workshop_file).name in str(raised.value)


@pytest.mark.parametrize("kind", ["fifo", "zero-link"])
def test_the_command_line_neither_hangs_nor_writes_past_it(kind, workshop_file, tmp_path):
    make_foreign(kind, workshop_file)
    run = [sys.executable, "-m", "desktop_app"]
    read = subprocess.run([*run, str(workshop_file), "--export", str(tmp_path / "out.json")],
                          capture_output=True, text=True, timeout=DEADLINE)
    assert read.returncode == 0, read.stderr  # reading takes no lock
    before = workshop_file.read_bytes()
    write = subprocess.run([*run, "--demo", "--export", str(workshop_file)],
                           capture_output=True, text=True, timeout=DEADLINE)
    assert write.returncode == 2
    assert KINDS[kind] in write.stderr and "Remove it, or choose another name" in write.stderr
    assert workshop_file.read_bytes() == before


def test_the_window_asks_and_takes_a_named_pipe_away_by_choice(window, workshop_file):
    lock = make_foreign("fifo", workshop_file)
    seen: list[str] = []
    answer_with("Take Over", seen)
    assert window.open_path(workshop_file)
    assert "named pipe" in seen[0] and "only it" in seen[0]
    assert not window.session.read_only and window.session.lock.held
    assert lock.is_file() and not lock.is_symlink()  # the app's own lock now


def test_the_window_reads_past_a_link_to_dev_zero_and_leaves_it(window, workshop_file):
    lock = make_foreign("zero-link", workshop_file)
    answer_with("Open Read-Only", [])
    assert window.open_path(workshop_file)
    assert window.session.read_only
    assert lock.is_symlink() and os.readlink(lock) == "/dev/zero"
