"""A titled, editable table of one section with Add, Remove and Move buttons.

Keyboard: Insert adds a row, Delete removes the selected row, Alt+Up and
Alt+Down move it. A refused edit shows its reason under the table.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
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

from desktop_app.domain.commands import AddItem, MoveItem, RemoveItem
from desktop_app.domain.model import Item, Workshop
from desktop_app.ui.delegates import FieldDelegate
from desktop_app.ui.icons import icon
from desktop_app.ui.models.section_model import Column, SectionTableModel
from desktop_app.ui.session import Session


class SectionEditor(QWidget):
    def __init__(
        self,
        session: Session,
        section: str,
        title: str,
        columns: list[Column],
        new_item: Callable[[Workshop], Item],
        item_noun: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.section = section
        self._new_item = new_item
        self.model = SectionTableModel(session, section, columns, parent=self)
        self.view = QTableView(self)
        self.view.setObjectName(f"{section}Table")
        self.view.setModel(self.model)
        self.view.setItemDelegate(FieldDelegate(session, section, columns, self.view))
        self.view.setAccessibleName(title)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.view.resizeColumnsToContents()

        self.title_label = QLabel(title, self)
        self.title_label.setObjectName("sectionTitle")
        self.validation = QLabel(self)
        self.validation.setObjectName("validation")
        self.validation.setWordWrap(True)
        self.validation.hide()
        self._hide_timer = QTimer(self, singleShot=True, interval=8000)
        self._hide_timer.timeout.connect(self.validation.hide)

        self.add_action = self._action("add", f"Add {item_noun}", "Insert", self.add_row)
        self.remove_action = self._action(
            "remove", f"Remove {item_noun}", QKeySequence.StandardKey.Delete, self.remove_row
        )
        self.up_action = self._action("up", "Move up", "Alt+Up", lambda: self.move_row(-1))
        self.down_action = self._action("down", "Move down", "Alt+Down", lambda: self.move_row(1))

        bar = QHBoxLayout()
        bar.addWidget(self.title_label)
        bar.addStretch(1)
        for action in (self.add_action, self.remove_action, self.up_action, self.down_action):
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setToolButtonStyle(
                Qt.ToolButtonStyle.ToolButtonTextBesideIcon
                if action is self.add_action else Qt.ToolButtonStyle.ToolButtonIconOnly
            )
            button.setAutoRaise(True)
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.validation)

        self.model.validation_failed.connect(self.show_problem)
        self.view.selectionModel().selectionChanged.connect(self._update_actions)
        self.model.modelReset.connect(self._update_actions)
        self._update_actions()

    def _action(self, icon_name: str, text: str, shortcut, slot) -> QAction:
        action = QAction(icon(icon_name), text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{text} ({QKeySequence(shortcut).toString()})")
        action.triggered.connect(slot)
        self.view.addAction(action)
        return action

    def show_problem(self, message: str) -> None:
        self.validation.setText(message)
        self.validation.show()
        self._hide_timer.start()

    def current_row(self) -> int:
        index = self.view.currentIndex()
        selected = self.view.selectionModel().selectedRows()
        if selected:
            return selected[0].row()
        return index.row() if index.isValid() else -1

    def _update_actions(self) -> None:
        writable = not self.session.read_only
        row = self.current_row()
        self.add_action.setEnabled(writable)
        self.remove_action.setEnabled(writable and row >= 0)
        self.up_action.setEnabled(writable and row > 0)
        self.down_action.setEnabled(writable and 0 <= row < self.model.rowCount() - 1)

    def select_row(self, row: int, edit: bool = False) -> None:
        if not (0 <= row < self.model.rowCount()):
            return
        first = next(
            (i for i, c in enumerate(self.model.columns) if c.is_editable and c.kind == "text"), 0
        )
        index = self.model.index(row, first)
        self.view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(index)
        if edit:
            self.view.edit(index)
        self._update_actions()

    def add_row(self) -> None:
        row = self.current_row()
        index = row + 1 if row >= 0 else None
        item = self._new_item(self.session.workshop)
        problem = self.session.execute(AddItem(self.section, item, index))
        if problem:
            self.show_problem(problem)
            return
        self.view.setFocus()
        self.select_row(self.model.row_of(item.key), edit=True)

    def remove_row(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        problem = self.session.execute(RemoveItem(self.section, self.model.item_at(row).key))
        if problem:
            self.show_problem(problem)
            return
        self.select_row(min(row, self.model.rowCount() - 1))

    def move_row(self, step: int) -> None:
        row = self.current_row()
        target = row + step
        if row < 0 or not (0 <= target < self.model.rowCount()):
            return
        key = self.model.item_at(row).key
        problem = self.session.execute(MoveItem(self.section, key, target))
        if problem:
            self.show_problem(problem)
            return
        self.select_row(target)
