"""Quick capture: from any stage, one shortcut adds a decision, an action, a
risk or a parking-lot item tagged with that stage, without leaving it.

`CapturesModel` lists the four kinds together (for a stage's own captures and
for the close-stage review), and `CaptureDialog` asks for the few fields each
kind needs; Ctrl+Enter stores it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import clock, numbers
from desktop_app.domain.commands import AddItem, Batch, Change, Command, EditField
from desktop_app.domain.model import (
    Action,
    ActionStatus,
    Decision,
    DecisionStatus,
    Item,
    ParkingItem,
    Risk,
    RiskStatus,
    Stage,
)
from desktop_app.domain.stages import STAGE_INFO
from desktop_app.domain.validation import ValidationError
from desktop_app.ui.icons import icon
from desktop_app.ui.labels import choices, enum_label, with_article
from desktop_app.ui.models.filtering import change_filter
from desktop_app.ui.session import Session
from desktop_app.ui.widgets.date_field import DateField

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class CaptureKind:
    section: str
    noun: str
    icon: str
    shortcut: str


KINDS: dict[str, CaptureKind] = {
    "decisions": CaptureKind("decisions", "decision", "mdi6.gavel", "Ctrl+Shift+D"),
    "actions": CaptureKind("actions", "action", "mdi6.checkbox-marked-circle-outline",
                           "Ctrl+Shift+A"),
    "risks": CaptureKind("risks", "risk", "mdi6.alert-outline", "Ctrl+Shift+R"),
    "parking_lot": CaptureKind("parking_lot", "parking-lot item", "mdi6.parking",
                               "Ctrl+Shift+P"),
}


def _text_of(item: Item) -> str:
    return item.title if isinstance(item, Risk) else item.text  # type: ignore[attr-defined]


def _status_of(item: Item) -> str:
    status = getattr(item, "status", None)
    return enum_label(status) if status is not None else "Parked"


def _details_of(item: Item) -> str:
    if isinstance(item, Action):
        parts = [item.owner or "no owner", f"due {item.due.isoformat()}" if item.due else "no date"]
        return " · ".join(parts)
    if isinstance(item, Risk):
        return f"L{item.likelihood} × I{item.impact}" + (f" · {item.owner}" if item.owner else "")
    if isinstance(item, Decision) and item.recorded_at:
        return clock.short_stamp(item.recorded_at)  # the model marks prepared ones
    return ""


class CapturesModel(QAbstractTableModel):
    """Decisions, actions, risks and parked topics in one list, in that order."""

    COLUMNS = ("Kind", "Stage", "Text", "Details", "Status")
    SECTIONS = tuple(KINDS)

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._rows = self._collect()
        session.changed.connect(self._on_changed)

    def _collect(self) -> list[tuple[str, Item]]:
        ws = self.session.workshop
        return [(section, item) for section in self.SECTIONS for item in ws.section(section)]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def entry(self, row: int) -> tuple[str, Item]:
        return self._rows[row]

    def filter_key(self, row: int) -> tuple[str, str, str]:
        """What the filters look at: section, stage value, status."""
        section, item = self._rows[row]
        return section, item.stage.value, _status_of(item)  # type: ignore[attr-defined]

    def _details(self, item: Item) -> str:
        text = _details_of(item)
        details = self.session.workshop.details
        if isinstance(item, Decision) and item.recorded_at and clock.prepared(
                item.recorded_at, details.session_started_at, details.date):
            return f"Prepared · {text}"
        return text

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        section, item = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return icon(KINDS[section].icon)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = (
                KINDS[section].noun.capitalize(),
                STAGE_INFO[item.stage].title,  # type: ignore[attr-defined]
                _text_of(item),
                self._details(item),
                _status_of(item),
            )
            return values[column]
        if role == Qt.ItemDataRole.UserRole:
            return self.filter_key(index.row())
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.COLUMNS)):
            return self.COLUMNS[section]
        return None

    def _on_changed(self, change: Change) -> None:
        if change.touches(*self.SECTIONS):
            self.beginResetModel()
            self._rows = self._collect()
            self.endResetModel()


class CapturesFilter(QSortFilterProxyModel):
    """Filter the captures by stage, kind and status (None: any)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stage: str | None = None
        self.kind: str | None = None
        self.status: str | None = None

    def set_filter(self, stage: str | None = None, kind: str | None = None,
                   status: str | None = None) -> None:
        def apply() -> None:
            self.stage, self.kind, self.status = stage, kind, status

        change_filter(self, apply)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        # Straight from the rows, not through data(): every stage filters them all.
        section, stage, status = self.sourceModel().filter_key(source_row)
        return (
            (self.stage is None or stage == self.stage)
            and (self.kind is None or section == self.kind)
            and (self.status is None or status == self.status)
        )


def new_capture(session: Session, section: str, stage: Stage, text: str) -> Item:
    ws = session.workshop
    ident = ws.new_id(section)
    if section == "decisions":
        return Decision(ident, stage, text, DecisionStatus.PROPOSED,
                        datetime.now(UTC).replace(microsecond=0))
    if section == "actions":
        return Action(ident, stage, text)
    if section == "risks":
        return Risk(ident, text, stage=stage)
    return ParkingItem(ident, stage, text)


class CaptureDialog(QDialog):
    """Ask for a capture's text and the few fields of its kind."""

    def __init__(self, session: Session, section: str, stage: Stage,
                 item: Item | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.section, self.stage, self.item = session, section, stage, item
        kind = KINDS[section]
        verb = "Edit" if item else "Capture"
        self.setWindowTitle(f"{verb} {kind.noun}")
        self.setObjectName("captureDialog")
        where = STAGE_INFO[item.stage if item else stage].title  # type: ignore[attr-defined]
        heading = QLabel(f"{verb} {with_article(kind.noun)} in <b>{where}</b>", self)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("captureText")
        self.text.setAccessibleName("Text")
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText(
            "What was decided?" if section == "decisions" else
            "What needs doing?" if section == "actions" else
            "What could go wrong?" if section == "risks" else "What is put off for later?"
        )
        self.text.setFixedHeight(90)
        form = QFormLayout()
        form.addRow("&Text", self.text)
        self.fields: dict[str, QWidget] = {}
        people = sorted({p.name for p in session.workshop.participants})
        if section == "decisions":
            self._combo(form, "status", "&Status", choices(DecisionStatus))
        if section in ("actions", "risks"):
            owner = QLineEdit(self)
            owner.setAccessibleName("Owner")
            owner.setCompleter(QCompleter(people, owner))
            form.addRow("&Owner", owner)
            self.fields["owner"] = owner
        if section == "actions":
            due = DateField(
                lambda: numbers.number_locale(self.session.workshop.details.number_format),
                "Due date", "No date", self)
            form.addRow("&Due", due)
            self.fields["due"] = due
            self._combo(form, "status", "St&atus", choices(ActionStatus))
        if section == "risks":
            for name, label in (("likelihood", "&Likelihood (1-5)"), ("impact", "&Impact (1-5)")):
                spin = QSpinBox(self)
                spin.setRange(1, 5)
                spin.setValue(3)
                spin.setAccessibleName(label.replace("&", ""))
                form.addRow(label, spin)
                self.fields[name] = spin
            mitigation = QLineEdit(self)
            mitigation.setAccessibleName("Mitigation")
            form.addRow("&Mitigation", mitigation)
            self.fields["mitigation"] = mitigation
            self._combo(form, "status", "St&atus", choices(RiskStatus))
        self.problem = QLabel(self)
        self.problem.setObjectName("validation")
        self.problem.setWordWrap(True)
        self.problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Store (Ctrl+Enter)")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())
        if item is not None:
            self._load(item)

    def _combo(self, form: QFormLayout, name: str, label: str, options) -> None:
        combo = QComboBox(self)
        combo.setAccessibleName(label.replace("&", ""))
        for value, text in options:
            combo.addItem(text, value)
        form.addRow(label, combo)
        self.fields[name] = combo

    def _load(self, item: Item) -> None:
        self.text.setPlainText(_text_of(item))
        for name, widget in self.fields.items():
            value = getattr(item, name)
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(widget.findData(value.value), 0))
            elif isinstance(widget, QSpinBox):
                widget.setValue(value)
            elif isinstance(widget, DateField):
                widget.set_date(value)
            elif isinstance(widget, QLineEdit):
                widget.setText(value)

    def values(self) -> dict[str, Any]:
        text_field = "title" if self.section == "risks" else "text"
        values: dict[str, Any] = {text_field: self.text.toPlainText().strip()}
        for name, widget in self.fields.items():
            if isinstance(widget, QComboBox):
                values[name] = widget.currentData()
            elif isinstance(widget, QSpinBox):
                values[name] = widget.value()
            elif isinstance(widget, DateField):
                try:
                    values[name] = widget.value()
                except ValueError as error:
                    raise ValueError(f"Due date: {error}.") from None
            elif isinstance(widget, QLineEdit):
                values[name] = widget.text().strip()
        return values

    def command(self) -> Command:
        values = self.values()
        if self.item is None:
            text_field = "title" if self.section == "risks" else "text"
            item = new_capture(self.session, self.section, self.stage, values.pop(text_field))
            return AddItem(self.section, dataclasses.replace(item, **values))
        edits = [
            EditField(self.section, self.item.key, name, value)
            for name, value in values.items() if getattr(self.item, name) != value
        ]
        return Batch(f"Edit {KINDS[self.section].noun} “{self.item.label}”", edits)

    def accept(self) -> None:
        try:
            command = self.command()
        except (ValidationError, ValueError) as error:
            self._show(str(error))
            return
        if isinstance(command, Batch) and not command.commands:
            super().accept()
            return
        problem = self.session.execute(command)
        if problem:
            self._show(problem)
            return
        super().accept()

    def _show(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()
