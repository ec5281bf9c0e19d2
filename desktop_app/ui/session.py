"""The open workshop as the UI sees it: the document plus its undo history.

Widgets never change the workshop themselves: they hand a domain command to
`Session.execute`, which stores it (one transaction) and records it in the
pure-Python `History` (domain/history.py); this adapter only turns outcomes into
Qt signals. (The project guide suggests QUndoStack; the history lives in the
domain instead so undo is tested and usable without Qt, and a step that cannot
be stored never moves it.)
"""

from __future__ import annotations

import contextlib
from collections.abc import Hashable, Iterator
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop_app.domain.commands import Command
from desktop_app.domain.history import History, Outcome
from desktop_app.domain.model import Workshop
from desktop_app.storage.document import WorkshopDocument
from desktop_app.storage.errors import DocumentError
from desktop_app.ui.file_lock import WorkshopLock


class Session(QObject):
    changed = Signal(object)  # Change
    failed = Signal(str)  # a message for the user: a store failed, nothing changed
    problem = Signal(str)  # a passing note for the status bar (e.g. no snapshot kept)
    history_changed = Signal()  # the undo history moved or grew (menus re-read it)
    note = Signal(str)  # what an edit did, for the status bar ("150,000 -> 4 EUR")

    def __init__(
        self, document: WorkshopDocument, temporary: bool = False, origin: str = "",
        lock: WorkshopLock | None = None, read_only_reason: str = "",
    ) -> None:
        super().__init__()
        self.document = document
        self.temporary = temporary  # a demo or import copy the user has not kept yet
        self.origin = origin  # what a temporary copy came from ("the demo", "x.json")
        self.lock = lock  # held while the file is open for editing
        self.read_only_reason = read_only_reason  # why it is read-only, for the banner
        self.snapshots = None  # the SnapshotSchedule, when the file is editable
        self.history = History(document.apply, document.revert, store_errors=(DocumentError,))
        self._merge_key: Hashable | None = None
        # True while the last change could not be stored (disk full, file locked...):
        # fields then keep what was typed instead of showing the stored value again.
        self.store_failed = False

    @property
    def workshop(self) -> Workshop:
        return self.document.workshop

    @property
    def path(self) -> Path:
        return self.document.path

    @property
    def read_only(self) -> bool:
        return self.document.read_only

    @property
    def modified(self) -> bool:
        """True once anything was edited since opening (for temporary copies)."""
        return self.history.modified

    def execute(self, command: Command) -> str | None:
        """Apply and store `command`. Returns None, or why it was refused."""
        outcome = self.history.execute(command, self._merge_key)
        if outcome.store_failed:
            self.store_failed = True
            self.failed.emit(outcome.problem)
            return outcome.problem
        if not outcome.done:
            return outcome.problem
        self.store_failed = False
        self._announce(outcome)
        return None

    @property
    def merge_key(self) -> Hashable | None:
        """The undo step edits now join (one visit to a field), if any."""
        return self._merge_key

    @contextlib.contextmanager
    def merging(self, key: Hashable) -> Iterator[None]:
        """Commands executed inside join the last undo step if it has the same key.

        Text stored while it is typed uses this, so one visit to a field is
        one undo step however often it was stored.
        """
        previous, self._merge_key = self._merge_key, key
        try:
            yield
        finally:
            self._merge_key = previous

    def undo_if_last(self, key: Hashable) -> bool:
        """Undo the last step if it was made under `key` (an edit being cancelled)."""
        return self._step(self.history.undo_if_last(key))

    def record(self, command: Command) -> bool:
        """Store bookkeeping (the stage timer's state) in one transaction, outside
        the undo history: a stage switch is not an edit to undo. Quietly nothing
        when the file cannot take it (read-only, locked): the timer runs on."""
        try:
            self.document.apply(command)
        except (DocumentError, ValueError):
            return False
        return True

    def undo(self) -> bool:
        """Undo the last step if it can be stored; the history moves only then."""
        return self._step(self.history.undo())

    def redo(self) -> bool:
        return self._step(self.history.redo())

    def _step(self, outcome: Outcome | None) -> bool:
        if outcome is None:
            return False
        if not outcome.done:
            self.failed.emit(outcome.problem)
            return False
        self._announce(outcome)
        return True

    def _announce(self, outcome: Outcome) -> None:
        self.history_changed.emit()
        self.changed.emit(outcome.change)

    def close(self) -> None:
        self.history.clear()
        self.document.close()
        if self.lock is not None:
            self.lock.release()
