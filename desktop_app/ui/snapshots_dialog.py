"""File > Restore Snapshot: the snapshots the app kept, newest first."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.storage.snapshots import Snapshot, SnapshotStore
from desktop_app.ui.models.snapshot_model import SnapshotModel, snapshot_time

__all__ = ["SnapshotsDialog", "snapshot_time"]


class SnapshotsDialog(QDialog):
    """Choose a snapshot; `chosen` holds it after the dialog is accepted."""

    def __init__(self, store: SnapshotStore, current: Path | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore a snapshot")
        self.setObjectName("snapshotsDialog")
        self.resize(980, 460)
        self.store, self.current = store, current
        self.chosen: Snapshot | None = None
        intro = QLabel(
            "Sourcing Workshop keeps snapshots of each workshop when it opens and every few "
            f"minutes while you edit, in {store.root}. Restoring one makes a new workshop "
            "file; nothing else changes.", self)
        intro.setWordWrap(True)
        self.only_current = QCheckBox("Only the open workshop", self)
        self.only_current.setVisible(current is not None)
        self.only_current.setChecked(current is not None)
        self.only_current.toggled.connect(self._fill)
        self.model = SnapshotModel([], self)
        self.table = QTableView(self)
        self.table.setObjectName("snapshotTable")
        self.table.setAccessibleName("Snapshots")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents,
                                       QHeaderView.ResizeMode.Stretch,
                                       QHeaderView.ResizeMode.Stretch,
                                       QHeaderView.ResizeMode.ResizeToContents)):
            header.setSectionResizeMode(column, mode)
        self.table.doubleClicked.connect(lambda _index: self._accept())
        self.empty = QLabel("No snapshots have been kept yet.", self)
        self.empty.setObjectName("muted")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.restore_button = self.buttons.addButton(
            "&Restore as New File…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.only_current)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.buttons)
        self._fill()

    def _fill(self) -> None:
        only = self.only_current.isChecked() and self.current is not None
        snapshots = self.store.list_for(self.current) if only else self.store.list_all()
        self.model.set_snapshots(snapshots)
        self.empty.setVisible(not snapshots)
        self.restore_button.setEnabled(bool(snapshots))
        if snapshots:
            self.table.selectRow(0)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _accept(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        self.chosen = self.model.snapshot(rows[0].row()) if rows else None
        if self.chosen is not None:
            self.accept()
