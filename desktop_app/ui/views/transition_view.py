"""The stage Pace & transition: the waves with their dates and go / no-go, the
functions each moves and its readiness gates, and a timeline across all waves
with the health check's pace findings under it.

The article's failure mode 2 is outsourcing too fast; the timeline and the
findings show it while the room plans (a wave too short or too big, waves on
top of each other, a go with gates still open)."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import health
from desktop_app.domain.commands import Change
from desktop_app.domain.model import GateStatus, GoDecision, Stage, Wave, Workshop
from desktop_app.domain.stages import stage_facts
from desktop_app.ui.delegates import FieldDelegate
from desktop_app.ui.icons import set_themed_icon
from desktop_app.ui.labels import choices
from desktop_app.ui.models.section_model import Column
from desktop_app.ui.models.wave_models import GATE_COLUMNS, GatesModel, WaveFunctionsModel
from desktop_app.ui.session import Session
from desktop_app.ui.theme import colours
from desktop_app.ui.views.section_editor import SectionEditor
from desktop_app.ui.views.stage_page import StagePage
from desktop_app.ui.widgets.timeline import WaveTimeline, is_dark

WAVE_COLUMNS = [
    Column("name", "Wave"),
    Column("start", "Start", "date",
           tooltip="First day of the wave: 2027-04-12, or as your locale writes it"),
    Column("end", "End", "date",
           tooltip="Last day of the wave: 2027-06-04, or as your locale writes it"),
    Column("moves", "Functions", "computed",
           compute=lambda ws, w: len(w.functions), numeric=True,
           tooltip="How many functions the wave moves (tick them below)"),
    Column("gates_open", "Open gates", "computed",
           compute=lambda ws, w: sum(1 for g in w.gates if g.status.value == "open"),
           numeric=True, tooltip="Readiness gates still open (edit them below)"),
    Column("go", "Go / no-go", "enum", choices(GoDecision),
           tooltip="The room's decision: pending, go or no go"),
]

TAB_TIPS = (
    "One bar per wave, coloured by the go / no-go decision; amber hatching marks a wave that "
    "is too short, moves too much or overlaps another. Click a bar to select its wave.",
    "Tick the functions the selected wave moves",
    "What must be true before the selected wave may go",
)
STANDARD_GATES = ("Knowledge transfer signed off", "Runbooks written", "Pilot passed",
                  "Rollback plan agreed")


def new_wave(workshop: Workshop) -> Wave:
    number = len(workshop.waves) + 1
    return Wave(id=workshop.new_id("waves"), name=f"Wave {number}")


def pace_findings(workshop: Workshop) -> list[health.Finding]:
    return health.check(workshop, codes={"pace"})


def _section_title(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("sectionTitle")
    label.setWordWrap(True)
    return label


THEME_EVENTS = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)


class WaveFunctionsList(QWidget):
    """Tick the functions the selected wave moves."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = WaveFunctionsModel(session, self)
        self.title = _section_title("Functions moved", self)
        self.view = QListView(self)
        self.view.setObjectName("waveFunctionsList")
        self.view.setAccessibleName("Functions moved by the selected wave")
        self.view.setModel(self.model)
        self.view.setAlternatingRowColors(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        hint = QLabel("Space ticks or unticks the selected function.", self)
        hint.setObjectName("muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.view, 1)
        layout.addWidget(hint)


class GatesEditor(QWidget):
    """The readiness gates of the selected wave, with add and remove."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = GatesModel(session, self)
        self.title = _section_title("Readiness gates", self)
        self.view = QTableView(self)
        self.view.setObjectName("gatesTable")
        self.view.setAccessibleName("Readiness gates of the selected wave")
        self.view.setModel(self.model)
        self.view.setItemDelegate(FieldDelegate(session, "waves", GATE_COLUMNS, self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.view.setTabKeyNavigation(True)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.view.setColumnWidth(1, 110)
        self.view.installEventFilter(self)
        self.validation = QLabel(self)
        self.validation.setObjectName("validation")
        self.validation.setWordWrap(True)
        self.validation.hide()
        self.model.validation_failed.connect(self.show_problem)

        self.add_button = self._button("add", "Add gate (Insert)", self.add_gate)
        self.remove_button = self._button("remove", "Remove gate (Delete)", self.remove_gate)
        bar = QHBoxLayout()
        bar.addWidget(self.title)
        bar.addStretch(1)
        bar.addWidget(self.add_button)
        bar.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.validation)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    def _button(self, icon_name: str, tip: str, slot) -> QToolButton:
        button = QToolButton(self)
        set_themed_icon(button, icon_name)
        button.setToolTip(tip)
        button.setAccessibleName(tip.split(" (")[0])
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    def show_problem(self, message: str) -> None:
        self.validation.setText(message)
        self.validation.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.view and event.type() == QEvent.Type.KeyPress
                and self.view.state() != QAbstractItemView.State.EditingState):
            if event.key() == Qt.Key.Key_Insert:
                self.add_gate()
                return True
            if event.key() == Qt.Key.Key_Delete:
                self.remove_gate()
                return True
        return super().eventFilter(watched, event)

    def current_row(self) -> int:
        index = self.view.currentIndex()
        return index.row() if index.isValid() else -1

    def select_row(self, row: int, edit: bool = False) -> None:
        if not (0 <= row < self.model.rowCount()):
            return
        index = self.model.index(row, 0)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        if edit:
            self.view.edit(index)

    def add_gate(self) -> None:
        if self.model.wave() is None or self.session.read_only:
            return
        row = self.current_row()
        used = {g.name for g in self.model.wave().gates}  # type: ignore[union-attr]
        name = next((n for n in STANDARD_GATES if n not in used), "New gate")
        added = self.model.add_gate(row + 1 if row >= 0 else None, name)
        if added >= 0:
            self.validation.hide()
            self.view.setFocus()
            self.select_row(added, edit=True)

    def remove_gate(self) -> None:
        row = self.current_row()
        if row >= 0 and self.model.remove_gate(row):
            self.select_row(min(row, self.model.rowCount() - 1))

    def _update_buttons(self) -> None:
        writable = self.model.wave() is not None and not self.session.read_only
        self.add_button.setEnabled(writable)
        self.remove_button.setEnabled(writable and self.current_row() >= 0)


class TransitionView(StagePage):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, Stage.TRANSITION, parent)
        self.facts = QLabel(self)
        self.facts.setObjectName("facts")
        self.facts.setWordWrap(True)
        self.waves = self.add_editor(SectionEditor(
            session, "waves", "Waves", WAVE_COLUMNS, new_wave, "wave", self))
        self.waves.set_column_widths(dict(enumerate((300, 100, 100, 80, 95, 105))))
        header = self.waves.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the name takes the rest
        self.functions = WaveFunctionsList(session, self)
        self.functions.model.validation_failed.connect(self.waves.show_problem)
        self.gates = GatesEditor(session, self)
        self.timeline = WaveTimeline(session, self)
        self.timeline.wave_clicked.connect(self.waves.reveal)
        self.findings = QLabel(self)
        self.findings.setObjectName("paceFindings")
        self.findings.setWordWrap(True)
        self.findings.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.findings.setTextFormat(Qt.TextFormat.RichText)
        self.findings.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.findings.linkActivated.connect(self.waves.reveal)

        timeline_page = QWidget(self)
        timeline_box = QVBoxLayout(timeline_page)
        timeline_box.setContentsMargins(6, 6, 6, 6)
        timeline_box.addWidget(self.timeline)
        timeline_box.addStretch(1)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("transitionTabs")
        self.tabs.setAccessibleName("Timeline and the selected wave's functions and gates")
        self.tabs.addTab(timeline_page, "Timeline")
        self.tabs.addTab(self.functions, "Functions moved")
        self.tabs.addTab(self.gates, "Readiness gates")
        for position, tip in enumerate(TAB_TIPS):
            self.tabs.setTabToolTip(position, tip)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setObjectName("transitionSplitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.waves)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 1)  # extra height goes to the waves table
        splitter.setStretchFactor(1, 0)
        splitter.setSizes([1000, 1])  # the tabs at their smallest: the whole timeline

        self.body.addWidget(self.facts)
        self.body.addWidget(splitter, 1)
        findings_area = self.findings_area = QScrollArea(self)
        findings_area.setObjectName("paceFindingsArea")
        findings_area.setWidget(self.findings)
        findings_area.setWidgetResizable(True)
        findings_area.setFrameShape(QFrame.Shape.NoFrame)
        findings_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body.addWidget(findings_area)

        selection = self.waves.view.selectionModel()
        selection.currentChanged.connect(lambda *_args: self._sync_wave())
        selection.selectionChanged.connect(lambda *_args: self._sync_wave())
        self.waves.model.modelReset.connect(self._sync_wave)
        session.changed.connect(self._on_changed)
        self._refresh()
        if self.waves.model.rowCount():
            self.waves.select_row(0)
        self._sync_wave()

    def selected_wave(self) -> Wave | None:
        item = self.waves.current_item()
        return item if isinstance(item, Wave) else None

    def _sync_wave(self) -> None:
        wave = self.selected_wave()
        wave_id = wave.id if wave is not None else None
        self.functions.model.set_wave(wave_id)
        self.gates.model.set_wave(wave_id)
        self.gates._update_buttons()
        self.timeline.set_selected(wave_id)
        name = f"“{wave.label}”" if wave is not None else None
        self.functions.title.setText(f"Functions moved by {name}" if name
                                     else "Select a wave to tick the functions it moves.")
        self.gates.title.setText(f"Readiness gates of {name}" if name
                                 else "Select a wave to see its readiness gates.")
        moved = len(wave.functions) if wave is not None else 0
        open_gates = sum(1 for g in wave.gates if g.status == GateStatus.OPEN) if wave else 0
        gates = len(wave.gates) if wave is not None else 0
        self.tabs.setTabText(1, f"Functions moved ({moved})" if wave else "Functions moved")
        self.tabs.setTabText(2, f"Readiness gates ({open_gates} of {gates} open)" if wave
                             else "Readiness gates")

    def _fit_findings(self) -> None:
        """As tall as the findings, up to five lines; scroll beyond that."""
        width = max(self.findings_area.viewport().width(), 200)
        wanted = self.findings.heightForWidth(width)
        line = self.findings.fontMetrics().lineSpacing()
        self.findings_area.setFixedHeight(min(max(wanted, line), 5 * line + 6))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self, self._fit_findings)  # once the layout gave the area its width

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in THEME_EVENTS and hasattr(self, "findings_area"):  # recolour
            self._refresh()
        super().changeEvent(event)

    def _on_changed(self, change: Change) -> None:
        if change.touches("waves", "functions", "thresholds"):
            self._refresh()
            self._sync_wave()

    def _refresh(self) -> None:
        ws = self.session.workshop
        self.facts.setText(" · ".join(stage_facts(ws, Stage.TRANSITION)))
        found = pace_findings(ws)
        c = colours(is_dark())
        if found:
            lines = [
                f'<span style="color:{c["warning"]}">⚠</span> {html.escape(f.message)} '
                f'<a href="{html.escape(str(f.key))}">Show</a>'
                for f in found
            ]
            self.findings.setText("<br>".join(lines))
            self.findings.setAccessibleName(
                "Pace findings: " + " ".join(f.message for f in found))
        else:
            self.findings.setText(
                f'<span style="color:{c["muted"]}">No pace findings: no wave is too short, '
                "too big or overlapping, and none goes ahead with gates open.</span>")
            self.findings.setAccessibleName("No pace findings")
        self._fit_findings()

    def pace_messages(self) -> list[str]:
        return [f.message for f in pace_findings(self.session.workshop)]
