"""Step 3 of the vendors stage: the scoring grid, the evidence behind the
selected score, and the close-call check under it.

Typing a digit in a cell stores it at once (one undoable step), so weighted
totals and ranks move while the room watches; Tab walks the criteria of a
vendor and then the next vendor; Delete clears a score.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QPainter, QPolygonF
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import clock, derived
from desktop_app.domain.commands import DETAILS, Change, agreement_timing
from desktop_app.ui.icons import icon
from desktop_app.ui.models.scoring_model import EVIDENCE_ROLE, ScoringModel, theme_colours
from desktop_app.ui.session import Session
from desktop_app.ui.typing_commit import TypingCommitter

Index = QModelIndex | QPersistentModelIndex

NOT_SCORED = -1  # the spin box's "not scored" value, never stored
MARKER_SIZE = 9  # the evidence marker's side, in pixels


def agreed_phrase(when: datetime, scores_when_agreed: int | None = None) -> str:
    """ "at 10:55 on 9 Mar 2027, before scoring", in the zone it was recorded in
    (named where it differs from the laptop's); the timing only when the file
    recorded it."""
    timing = agreement_timing(scores_when_agreed)
    return clock.at_phrase(when) + (f", {timing}" if timing else "")


class ScoreDelegate(QStyledItemDelegate):
    """A 0-5 spin box that stores each change at once, and a corner marker on
    cells that carry evidence."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: Index) -> QWidget:
        spin = QSpinBox(parent)
        spin.setRange(NOT_SCORED, 5)
        spin.setSpecialValueText("–")
        spin.setAlignment(Qt.AlignmentFlag.AlignCenter)
        vendor = index.model().headerData(index.row(), Qt.Orientation.Vertical,
                                          Qt.ItemDataRole.AccessibleTextRole)
        criterion = str(index.model().headerData(index.column(), Qt.Orientation.Horizontal,
                                                 Qt.ItemDataRole.AccessibleTextRole))
        spin.setAccessibleName(f"Score 0-5 for {vendor}, {criterion}")
        spin.setToolTip("0-5; Delete or the lowest value (–) clears the score")
        spin.valueChanged.connect(lambda _value, editor=spin: self.commitData.emit(editor))
        return spin

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QSpinBox):
            value = index.data(Qt.ItemDataRole.EditRole)
            editor.blockSignals(True)  # showing the value is not an edit
            editor.setValue(NOT_SCORED if value is None else int(value))
            editor.blockSignals(False)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QSpinBox):
            editor.interpretText()
            value = editor.value()
            model.setData(index, None if value == NOT_SCORED else value,
                          Qt.ItemDataRole.EditRole)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        super().paint(painter, option, index)
        evidence = index.data(EVIDENCE_ROLE)
        if not evidence or not str(evidence).strip():
            return
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        c = theme_colours()
        rect = option.rect
        corner = QPolygonF([
            QPointF(rect.right() - MARKER_SIZE, rect.top() + 1),
            QPointF(rect.right(), rect.top() + 1),
            QPointF(rect.right(), rect.top() + 1 + MARKER_SIZE),
        ])
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(c["highlighted_text"] if selected else c["highlight"]))
        painter.drawPolygon(corner)
        painter.restore()


class ScoringTable(QTableView):
    """Tab and Shift+Tab move through the score cells only, row after row."""

    def __init__(self, model: ScoringModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scores = model

    def moveCursor(self, action: QAbstractItemView.CursorAction,
                   modifiers: Qt.KeyboardModifier) -> QModelIndex:
        Cursor = QAbstractItemView.CursorAction
        criteria = self.scores.total_column
        current = self.currentIndex()
        if action not in (Cursor.MoveNext, Cursor.MovePrevious) or criteria == 0 \
                or not current.isValid():
            return super().moveCursor(action, modifiers)
        position = current.row() * criteria + min(current.column(), criteria - 1)
        if action == Cursor.MoveNext:
            position += 1 if current.column() < criteria else criteria
        else:
            position -= 1
        if not 0 <= position < self.scores.rowCount() * criteria:
            return QModelIndex()  # leave the grid: Tab goes on to the evidence field
        return self.scores.index(position // criteria, position % criteria)


class ClosePanel(QFrame):
    """The close-call check: the leader's margin and the weight change that
    would change the winner, in words the room can read out."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("notice")
        self.margin_icon = QLabel(self)
        self.margin_label = QLabel(self)
        self.margin_label.setObjectName("closeCallMargin")
        self.margin_label.setWordWrap(True)
        self.flip_icon = QLabel(self)
        self.flip_label = QLabel(self)
        self.flip_label.setObjectName("closeCallFlip")
        self.flip_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 8)
        layout.setSpacing(4)
        for icon_label, text in ((self.margin_icon, self.margin_label),
                                 (self.flip_icon, self.flip_label)):
            row = QHBoxLayout()
            row.addWidget(icon_label, 0, Qt.AlignmentFlag.AlignTop)
            row.addWidget(text, 1)
            layout.addLayout(row)
        self.setAccessibleName("Close-call check")
        self.setToolTip("Close-call check: is the winner clear, and how much would one "
                        "weight have to change to change it?")
        self.is_close = False
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            QTimer.singleShot(0, self, self.refresh)  # after the theme switch has finished

    def refresh(self) -> None:
        ws = self.session.workshop
        names = {v.id: v.label for v in ws.vendors}
        criteria = {c.id: c for c in ws.criteria}
        verdict = derived.ranking_verdict(ws)  # the slide says the same words
        self.is_close = verdict is not None and verdict.close
        if verdict is None:
            text = ("Score at least two vendors that are not knocked out to compare them."
                    if ws.vendors else "Add vendors and score them to compare them.")
            self._set(self.margin_icon, self.margin_label, "mdi6.information-outline", text)
        elif verdict.close:
            self._set(self.margin_icon, self.margin_label, "warning", verdict.text, "warning")
        else:
            icon = "mdi6.check-circle-outline" if verdict.final else "mdi6.information-outline"
            self._set(self.margin_icon, self.margin_label, icon, verdict.text)
        flip = derived.weight_flip(ws)
        show_flip = len(ws.vendors) >= 2 and bool(ws.criteria)
        self.flip_icon.setVisible(show_flip)
        self.flip_label.setVisible(show_flip)
        if flip is not None:
            criterion = criteria[flip.criterion_id]
            self._set(self.flip_icon, self.flip_label, "mdi6.scale-unbalanced",
                      f"The winner changes if the weight of “{criterion.name}” goes from "
                      f"{flip.old_weight} to {flip.new_weight} (then "
                      f"{names[flip.new_leader]} leads).")
        elif show_flip:
            self._set(self.flip_icon, self.flip_label, "mdi6.scale-balance",
                      "No single weight change within 0-100 changes the winner.")

    def _set(self, icon_label: QLabel, label: QLabel, icon_name: str, text: str,
             tone: str | None = None) -> None:
        c = theme_colours()
        colour = c[tone] if tone else c["text"]
        icon_label.setPixmap(icon(icon_name, colour).pixmap(20, 20))
        label.setText(text)
        label.setStyleSheet(f"color: {colour}; font-weight: bold;" if tone else "")


class ScoringPanel(QWidget):
    """The grid with its evidence field and close-call check."""

    criteria_requested = Signal()  # "go to the criteria" from the agree-first notice

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = ScoringModel(session, self)
        self.table = ScoringTable(self.model, self)
        self.table.setObjectName("scoresGrid")
        self.table.setAccessibleName("Scores: vendors by criteria")
        self.table.setModel(self.model)
        self.table.setItemDelegate(ScoreDelegate(self.table))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setTabKeyNavigation(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        vertical = self.table.verticalHeader()
        vertical.setMaximumWidth(260)  # "2. Sahyadri Infotech Services Ltd" whole
        vertical.setTextElideMode(Qt.TextElideMode.ElideRight)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(32)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        header.setStretchLastSection(True)
        self.table.installEventFilter(self)

        self.agree_notice = QFrame(self)
        self.agree_notice.setObjectName("notice")
        self.notice_icon = QLabel(self.agree_notice)
        self.agree_text = QLabel("Agree the criteria before scoring.", self.agree_notice)
        self.agree_notice.setToolTip("The method has the room agree the criteria and weights "
                                     "before anyone scores, so that scores cannot steer the "
                                     "weights. Scoring now is allowed.")
        self.agree_text.setWordWrap(True)
        self.to_criteria = QPushButton("Go to criteria", self.agree_notice)
        self.to_criteria.setAccessibleName("Go to the criteria to agree them")
        self.to_criteria.clicked.connect(self.criteria_requested)
        notice_layout = QHBoxLayout(self.agree_notice)
        notice_layout.setContentsMargins(10, 4, 10, 4)
        notice_layout.addWidget(self.notice_icon)
        notice_layout.addWidget(self.agree_text, 1)
        notice_layout.addWidget(self.to_criteria)
        self.agreed_label = QLabel(self)
        self.agreed_label.setObjectName("muted")
        self.agreed_label.setWordWrap(True)  # the agreement sentence is never cut at 1280x800

        self.validation = QLabel(self)
        self.validation.setObjectName("validation")
        self.validation.setWordWrap(True)
        self.validation.hide()
        self._hide_timer = QTimer(self, singleShot=True, interval=8000)
        self._hide_timer.timeout.connect(self.validation.hide)

        self.evidence_label = QLabel("Evidence", self)
        self.evidence_label.setObjectName("evidenceLabel")
        self.evidence_edit = QLineEdit(self)
        self.evidence_edit.setObjectName("evidenceEdit")
        self.evidence_label.setBuddy(self.evidence_edit)
        TypingCommitter(self.evidence_edit, session,
                        lambda _text, final: self.commit_evidence(quiet=not final))
        self._evidence_key: tuple[str, str] | None = None

        self.close_panel = ClosePanel(session, self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.agree_notice)
        layout.addWidget(self.agreed_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.validation)
        layout.addWidget(self.evidence_label)
        layout.addWidget(self.evidence_edit)
        layout.addWidget(self.close_panel)

        self.model.validation_failed.connect(self.show_problem)
        self.model.modelReset.connect(self._fit_columns)
        self.model.headerDataChanged.connect(self._on_header_changed)
        self.table.selectionModel().currentChanged.connect(self._on_current_changed)
        session.changed.connect(self._on_changed)
        self.setTabOrder(self.to_criteria, self.table)
        self.setTabOrder(self.table, self.evidence_edit)
        self._fit_columns()
        self._refresh_agreement()
        self._bind_evidence()

    # -- layout ----------------------------------------------------------------

    def _fit_columns(self) -> None:
        """Score columns as narrow as their headers allow, totals wide enough."""
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            width = header.sectionSizeHint(column)
            if self.model.is_score_column(column):
                width = max(width, 64)
            elif column == self.model.rank_column:
                width = max(width, 124)
            else:
                width = max(width, 90)
            self.table.setColumnWidth(column, width)

    def _on_header_changed(self, orientation: Qt.Orientation, _first: int, _last: int) -> None:
        if orientation == Qt.Orientation.Horizontal:  # criteria renamed or reweighted
            self._fit_columns()

    # -- messages --------------------------------------------------------------

    def show_problem(self, message: str) -> None:
        self.validation.setText(message)
        self.validation.show()
        self._hide_timer.start()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            QTimer.singleShot(0, self, self._refresh_agreement)  # icons in the new theme

    def _refresh_agreement(self) -> None:
        self.notice_icon.setPixmap(icon("mdi6.information-outline").pixmap(18, 18))
        details = self.session.workshop.details
        agreed = details.criteria_agreed_at
        self.agree_notice.setVisible(agreed is None)
        self.agreed_label.setVisible(agreed is not None)
        if agreed is not None:
            self.agreed_label.setText(
                f"Criteria and weights agreed {agreed_phrase(agreed, details.scores_when_agreed)}"
                ": locked while scoring.")

    def _on_changed(self, change: Change) -> None:
        if change.touches(DETAILS):
            self._refresh_agreement()
        if change.touches("vendors", "criteria", "scores", "thresholds"):
            self.close_panel.refresh()
        if change.touches("vendors", "criteria", "scores"):
            self._bind_evidence(keep_typing=True)

    # -- cells -----------------------------------------------------------------

    def select_cell(self, key: tuple[str, str]) -> bool:
        index = self.model.index_of(key)
        if not index.isValid():
            return False
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.table.scrollTo(index)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.table and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
                and self.table.state() != QAbstractItemView.State.EditingState):
            self.clear_current()
            return True
        return super().eventFilter(watched, event)

    def clear_current(self) -> None:
        index = self.table.currentIndex()
        key = self.model.cell_key(index)
        if key is None or self.model.score(key) is None or self.session.read_only:
            return
        had_evidence = bool(self.model.score(key).evidence.strip())
        if self.model.setData(index, None) and had_evidence:
            self.show_problem("Cleared the score and its evidence. Undo (Ctrl+Z) brings "
                              "them back.")

    # -- evidence ----------------------------------------------------------------

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self.evidence_edit.hasFocus():
            self.commit_evidence()
        self._bind_evidence()

    def _bind_evidence(self, keep_typing: bool = False) -> None:
        """Point the evidence field at the current cell and show its text."""
        index = self.table.currentIndex()
        key = self.model.cell_key(index)
        if keep_typing and key == self._evidence_key and self.evidence_edit.hasFocus() \
                and self.evidence_edit.isModified():
            return  # the user is typing: do not overwrite what they type
        self._evidence_key = key
        score = self.model.score(key) if key else None
        if key is None:
            self.evidence_label.setText("Evidence: select a score cell to see or note the "
                                        "evidence behind it")
            self.evidence_edit.setPlaceholderText("")
        else:
            vendor = self.model.vendor_at(index.row()).name.replace("&", "&&")
            criterion = self.model.criterion_at(index.column()).name.replace("&", "&&")
            self.evidence_label.setText(f"Ev&idence for {vendor} — {criterion}")
            self.evidence_edit.setPlaceholderText(
                "What supports this score? CVs, references, a site visit, the offer…"
                if score is not None else "Give this cell a score first, then its evidence.")
        self.evidence_edit.setAccessibleName(
            self.evidence_label.text().replace("&&", "\0").replace("&", "").replace("\0", "&"))
        text = score.evidence if score is not None else ""
        if self.evidence_edit.text() != text:
            self.evidence_edit.setText(text)
            self.evidence_edit.setCursorPosition(0)
        self.evidence_edit.setModified(False)
        self.evidence_edit.setEnabled(score is not None)
        self.evidence_edit.setReadOnly(self.session.read_only)

    def commit_evidence(self, quiet: bool = False) -> None:
        """Store the evidence typed so far; `quiet` while the user is still typing."""
        key = self._evidence_key
        if key is None or self.session.read_only or self.model.score(key) is None:
            return
        text = self.evidence_edit.text()
        if text == self.model.score(key).evidence:
            return
        if not self.model.set_evidence(key, text):
            if not quiet and not self.session.store_failed:
                self._bind_evidence()  # refused: show what is stored; unstored: keep it
        else:
            self.evidence_edit.setModified(False)

    def reveal(self, key: Any) -> bool:
        return isinstance(key, tuple) and len(key) == 2 and self.select_cell(key)
