"""The workshop's objectives (a list of text) as an editable list model."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from desktop_app.domain.commands import DETAILS, Change, EditDetails
from desktop_app.domain.model import first_line
from desktop_app.domain.validation import ValidationError
from desktop_app.ui.session import Session

Index = QModelIndex | QPersistentModelIndex


class ObjectivesModel(QAbstractListModel):
    validation_failed = Signal(str)

    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self._objectives = list(session.workshop.details.objectives)
        session.changed.connect(self._on_changed)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._objectives)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._objectives)):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._objectives[index.row()]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self.session.read_only:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if not isinstance(value, str) or not value.strip():
            self.validation_failed.emit("An objective cannot be empty; remove it instead.")
            return False
        objectives = list(self._objectives)
        if objectives[index.row()] == value:
            return True
        objectives[index.row()] = value
        return self._store(objectives, f"Change objective “{first_line(value)}”")

    def _store(self, objectives: list[str], description: str) -> bool:
        try:
            command = EditDetails("objectives", objectives)
        except ValidationError as error:
            self.validation_failed.emit(str(error))
            return False
        command.description = description
        problem = self.session.execute(command)
        if problem:
            self.validation_failed.emit(problem)
        return problem is None

    def add(self, text: str, row: int | None = None) -> bool:
        objectives = list(self._objectives)
        objectives.insert(len(objectives) if row is None else row, text)
        return self._store(objectives, f"Add objective “{first_line(text)}”")

    def remove(self, row: int) -> bool:
        objectives = list(self._objectives)
        removed = objectives.pop(row)
        return self._store(objectives, f"Remove objective “{first_line(removed)}”")

    def move(self, row: int, target: int) -> bool:
        objectives = list(self._objectives)
        moved = objectives.pop(row)
        objectives.insert(target, moved)
        return self._store(objectives, f"Move objective “{first_line(moved)}”")

    def _on_changed(self, change: Change) -> None:
        if change.touches(DETAILS):
            new = list(self.session.workshop.details.objectives)
            if new == self._objectives:
                return
            if len(new) == len(self._objectives):  # an edit or a move: keep the selection
                self._objectives = new
                self.dataChanged.emit(self.index(0), self.index(len(new) - 1))
                return
            self.beginResetModel()
            self._objectives = new
            self.endResetModel()
