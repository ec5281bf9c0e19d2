"""File > New Workshop: the title, the client and the date first, then where
to keep the file (named after the title). Making the title from a file name
gave workshops called "ws2"."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import numbers
from desktop_app.domain.validation import TEXT_LIMIT
from desktop_app.ui.widgets.date_field import DateField


class NewWorkshopDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New workshop")
        self.title = QLineEdit(self)
        self.title.setAccessibleName("Title")
        self.title.setMaxLength(TEXT_LIMIT)
        self.title.setPlaceholderText("IT sourcing workshop – service desk and infrastructure")
        self.organisation = QLineEdit(self)
        self.organisation.setAccessibleName("Client organisation")
        self.organisation.setMaxLength(TEXT_LIMIT)
        self.date = DateField(numbers.laptop_locale, "Workshop date", "No date yet", self)
        self.date.set_date(date.today())
        form = QFormLayout()
        form.addRow("&Title", self.title)
        form.addRow("C&lient", self.organisation)
        form.addRow("&Date", self.date)
        self.problem = QLabel(self)
        self.problem.setObjectName("validation")
        self.problem.setWordWrap(True)
        self.problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Choose where to keep it…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("What the workshop is, for whom and when: the file is named "
                                "after the title.", self))
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.title.setFocus()

    def values(self) -> tuple[str, str, date | None]:
        """(title, client, date); ValueError with the reason when one cannot be taken."""
        title = " ".join(self.title.text().split())
        if not title:
            raise ValueError("Give the workshop a title: it heads the minutes and names "
                             "the file.")
        try:
            when = self.date.value()
        except ValueError as error:
            raise ValueError(f"Date: {error}.") from None
        return title, self.organisation.text().strip(), when  # type: ignore[return-value]

    def accept(self) -> None:
        try:
            self.values()
        except ValueError as error:
            self.problem.setText(str(error))
            self.problem.show()
            return
        super().accept()
