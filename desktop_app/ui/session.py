"""The open workshop as the UI sees it: the document plus its undo history.

Widgets never change the workshop themselves: they hand a domain command to
`Session.execute`, which stores it (one transaction), records it on the
`QUndoStack` and announces what changed. Undo and redo go the same way.
"""

from __future__ import annotations

import contextlib
from collections.abc import Hashable, Iterator
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from desktop_app.domain.commands import Batch, Change, Command
from desktop_app.domain.model import Workshop
from desktop_app.domain.validation import ValidationError
from desktop_app.storage.document import WorkshopDocument
from desktop_app.storage.errors import DocumentError
from desktop_app.ui.file_lock import WorkshopLock


class _UndoEntry(QUndoCommand):
    """A domain command on the Qt undo stack.

    `Session.undo`/`redo` store the step first and only then move the stack,
    with `done` set so the entry does not repeat the work: a step that could
    not be stored leaves the history where it was.
    """

    def __init__(self, command: Command, merge_key: Hashable | None = None) -> None:
        super().__init__(command.description)
        self.command = command
        self.merge_key = merge_key  # later commands with the same key join this step
        self.done = True  # pushed after it was applied and stored

    def absorb(self, command: Command) -> None:
        """Make `command` (already applied and stored) part of this step."""
        earlier = self.command.commands if isinstance(self.command, Batch) else [self.command]
        self.command = Batch(self.command.description, [*earlier, command])

    def redo(self) -> None:
        if not self.done:
            raise RuntimeError("redo must go through Session.redo")
        self.done = False

    def undo(self) -> None:
        if not self.done:
            raise RuntimeError("undo must go through Session.undo")
        self.done = False


class Session(QObject):
    changed = Signal(object)  # Change
    failed = Signal(str)  # a message for the user: a store failed, nothing changed
    problem = Signal(str)  # a passing note for the status bar (e.g. no snapshot kept)

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
        self.undo_stack = QUndoStack(self)
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
        return self.undo_stack.count() > 0

    def execute(self, command: Command) -> str | None:
        """Apply and store `command`. Returns None, or why it was refused."""
        try:
            change = self.document.apply(command)
        except ValidationError as error:
            return str(error)
        except DocumentError as error:
            self.store_failed = True
            self.failed.emit(str(error))
            return str(error)
        self.store_failed = False
        top = self._top_entry()
        if top is not None and self._merge_key is not None and top.merge_key == self._merge_key:
            top.absorb(command)
        else:
            self.undo_stack.push(_UndoEntry(command, self._merge_key))
        self.changed.emit(change)
        return None

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
        top = self._top_entry()
        return top is not None and top.merge_key == key and self.undo()

    def _top_entry(self) -> _UndoEntry | None:
        index = self.undo_stack.index()
        if index == 0 or index != self.undo_stack.count():
            return None
        entry = self.undo_stack.command(index - 1)
        return entry if isinstance(entry, _UndoEntry) else None

    def undo(self) -> bool:
        """Undo the last step if it can be stored; the history moves only then."""
        index = self.undo_stack.index()
        if index == 0:
            return False
        entry = self.undo_stack.command(index - 1)
        assert isinstance(entry, _UndoEntry)
        return self._step(entry, lambda: self.document.revert(entry.command),
                          self.undo_stack.undo)

    def redo(self) -> bool:
        index = self.undo_stack.index()
        if index >= self.undo_stack.count():
            return False
        entry = self.undo_stack.command(index)
        assert isinstance(entry, _UndoEntry)
        return self._step(entry, lambda: self.document.apply(entry.command),
                          self.undo_stack.redo)

    def _step(self, entry: _UndoEntry, store, move) -> bool:
        try:
            change: Change = store()
        except (DocumentError, ValidationError) as error:
            self.failed.emit(str(error))
            return False
        entry.done = True
        move()
        self.changed.emit(change)
        return True

    def close(self) -> None:
        self.undo_stack.clear()
        self.document.close()
        if self.lock is not None:
            self.lock.release()
