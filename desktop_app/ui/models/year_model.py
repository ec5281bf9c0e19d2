"""The business case year by year, as a read-only table model over the domain's
`YearRow`s: the start month, then each year of the horizon with its months."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from desktop_app.domain.business_case import BusinessCase, YearRow
from desktop_app.domain.money import format_money

Index = QModelIndex | QPersistentModelIndex

COLUMNS = (
    ("year", "Year", "The start month (one-off costs only), then each year of the horizon"),
    ("today", "As today", "What the functions would cost in the year without the plan"),
    ("plan", "With the plan", "Vendor prices, retained roles, functions not yet moved and "
                              "parallel runs"),
    ("one_off", "One-off", "The waves' transition costs falling in the year"),
    ("net", "Net", "As today less with the plan less one-off: the year's saving"),
    ("cumulative", "Cumulative", "The net of every year so far"),
    ("discounted_cumulative", "Discounted", "The net of every year so far, each discounted "
                                            "at its year's end: the last row is the NPV"),
)


class YearTableModel(QAbstractTableModel):
    def __init__(self, locale: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.case: BusinessCase | None = None
        self.rows: list[YearRow] = []
        self.locale = locale

    def show_case(self, case: BusinessCase | None, locale: str) -> None:
        self.beginResetModel()
        self.case, self.locale = case, locale
        self.rows = case.plan.years() if case is not None and case.has_figures else []
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.case is None:
            return None
        row, (name, title, _tip) = self.rows[index.row()], COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if name == "year":
                text = self.case.year_label(row)
            else:
                value: Decimal = getattr(row, name)
                text = format_money(value, self.case.currency, locale=self.locale, code=False)
            return text if role == Qt.ItemDataRole.DisplayRole else f"{title}: {text}"
        if role == Qt.ItemDataRole.TextAlignmentRole and name != "year":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        if role == Qt.ItemDataRole.ToolTipRole:
            return COLUMNS[section][2]
        return None
