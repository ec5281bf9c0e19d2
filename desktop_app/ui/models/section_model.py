"""A table model over one section of the workshop (participants, functions...).

The model holds no data of its own: rows are the section's items, columns are
`Column` specs naming item fields. An edit becomes an `EditField` command on
the session; a refused value is reported through `validation_failed` and the
cell keeps its old value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from desktop_app.domain import money, numbers
from desktop_app.domain.commands import Change, EditField
from desktop_app.domain.dates import DateError, read_date
from desktop_app.domain.model import SECTIONS, Item, Workshop
from desktop_app.domain.money import Money, format_money
from desktop_app.domain.validation import ValidationError, typed
from desktop_app.ui.labels import enum_label
from desktop_app.ui.session import Session

Index = QModelIndex | QPersistentModelIndex

# A "tristate" column edits an optional yes/no field (None: not decided yet).
# Its combo stores these tokens, since a combo cannot tell None from no data.
TRISTATE_VALUES: dict[str, bool | None] = {"true": True, "false": False, "none": None}
TRISTATE_LABELS: tuple[tuple[str, str], ...] = (
    ("true", "Yes"), ("false", "No"), ("none", "Undecided"))


def tristate_token(value: bool | None) -> str:
    return "none" if value is None else ("true" if value else "false")


@dataclass(frozen=True)
class Column:
    field: str
    title: str
    kind: str = "text"  # text, int, float, money, bool, tristate, enum, date, ref, computed
    choices: tuple[tuple[str, str], ...] = ()  # (value, label) for enum; (token, label) tristate
    ref: str | None = None  # referenced section, for kind "ref"
    compute: Callable[[Workshop, Item], Any] | None = None
    editable: bool = True
    tooltip: str = ""
    numeric: bool = False  # right-align (computed numbers)
    full_tip: bool = False  # the whole text as its tooltip: a narrow column elides it

    @property
    def is_editable(self) -> bool:
        return self.editable and self.kind != "computed"

    @property
    def tristate_choices(self) -> tuple[tuple[str, str], ...]:
        """(token, label) for a tristate column: its own labels, or Yes / No / Undecided."""
        return self.choices or TRISTATE_LABELS


class SectionTableModel(QAbstractTableModel):
    validation_failed = Signal(str)

    def __init__(
        self,
        session: Session,
        section: str,
        columns: list[Column],
        editable: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.section = section
        self.columns = columns
        self.editable = editable
        self._visits: dict[tuple, Any] = {}  # (key, field, visit): value before it
        self._items: list[Item] = list(session.workshop.section(section))
        session.changed.connect(self._on_changed)

    # -- reading ---------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def item_at(self, row: int) -> Item:
        return self._items[row]

    def row_of(self, key: Any) -> int:
        for row, item in enumerate(self._items):
            if item.key == key:
                return row
        return -1

    def _raw(self, item: Item, column: Column) -> Any:
        if column.compute is not None:
            return column.compute(self.session.workshop, item)
        return getattr(item, column.field)

    def _display(self, value: Any, column: Column) -> str:
        if column.kind == "tristate":
            return dict(column.tristate_choices).get(tristate_token(value), str(value))
        if value is None:
            return ""
        if isinstance(value, Money | Decimal):
            details = self.session.workshop.details
            return format_money(value, details.currency, locale=self.number_locale, code=False)
        if column.kind == "ref":
            target = self.session.workshop.find(column.ref or "", value)
            return target.label if target else f"(missing {value})"
        if isinstance(value, Enum):
            for choice, label in column.choices:
                if choice == value.value:
                    return label
            return enum_label(value)
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if isinstance(value, float):
            return numbers.show(Decimal(repr(value)), self.number_locale)
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, tuple):
            return ", ".join(str(v) for v in value)
        return str(value)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._items)):
            return None
        item, column = self._items[index.row()], self.columns[index.column()]
        value = self._raw(item, column)
        if role == Qt.ItemDataRole.DisplayRole:
            return None if column.kind == "bool" else self._display(value, column)
        if role == Qt.ItemDataRole.EditRole:
            if column.kind == "tristate":
                return tristate_token(value)
            if isinstance(value, Enum):
                return value.value
            if isinstance(value, date):
                return value.isoformat()
            if isinstance(value, Money):
                return money.edit_text(value, self.number_locale)  # exactly: 85,000.5
            if isinstance(value, float) and column.kind == "float":
                return numbers.show(Decimal(repr(value)), self.number_locale)
            if value is None:
                return ""
            return value
        if role == Qt.ItemDataRole.CheckStateRole and column.kind == "bool":
            return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self._display(value, column)
            if column.full_tip and text:
                return text
            return text if len(text) > 40 or "\n" in text else (column.tooltip or None)
        if role == Qt.ItemDataRole.TextAlignmentRole and (
            column.kind in ("int", "float", "money") or column.numeric
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{column.title}: {self._display(value, column)}"
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
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
        column = self.columns[index.column()]
        if self.editable and column.is_editable and not self.session.read_only:
            if column.kind == "bool":
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            else:
                flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    # -- writing ---------------------------------------------------------------

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not (self.flags(index) & (
            Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsUserCheckable
        )):
            return False
        item, column = self._items[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.CheckStateRole and column.kind == "bool":
            value = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole:
            return False
        if column.kind == "tristate" and isinstance(value, str) and value in TRISTATE_VALUES:
            value = TRISTATE_VALUES[value]
        try:
            command = self.edit_command(index.row(), column, value)
        except ValueError as error:
            self.validation_failed.emit(str(error))
            return False
        if command.value == getattr(item, column.field) and type(command.value) is type(
            getattr(item, column.field)
        ):
            return True  # the same value, however it was typed: nothing to store or undo
        before = self._value_before_this_visit(item, column)
        problem = self.session.execute(command)
        if problem:
            self.validation_failed.emit(problem)
            return False
        if column.kind == "money" and before is not None:
            self._say_replaced(item, column, before, command.value)
        return True

    def _value_before_this_visit(self, item: Item, column: Column) -> Any:
        """The stored value when this visit to the cell began: text stored while it
        is typed replaces it several times, and the note names the first."""
        key = (item.key, column.field, self.session.merge_key)
        if self.session.merge_key is None or key not in self._visits:
            self._visits = {key: getattr(item, column.field)}
        return self._visits[key]

    def _say_replaced(self, item: Item, column: Column, before: Any, after: Any) -> None:
        """A stored amount replaced by typing: say so, with the way back, so a stray
        key in a money cell never goes unnoticed."""
        if after == before:
            return
        details = self.session.workshop.details
        locale = self.number_locale

        def shown(value: Any) -> str:
            return "nothing" if value is None else format_money(value, details.currency,
                                                                 locale=locale)
        self.session.note.emit(f"{column.title}, {item.label}: {shown(before)} → "
                               f"{shown(after)}; Ctrl+Z undoes")

    @property
    def number_locale(self) -> str:
        """The workshop's number format: how numbers are read and shown."""
        return numbers.number_locale(self.session.workshop.details.number_format)

    def edit_command(self, row: int, column: Column, value: Any) -> EditField:
        """The command that stores `value` (as typed) in a cell; a number field's
        text is read in the workshop's number format, exactly, or refused
        (`ValueError` with the reason)."""
        item = self._items[row]
        if column.kind == "date" and isinstance(value, str):
            try:
                value = read_date(value, self.number_locale)
            except DateError as error:
                raise ValidationError(f"{column.title}: {error}.") from None
        if column.kind in ("int", "float", "money") and isinstance(value, str):
            details = self.session.workshop.details
            value = typed(SECTIONS[self.section].item_type, column.field, value,
                          self.number_locale, details.currency)
        return EditField(self.section, item.key, column.field, value)

    # -- following the session -------------------------------------------------

    def _on_changed(self, change: Change) -> None:
        referenced = {c.ref for c in self.columns if c.ref}
        computed = any(c.compute for c in self.columns)
        if not change.touches(self.section, *referenced) and not computed:
            return
        new_items = list(self.session.workshop.section(self.section))
        if [i.key for i in new_items] != [i.key for i in self._items]:
            self.beginResetModel()
            self._items = new_items
            self.endResetModel()
            return
        changed_rows = [
            row for row, (old, new) in enumerate(zip(self._items, new_items, strict=True))
            if old is not new
        ]
        self._items = new_items
        if computed or change.touches(*referenced):
            changed_rows = list(range(len(new_items)))
        if changed_rows:
            self.dataChanged.emit(
                self.index(min(changed_rows), 0),
                self.index(max(changed_rows), len(self.columns) - 1),
            )
