"""The questions the file commands ask: file choosers that add the extension
before they check for an existing file, so "plan" over an existing
"plan.workshop" asks before replacing it, and the message boxes about a file
that is open elsewhere, damaged, or a temporary copy about to be lost."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop_app.domain import printable
from desktop_app.storage.snapshots import Snapshot
from desktop_app.ui.file_lock import AlreadyOpen, ForeignLock
from desktop_app.ui.models.snapshot_model import snapshot_time


def safe_file_name(title: str, suffix: str) -> str:
    """A file name from a workshop title: no path separators, not too long."""
    cleaned = "".join(ch if ch not in '\\/:*?"<>|' and ch.isprintable() else " " for ch in title)
    cleaned = " ".join(cleaned.split())
    if len(cleaned) > 80:  # cut at a word: "… and applications", not "… and applicat"
        cut = cleaned[:81].rsplit(" ", 1)[0]
        cleaned = cut if 40 <= len(cut) <= 80 else cleaned[:80]
    return f"{cleaned.strip(' .') or 'Workshop'}{suffix}"


def ask_save_path(parent: QWidget, title: str, suggested: Path, name_filter: str,
                  suffix: str) -> Path | None:
    dialog = QFileDialog(parent, title, str(suggested.parent), name_filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setDefaultSuffix(suffix.lstrip("."))
    dialog.selectFile(suggested.name)
    if dialog.exec() and dialog.selectedFiles():
        return Path(dialog.selectedFiles()[0])
    return None


def ask_open_path(parent: QWidget, title: str, folder: Path, name_filter: str) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, title, str(folder), name_filter)
    return Path(name) if name else None


def ask_already_open(parent: QWidget, busy: AlreadyOpen) -> str | None:
    """Another instance has the file: 'read-only', 'take-over' or None (cancel).
    Taking over is offered only when the holder may be gone."""
    box = QMessageBox(QMessageBox.Icon.Information, "Workshop already open",
                      printable.message(str(busy)),
                      parent=parent)
    text = ("You can open it read-only here: read it, present it and export it, "
            "while the other window keeps editing.")
    holder = busy.holder
    may_take_over = holder is None or holder.may_be_taken_over
    if isinstance(busy, ForeignLock):
        box.setWindowTitle("Workshop locked by something else")
        text = ("You can open it read-only: read it, present it and export it. Take Over "
                "removes that lock file (only it: the workshop and anything it "
                 "points to stay as they are) and opens the workshop for editing.")
    elif may_take_over:
        where = repr(holder.host) if holder is not None and holder.known else "that computer"
        text += (f" Take it over only if {where} is switched off or the app "
                 "crashed there: if it still runs, both would write to the file.")
    box.setInformativeText(text)
    read_only = box.addButton("Open &Read-Only", QMessageBox.ButtonRole.AcceptRole)
    take_over = None
    if may_take_over:
        take_over = box.addButton("&Take Over", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(read_only)
    box.exec()
    clicked = box.clickedButton()
    if clicked is read_only:
        return "read-only"
    if take_over is not None and clicked is take_over:
        return "take-over"
    return None


def ask_keep_changes(parent: QWidget, origin: str) -> bool | None:
    """A changed temporary copy is about to close: True to keep it as a file,
    False to discard it, None if the user cancelled (or closed the box)."""
    answer = QMessageBox.question(
        parent, "Keep this workshop?",
        f"This temporary copy of {origin} has changes that will be lost "
        "when it closes. Keep it as a workshop file?",
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Save,
    )
    if answer == QMessageBox.StandardButton.Save:
        return True
    if answer == QMessageBox.StandardButton.Discard:
        return False
    return None


def ask_restore_latest(parent: QWidget, message: str, latest: Snapshot) -> bool:
    """A file that could not be opened has a snapshot: restore it into a new file?"""
    answer = QMessageBox.question(
        parent, "The workshop is damaged",
        f"{message}\n\nA snapshot of it was kept {snapshot_time(latest)}. Restore that "
        "snapshot into a new file? The damaged file stays as it is.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    return answer == QMessageBox.StandardButton.Yes
