"""A table's first column kept in view while the other columns scroll: the
row being filled in keeps its name beside the cells (Qt's "frozen column"
pattern: a second view of the same model and selection laid over the first
column).

The overlay shows only while the table is scrolled to the right; at the left
edge the table's own first column is there anyway. Editing always happens in
the table itself: an editor opened in the first column scrolls the table back
to the left edge (the overlay goes), so no editor ever hides beneath it.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
)


class PaintedBy(QStyledItemDelegate):
    """Cells painted by the table's own delegate; no editing here (sharing the
    delegate itself would send its editors' commits to both views)."""

    def __init__(self, table: QTableView, parent: QObject) -> None:
        super().__init__(parent)
        self.table = table

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        self.table.itemDelegate().paint(painter, option, index)

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        return self.table.itemDelegate().sizeHint(option, index)


class FrozenColumn(QTableView):
    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        self.setObjectName(f"{table.objectName() or 'table'}FrozenColumn")
        self.setAccessibleName(f"{table.accessibleName()}: first column")
        self.setModel(table.model())
        self.setSelectionModel(table.selectionModel())
        self.setItemDelegate(PaintedBy(table, self))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard stays in the table
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(table.selectionBehavior())
        self.setSelectionMode(table.selectionMode())
        self.setAlternatingRowColors(table.alternatingRowColors())
        self.setWordWrap(table.wordWrap())
        self.setVerticalScrollMode(table.verticalScrollMode())
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(table.verticalHeader().defaultSectionSize())
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setStretchLastSection(False)
        header.setSectionsClickable(table.horizontalHeader().sectionsClickable())
        header.sectionClicked.connect(table.horizontalHeader().sectionClicked.emit)
        self.setStyleSheet("QTableView { border: none; border-right: 2px solid palette(mid); }")
        self._hide_other_columns()

        model = table.model()
        for signal in (model.modelReset, model.layoutChanged, model.columnsInserted,
                       model.columnsRemoved):
            signal.connect(self._hide_other_columns)
        table.horizontalHeader().sectionResized.connect(self._column_resized)
        table.verticalHeader().sectionResized.connect(self._row_resized)
        self.verticalScrollBar().valueChanged.connect(table.verticalScrollBar().setValue)
        table.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        table.horizontalScrollBar().valueChanged.connect(lambda _value: self.place())
        self.doubleClicked.connect(self._edit_in_table)
        table.installEventFilter(self)
        table.viewport().installEventFilter(self)
        self.place()

    def _hide_other_columns(self, *_args: object) -> None:
        for column in range(self.model().columnCount()):
            self.setColumnHidden(column, column != 0)
        self.setColumnWidth(0, self.table.columnWidth(0))

    def _column_resized(self, column: int, _old: int, new: int) -> None:
        if column == 0:
            self.setColumnWidth(0, new)
            self.place()

    def _row_resized(self, row: int, _old: int, new: int) -> None:
        self.setRowHeight(row, new)

    def _edit_in_table(self, index: QModelIndex) -> None:
        self.table.horizontalScrollBar().setValue(0)
        self.table.setCurrentIndex(index)
        self.table.setFocus()
        self.table.edit(index)

    def active(self) -> bool:
        """Shown: the table is scrolled to the right, past its first column's start."""
        return self.table.horizontalScrollBar().value() > 0 and not self.table.isColumnHidden(0)

    def place(self) -> None:
        table = self.table
        if not self.active():
            self.hide()
            return
        left = table.frameWidth() + (table.verticalHeader().width()
                                     if table.verticalHeader().isVisible() else 0)
        header = table.horizontalHeader().height()
        self.horizontalHeader().setFixedHeight(header)
        self.setGeometry(left, table.frameWidth(), table.columnWidth(0),
                         table.viewport().height() + header)
        self.verticalScrollBar().setValue(table.verticalScrollBar().value())
        self.show()
        self.raise_()

    def covered_width(self) -> int:
        """How much of the table's viewport the overlay hides (0 when not shown)."""
        return self.table.columnWidth(0) if self.active() else 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.ChildAdded):
            return False
        if not shiboken6.isValid(self) or not shiboken6.isValid(self.table):
            return False
        if watched is self.table and kind in (QEvent.Type.Resize, QEvent.Type.Show):
            self.place()
        elif (watched is self.table.viewport() and kind == QEvent.Type.ChildAdded
              and self.table.currentIndex().column() == 0):
            self.table.horizontalScrollBar().setValue(0)  # an editor opened under the overlay
        return False
