"""Models over one transition wave: the functions it moves and its readiness gates.

A wave's functions and gates are tuples inside the wave, so every change here
replaces the whole tuple with one `EditField` on the wave: one undo step, and
the wave stays the single place that holds them.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from desktop_app.domain.commands import Change, EditField
from desktop_app.domain.model import Function, Gate, GateStatus, Sourcing, Wave
from desktop_app.domain.validation import ValidationError
from desktop_app.ui.labels import choices, enum_label
from desktop_app.ui.models.section_model import Column
from desktop_app.ui.session import Session
from desktop_app.ui.theme import colours

Index = QModelIndex | QPersistentModelIndex


def _dark() -> bool:
    app = QApplication.instance()
    return bool(app.property("dark_theme")) if app is not None else False


class _WaveModelMixin:
    """Which wave a model shows, and storing an edit of it."""

    session: Session
    wave_id: str | None
    validation_failed: Any

    def wave(self) -> Wave | None:
        if self.wave_id is None:
            return None
        found = self.session.workshop.find("waves", self.wave_id)
        return found if isinstance(found, Wave) else None

    def _store(self, field_name: str, value: Any) -> bool:
        wave = self.wave()
        if wave is None or self.session.read_only:
            return False
        try:
            command = EditField("waves", wave.id, field_name, value)
        except ValidationError as error:
            self.validation_failed.emit(str(error))
            return False
        problem = self.session.execute(command)
        if problem:
            self.validation_failed.emit(problem)
            return False
        return True


class WaveFunctionsModel(_WaveModelMixin, QAbstractListModel):
    """Every function of the workshop, checked if the selected wave moves it."""

    validation_failed = Signal(str)

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.wave_id: str | None = None
        self._functions: list[Function] = list(session.workshop.functions)
        session.changed.connect(self._on_changed)

    def set_wave(self, wave_id: str | None) -> None:
        if wave_id == self.wave_id:
            return
        self.wave_id = wave_id
        self._refresh_all()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._functions)

    def function_at(self, row: int) -> Function:
        return self._functions[row]

    def _other_waves(self, function_id: str) -> list[str]:
        return [w.label for w in self.session.workshop.waves
                if w.id != self.wave_id and function_id in w.functions]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._functions)):
            return None
        function = self._functions[index.row()]
        wave = self.wave()
        moved = wave is not None and function.id in wave.functions
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{function.label}  ({enum_label(function.sourcing).lower()})"
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if moved else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole and function.sourcing == Sourcing.RETAIN:
            return QColor(colours(_dark())["muted"])
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"{function.label}: {enum_label(function.sourcing).lower()}"]
            others = self._other_waves(function.id)
            if others:
                lines.append("Also moved by " + ", ".join(f"“{name}”" for name in others))
            if function.sourcing == Sourcing.RETAIN:
                lines.append("Retained in-house: it normally moves in no wave.")
            return "\n".join(lines)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{function.label}, {'moved' if moved else 'not moved'} by this wave"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.wave() is None:
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self.session.read_only:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (not index.isValid() or role != Qt.ItemDataRole.CheckStateRole
                or not self.flags(index) & Qt.ItemFlag.ItemIsUserCheckable):
            return False
        return self.set_moved(self._functions[index.row()].id,
                              Qt.CheckState(value) == Qt.CheckState.Checked)

    def set_moved(self, function_id: str, moved: bool) -> bool:
        """Add the function to the wave (in inventory order) or take it out."""
        wave = self.wave()
        if wave is None:
            return False
        current = list(wave.functions)
        if moved == (function_id in current):
            return True
        if moved:
            order = {f.id: i for i, f in enumerate(self.session.workshop.functions)}
            rank = order.get(function_id, len(order))
            at = next((i for i, other in enumerate(current)
                       if order.get(other, len(order)) > rank), len(current))
            current.insert(at, function_id)
        else:
            current.remove(function_id)
        return self._store("functions", tuple(current))

    def _refresh_all(self) -> None:
        if self._functions:
            self.dataChanged.emit(self.index(0), self.index(len(self._functions) - 1))

    def _on_changed(self, change: Change) -> None:
        if not change.touches("functions", "waves"):
            return
        if self.wave_id is not None and self.wave() is None:
            self.wave_id = None
        functions = list(self.session.workshop.functions)
        if [f.id for f in functions] != [f.id for f in self._functions]:
            self.beginResetModel()
            self._functions = functions
            self.endResetModel()
            return
        self._functions = functions
        self._refresh_all()


GATE_COLUMNS = [
    Column("name", "Gate", tooltip="What must be true before the wave may go"),
    Column("status", "Status", "enum", choices(GateStatus), tooltip="Open, met or waived"),
]


class GatesModel(_WaveModelMixin, QAbstractTableModel):
    """The readiness gates of the selected wave: name and status."""

    validation_failed = Signal(str)

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.wave_id: str | None = None
        self.columns = GATE_COLUMNS
        self._gates: tuple[Gate, ...] = ()
        session.changed.connect(self._on_changed)

    def set_wave(self, wave_id: str | None) -> None:
        if wave_id == self.wave_id:
            return
        self.beginResetModel()
        self.wave_id = wave_id
        wave = self.wave()
        self._gates = wave.gates if wave is not None else ()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._gates)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def gate_at(self, row: int) -> Gate:
        return self._gates[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._gates)):
            return None
        gate = self._gates[index.row()]
        field_name = self.columns[index.column()].field
        if role == Qt.ItemDataRole.DisplayRole:
            return gate.name if field_name == "name" else enum_label(gate.status)
        if role == Qt.ItemDataRole.EditRole:
            return gate.name if field_name == "name" else gate.status.value
        if (role == Qt.ItemDataRole.ForegroundRole and field_name == "status"
                and gate.status == GateStatus.OPEN):
            return QColor(colours(_dark())["warning"])
        if role == Qt.ItemDataRole.ToolTipRole:
            return gate.name if field_name == "name" and len(gate.name) > 40 else (
                self.columns[index.column()].tooltip or None)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{self.columns[index.column()].title}: " + (
                gate.name if field_name == "name" else enum_label(gate.status))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.columns[section].title
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.columns[section].tooltip or None
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self.session.read_only:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (not index.isValid() or role != Qt.ItemDataRole.EditRole
                or not self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        gate = self._gates[index.row()]
        field_name = self.columns[index.column()].field
        if field_name == "name":
            if not isinstance(value, str) or not value.strip():
                self.validation_failed.emit("A gate needs a name (what must be true to go).")
                return False
            if value == gate.name:
                return True
            changed = dataclasses.replace(gate, name=value)
        else:
            try:
                status = GateStatus(value)
            except ValueError:
                allowed = ", ".join(s.value for s in GateStatus)
                self.validation_failed.emit(f"Gate status must be one of: {allowed}.")
                return False
            if status == gate.status:
                return True
            changed = dataclasses.replace(gate, status=status)
        gates = list(self._gates)
        gates[index.row()] = changed
        return self._store("gates", tuple(gates))

    def add_gate(self, row: int | None = None, name: str = "New gate") -> int:
        """Insert a gate at `row` (default: the end); returns its row, or -1."""
        at = len(self._gates) if row is None else max(0, min(row, len(self._gates)))
        gates = list(self._gates)
        gates.insert(at, Gate(name))
        return at if self._store("gates", tuple(gates)) else -1

    def remove_gate(self, row: int) -> bool:
        if not (0 <= row < len(self._gates)):
            return False
        gates = list(self._gates)
        del gates[row]
        return self._store("gates", tuple(gates))

    def _on_changed(self, change: Change) -> None:
        if not change.touches("waves"):
            return
        wave = self.wave()
        if wave is None:
            if self.wave_id is not None:
                self.set_wave(None)
            return
        if len(wave.gates) != len(self._gates):
            self.beginResetModel()
            self._gates = wave.gates
            self.endResetModel()
        elif wave.gates != self._gates:
            self._gates = wave.gates
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._gates) - 1, len(self.columns) - 1))
