"""A date field that can be typed into: ISO or the locale's own form, empty for
no date, with a calendar to pick from as an option. QDateEdit's sections made
typing 2027-01-14 give 2026-01-14, and an empty date could not be typed at all."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QCalendarWidget, QMenu, QToolButton, QWidget, QWidgetAction

from desktop_app.domain.dates import example, read_date, show_date
from desktop_app.ui.icons import set_themed_icon
from desktop_app.ui.widgets.number_field import NumberField


def date_reader(text: str, locale: str) -> tuple[object, str]:
    found = read_date(text, locale)
    return found, "no date" if found is None else show_date(found, locale)


class DateField(NumberField):
    """`committed(date | None)` on Enter or leaving the field; the calendar button
    (or Alt+Down) picks a date and commits it."""

    def __init__(self, locale: Callable[[], str], accessible_name: str, empty_text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(date_reader, locale, accessible_name, parent)
        self.empty_text = empty_text
        self.button = QToolButton(self)
        self.button.setAccessibleName(f"{accessible_name}: pick from a calendar")
        self.button.setToolTip("Pick from a calendar (Alt+Down)")
        set_themed_icon(self.button, "calendar")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(self.open_calendar)
        self.row.addWidget(self.button)
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(True)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        self.menu = QMenu(self)
        action = QWidgetAction(self.menu)
        action.setDefaultWidget(self.calendar)
        self.menu.addAction(action)
        self.line.installEventFilter(self)
        self.refresh_hint()

    def refresh_hint(self) -> None:
        self.line.setPlaceholderText(f"{self.empty_text} · 2027-01-14 or {example(self.locale())}")

    def set_date(self, value: date | None) -> None:
        self.show_value("" if value is None else value.isoformat())

    def open_calendar(self) -> None:
        try:
            current = self.value()
        except ValueError:
            current = None
        start = current if isinstance(current, date) else date.today()
        self.calendar.setSelectedDate(QDate(start.year, start.month, start.day))
        self.menu.popup(self.line.mapToGlobal(QPoint(0, self.line.height())))

    def _picked(self, day: QDate) -> None:
        self.menu.close()
        self.line.setText(date(day.year(), day.month(), day.day()).isoformat())
        self.line.setModified(True)
        self._commit()

    def eventFilter(self, watched, event) -> bool:
        from PySide6.QtCore import QEvent

        if (watched is self.line and event.type() == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Down
                and event.modifiers() & Qt.KeyboardModifier.AltModifier):
            self.open_calendar()
            return True
        return super().eventFilter(watched, event)
