"""A titled, editable table of one section with Add, Remove and Move buttons.

Keyboard: Insert or Enter adds a row after the current one (Enter commits a
cell being edited first), Delete removes the selected row (undo brings it
back), Alt+Up and Alt+Down move it. A refused edit shows its reason under the
table. The view sits on a proxy, so a stage can filter rows (customers of
one function) and, where order carries no meaning, sort them by a header
click (click again for descending, a third time for the stored order).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
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

from desktop_app.domain.commands import AddItem, MoveItem, RemoveItem, linked_items
from desktop_app.domain.model import SECTIONS, Item, Workshop
from desktop_app.ui.delegates import FieldDelegate
from desktop_app.ui.icons import set_themed_icon
from desktop_app.ui.models.filtering import change_filter
from desktop_app.ui.models.section_model import Column, SectionTableModel
from desktop_app.ui.session import Session
from desktop_app.ui.widgets.frozen_column import FrozenColumn

SIZE_FROM_ROWS = 40  # rows measured when columns are fitted to their contents
MIN_ROWS = 8  # rows a table shows at least (the stage page scrolls instead)


class SectionProxy(QSortFilterProxyModel):
    """Sorts by the edit value and keeps only the items a stage wants shown."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.accept: Callable[[Item], bool] | None = None
        self.setSortRole(Qt.ItemDataRole.EditRole)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_accept(self, accept: Callable[[Item], bool] | None) -> None:
        def apply() -> None:
            self.accept = accept

        change_filter(self, apply)

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        if self.accept is None:
            return True
        model = self.sourceModel()
        assert isinstance(model, SectionTableModel)
        return self.accept(model.item_at(source_row))

    def lessThan(
        self, left: QModelIndex | QPersistentModelIndex,
        right: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        a, b = left.data(self.sortRole()), right.data(self.sortRole())
        if isinstance(a, (int, float)) and isinstance(b, (int, float)):
            return a < b
        return str(a or "").casefold() < str(b or "").casefold()


class EditTable(QTableView):
    """A table whose Tab and Shift+Tab, while a cell is edited, go to the next
    editable cell: computed and read-only columns are skipped, so typing a row
    of figures is typing, Tab, typing. Its first column stays in view while the
    others scroll (`FrozenColumn`), and it asks for room for MIN_ROWS rows."""

    frozen: FrozenColumn | None = None

    def freeze_first_column(self) -> FrozenColumn:
        """Call once the model and the delegate are set."""
        self.frozen = FrozenColumn(self)
        return self.frozen

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        rows = self.verticalHeader().defaultSectionSize() * MIN_ROWS
        height = (self.horizontalHeader().sizeHint().height() + rows + 2 * self.frameWidth()
                  + self.horizontalScrollBar().sizeHint().height())
        return QSize(hint.width(), max(hint.height(), height))

    def scrollTo(self, index: QModelIndex | QPersistentModelIndex,
                 hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible
                 ) -> None:
        """Never behind the frozen first column: a row picked there keeps the
        columns scrolled to, and a later cell is scrolled clear of it."""
        bar = self.horizontalScrollBar()
        frozen = self.frozen
        if frozen is None or not frozen.active() or not index.isValid():
            super().scrollTo(index, hint)
            return
        kept = bar.value()
        super().scrollTo(index, hint)
        if index.column() == 0:
            bar.setValue(kept)
            return
        covered = frozen.covered_width() if bar.value() > 0 else 0
        left = self.visualRect(index).left()
        if left < covered:
            bar.setValue(max(0, bar.value() - (covered - left)))

    def moveCursor(self, action: QAbstractItemView.CursorAction,
                   modifiers: Qt.KeyboardModifier) -> QModelIndex:
        index = super().moveCursor(action, modifiers)
        if action not in (QAbstractItemView.CursorAction.MoveNext,
                          QAbstractItemView.CursorAction.MovePrevious):
            return index
        model = self.model()
        if model is None:
            return index
        step = 1 if action == QAbstractItemView.CursorAction.MoveNext else -1
        start = self.currentIndex()
        rows, columns = model.rowCount(), model.columnCount()
        if not start.isValid() or rows == 0 or columns == 0:
            return index
        position = start.row() * columns + start.column()
        for _ in range(rows * columns):
            position = (position + step) % (rows * columns)
            row, column = divmod(position, columns)
            if self.isColumnHidden(column):
                continue
            candidate = model.index(row, column)
            if candidate.flags() & Qt.ItemFlag.ItemIsEditable:
                return candidate
        return index


class SectionEditor(QWidget):
    current_changed = Signal(object)  # the item of the current row, or None

    def __init__(
        self,
        session: Session,
        section: str,
        title: str,
        columns: list[Column],
        new_item: Callable[[Workshop], Item],
        item_noun: str,
        parent: QWidget | None = None,
        sortable: bool = False,
        model_type: type[SectionTableModel] = SectionTableModel,
        rows_fixed: bool = False,
    ) -> None:
        super().__init__(parent)
        self.session = session
        # Rows fixed: this table edits fields of items that another stage adds,
        # removes and orders (the business case's costs), so it has no such buttons.
        self.rows_fixed = rows_fixed
        self.section = section
        self.item_noun = item_noun
        self._new_item = new_item
        self.sortable = sortable
        self.model = model_type(session, section, columns, parent=self)
        self.proxy = SectionProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = EditTable(self)
        self.view.setObjectName(f"{section}Table")
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(FieldDelegate(session, section, columns, self.view))
        self.view.freeze_first_column()
        self.view.setAccessibleName(title)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self._sort_column, self._sort_order = -1, Qt.SortOrder.AscendingOrder
        if sortable:
            header.setSectionsClickable(True)
            header.setSortIndicatorShown(False)
            header.sectionClicked.connect(self._cycle_sort)
        # Columns fit the first rows a facilitator sees, not all 500 of a big
        # workshop, and only when the table is first shown: a stage's tables
        # in tabs not yet opened cost nothing. Widths a view sets itself stay.
        header.setResizeContentsPrecision(SIZE_FROM_ROWS)
        self._columns_fitted = False
        self._widths_set: set[int] = set()
        self.view.installEventFilter(self)

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

        self.bar = QHBoxLayout()
        self.bar.addWidget(self.title_label)
        self.bar.addStretch(1)
        for action in (self.add_action, self.remove_action, self.up_action, self.down_action):
            if rows_fixed:
                self.view.removeAction(action)
                continue
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setToolButtonStyle(
                Qt.ToolButtonStyle.ToolButtonTextBesideIcon
                if action is self.add_action else Qt.ToolButtonStyle.ToolButtonIconOnly
            )
            button.setAutoRaise(True)
            self.bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.validation)

        self.model.validation_failed.connect(self.show_problem)
        session.changed.connect(lambda _change: self.validation.hide())  # fixed or moved on
        self.view.selectionModel().selectionChanged.connect(self._update_actions)
        self.view.selectionModel().currentChanged.connect(self._announce_current)
        self.model.modelReset.connect(self._update_actions)
        self._update_actions()

    # -- building ----------------------------------------------------------------------

    def _action(self, icon_name: str, text: str, shortcut, slot) -> QAction:
        action = QAction(text, self)
        set_themed_icon(action, icon_name)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{text} ({QKeySequence(shortcut).toString()})")
        action.triggered.connect(slot)
        self.view.addAction(action)
        return action

    def set_filter(self, accept: Callable[[Item], bool] | None) -> None:
        """Show only the items `accept` keeps (None: all)."""
        self.proxy.set_accept(accept)
        self._update_actions()

    def set_new_item(self, new_item: Callable[[Workshop], Item]) -> None:
        self._new_item = new_item

    def set_column_widths(self, widths: dict[int, int]) -> None:
        """Widths the view chooses; fitting to contents leaves these columns alone."""
        for column, width in widths.items():
            self.view.setColumnWidth(column, width)
        self._widths_set.update(widths)

    def keep_whole(self, columns: Iterable[int], stretch: int) -> None:
        """Columns (amounts) always as wide as their widest cell over every row, so
        no figure is ever elided; column `stretch` (a name, elided with its full
        text in a tooltip) takes the width that is left."""
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setResizeContentsPrecision(-1)  # every row: a long figure further down counts
        for column in columns:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
            self._widths_set.add(column)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        self._widths_set.add(stretch)

    def _fit_columns(self) -> None:
        self._columns_fitted = True
        for column in range(self.model.columnCount()):
            if column not in self._widths_set:
                self.view.resizeColumnToContents(column)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() == QEvent.Type.Show and not self._columns_fitted:
            self._fit_columns()
        if (
            watched is self.view
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.view.state() != QAbstractItemView.State.EditingState
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            self.add_row()
            return True
        return super().eventFilter(watched, event)

    def _cycle_sort(self, column: int) -> None:
        if column != self._sort_column:
            self._sort_column, self._sort_order = column, Qt.SortOrder.AscendingOrder
        elif self._sort_order == Qt.SortOrder.AscendingOrder:
            self._sort_order = Qt.SortOrder.DescendingOrder
        else:
            self._sort_column = -1
        header = self.view.horizontalHeader()
        header.setSortIndicatorShown(self._sort_column >= 0)
        header.setSortIndicator(max(self._sort_column, 0), self._sort_order)
        self.proxy.sort(self._sort_column, self._sort_order)
        self._update_actions()

    @property
    def sorted(self) -> bool:
        return self._sort_column >= 0

    # -- rows (always in source terms) -------------------------------------------------------

    def show_problem(self, message: str) -> None:
        self.validation.setText(message)
        self.validation.show()
        self._hide_timer.start()

    def current_row(self) -> int:
        """The selected row of the section list, or -1."""
        selected = self.view.selectionModel().selectedRows()
        index = selected[0] if selected else self.view.currentIndex()
        if not index.isValid():
            return -1
        return self.proxy.mapToSource(index).row()

    def _announce_current(self, _now: object, _before: object) -> None:
        self.current_changed.emit(self.current_item())

    def current_item(self) -> Item | None:
        row = self.current_row()
        return self.model.item_at(row) if row >= 0 else None

    def _visible_neighbour(self, row: int, step: int) -> int:
        """The source row shown `step` places from source `row` (or -1)."""
        proxy_index = self.proxy.mapFromSource(self.model.index(row, 0))
        target = proxy_index.row() + step
        if not proxy_index.isValid() or not (0 <= target < self.proxy.rowCount()):
            return -1
        return self.proxy.mapToSource(self.proxy.index(target, 0)).row()

    def _update_actions(self) -> None:
        writable = not self.session.read_only and not self.rows_fixed
        row = self.current_row()
        movable = writable and row >= 0 and not self.sorted
        self.add_action.setEnabled(writable)
        self.remove_action.setEnabled(writable and row >= 0)
        self.up_action.setEnabled(movable and self._visible_neighbour(row, -1) >= 0)
        self.down_action.setEnabled(movable and self._visible_neighbour(row, 1) >= 0)

    def select_row(self, row: int, edit: bool = False) -> None:
        if not (0 <= row < self.model.rowCount()):
            return
        first = next(
            (i for i, c in enumerate(self.model.columns) if c.is_editable and c.kind == "text"), 0
        )
        index = self.proxy.mapFromSource(self.model.index(row, first))
        if not index.isValid():
            return
        self.view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(index)
        if edit:
            self.view.edit(index)
        self._update_actions()

    def reveal(self, key: Any) -> bool:
        """Select the item with `key` and put the focus on it (health-check jumps)."""
        row = self.model.row_of(key)
        if row < 0:
            return False
        if not self.proxy.mapFromSource(self.model.index(row, 0)).isValid():
            self.set_filter(None)
        self.select_row(row)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def add_row(self) -> None:
        if self.session.read_only or self.rows_fixed:
            return
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
        if row < 0 or self.session.read_only or self.rows_fixed:
            return
        after = self._visible_neighbour(row, 1)
        before = self._visible_neighbour(row, -1)
        item = self.model.item_at(row)
        linked = linked_items(self.session.workshop, self.section, item.key)
        problem = self.session.execute(RemoveItem(self.section, item.key))
        if problem:
            self.show_problem(problem)
            return
        if linked:
            parts = ", ".join(f"{count} from {SECTIONS[name].title.lower()}"
                              for name, count in linked.items())
            self.show_problem(f"Removed “{item.label}” and what referred to it ({parts}). "
                              "Undo (Ctrl+Z) brings it all back.")
        if after >= 0:
            self.select_row(after - 1)
        elif before >= 0:
            self.select_row(before)

    def move_row(self, step: int) -> None:
        row = self.current_row()
        target = self._visible_neighbour(row, step) if row >= 0 else -1
        if target < 0 or self.sorted or self.rows_fixed:
            return
        key = self.model.item_at(row).key
        problem = self.session.execute(MoveItem(self.section, key, target))
        if problem:
            self.show_problem(problem)
            return
        self.select_row(target)
