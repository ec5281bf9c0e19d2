"""File choosers that add the extension before they check for an existing
file, so "plan" over an existing "plan.workshop" asks before replacing it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget


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
