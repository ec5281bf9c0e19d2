"""The undo history of an open workshop, in plain Python.

Every edit is a domain command. `History.execute` applies it through a store
function (the document writes it in one transaction), records it, and returns
an `Outcome`: the change to show, or the problem to tell the user. Undo and
redo store the step first and move through the history only when that worked,
so a step that could not be stored (a locked or vanished file) is not skipped.

Commands executed under the same merge key join the last step (one visit to a
text field is one undo step however often it was stored while typing). The Qt
session (ui/session.py) only adapts this to signals, so undo works and is
tested without a display.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass

from desktop_app.domain.commands import Batch, Change, Command
from desktop_app.domain.validation import ValidationError

Store = Callable[[Command], Change]  # applies (or reverts) and stores; raises on failure


@dataclass(frozen=True)
class Outcome:
    """What an edit did: `change` when it was applied and stored, else `problem`.

    `store_failed` tells a refused value (the user can fix it) from a file that
    could not be written (the user cannot; fields keep what was typed)."""

    change: Change | None = None
    problem: str | None = None
    store_failed: bool = False

    @property
    def done(self) -> bool:
        return self.change is not None


@dataclass
class Step:
    """One undoable step: a command (a Batch once later commands joined it)."""

    command: Command
    merge_key: Hashable | None = None

    @property
    def label(self) -> str:
        return self.command.description

    def absorb(self, command: Command) -> None:
        earlier = self.command.commands if isinstance(self.command, Batch) else [self.command]
        self.command = Batch(self.command.description, [*earlier, command])


class History:
    """Steps done (before `index`) and undone (from `index`), as in any editor."""

    def __init__(self, apply: Store, revert: Store,
                 store_errors: tuple[type[Exception], ...] = ()) -> None:
        self._apply = apply
        self._revert = revert
        self._store_errors = store_errors  # what the store raises when it cannot write
        self.steps: list[Step] = []
        self.index = 0

    # -- what the menus show ---------------------------------------------------------------

    @property
    def can_undo(self) -> bool:
        return self.index > 0

    @property
    def can_redo(self) -> bool:
        return self.index < len(self.steps)

    @property
    def undo_label(self) -> str:
        return self.steps[self.index - 1].label if self.can_undo else ""

    @property
    def redo_label(self) -> str:
        return self.steps[self.index].label if self.can_redo else ""

    @property
    def modified(self) -> bool:
        """Whether anything was edited since opening (undone steps count too)."""
        return bool(self.steps)

    def __len__(self) -> int:
        return len(self.steps)

    # -- editing ---------------------------------------------------------------------------

    def execute(self, command: Command, merge_key: Hashable | None = None) -> Outcome:
        """Apply and store `command`; on success it is the newest step (or joins the
        newest, if that has the same `merge_key`) and undone steps are dropped."""
        outcome = self._store(self._apply, command)
        if not outcome.done:
            return outcome
        top = self.steps[self.index - 1] if self.can_undo and not self.can_redo else None
        if top is not None and merge_key is not None and top.merge_key == merge_key:
            top.absorb(command)
        else:
            del self.steps[self.index:]
            self.steps.append(Step(command, merge_key))
            self.index = len(self.steps)
        return outcome

    def undo(self) -> Outcome | None:
        """Undo the newest step if it can be stored; None when there is none."""
        if not self.can_undo:
            return None
        outcome = self._store(self._revert, self.steps[self.index - 1].command)
        if outcome.done:
            self.index -= 1
        return outcome

    def redo(self) -> Outcome | None:
        if not self.can_redo:
            return None
        outcome = self._store(self._apply, self.steps[self.index].command)
        if outcome.done:
            self.index += 1
        return outcome

    def undo_if_last(self, merge_key: Hashable) -> Outcome | None:
        """Undo the newest step if it was made under `merge_key` (an edit cancelled
        with Escape takes back what was stored while typing)."""
        if not self.can_undo or self.can_redo or self.steps[self.index - 1].merge_key != merge_key:
            return None
        return self.undo()

    def clear(self) -> None:
        self.steps.clear()
        self.index = 0

    def _store(self, store: Store, command: Command) -> Outcome:
        try:
            return Outcome(change=store(command))
        except ValidationError as error:
            return Outcome(problem=str(error))
        except self._store_errors as error:
            return Outcome(problem=str(error), store_failed=True)
