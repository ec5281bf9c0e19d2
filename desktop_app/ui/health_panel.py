"""The live health check: recomputed shortly after every edit, never while a
keystroke waits, shown in a dockable list that jumps to the item concerned."""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import health
from desktop_app.domain.health import Finding, Severity
from desktop_app.domain.model import Stage
from desktop_app.domain.stages import STAGE_INFO
from desktop_app.ui.icons import icon
from desktop_app.ui.models.filtering import change_filter
from desktop_app.ui.session import Session
from desktop_app.ui.theme import colours

Index = QModelIndex | QPersistentModelIndex
FindingRole = Qt.ItemDataRole.UserRole + 1
SEVERITY_COLOURS = {Severity.HIGH: "#c0392b", Severity.MEDIUM: "#d68910", Severity.LOW: "#7f8c8d"}
DEBOUNCE_MS = 120


class HealthMonitor(QObject):
    """Keeps the findings of a session current, off the keystroke path."""

    updated = Signal(list)  # list[Finding]

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.findings: list[Finding] = health.check(session.workshop)
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.recompute)
        session.changed.connect(lambda _change: self._timer.start())

    def recompute(self) -> None:
        self.findings = health.check(self.session.workshop)
        self.updated.emit(self.findings)

    def flush(self) -> None:
        """Recompute now if an update is pending (tests, exports)."""
        if self._timer.isActive():
            self._timer.stop()
            self.recompute()

    def counts_by_stage(self) -> Counter[Stage]:
        return Counter(f.stage for f in self.findings)


class FindingsModel(QAbstractListModel):
    def __init__(self, monitor: HealthMonitor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.monitor = monitor
        self._findings = list(monitor.findings)
        monitor.updated.connect(self._reset)

    def _reset(self, findings: list[Finding]) -> None:
        self.beginResetModel()
        self._findings = list(findings)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._findings)

    def finding(self, row: int) -> Finding:
        return self._findings[row]

    def has_plan(self) -> bool:
        """Whether there is anything to check: no functions, no plan to judge."""
        return bool(self.monitor.session.workshop.functions)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._findings)):
            return None
        f = self._findings[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{f.code} · {STAGE_INFO[f.stage].title}\n{f.message}"
        if role == Qt.ItemDataRole.DecorationRole:
            return icon("warning", SEVERITY_COLOURS[f.severity])
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{f.severity.value.capitalize()} · {health.RULES[f.code]}\n" \
                   "Double-click or press Enter to go to the item."
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{f.severity.value} finding {f.code}: {f.message}"
        if role == FindingRole:
            return f
        return None


class StageFilter(QSortFilterProxyModel):
    """Keeps one stage's findings (when asked), and greys those of stages after
    the one the facilitator is on: while the functions are filled in, a finding
    about the customers is for later, not an alarm."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stage: Stage | None = None
        self.current: Stage | None = None

    def set_current(self, stage: Stage | None) -> None:
        self.current = stage
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 0))

    def later(self, finding: Finding) -> bool:
        return (self.current is not None
                and STAGE_INFO[finding.stage].number > STAGE_INFO[self.current].number)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        finding = super().data(index, FindingRole) if index.isValid() else None
        if finding is not None and self.later(finding):
            muted = colours(bool(QApplication.instance().property("dark_theme")))["muted"]
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(muted))
            if role == Qt.ItemDataRole.DecorationRole:
                return icon("warning", muted)
            if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
                return "For a later stage: " + str(super().data(index, role))
        return super().data(index, role)

    def set_stage(self, stage: Stage | None) -> None:
        def apply() -> None:
            self.stage = stage

        change_filter(self, apply)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self.stage is None:
            return True
        model = self.sourceModel()
        assert isinstance(model, FindingsModel)
        return model.finding(source_row).stage == self.stage


class HealthDock(QDockWidget):
    """The dockable list of findings; `jump` asks the window to show an item."""

    jump = Signal(object)  # Finding
    settings_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Health check", parent)
        self.setObjectName("healthDock")
        self.setMinimumWidth(260)
        self.setAllowedAreas(Qt.DockWidgetArea.RightDockWidgetArea
                             | Qt.DockWidgetArea.LeftDockWidgetArea
                             | Qt.DockWidgetArea.BottomDockWidgetArea)
        body = QWidget(self)
        self.summary = QLabel(body)
        self.summary.setObjectName("facts")
        self.summary.setWordWrap(True)
        self.this_stage = QCheckBox("Only this stage", body)
        self.settings_button = QPushButton("Thresholds…", body)
        self.settings_button.setAccessibleName("Health check thresholds")
        self.settings_button.setToolTip("The limits the health check uses for this workshop")
        self.settings_button.clicked.connect(self.settings_requested)
        self.list = QListView(body)
        self.list.setObjectName("findingsList")
        self.list.setAccessibleName("Health findings")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.activated.connect(self._activated)
        self.list.doubleClicked.connect(self._activated)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 4, 8, 8)
        layout.addWidget(self.summary)
        options = QHBoxLayout()
        options.addWidget(self.this_stage)
        options.addStretch(1)
        options.addWidget(self.settings_button)
        layout.addLayout(options)
        layout.addWidget(self.list, 1)
        self.setWidget(body)
        self.filter = StageFilter(self)
        self.model: FindingsModel | None = None
        self.this_stage.toggled.connect(lambda _on: self._apply_stage())
        self._stage: Stage | None = None
        self.set_monitor(None)

    def set_monitor(self, monitor: HealthMonitor | None) -> None:
        self.model = FindingsModel(monitor, self) if monitor else None
        self.settings_button.setEnabled(monitor is not None)
        self.filter.setSourceModel(self.model)
        self.list.setModel(self.filter if self.model else None)
        if monitor:
            monitor.updated.connect(lambda _f: self._update_summary())
        self._update_summary()

    def set_stage(self, stage: Stage | None) -> None:
        self._stage = stage
        self.filter.set_current(stage)
        self._apply_stage()

    def _apply_stage(self) -> None:
        self.filter.set_stage(self._stage if self.this_stage.isChecked() else None)
        self._update_summary()

    def _update_summary(self) -> None:
        if self.model is None:
            self.summary.setText("Open a workshop to check its plan.")
            return
        total = self.model.rowCount()
        shown = self.filter.rowCount()
        if total == 0 and not self.model.has_plan():
            self.summary.setText("Nothing to check yet: add the functions in scope first.")
        elif total == 0:
            self.summary.setText("No findings: the plan avoids every known mistake checked.")
        elif shown == total:
            self.summary.setText(f"{total} finding{'s' if total != 1 else ''} to discuss")
        else:
            self.summary.setText(f"{shown} of {total} findings in this stage")

    def _activated(self, index: QModelIndex) -> None:
        finding = index.data(FindingRole)
        if finding is not None:
            self.jump.emit(finding)
