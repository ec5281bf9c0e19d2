"""A stage's own captures: the decisions, actions, risks and parked topics
taken in that stage, with one button (and shortcut) per kind."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.commands import Change, RemoveItem
from desktop_app.domain.model import Stage
from desktop_app.ui.capture import KINDS, CapturesFilter, CapturesModel
from desktop_app.ui.icons import set_themed_icon
from desktop_app.ui.labels import with_article
from desktop_app.ui.session import Session


class CapturesTable(QTableView):
    """A read-only list of captures; Enter or double-click edits, Delete removes."""

    edit_requested = Signal(str, object)  # section, item

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.captures = CapturesModel(session, self)
        self.filter = CapturesFilter(self)
        self.filter.setSourceModel(self.captures)
        self.setModel(self.filter)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.setColumnWidth(0, 110)
        self.setColumnWidth(1, 150)
        self.setColumnWidth(3, 150)
        self.setColumnWidth(4, 85)
        self.doubleClicked.connect(lambda index: self._edit(index.row()))
        self.installEventFilter(self)

    def _entry(self, proxy_row: int):
        source = self.filter.mapToSource(self.filter.index(proxy_row, 0))
        return self.captures.entry(source.row())

    def _edit(self, proxy_row: int) -> None:
        if proxy_row >= 0 and not self.session.read_only:
            section, item = self._entry(proxy_row)
            self.edit_requested.emit(section, item)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and event.type() == QEvent.Type.KeyPress:
            row = self.currentIndex().row()
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._edit(row)
                return True
            if event.key() == Qt.Key.Key_Delete and row >= 0 and not self.session.read_only:
                section, item = self._entry(row)
                self.session.execute(RemoveItem(section, item.key))
                return True
        return super().eventFilter(watched, event)


class CapturesPanel(QWidget):
    """Shown under each stage: what was captured here, and how to capture more."""

    capture_requested = Signal(str)  # section
    edit_requested = Signal(str, object)

    def __init__(self, session: Session, stage: Stage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.stage = stage
        self.setObjectName(f"{stage.value}Captures")
        self.title = QLabel(self)
        self.title.setObjectName("sectionTitle")
        self.toggle = QToolButton(self)
        self.toggle.setCheckable(True)
        self.toggle.setChecked(True)
        self.toggle.setAutoRaise(True)
        self.toggle.setToolTip("Show or hide this stage's captures")
        self.toggle.setAccessibleName("Show captures")
        self.table = CapturesTable(session, self)
        self.table.setObjectName(f"{stage.value}CapturesTable")
        self.table.setAccessibleName("Captured in this stage")
        self.table.filter.set_filter(stage=stage.value)
        self.table.setColumnHidden(1, True)  # the stage is this one
        self.table.edit_requested.connect(self.edit_requested)
        bar = QHBoxLayout()
        bar.addWidget(self.toggle)
        bar.addWidget(self.title)
        bar.addStretch(1)
        for section, kind in KINDS.items():
            button = QToolButton(self)
            set_themed_icon(button, kind.icon)
            button.setText(kind.noun.capitalize().replace("-lot item", ""))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setAutoRaise(True)
            button.setToolTip(f"Capture {with_article(kind.noun)} ({kind.shortcut})")
            button.setAccessibleName(f"Capture {with_article(kind.noun)}")
            button.clicked.connect(lambda _=False, s=section: self.capture_requested.emit(s))
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.toggle.toggled.connect(self._set_open)
        session.changed.connect(self._on_changed)
        self._refresh()

    def _set_open(self, shown: bool) -> None:
        self.table.setVisible(shown)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)

    def _on_changed(self, change: Change) -> None:
        if change.touches(*KINDS):
            self._refresh()

    def _refresh(self) -> None:
        count = self.table.filter.rowCount()
        self.title.setText(f"Captured in this stage ({count})")
        self.table.setMaximumHeight(40 + 30 * min(max(count, 1), 3))
        self._set_open(self.toggle.isChecked())
