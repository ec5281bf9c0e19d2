"""Already open in another instance: the second is told who has it and may
open it read-only; a lock left by a crash is taken over; the command line
still reads the file; a program holding SQLite's lock gets a clear message
within seconds, never a hang."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import read_message, sqlite_lock_held, stored
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.domain.commands import EditDetails
from desktop_app.ui.file_lock import AlreadyOpen, WorkshopLock, lock_path

DRIVER = Path(__file__).resolve().parent / "app_driver.py"
# The offscreen platform notes that it cannot size a real modal message box.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def other_instance(workshop_file, tmp_path):
    """The real app, in another process, with the demo file open for editing."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    process = subprocess.Popen([sys.executable, str(DRIVER), str(workshop_file), "hold"],
                               stdout=subprocess.PIPE, stdin=subprocess.PIPE, env=env,
                               text=True)
    message = read_message(process)
    assert message.get("ready"), message
    yield process
    if process.poll() is None:
        process.kill()
    process.wait(timeout=10)
    process.stdout.close()
    process.stdin.close()


def answer_with(button_text: str, seen: list[str], tries: int = 250) -> None:
    """Click `button_text` in the next message box (within about 5 s), remembering
    what it said; gives up rather than click a box of a later test."""

    def click(left: int = tries) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            if left > 0:
                QTimer.singleShot(20, lambda: click(left - 1))
            return
        seen.append(f"{box.text()}\n{box.informativeText()}")
        for button in box.buttons():
            if button.text().replace("&", "") == button_text:
                button.click()
                return
        raise AssertionError(f"no button {button_text!r} in {[b.text() for b in box.buttons()]}")

    QTimer.singleShot(0, click)


def test_the_lock_file_names_the_process_and_computer(other_instance, workshop_file):
    assert lock_path(workshop_file).exists()
    with pytest.raises(AlreadyOpen) as raised:
        WorkshopLock(workshop_file).acquire()
    holder = raised.value.holder
    assert holder is not None and holder.pid == other_instance.pid
    assert holder.on_this_computer
    assert f"process {other_instance.pid}" in str(raised.value)


def test_a_second_instance_is_told_who_has_it_and_can_read_it(window, other_instance,
                                                              workshop_file):
    seen: list[str] = []
    before = workshop_file.read_bytes()
    answer_with("Open Read-Only", seen)
    assert window.open_path(workshop_file)
    assert f"process {other_instance.pid}" in seen[0] and "this computer" in seen[0]
    assert window.session.read_only
    assert window.workspace.notice.isVisibleTo(window.workspace)
    assert "open in another" in window.workspace.notice.text.text()
    assert "[read-only]" in window.windowTitle()
    assert workshop_file.read_bytes() == before


def test_cancelling_leaves_the_second_instance_as_it_was(window, other_instance,
                                                        workshop_file):
    answer_with("Cancel", [])
    assert not window.open_path(workshop_file)
    assert window.session is None


def test_the_command_line_reads_a_file_the_app_has_open(other_instance, workshop_file,
                                                       tmp_path):
    for args in (["--check"], ["--export", str(tmp_path / "out.json")],
                 ["--export", str(tmp_path / "out.pdf")]):
        result = subprocess.run([sys.executable, "-m", "desktop_app", str(workshop_file), *args],
                                capture_output=True, text=True, timeout=120)
        assert result.returncode in (0, 1), result.stderr  # 1: --check found findings
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["workshop"]
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")


def test_a_lock_left_by_a_crash_is_taken_over_without_asking(window, other_instance,
                                                             workshop_file, monkeypatch):
    other_instance.send_signal(signal.SIGKILL)
    other_instance.wait(timeout=10)
    assert lock_path(workshop_file).exists()  # stale: its process is gone
    monkeypatch.setattr(QMessageBox, "exec", lambda *_: pytest.fail("asked the user"))
    assert window.open_path(workshop_file)
    assert not window.session.read_only
    assert window.session.lock.held
    assert window.session.lock.holder().pid == os.getpid()


def test_the_lock_is_released_when_the_workshop_closes(window, workshop_file):
    assert window.open_path(workshop_file)
    assert lock_path(workshop_file).exists()
    window.files.release_session()
    assert not lock_path(workshop_file).exists()


def test_a_file_cannot_be_replaced_while_another_instance_has_it(window, other_instance,
                                                                 workshop_file, tmp_path):
    from desktop_app.storage.errors import WriteFailed

    window.open_demo()
    with pytest.raises(WriteFailed, match="already open"):
        window.documents.save_copy(window.session, workshop_file)


@pytest.fixture
def sqlite_writer(workshop_file):
    """Another program holding SQLite's exclusive lock on the file."""
    with sqlite_lock_held(workshop_file, "EXCLUSIVE"):
        yield


def test_a_file_locked_by_another_program_gets_a_message_within_seconds(
        window, sqlite_writer, workshop_file, monkeypatch):
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: messages.append(text))
    started = time.monotonic()
    assert not window.open_path(workshop_file)
    assert time.monotonic() - started < 5
    assert "another program" in messages[0] and "locked" in messages[0]
    assert not lock_path(workshop_file).exists()  # our own lock was given back


def test_the_command_line_says_so_too(sqlite_writer, workshop_file):
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "desktop_app", str(workshop_file), "--check"],
                            capture_output=True, text=True, timeout=60)
    assert time.monotonic() - started < 10
    assert result.returncode == 2
    assert "another program" in result.stderr and "Traceback" not in result.stderr


def test_an_edit_while_another_program_writes_is_refused_and_nothing_changes(
        open_window, workshop_file, monkeypatch):
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: messages.append(text))
    title = open_window.session.workshop.details.title
    with sqlite_lock_held(workshop_file, "IMMEDIATE"):
        started = time.monotonic()
        problem = open_window.session.execute(EditDetails("title", "Changed"))
        assert time.monotonic() - started < 5
    assert problem and "another program" in problem and "Nothing was changed" in problem
    assert open_window.session.workshop.details.title == title
    assert stored(workshop_file).details.title == title
    assert open_window.session.execute(EditDetails("title", "Changed")) is None
    assert stored(workshop_file).details.title == "Changed"


def test_a_lock_from_another_computer_can_be_taken_over_by_choice(window, workshop_file):
    lock_path(workshop_file).write_text(f"{os.getpid()}\nsourcing-workshop\nfar-away-laptop\n",
                                        encoding="utf-8")
    seen: list[str] = []
    answer_with("Take Over", seen)
    assert window.open_path(workshop_file)
    assert "'far-away-laptop'" in seen[0] and "switched off" in seen[0]
    assert not window.session.read_only
    assert window.session.lock.held


def test_a_lock_from_another_computer_is_respected_by_default(window, workshop_file):
    lock_path(workshop_file).write_text(f"{os.getpid()}\nsourcing-workshop\nfar-away-laptop\n",
                                        encoding="utf-8")
    answer_with("Open Read-Only", [])
    assert window.open_path(workshop_file)
    assert window.session.read_only
    assert "far-away-laptop" in window.workspace.notice.text.text()


def test_a_smoke_run_on_a_file_another_instance_has_open_does_not_wait(other_instance,
                                                                       workshop_file):
    before = workshop_file.read_bytes()
    result = subprocess.run([sys.executable, "-m", "desktop_app", str(workshop_file), "--smoke"],
                            capture_output=True, text=True, timeout=60,
                            env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert result.returncode == 0, result.stderr
    assert workshop_file.read_bytes() == before


def test_the_same_store_failure_interrupts_only_once(open_window, workshop_file, monkeypatch):
    """Text is stored at every pause in typing: a lasting failure must not pop
    up a message box at every pause."""
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: messages.append(text))
    with sqlite_lock_held(workshop_file, "IMMEDIATE"):
        for title in ("Day", "Day two"):
            assert open_window.session.execute(EditDetails("title", title))
    assert len(messages) == 1
    assert open_window.statusBar().currentMessage().startswith("Still not stored")
    assert open_window.stored_label.text() == "Changes NOT stored"
    assert open_window.session.execute(EditDetails("title", "Day two")) is None
    assert open_window.stored_label.text().startswith("All changes stored")



def test_the_command_line_will_not_replace_a_workshop_another_instance_edits(
        other_instance, workshop_file, demo_json_path):
    before = workshop_file.read_bytes()
    result = subprocess.run([sys.executable, "-m", "desktop_app", str(demo_json_path),
                             "--export", str(workshop_file)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "is open in Sourcing Workshop" in result.stderr
    assert workshop_file.read_bytes() == before


def test_a_symlink_and_its_file_share_one_lock(window, workshop_file, tmp_path):
    link = tmp_path / "shortcut.workshop"
    link.symlink_to(workshop_file)
    assert window.open_path(link)
    assert lock_path(link) == lock_path(workshop_file)
    with pytest.raises(AlreadyOpen) as raised:
        WorkshopLock(workshop_file).acquire()
    assert raised.value.holder.is_this_process


@pytest.mark.parametrize("content", ["", "garbage\n"], ids=["empty", "garbled"])
def test_an_unreadable_lock_file_can_be_taken_over(window, workshop_file, content):
    """A power cut while the lock file was written, or a sync tool's copy of it."""
    lock_path(workshop_file).write_text(content, encoding="utf-8")
    seen: list[str] = []
    answer_with("Take Over", seen)
    assert window.open_path(workshop_file)
    assert "does not say which" in seen[0]
    assert not window.session.read_only and window.session.lock.held


def test_a_read_only_window_holds_no_lock(window, workshop_file):
    assert window.open_path(workshop_file, read_only=True)
    assert window.session.lock is None
    assert not lock_path(workshop_file).exists()
    WorkshopLock(workshop_file).acquire()  # another instance may edit it meanwhile


def test_replacing_the_open_file_names_this_window(window, workshop_file):
    from desktop_app.storage.errors import WriteFailed

    assert window.open_path(workshop_file)
    snapshot = window.documents.snapshots.latest_for(workshop_file)
    with pytest.raises(WriteFailed, match="this window"):
        window.documents.restore_snapshot(snapshot, workshop_file)
