"""Help > Keyboard Shortcuts: every menu shortcut (read from the menus
themselves, so the list cannot go stale) and the keys of the tables."""

from __future__ import annotations

import re
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMenu, QMenuBar, QTextBrowser, QVBoxLayout

TABLE_KEYS = [
    ("Insert or Enter", "Add a row after the current one (Enter first stores a cell being edited)"),
    ("Delete", "Remove the selected row (undo brings it back)"),
    ("Alt+Up / Alt+Down", "Move the selected row"),
    ("F2 or start typing", "Edit the current cell"),
    ("Tab / Shift+Tab", "Next / previous cell or field"),
    ("Escape", "Cancel the edit of a cell"),
    ("Ctrl+Enter", "Store a capture from its dialog"),
]


# Keys of special keyboards (an Undo or Redo key) that Qt adds to the standard
# shortcuts: they work, but listing them read "Ctrl+Shift+Z, Redo, Ctrl+Y".
DEVICE_KEYS = frozenset({Qt.Key.Key_Undo, Qt.Key.Key_Redo})


def plain(text: str) -> str:
    """A menu text as shown: shortcut marks removed, a typed "&&" back to "&"."""
    return re.sub(r"&(&?)", r"\1", text)


def menu_shortcuts(bar: QMenuBar) -> list[tuple[str, str, str]]:
    """(menu, command, keys) for every action that has a shortcut."""
    found: list[tuple[str, str, str]] = []

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), f"{path} › {plain(action.text())}")
            elif isinstance(action, QAction) and action.shortcuts():
                keys = ", ".join(
                    s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()
                    if s.count() and s[0].key() not in DEVICE_KEYS)
                text = plain(action.text()).split("\t")[0]
                found.append((path, text, keys))

    for top in bar.actions():
        if top.menu() is not None:
            walk(top.menu(), plain(top.text()))
    return found


class ShortcutsDialog(QDialog):
    def __init__(self, bar: QMenuBar, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.setObjectName("shortcutsDialog")
        self.browser = QTextBrowser(self)
        self.browser.setAccessibleName("Keyboard shortcuts")
        rows = "".join(
            f"<tr><td>{escape(menu)}</td><td>{escape(command)}</td><td><b>{escape(keys)}</b>"
            "</td></tr>"
            for menu, command, keys in menu_shortcuts(bar)
        )
        table_rows = "".join(
            f"<tr><td><b>{escape(keys)}</b></td><td>{escape(what)}</td></tr>"
            for keys, what in TABLE_KEYS
        )
        self.browser.setHtml(
            "<h3>Menu commands</h3>"
            f"<table cellpadding='4'><tr><th align='left'>Menu</th><th align='left'>Command"
            f"</th><th align='left'>Keys</th></tr>{rows}</table>"
            "<h3>In tables and forms</h3>"
            f"<table cellpadding='4'>{table_rows}</table>"
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(640, 620)
