"""Dot voting in the room: the scribe records the question put to the room,
enters the room's votes on functions or parking-lot items, sees totals and
ranks (sorted by votes when asked, not under the cursor while typing), the
budget of dots, and can put the results on the presenter's slide.

Every change is a domain command through `Session.execute`, so it is stored at
once and can be undone; a reset is one undoable step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.commands import Batch, Change, EditDetails, EditField
from desktop_app.domain.model import SECTIONS, Details, Item
from desktop_app.domain.votes import (
    DEFAULT_QUESTIONS,
    QUESTION_FIELDS,
    VOTABLE,
    dots_available,
    dots_used,
    question,
    ranks,
    voters,
)
from desktop_app.ui.icons import set_themed_icon
from desktop_app.ui.session import Session

MAX_VOTES = 100_000
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # numbers sort as numbers


class VotesModel(QAbstractTableModel):
    """One row per item of the section, in workshop order: rank, item, votes."""

    RANK, NAME, VOTES = range(3)
    HEADERS = ("Rank", "Item", "Votes")

    def __init__(self, session: Session, section: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        if section not in VOTABLE:
            raise ValueError(f"cannot vote on {section!r}")
        self.session = session
        self.section = section
        self.last_error: str | None = None
        self._items: list[Item] = []
        self._ranks: list[int] = []
        self._load()
        session.changed.connect(self._on_changed)

    def _load(self) -> None:
        self._items = list(self.session.workshop.section(self.section))
        self._ranks = ranks([item.votes for item in self._items])

    def _on_changed(self, change: Change) -> None:
        if not change.touches(self.section):
            return
        keys = [item.key for item in self._items]
        new_keys = [item.key for item in self.session.workshop.section(self.section)]
        if keys == new_keys:
            self._load()
            if self._items:
                self.dataChanged.emit(self.index(0, 0),
                                      self.index(len(self._items) - 1, len(self.HEADERS) - 1))
        else:
            self.beginResetModel()
            self._load()
            self.endResetModel()

    # -- Qt model ----------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.HEADERS)):
            return self.HEADERS[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.VOTES and not self.session.read_only:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item, column = self._items[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (str(self._ranks[index.row()]), item.label, str(item.votes))[column]
        if role in (Qt.ItemDataRole.EditRole, SORT_ROLE):
            return (self._ranks[index.row()], item.label, item.votes)[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == self.NAME:
            return getattr(item, "text", None) or getattr(item, "description", None) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column != self.NAME:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != self.VOTES or role != Qt.ItemDataRole.EditRole:
            return False
        try:
            votes = int(value)
        except (TypeError, ValueError):
            return False
        return self.set_votes(index.row(), votes)

    # -- votes -------------------------------------------------------------------------

    def item_at(self, row: int) -> Item | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def rank_of(self, row: int) -> int:
        return self._ranks[row]

    def set_votes(self, row: int, votes: int) -> bool:
        """Store `votes` for the item in `row` (one undoable step)."""
        item = self.item_at(row)
        votes = max(0, min(votes, MAX_VOTES))
        if item is None or self.session.read_only:
            return False
        if item.votes == votes:
            return True
        self.last_error = self.session.execute(EditField(self.section, item.key, "votes", votes))
        return self.last_error is None

    def add_votes(self, row: int, step: int) -> bool:
        item = self.item_at(row)
        return item is not None and self.set_votes(row, item.votes + step)

    def reset_command(self) -> Batch | None:
        """All votes back to 0 as one step, or None when there is nothing to reset."""
        edits = [EditField(self.section, item.key, "votes", 0)
                 for item in self.session.workshop.section(self.section) if item.votes]
        return Batch("Reset votes", edits) if edits else None


class VotingDialog(QDialog):
    """Dot voting on one section ("functions" or "parking_lot")."""

    def __init__(self, session: Session, section: str, parent: QWidget | None = None,
                 on_slide: Callable[[str | None], None] | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.section = section
        # Puts the results on the presenter's slide (the section) or takes them off (None).
        self.on_slide = on_slide
        spec = SECTIONS[section]
        self.setObjectName("votingDialog")
        self.setWindowTitle(f"Dot vote on the {spec.title.lower()}")
        self.model = VotesModel(session, section, self)
        # Sorted by votes on opening and on request, never under the cursor while
        # votes are typed in (a row that jumped would take the next key elsewhere).
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setDynamicSortFilter(False)
        read_only = session.read_only

        self.question = QLineEdit(question(session.workshop, section), self)
        self.question.setObjectName("voteQuestion")
        self.question.setAccessibleName("The question put to the room")
        self.question.setPlaceholderText(f"e.g. {DEFAULT_QUESTIONS[section]}")
        self.question.setReadOnly(read_only)
        self.question.editingFinished.connect(self._store_question)
        question_label = QLabel("&Question put to the room:", self)
        question_label.setBuddy(self.question)

        intro = QLabel(
            "Select an item and press + or − (or a number key to set its votes), "
            "or click the buttons. Double-click a count to type a larger number.", self)
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)

        self.table = QTableView(self)
        self.table.setObjectName("votesTable")
        self.table.setAccessibleName(f"Votes on the {spec.title.lower()}")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(VotesModel.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(VotesModel.RANK, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(VotesModel.VOTES, QHeaderView.ResizeMode.ResizeToContents)
        self.table.installEventFilter(self)

        self.plus_button = QPushButton("Add a vote", self)
        set_themed_icon(self.plus_button, "mdi6.plus-circle-outline")
        self.plus_button.setAccessibleName("Add a vote to the selected item")
        self.plus_button.clicked.connect(lambda: self.change_current(+1))
        self.minus_button = QPushButton("Remove a vote", self)
        set_themed_icon(self.minus_button, "mdi6.minus-circle-outline")
        self.minus_button.setAccessibleName("Remove a vote from the selected item")
        self.minus_button.clicked.connect(lambda: self.change_current(-1))
        self.sort_button = QPushButton("&Sort by Votes", self)
        set_themed_icon(self.sort_button, "mdi6.sort-numeric-descending")
        self.sort_button.setToolTip("Most votes first (the table does not reorder while you "
                                    "type votes)")
        self.sort_button.clicked.connect(self.sort_by_votes)
        self.slide_button = QPushButton("Show on the S&lide", self)
        set_themed_icon(self.slide_button, "mdi6.projector-screen-outline")
        self.slide_button.setCheckable(True)
        self.slide_button.setToolTip("Put the results, most votes first, on the presenter's "
                                     "slide (it opens if it is closed)")
        self.slide_button.setEnabled(on_slide is not None)
        self.slide_button.toggled.connect(self._show_on_slide)
        self.finished.connect(lambda _result: self._show_on_slide(False))
        self.reset_button = QPushButton("Reset…", self)
        set_themed_icon(self.reset_button, "mdi6.restore")
        self.reset_button.setAccessibleName("Reset all votes to zero")
        self.reset_button.clicked.connect(self.reset)
        for button in (self.plus_button, self.minus_button, self.reset_button):
            button.setEnabled(not read_only)
        for button in (self.plus_button, self.minus_button, self.reset_button,
                       self.sort_button, self.slide_button):
            button.setAutoDefault(False)

        self.per_person = QSpinBox(self)
        self.per_person.setAccessibleName("Votes per person")
        low, high = Details.RANGES["votes_per_person"].low, Details.RANGES["votes_per_person"].high
        self.per_person.setRange(int(low), int(high or 50))
        self.per_person.setValue(session.workshop.details.votes_per_person)
        self.per_person.setEnabled(not read_only)
        self.per_person.valueChanged.connect(self._set_per_person)
        self.budget_label = QLabel(self)
        self.budget_label.setObjectName("votingBudget")
        self.budget_label.setAccessibleName("Dots available and used")
        self.warning_label = QLabel(self)
        self.warning_label.setObjectName("validation")
        self.warning_label.setWordWrap(True)
        self.warning_label.hide()

        buttons_row = QHBoxLayout()
        buttons_row.addWidget(self.plus_button)
        buttons_row.addWidget(self.minus_button)
        buttons_row.addWidget(self.sort_button)
        buttons_row.addStretch(1)
        buttons_row.addWidget(self.slide_button)
        buttons_row.addWidget(self.reset_button)
        budget_row = QHBoxLayout()
        per_person_label = QLabel("Votes per &person:", self)
        per_person_label.setBuddy(self.per_person)
        budget_row.addWidget(per_person_label)
        budget_row.addWidget(self.per_person)
        budget_row.addSpacing(16)
        budget_row.addWidget(self.budget_label, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)

        question_row = QHBoxLayout()
        question_row.addWidget(question_label)
        question_row.addWidget(self.question, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(question_row)
        layout.addWidget(intro)
        layout.addLayout(budget_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons_row)
        layout.addWidget(self.warning_label)
        layout.addWidget(close)

        session.changed.connect(self._on_changed)
        self._refresh_budget()
        self.sort_by_votes()
        if self.model.rowCount():
            self.table.selectRow(0)
        self.table.setFocus()
        self.table.setMinimumSize(480, 320)  # a top-level resize() warns on offscreen Qt

    # -- entering votes ------------------------------------------------------------------

    def current_row(self) -> int:
        """The model row (the item's place in the workshop) of the selection."""
        index = self.proxy.mapToSource(self.table.currentIndex())
        return index.row() if index.isValid() else -1

    def select_row(self, row: int) -> None:
        """Select the item in model row `row`, wherever sorting put it."""
        shown = self.proxy.mapFromSource(self.model.index(row, VotesModel.NAME))
        if shown.isValid():
            self.table.selectRow(shown.row())

    def shown_names(self) -> list[str]:
        """The items' names as the table lists them, top to bottom."""
        return [str(self.proxy.index(row, VotesModel.NAME).data())
                for row in range(self.proxy.rowCount())]

    def sort_by_votes(self) -> None:
        self.table.sortByColumn(VotesModel.VOTES, Qt.SortOrder.DescendingOrder)

    def _store_question(self) -> None:
        text = self.question.text().strip()
        if self.session.read_only or text == question(self.session.workshop, self.section):
            return
        problem = self.session.execute(EditDetails(QUESTION_FIELDS[self.section], text))
        if problem:
            self.warning_label.setText(problem)
            self.warning_label.show()

    def _show_on_slide(self, on: bool) -> None:
        if self.on_slide is not None:
            self.on_slide(self.section if on else None)
        if self.slide_button.isChecked() != on:
            self.slide_button.setChecked(on)

    def change_current(self, step: int) -> bool:
        row = self.current_row()
        done = row >= 0 and self.model.add_votes(row, step)
        self._after_edit(row)
        return done

    def set_current(self, votes: int) -> bool:
        row = self.current_row()
        done = row >= 0 and self.model.set_votes(row, votes)
        self._after_edit(row)
        return done

    def _after_edit(self, row: int) -> None:
        if self.model.last_error:
            self.warning_label.setText(self.model.last_error)
            self.warning_label.show()
        if row >= 0:
            self.select_row(row)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.table and event.type() == QEvent.Type.KeyPress
                and self.table.state() != QAbstractItemView.State.EditingState
                and not self.session.read_only):
            key, text = event.key(), event.text()
            if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal) or text == "+":
                self.change_current(+1)
                return True
            if key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore) or text == "-":
                self.change_current(-1)
                return True
            if Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
                self.set_current(key - Qt.Key.Key_0)
                return True
        return super().eventFilter(watched, event)

    def reset(self) -> bool:
        command = self.model.reset_command()
        if command is None or self.session.read_only:
            return False
        answer = QMessageBox.question(
            self, "Reset the votes?",
            f"Set the votes of all {self.model.rowCount()} items to 0? Undo brings them back.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        return self.session.execute(command) is None

    def _set_per_person(self, value: int) -> None:
        if value != self.session.workshop.details.votes_per_person:
            self.session.execute(EditDetails("votes_per_person", value))

    # -- budget --------------------------------------------------------------------------

    def _on_changed(self, _change: Change) -> None:
        asked = question(self.session.workshop, self.section)
        if not self.question.hasFocus() and self.question.text() != asked:
            self.question.setText(asked)  # an undo
        wanted = self.session.workshop.details.votes_per_person
        if self.per_person.value() != wanted:
            self.per_person.blockSignals(True)
            self.per_person.setValue(wanted)
            self.per_person.blockSignals(False)
        self._refresh_budget()

    def over_budget(self) -> int:
        """How many dots more than the room has were used (0 when within budget)."""
        workshop = self.session.workshop
        return max(0, dots_used(workshop, self.section) - dots_available(workshop))

    def _refresh_budget(self) -> None:
        workshop = self.session.workshop
        present = voters(workshop)
        available, used = dots_available(workshop), dots_used(workshop, self.section)
        people = "voter" if present == 1 else "voters"
        self.budget_label.setText(
            f"× {present} {people} present (facilitators run the vote) = {available} dots "
            f"available · {used} used")
        over = self.over_budget()
        if over:
            self.warning_label.setText(
                f"{used} dots used, {over} more than the {available} the room has: "
                "check the count, or raise the votes per person.")
        self.warning_label.setVisible(bool(over))
