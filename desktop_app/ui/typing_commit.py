"""Text is stored while it is typed, not only when the field is left.

A facilitator may type for minutes into one field; a crash or a pulled plug
must not take that text with it. `TypingCommitter` stores a field's text a
moment after the last keystroke and again, at once, when focus leaves it.
All stores of one visit to a field are one step in the undo history.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import count

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from desktop_app.ui.session import Session

TYPING_IDLE_MS = 600  # after the last keystroke; stored well within a second
_visits = count(1)  # one token per visit to a field: its stores are one undo step


class TypingCommitter(QObject):
    """Calls `commit(text, final)` when typing pauses and when the field is left.

    `final` is False for a store made while the user is still in the field:
    the callback should then stay quiet about text that is not valid yet.
    A table's cell editor passes `store_on_leave=False`: its view stores the
    text when the editor closes (and Escape must not store it).
    """

    def __init__(self, editor: QLineEdit | QPlainTextEdit, session: Session,
                 commit: Callable[[str, bool], None], store_on_leave: bool = True) -> None:
        super().__init__(editor)
        self.editor, self.session, self.commit = editor, session, commit
        self.visit: int | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(TYPING_IDLE_MS)
        self.timer.timeout.connect(lambda: self._store(final=False))
        if isinstance(editor, QLineEdit):
            editor.textEdited.connect(self._typed)
            if store_on_leave:
                editor.editingFinished.connect(self.flush)
        else:
            # Also fires when the view shows a stored value: storing it again is a no-op.
            editor.textChanged.connect(self._typed)

    @property
    def merge_key(self) -> tuple[str, int] | None:
        """The undo-merge key of this visit's stores (None before any typing)."""
        return ("typing", self.visit) if self.visit is not None else None

    def _typed(self, *_args) -> None:
        if self.visit is None:
            self.visit = next(_visits)
        self.timer.start()

    def _text(self) -> str:
        editor = self.editor
        return editor.text() if isinstance(editor, QLineEdit) else editor.toPlainText()

    def _store(self, final: bool) -> None:
        if self.session.read_only:
            return
        with self.session.merging(self.merge_key):
            self.commit(self._text(), final)

    def flush(self) -> None:
        """Store now (focus left the field, Enter was pressed, the app closes)."""
        self.timer.stop()
        self._store(final=True)
        self.visit = None
