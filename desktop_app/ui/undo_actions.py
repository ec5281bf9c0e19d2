"""Edit > Undo and Redo for whichever workshop is open.

They go through `Session.undo`/`redo`, so a step that cannot be stored (a
locked or vanished file) leaves the history untouched instead of moving past
it. Their text names the change ("Undo Change function name").
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit

from desktop_app.ui.icons import set_themed_icon
from desktop_app.ui.labels import as_typed
from desktop_app.ui.session import Session


class UndoActions(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.session: Session | None = None
        self.undo = QAction("&Undo", parent)
        self.undo.setShortcut(QKeySequence.StandardKey.Undo)
        set_themed_icon(self.undo, "undo")
        self.redo = QAction("&Redo", parent)
        redo_keys: list[QKeySequence] = []
        for keys in (*QKeySequence.keyBindings(QKeySequence.StandardKey.Redo),
                     QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")):
            if keys not in redo_keys:
                redo_keys.append(keys)
        self.redo.setShortcuts(redo_keys)
        set_themed_icon(self.redo, "redo")
        # A text field takes Ctrl+Z for itself even with nothing of its own to undo
        # (its text was just stored): then the workshop's undo gets the key.
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.undo.triggered.connect(lambda: self.session and self.session.undo())
        self.redo.triggered.connect(lambda: self.session and self.session.redo())
        self.set_session(None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        if event.matches(QKeySequence.StandardKey.Undo):
            own = _text_undo(watched, redo=False)
        elif any(QKeySequence(event.keyCombination()) == keys
                 for keys in self.redo.shortcuts()):
            own = _text_undo(watched, redo=True)
        else:
            return False
        if own is False:  # a text field with nothing to undo: let the window's action act
            event.ignore()
            return True
        return False

    def set_session(self, session: Session | None) -> None:
        if self.session is not None:
            self.session.history_changed.disconnect(self.refresh)
        self.session = session
        if session is not None:
            session.history_changed.connect(self.refresh)
        self.refresh()

    def refresh(self, *_args: object) -> None:
        history = self.session.history if self.session else None
        writable = self.session is not None and not self.session.read_only
        can_undo = history is not None and history.can_undo and writable
        can_redo = history is not None and history.can_redo and writable
        self.undo.setEnabled(can_undo)
        self.redo.setEnabled(can_redo)
        self.undo.setText(f"&Undo {as_typed(history.undo_label)}" if can_undo else "&Undo")
        self.redo.setText(f"&Redo {as_typed(history.redo_label)}" if can_redo else "&Redo")


def _text_undo(widget: QObject, redo: bool) -> bool | None:
    """Whether a text field has typing of its own to undo (or redo); None when
    `widget` is no text field."""
    if isinstance(widget, QLineEdit):
        if widget.isReadOnly():
            return False
        return widget.isRedoAvailable() if redo else widget.isUndoAvailable()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        if widget.isReadOnly():
            return False
        document = widget.document()
        return document.isRedoAvailable() if redo else document.isUndoAvailable()
    return None
