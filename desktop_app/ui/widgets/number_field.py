"""A one-line number field that takes what was typed exactly or says why not.

Spin boxes clamp, round and drop keys silently (a typed "150" % became 15 %,
"8,5" became 85 %). This field keeps the text as typed, shows under it how it
was read ("read as 8.5 %") or why it cannot be taken, and hands a value on
only when it is exactly what was typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop_app.domain import numbers
from desktop_app.domain.clock import month_year

# Reads the text in a locale: (value to store, how it was read) or ValueError.
Reader = Callable[[str, str], tuple[object, str]]


class NumberField(QWidget):
    """A line edit and a reading line beneath it. `committed(value)` is emitted
    on Enter or leaving the field when the text reads as a value."""

    committed = Signal(object)

    def __init__(self, reader: Reader, locale: Callable[[], str], accessible_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reader = reader
        self.locale = locale
        self.line = QLineEdit(self)
        self.line.setAccessibleName(accessible_name)
        self.line.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.reading = QLabel(self)
        self.reading.setObjectName("muted")
        self.reading.setAccessibleName(f"{accessible_name}: how it was read")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.row = QHBoxLayout()
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(2)
        self.row.addWidget(self.line, 1)
        layout.addLayout(self.row)
        layout.addWidget(self.reading)
        self.setFocusProxy(self.line)
        self.line.textEdited.connect(self._show_reading)
        self.line.editingFinished.connect(self._commit)
        self._shown = ""

    def show_value(self, text: str) -> None:
        """Show the stored value (`text` as the locale writes it), unless the
        person is typing into the field."""
        self._shown = text
        if not self.line.hasFocus() or not self.line.isModified():
            self.line.setText(text)
            self.line.setModified(False)
            self.reading.setText("")
            self.reading.setObjectName("muted")
            self._restyle()

    def _read(self) -> tuple[object, str]:
        return self.reader(self.line.text(), self.locale())

    def value(self) -> object:
        """What the text reads as now (ValueError with the reason if nothing)."""
        return self._read()[0]

    def _show_reading(self) -> None:
        try:
            _value, shown = self._read()
        except ValueError as error:
            self.reading.setText(str(error))
            self.reading.setObjectName("validation")
        else:
            self.reading.setText(f"read as {shown}")
            self.reading.setObjectName("muted")
        self._restyle()

    def _commit(self) -> None:
        if not self.line.isModified():
            return
        try:
            value, _shown = self._read()
        except ValueError as error:
            self.reading.setText(f"Not stored: {error}")
            self.reading.setObjectName("validation")
            self._restyle()
            return
        self.line.setModified(False)
        self.committed.emit(value)

    def _restyle(self) -> None:
        self.reading.style().unpolish(self.reading)
        self.reading.style().polish(self.reading)

    @property
    def reading_text(self) -> str:
        return self.reading.text()


def percent_reader(low: Decimal, high: Decimal, decimals: int) -> Reader:
    """A percentage typed as "8,5" or "8.5 %", stored as a fraction (0.085)."""
    def read(text: str, locale: str) -> tuple[object, str]:
        cleaned = text.strip().removesuffix("%").strip()
        if not cleaned:
            raise ValueError("type a percentage, such as " + numbers.show(Decimal("8.5"), locale))
        try:
            value = numbers.read_number(cleaned, locale).value
        except numbers.NumberError as error:
            raise ValueError(str(error) if error.negative
                             else f"“{cleaned[:20]}” is not a number: {error}") from None
        if numbers.places(value) > decimals:
            raise ValueError(f"takes {numbers.decimals_text(decimals)} "
                             f"(not {numbers.show(value, locale)} %)")
        if not low <= value <= high:
            shown = numbers.show(value, locale)
            raise ValueError(f"must be between {numbers.show(low, locale)} and "
                             f"{numbers.show(high, locale)} % (not {shown} %)")
        return value / 100, f"{numbers.show(value, locale)} %"
    return read


def whole_reader(low: int, high: int, unit: Callable[[int], str]) -> Reader:
    """A whole number between `low` and `high`; `unit(n)` names it ("5 years")."""
    def read(text: str, locale: str) -> tuple[object, str]:
        cleaned = text.strip()
        for word in (unit(1).split()[-1], unit(2).split()[-1]):
            cleaned = cleaned.removesuffix(word).strip()
        if not cleaned:
            raise ValueError(f"type a whole number from {low} to {high}")
        try:
            value = numbers.read_number(cleaned, locale).value
        except numbers.NumberError as error:
            raise ValueError(str(error) if error.negative
                             else f"“{cleaned[:20]}” is not a number: {error}") from None
        if value != value.to_integral_value():
            raise ValueError(f"must be a whole number (not {numbers.show(value, locale)})")
        if not low <= value <= high:
            raise ValueError(f"must be from {low} to {high} (not {numbers.show(value, locale)})")
        return int(value), unit(int(value))
    return read


def month_reader(text: str, _locale: str) -> tuple[object, str]:
    """A month typed as 2027-04, 2027-04-01, 04/2027 or 4.2027; empty for the
    default. Stored as the month's first day."""
    cleaned = text.strip()
    if not cleaned:
        return None, "the default"
    match = (re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", cleaned)
             or re.fullmatch(r"(\d{1,2})[/.](\d{4})", cleaned))
    if match is None:
        raise ValueError("type a month as 2027-04 or 04/2027")
    parts = match.groups()
    year, month = (int(parts[0]), int(parts[1])) if len(parts[0]) == 4 else (
        int(parts[1]), int(parts[0]))
    try:
        first = date(year, month, 1)
        if len(parts) == 3 and parts[2] is not None:
            date(year, month, int(parts[2]))  # a real day, though only the month counts
    except ValueError:
        raise ValueError(f"“{cleaned[:20]}” is not a date in the calendar") from None
    return first, month_year(first)
