"""The stage Setup & objectives: the workshop details, who is in the room, the
objectives and the agenda. Every field is stored as soon as it is left."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import derived, numbers
from desktop_app.domain.commands import DETAILS, Change, EditDetails
from desktop_app.domain.model import (
    AgendaItem,
    Attendance,
    Participant,
    Side,
    Stage,
    Workshop,
    WorkshopStatus,
)
from desktop_app.domain.stages import STAGE_INFO
from desktop_app.domain.validation import ValidationError
from desktop_app.domain.wording import attendance_text, plural
from desktop_app.ui.icons import set_themed_icon
from desktop_app.ui.labels import choices, minutes_label
from desktop_app.ui.models.objectives_model import ObjectivesModel
from desktop_app.ui.models.section_model import Column
from desktop_app.ui.session import Session
from desktop_app.ui.typing_commit import TypingCommitter
from desktop_app.ui.views.section_editor import SectionEditor
from desktop_app.ui.views.stage_page import StagePage
from desktop_app.ui.widgets.date_field import DateField


class CommitTextEdit(QPlainTextEdit):
    """A multi-line field that reports its text when focus leaves it (a
    `TypingCommitter` also stores it while it is typed)."""

    committed = Signal(str)

    def focusOutEvent(self, event) -> None:
        if event.reason() != Qt.FocusReason.PopupFocusReason:  # not for its context menu
            self.committed.emit(self.toPlainText())
        super().focusOutEvent(event)


def new_participant(workshop: Workshop) -> Participant:
    return Participant(id=workshop.new_id("participants"), name="New participant")


def new_agenda_item(workshop: Workshop) -> AgendaItem:
    used = {item.stage for item in workshop.agenda}
    stage = next((s for s in Stage if s not in used), Stage.CLOSE)
    return AgendaItem(
        id=workshop.new_id("agenda"), stage=stage, title=STAGE_INFO[stage].title,
        planned_minutes=30,
    )


PARTICIPANT_COLUMNS = [
    Column("name", "Name"),
    Column("role", "Role"),
    Column("organisation", "Organisation"),
    Column("side", "Side", "enum", choices(Side)),
    Column("attendance", "Attendance", "enum", choices(Attendance)),
]

AGENDA_COLUMNS = [
    Column("stage", "Stage", "enum", tuple((s.value, STAGE_INFO[s].title) for s in Stage)),
    Column("title", "Title"),
    Column("planned_minutes", "Minutes", "int", tooltip="Planned minutes for this item"),
]


class DetailsForm(QWidget):
    """Title, organisation, date, location, facilitator, scope and status."""

    problem = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.lines: dict[str, QLineEdit] = {}
        form_left, form_right = QFormLayout(), QFormLayout()
        for form in (form_left, form_right):
            form.setHorizontalSpacing(12)
        for name, label, form in (
            ("title", "&Title", form_left),
            ("organisation", "&Organisation", form_left),
            ("facilitator", "F&acilitator", form_left),
            ("location", "&Location", form_right),
        ):
            line = QLineEdit(self)
            line.setObjectName(f"{name}Edit")
            line.setAccessibleName(label.replace("&", ""))
            TypingCommitter(line, session,
                            lambda text, final, n=name: self._commit(n, text, quiet=not final))
            self.lines[name] = line
            form.addRow(label, line)
        self.date_edit = DateField(
            lambda: numbers.number_locale(session.workshop.details.number_format), "Date",
            "Not set", self)
        self.date_edit.setObjectName("dateEdit")
        self.date_edit.committed.connect(lambda value: self._commit("date", value))
        form_right.addRow("&Date", self.date_edit)
        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("statusCombo")
        self.status_combo.setAccessibleName("Status")
        for value, label in choices(WorkshopStatus):
            self.status_combo.addItem(label, value)
        self.status_combo.activated.connect(
            lambda: self._commit("status", self.status_combo.currentData())
        )
        form_right.addRow("&Status", self.status_combo)
        self.scope_edit = CommitTextEdit(self)
        self.scope_edit.setObjectName("scopeEdit")
        self.scope_edit.setAccessibleName("Scope")
        self.scope_edit.setTabChangesFocus(True)
        self.scope_edit.setPlaceholderText("What is in and out of scope for this sourcing effort")
        self.scope_edit.setFixedHeight(64)
        scope_typing = TypingCommitter(
            self.scope_edit, session,
            lambda text, final: self._commit("scope", text, quiet=not final))
        self.scope_edit.committed.connect(lambda _text: scope_typing.flush())
        form_right.addRow("Sco&pe", self.scope_edit)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(24)
        grid.addLayout(form_left, 0, 0)
        grid.addLayout(form_right, 0, 1)
        self.setTabOrder(self.lines["facilitator"], self.lines["location"])
        self.refresh()
        session.changed.connect(self._on_changed)

    def _commit(self, name: str, value, quiet: bool = False) -> None:
        """Store one field; `quiet` while the user is still typing in it."""
        if getattr(self.session.workshop.details, name) == value:
            return
        try:
            command = EditDetails(name, value)
        except ValidationError as error:
            if not quiet:
                self.problem.emit(str(error))
                self.refresh()
            return
        problem = self.session.execute(command)
        if problem and not quiet and not self.session.store_failed:
            self.problem.emit(problem)
            self.refresh()  # a refused value: show what is stored
        # Not stored (disk full, file locked): the text stays in the field, and the
        # next pause or leaving the field tries again.

    def _on_changed(self, change: Change) -> None:
        if change.touches(DETAILS):
            self.refresh()

    def refresh(self) -> None:
        details = self.session.workshop.details
        for name, line in self.lines.items():
            value = getattr(details, name)
            if line.text() != value:
                line.setText(value)
                line.setCursorPosition(0)
        self.date_edit.set_date(details.date)
        self.status_combo.setCurrentIndex(self.status_combo.findData(details.status.value))
        if self.scope_edit.toPlainText() != details.scope:
            self.scope_edit.setPlainText(details.scope)
        read_only = self.session.read_only
        for widget in (*self.lines.values(), self.scope_edit):
            widget.setReadOnly(read_only)
        self.date_edit.line.setReadOnly(read_only)
        self.date_edit.button.setEnabled(not read_only)
        self.status_combo.setEnabled(not read_only)


class ObjectivesEditor(QWidget):
    """The goals of the sourcing effort, in order."""

    problem = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = ObjectivesModel(session, self)
        self.view = QListView(self)
        self.view.setObjectName("objectivesList")
        self.view.setAccessibleName("Objectives")
        self.view.setModel(self.model)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(True)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.view.installEventFilter(self)
        for keys, step in (("Alt+Up", -1), ("Alt+Down", 1)):
            shortcut = QShortcut(QKeySequence(keys), self.view)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda s=step: self.move(s))
        title = QLabel("Objectives", self)
        title.setObjectName("sectionTitle")
        bar = QHBoxLayout()
        bar.addWidget(title)
        bar.addStretch(1)
        self.buttons: dict[str, QToolButton] = {}
        for name, tip, slot in (
            ("add", "Add objective (Insert)", self.add),
            ("remove", "Remove objective (Delete)", self.remove),
            ("up", "Move up", lambda: self.move(-1)),
            ("down", "Move down", lambda: self.move(1)),
        ):
            button = QToolButton(self)
            set_themed_icon(button, name)
            button.setToolTip(tip)
            button.setAccessibleName(tip)
            button.setAutoRaise(True)
            button.clicked.connect(slot)
            self.buttons[name] = button
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.model.validation_failed.connect(self.problem)
        self.session.changed.connect(lambda _change: self._update_buttons())
        self.view.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()

    def _update_buttons(self) -> None:
        writable = not self.session.read_only
        row = self._row()
        self.buttons["add"].setEnabled(writable)
        self.buttons["remove"].setEnabled(writable and row >= 0)
        self.buttons["up"].setEnabled(writable and row > 0)
        self.buttons["down"].setEnabled(writable and 0 <= row < self.model.rowCount() - 1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Insert:
                self.add()
                return True
            if event.key() == Qt.Key.Key_Delete and self.view.state() != (
                QAbstractItemView.State.EditingState
            ):
                self.remove()
                return True
        return super().eventFilter(watched, event)

    def _row(self) -> int:
        index = self.view.currentIndex()
        return index.row() if index.isValid() else -1

    def _select(self, row: int, edit: bool = False) -> None:
        if 0 <= row < self.model.rowCount():
            index = self.model.index(row, 0)
            self.view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            if edit:
                self.view.edit(index)

    def add(self) -> None:
        if self.session.read_only:
            return
        row = self._row() + 1 if self._row() >= 0 else self.model.rowCount()
        if self.model.add("New objective", row):
            self.view.setFocus()
            self._select(row, edit=True)

    def remove(self) -> None:
        row = self._row()
        if row >= 0 and self.model.remove(row):
            self._select(min(row, self.model.rowCount() - 1))

    def move(self, step: int) -> None:
        row = self._row()
        target = row + step
        if row >= 0 and 0 <= target < self.model.rowCount() and self.model.move(row, target):
            self._select(target)


class SetupView(StagePage):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, Stage.SETUP, parent)
        self.details = DetailsForm(session, self)
        self.objectives = ObjectivesEditor(session, self)
        self.participants = self.add_editor(SectionEditor(
            session, "participants", "Participants", PARTICIPANT_COLUMNS, new_participant,
            "participant", self, sortable=True,
        ))
        self.attendance_label = QLabel(self)
        self.attendance_label.setObjectName("muted")
        self.agenda = self.add_editor(SectionEditor(
            session, "agenda", "Agenda", AGENDA_COLUMNS, new_agenda_item, "agenda item", self
        ))
        self.agenda_total = QLabel(self)
        self.agenda_total.setObjectName("muted")

        for source in (self.details, self.objectives):
            source.problem.connect(self.show_problem)

        lower = QGridLayout()
        lower.setHorizontalSpacing(18)
        lower.addWidget(self.objectives, 0, 0)
        agenda_box = QVBoxLayout()
        agenda_box.addWidget(self.agenda, 1)
        agenda_box.addWidget(self.agenda_total)
        lower.addLayout(agenda_box, 0, 1)
        lower.setColumnStretch(0, 2)
        lower.setColumnStretch(1, 3)

        self.captures.toggle.setChecked(False)  # Setup needs the room; one click opens it
        self.body.addWidget(self.details)
        self.body.addWidget(self.participants, 2)
        self.body.addWidget(self.attendance_label)
        self.body.addLayout(lower, 2)
        self.participants.set_column_widths({0: 200, 1: 190, 2: 230, 3: 110})
        self.agenda.set_column_widths({0: 210, 1: 220})
        session.changed.connect(self._on_changed)
        self._refresh_summaries()
        chain = [*self.details.lines.values(), self.details.date_edit, self.details.status_combo,
                 self.details.scope_edit, self.participants.view, self.objectives.view,
                 self.agenda.view]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _on_changed(self, change: Change) -> None:
        if change.touches("participants", "agenda"):
            self._refresh_summaries()

    def _refresh_summaries(self) -> None:
        workshop = self.session.workshop
        counts = Counter(p.attendance for p in workshop.participants)
        parts = attendance_text({a: counts[a] for a in Attendance}, " · ")
        self.attendance_label.setText(
            f"{plural(len(workshop.participants), 'participant')}: " + parts
            if workshop.participants else "No participants yet: press Insert to add one."
        )
        total = sum(derived.planned_minutes(workshop).values())
        self.agenda_total.setText(f"Total planned: {minutes_label(total)}")
