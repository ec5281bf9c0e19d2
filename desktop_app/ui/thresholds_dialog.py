"""The health check's thresholds for this workshop (the interchange `settings`)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.commands import Batch, EditThresholds
from desktop_app.domain.model import Thresholds
from desktop_app.domain.validation import ValidationError
from desktop_app.ui.session import Session

FIELDS = [
    ("min_vendor_score", "Vendor pass mark (of 5)", "A vendor scoring under this is flagged"),
    ("close_call_margin", "Close-call margin (%)", "Top two vendors within this margin"),
    ("max_functions_per_wave", "Functions per wave (at most)", "More in one wave is too fast"),
    ("min_wave_weeks", "Shortest wave (weeks)", "A shorter wave is rushed"),
    ("strategic_importance_limit", "Strategic from importance", "Outsourcing these is flagged"),
    ("price_rise", "Sensitivity: vendor prices higher by (%)",
     "The business case's sensitivity line; a plan whose saving turns negative is flagged"),
    ("transition_rise", "Sensitivity: transition dearer by (%)",
     "The business case's sensitivity line: the one-off cost this much higher"),
]
PERCENT = ("close_call_margin", "price_rise", "transition_rise")  # fractions, shown as %


class ThresholdsDialog(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Health check thresholds")
        self.setObjectName("thresholdsDialog")
        current = session.workshop.thresholds
        form = QFormLayout()
        self.editors: dict[str, QSpinBox | QDoubleSpinBox] = {}
        for name, label, tip in FIELDS:
            bounds = Thresholds.RANGES[name]
            if name in ("min_vendor_score", *PERCENT):
                spin: QSpinBox | QDoubleSpinBox = QDoubleSpinBox(self)
                spin.setDecimals(1)
                scale = 100 if name in PERCENT else 1
                spin.setRange(bounds.low * scale, (bounds.high or 0) * scale)
                spin.setValue(getattr(current, name) * scale)
            else:
                spin = QSpinBox(self)
                spin.setRange(int(bounds.low), int(bounds.high or 0))
                spin.setValue(getattr(current, name))
            spin.setAccessibleName(label)
            spin.setToolTip(tip)
            form.addRow(label, spin)
            self.editors[name] = spin
        note = QLabel("Defaults follow the method: 3.0, 10 %, 3 functions, 6 weeks, 4; "
                      "prices 10 % higher and the transition 25 % dearer. "
                      "They are stored in this workshop.", self)
        note.setObjectName("muted")
        note.setWordWrap(True)
        self.problem = QLabel(self)
        self.problem.setObjectName("validation")
        self.problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            self.restore_defaults)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setEnabled(not session.read_only)

    def restore_defaults(self) -> None:
        defaults = Thresholds()
        for name, spin in self.editors.items():
            scale = 100 if name in PERCENT else 1
            spin.setValue(getattr(defaults, name) * scale)

    def values(self) -> dict[str, float | int]:
        values: dict[str, float | int] = {}
        for name, spin in self.editors.items():
            value = spin.value()
            values[name] = round(value / 100, 6) if name in PERCENT else value
        return values

    def accept(self) -> None:
        current = self.session.workshop.thresholds
        try:
            edits = [EditThresholds(name, value) for name, value in self.values().items()
                     if getattr(current, name) != value]
        except ValidationError as error:
            self.problem.setText(str(error))
            self.problem.show()
            return
        if edits:
            problem = self.session.execute(Batch("Change health-check thresholds", edits))
            if problem:
                self.problem.setText(problem)
                self.problem.show()
                return
        super().accept()
