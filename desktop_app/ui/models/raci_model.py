"""The RACI matrix of the retained organisation: functions down, people across.

Read-only: the roles are edited in their table; this shows who is what for
each function at a glance, and marks an outsourced or hybrid function that
nobody in-house is accountable for (the article's "out of sight, out of mind").
Rows: every outsourced or hybrid function first, then any other function that
has roles. Columns: every person named on a role, alphabetically.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from desktop_app.domain.commands import Change
from desktop_app.domain.model import Function, Raci, Role
from desktop_app.ui.icons import icon
from desktop_app.ui.labels import enum_label
from desktop_app.ui.session import Session
from desktop_app.ui.theme import colours

Index = QModelIndex | QPersistentModelIndex
NO_OWNER = "No one in-house is accountable"
RACI_ORDER = list(Raci)


def _dark() -> bool:
    app = QApplication.instance()
    return bool(app.property("dark_theme")) if app is not None else False


class RaciMatrixModel(QAbstractTableModel):
    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._functions: list[Function] = []
        self._people: list[str] = []
        self._cells: dict[tuple[str, str], list[Role]] = {}
        self._owned: set[str] = set()
        self._build()
        session.changed.connect(self._on_changed)

    # -- building ---------------------------------------------------------------------

    def _build(self) -> None:
        ws = self.session.workshop
        with_roles = {r.function for r in ws.roles}
        sourced = [f for f in ws.functions if f.is_outsourced]
        others = [f for f in ws.functions if not f.is_outsourced and f.id in with_roles]
        self._functions = sourced + others
        people = {r.person.strip() for r in ws.roles if r.person.strip()}
        self._people = sorted(people, key=str.casefold)
        cells: dict[tuple[str, str], list[Role]] = defaultdict(list)
        for role in ws.roles:
            if role.person.strip():
                cells[(role.function, role.person.strip())].append(role)
        self._cells = dict(cells)
        self._owned = {r.function for r in ws.roles
                       if r.raci == Raci.ACCOUNTABLE and r.person.strip()}

    def _on_changed(self, change: Change) -> None:
        if change.touches("roles", "functions"):
            self.beginResetModel()
            self._build()
            self.endResetModel()

    # -- reading ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._functions)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._people)

    def function_at(self, row: int) -> Function:
        return self._functions[row]

    def person_at(self, column: int) -> str:
        return self._people[column]

    def roles_at(self, row: int, column: int) -> list[Role]:
        """The roles a person holds for a function (several possible)."""
        if not (0 <= row < len(self._functions) and 0 <= column < len(self._people)):
            return []
        return list(self._cells.get((self._functions[row].id, self._people[column]), []))

    def letters(self, row: int, column: int) -> str:
        held = {role.raci for role in self.roles_at(row, column)}
        return "/".join(letter.value for letter in RACI_ORDER if letter in held)

    def missing_accountable(self, row: int) -> bool:
        function = self._functions[row]
        return function.is_outsourced and function.id not in self._owned

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (
            0 <= index.row() < len(self._functions) and 0 <= index.column() < len(self._people)
        ):
            return None
        row, column = index.row(), index.column()
        flagged = self.missing_accountable(row)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.letters(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            roles = self.roles_at(row, column)
            lines = [f"{self._people[column]} — {self._functions[row].label}"]
            lines += [f"• {r.role} ({enum_label(r.raci)})" for r in roles]
            if not roles:
                lines.append("No role")
            if flagged:
                lines.append(f"⚠ {NO_OWNER}")
            return "\n".join(lines)
        if role == Qt.ItemDataRole.BackgroundRole and flagged:
            tint = QColor(colours(_dark())["danger"])
            tint.setAlpha(40)
            return tint
        if role == Qt.ItemDataRole.ForegroundRole and flagged:
            return QColor(colours(_dark())["danger"])
        if role == Qt.ItemDataRole.AccessibleTextRole:
            letters = self.letters(row, column) or "no role"
            return f"{self._people[column]}, {self._functions[row].label}: {letters}"
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self._people):
                return None
            if role == Qt.ItemDataRole.DisplayRole:  # first name over the rest: narrow columns
                return self._people[section].replace(" ", "\n", 1)
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._people[section]
            return None
        if not 0 <= section < len(self._functions):
            return None
        function = self._functions[section]
        flagged = self.missing_accountable(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return function.label
        if role == Qt.ItemDataRole.ToolTipRole:
            text = f"{function.label}: {enum_label(function.sourcing).lower()}"
            return f"{text}\n⚠ {NO_OWNER}" if flagged else text
        if role == Qt.ItemDataRole.DecorationRole and flagged:
            return icon("mdi6.alert", colours(_dark())["danger"])
        if role == Qt.ItemDataRole.ForegroundRole and flagged:
            return QColor(colours(_dark())["danger"])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
