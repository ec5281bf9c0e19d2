"""Optional dates in QDateEdit: the minimum date stands for "not set"."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate

NO_DATE = QDate(1900, 1, 1)  # shown as the special "not set" text


def to_qdate(value: date | None) -> QDate:
    return QDate(value.year, value.month, value.day) if value else NO_DATE


def from_qdate(value: QDate) -> date | None:
    return None if value == NO_DATE else date(value.year(), value.month(), value.day())
