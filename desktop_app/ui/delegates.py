"""Cell editors chosen by column kind: combo boxes for choices and references,
spin boxes bounded by the model's ranges, a plain line for text and dates."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QComboBox,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from desktop_app.domain import numbers
from desktop_app.domain.dates import example
from desktop_app.domain.model import SECTIONS
from desktop_app.ui.models.section_model import Column, SectionTableModel
from desktop_app.ui.session import Session
from desktop_app.ui.typing_commit import TypingCommitter


def _typing_key(editor: QWidget):
    """The undo-merge key of what was stored while typing in `editor`, if any."""
    committer = editor.findChild(TypingCommitter)
    return committer.merge_key if committer is not None else None

Index = QModelIndex | QPersistentModelIndex


class FieldDelegate(QStyledItemDelegate):
    def __init__(self, session: Session, section: str, columns: list[Column], parent=None):
        super().__init__(parent)
        self.session = session
        self.section = section
        self.columns = columns
        self.closeEditor.connect(self._editor_closed)

    def _editor_closed(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        """Escape cancels the edit: text stored while it was typed is taken back too."""
        key = _typing_key(editor)
        if key is not None and hint == QAbstractItemDelegate.EndEditHint.RevertModelCache:
            self.session.undo_if_last(key)

    def _column(self, index: Index) -> Column:
        return self.columns[index.column()]

    def _range(self, column: Column) -> tuple[float, float]:
        bounds = SECTIONS[self.section].item_type.RANGES.get(column.field)
        if bounds is None:
            return (0, 1_000_000)
        return (bounds.low, bounds.high if bounds.high is not None else 1_000_000)

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget:
        column = self._column(index)
        if column.kind in ("enum", "ref", "tristate"):
            combo = QComboBox(parent)
            if column.kind == "tristate":
                options = column.tristate_choices
            else:
                options = column.choices if column.kind == "enum" else tuple(
                    (item.key, item.label)
                    for item in self.session.workshop.section(column.ref or "")
                )
            for value, label in options:
                combo.addItem(label, value)
            combo.setAccessibleName(column.title)
            return combo
        if column.kind in ("int", "float"):
            # A plain line, not a spin box: a spin box silently clamps or drops
            # what was typed, while the model refuses it with the reason.
            line = QLineEdit(parent)
            low, high = self._range(column)
            line.setPlaceholderText(f"{low:g} to {high:g}")
            line.setAccessibleName(column.title)
            line.setAlignment(Qt.AlignmentFlag.AlignRight)
            return line
        line = QLineEdit(parent)
        line.setAccessibleName(column.title)
        if column.kind == "money":
            # Stored while typing (once the text is an amount), so the totals and
            # the chart follow the figure as it is typed.
            line.setPlaceholderText("e.g. 85,000")
            line.setAlignment(Qt.AlignmentFlag.AlignRight)
            self._store_while_typing(line, index)
        elif column.kind == "date":
            locale = numbers.number_locale(self.session.workshop.details.number_format)
            line.setPlaceholderText(f"2027-01-14 or {example(locale)}")
        else:
            self._store_while_typing(line, index)
        return line

    def _store_while_typing(self, line: QLineEdit, index: Index) -> None:
        """Text is stored a moment after each pause in typing (see typing_commit);
        the view stores it once more when the editor closes."""
        target = QPersistentModelIndex(index)

        def store(text: str, _final: bool) -> None:
            if target.isValid() and self._valid_text(target, text):
                self.commitData.emit(line)

        TypingCommitter(line, self.session, store, store_on_leave=False)

    def _valid_text(self, index: Index, text: str) -> bool:
        """Whether `text` would be accepted: half-typed text is not shown as an error."""
        model = index.model()
        while isinstance(model, QAbstractProxyModel):
            index = model.mapToSource(index)
            model = index.model()
        if not isinstance(model, SectionTableModel):
            return True  # the model itself validates and explains
        try:
            model.edit_command(index.row(), self._column(index), text)
        except ValueError:
            return False
        return True

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            position = editor.findData(value)
            editor.setCurrentIndex(max(position, 0))
        elif isinstance(editor, QLineEdit):
            text = "" if value is None else str(value)
            if editor.text() != text:  # stored while typing: keep the cursor and undo
                editor.setText(text)

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: Index
    ) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QLineEdit):
            with self.session.merging(_typing_key(editor)):
                model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
