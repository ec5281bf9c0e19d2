"""The stage navigator's model: the eight stages, with icon and planned time."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from desktop_app.domain import derived
from desktop_app.domain.commands import Change
from desktop_app.domain.stages import STAGES, StageInfo
from desktop_app.ui.icons import stage_icon
from desktop_app.ui.labels import minutes_label
from desktop_app.ui.session import Session

Index = QModelIndex | QPersistentModelIndex
StageRole = Qt.ItemDataRole.UserRole + 1


class StageListModel(QAbstractListModel):
    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self._minutes = derived.planned_minutes(session.workshop)
        self._findings: dict[str, int] = {}
        session.changed.connect(self._on_changed)

    def set_finding_counts(self, counts: dict[str, int]) -> None:
        """Findings per stage value, shown beside each stage."""
        if counts != self._findings:
            self._findings = dict(counts)
            self.dataChanged.emit(self.index(0), self.index(len(STAGES) - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(STAGES)

    def info(self, row: int) -> StageInfo:
        return STAGES[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(STAGES)):
            return None
        info = STAGES[index.row()]
        minutes = self._minutes.get(info.stage.value, 0)
        findings = self._findings.get(info.stage.value, 0)
        if role == Qt.ItemDataRole.DisplayRole:
            second = [minutes_label(minutes)] if minutes else []
            if findings:
                second.append(f"⚠ {findings} finding{'s' if findings != 1 else ''}")
            return f"{info.number}. {info.title}" + ("\n" + " · ".join(second) if second else "")
        if role == Qt.ItemDataRole.DecorationRole:
            return stage_icon(info.stage)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{info.title}: {info.purpose}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return (f"Stage {info.number}, {info.title}, {minutes_label(minutes)}, "
                    f"{findings} health findings")
        if role == StageRole:
            return info.stage.value
        return None

    def _on_changed(self, change: Change) -> None:
        if change.touches("agenda"):
            self._minutes = derived.planned_minutes(self.session.workshop)
            self.dataChanged.emit(self.index(0), self.index(len(STAGES) - 1))
