"""The kept snapshots as a table: when, which workshop, from which file, why."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop_app.storage.snapshots import Snapshot

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Taken", "Workshop", "File", "Kept")


def snapshot_time(snapshot: Snapshot, now: datetime | None = None) -> str:
    """'today at 14:32', 'yesterday at 09:05' or '2026-11-02 at 16:40'."""
    now = now or datetime.now()
    taken = snapshot.taken_at
    days = (now.date() - taken.date()).days
    day = {0: "today", 1: "yesterday"}.get(days, f"{taken:%Y-%m-%d}")
    return f"{day} at {taken:%H:%M}"


class SnapshotModel(QAbstractTableModel):
    def __init__(self, snapshots: list[Snapshot], parent=None) -> None:
        super().__init__(parent)
        self._snapshots = list(snapshots)

    def set_snapshots(self, snapshots: list[Snapshot]) -> None:
        self.beginResetModel()
        self._snapshots = list(snapshots)
        self.endResetModel()

    def snapshot(self, row: int) -> Snapshot | None:
        return self._snapshots[row] if 0 <= row < len(self._snapshots) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._snapshots)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._snapshots):
            return None
        snapshot = self._snapshots[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                f"{snapshot.taken_at:%Y-%m-%d %H:%M:%S}",
                snapshot.title or "(no title)",
                Path(snapshot.source).name or snapshot.source,
                snapshot.reason_label,
            )[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{snapshot.source}\nSnapshot file: {snapshot.path}"
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(HEADERS)):
            return HEADERS[section]
        return None
