"""The stage Risks, decisions & close: the risk register with its heat map,
one review list of everything captured in any stage, the editors for each
kind, and the workshop's status (draft, then final)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import clock
from desktop_app.domain.commands import DETAILS, Change, EditDetails
from desktop_app.domain.model import (
    Action,
    ActionStatus,
    Decision,
    DecisionStatus,
    ParkingItem,
    Risk,
    RiskStatus,
    Stage,
    Workshop,
    WorkshopStatus,
)
from desktop_app.domain.stages import STAGE_INFO, stage_facts
from desktop_app.ui.capture import KINDS
from desktop_app.ui.icons import set_themed_icon
from desktop_app.ui.labels import choices
from desktop_app.ui.models.section_model import Column
from desktop_app.ui.session import Session
from desktop_app.ui.views.captures_panel import CapturesTable
from desktop_app.ui.views.section_editor import SectionEditor
from desktop_app.ui.views.stage_page import StagePage
from desktop_app.ui.widgets.heat_map import RiskHeatMap

STAGE_CHOICES = tuple((s.value, STAGE_INFO[s].title) for s in Stage)

RISK_COLUMNS = [
    Column("title", "Risk"),
    Column("likelihood", "Likelihood", "int", tooltip="1 (rare) to 5 (almost certain)"),
    Column("impact", "Impact", "int", tooltip="1 (minor) to 5 (severe)"),
    Column("exposure", "Exposure", "computed", compute=lambda ws, r: r.exposure, numeric=True),
    Column("owner", "Owner"),
    Column("mitigation", "Mitigation"),
    Column("status", "Status", "enum", choices(RiskStatus)),
    Column("stage", "Stage", "enum", STAGE_CHOICES),
]
DECISION_COLUMNS = [
    Column("stage", "Stage", "enum", STAGE_CHOICES),
    Column("text", "Decision"),
    Column("status", "Status", "enum", choices(DecisionStatus)),
    Column("recorded_at", "Recorded", "computed",
           compute=lambda ws, d: clock.full_stamp(d.recorded_at) if d.recorded_at else ""),
]
ACTION_COLUMNS = [
    Column("stage", "Stage", "enum", STAGE_CHOICES),
    Column("text", "Action"),
    Column("owner", "Owner"),
    Column("due", "Due", "date"),
    Column("status", "Status", "enum", choices(ActionStatus)),
]
PARKING_COLUMNS = [
    Column("stage", "Stage", "enum", STAGE_CHOICES),
    Column("text", "Topic"),
]

REVIEW_STATUSES = ["Proposed", "Accepted", "Superseded", "Open", "Done", "Closed", "Parked"]


def _new(section: str):
    def make(ws: Workshop):
        ident = ws.new_id(section)
        if section == "risks":
            return Risk(ident, "New risk", stage=Stage.CLOSE)
        if section == "decisions":
            return Decision(ident, Stage.CLOSE, "New decision")
        if section == "actions":
            return Action(ident, Stage.CLOSE, "New action")
        return ParkingItem(ident, Stage.CLOSE, "New topic")

    return make


class ReviewList(QWidget):
    """Every decision, action, risk and parked topic, filterable."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = CapturesTable(session, self)
        self.table.setObjectName("reviewTable")
        self.table.setAccessibleName("Everything captured, from every stage")
        self.stage_combo = self._combo("Stage", [(None, "All stages"), *STAGE_CHOICES])
        self.kind_combo = self._combo(
            "Kind", [(None, "Everything"), *((s, k.noun.capitalize() + "s")
                                             for s, k in KINDS.items())])
        self.status_combo = self._combo(
            "Status", [(None, "Any status"), *((s, s) for s in REVIEW_STATUSES)])
        self.count = QLabel(self)
        self.count.setObjectName("muted")
        filters = QHBoxLayout()
        for label, combo in (("S&tage", self.stage_combo), ("&Kind", self.kind_combo),
                             ("Stat&us", self.status_combo)):
            caption = QLabel(label, self)
            caption.setBuddy(combo)
            filters.addWidget(caption)
            filters.addWidget(combo)
        filters.addStretch(1)
        filters.addWidget(self.count)
        hint = QLabel("Enter or double-click edits an item; Delete removes it (Ctrl+Z undoes).",
                      self)
        hint.setObjectName("muted")
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        self.table.filter.rowsInserted.connect(self._count)
        self.table.filter.rowsRemoved.connect(self._count)
        self.table.filter.modelReset.connect(self._count)
        self._count()

    def _combo(self, name: str, options) -> QComboBox:
        combo = QComboBox(self)
        combo.setAccessibleName(f"Filter by {name.lower()}")
        for value, text in options:
            combo.addItem(text, value)
        combo.currentIndexChanged.connect(self._apply)
        return combo

    def _apply(self) -> None:
        self.table.filter.set_filter(
            stage=self.stage_combo.currentData(), kind=self.kind_combo.currentData(),
            status=self.status_combo.currentData(),
        )
        self._count()

    def _count(self, *_args: Any) -> None:
        shown, total = self.table.filter.rowCount(), self.table.captures.rowCount()
        self.count.setText(f"{shown} of {total} items" if shown != total else f"{total} items")


class StatusBar(QWidget):
    """Draft or final: final minutes are what the room signs off."""

    def __init__(self, session: Session, page: StagePage, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.page = session, page
        self.label = QLabel(self)
        self.label.setObjectName("facts")
        self.label.setWordWrap(True)
        self.button = QPushButton(self)
        self.button.setObjectName("statusButton")
        self.button.clicked.connect(self._toggle)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        session.changed.connect(lambda change: change.touches(DETAILS) and self.refresh())
        self.refresh()

    def refresh(self) -> None:
        final = self.session.workshop.details.status == WorkshopStatus.FINAL
        self.label.setText(
            "Status: final — the minutes are ready to send." if final
            else "Status: draft — mark the workshop final when the room has agreed the minutes."
        )
        self.button.setText("Back to draft" if final else "Mark final")
        set_themed_icon(self.button, "mdi6.lock-open-variant-outline" if final
                        else "mdi6.lock-check-outline")
        self.button.setAccessibleName(self.button.text())
        self.button.setEnabled(not self.session.read_only)

    def _toggle(self) -> None:
        final = self.session.workshop.details.status == WorkshopStatus.FINAL
        target = WorkshopStatus.DRAFT if final else WorkshopStatus.FINAL
        problem = self.session.execute(EditDetails("status", target))
        if problem:
            self.page.show_problem(problem)


class CloseView(StagePage):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, Stage.CLOSE, parent)
        self.status = StatusBar(session, self, self)
        self.facts = QLabel(self)
        self.facts.setObjectName("muted")
        self.facts.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("closeTabs")
        self.review = ReviewList(session, self)
        self.review.table.edit_requested.connect(self.captures.edit_requested)
        self.risks = self.add_editor(SectionEditor(
            session, "risks", "Risk register", RISK_COLUMNS, _new("risks"), "risk", self,
            sortable=True))
        self.heat_map = RiskHeatMap(session, self)
        self.heat_map.setMaximumWidth(380)
        self.heat_map.risk_clicked.connect(self.risks.reveal)
        risk_page = QWidget(self)
        risk_layout = QHBoxLayout(risk_page)
        risk_layout.addWidget(self.risks, 3)
        heat_box = QVBoxLayout()
        heat_title = QLabel("Open risks: likelihood × impact", risk_page)
        heat_title.setObjectName("sectionTitle")
        heat_box.addWidget(heat_title)
        heat_box.addWidget(self.heat_map, 1)
        risk_layout.addLayout(heat_box, 2)
        self.decisions = self.add_editor(SectionEditor(
            session, "decisions", "Decisions", DECISION_COLUMNS, _new("decisions"), "decision",
            self, sortable=True))
        self.actions = self.add_editor(SectionEditor(
            session, "actions", "Actions", ACTION_COLUMNS, _new("actions"), "action", self,
            sortable=True))
        self.parking = self.add_editor(SectionEditor(
            session, "parking_lot", "Parking lot", PARKING_COLUMNS, _new("parking_lot"),
            "topic", self, sortable=True))
        self._tab_of: dict[str, QWidget] = {}
        for widget, title, section in (
            (self.review, "Review all", None),
            (risk_page, "Risks", "risks"),
            (self.decisions, "Decisions", "decisions"),
            (self.actions, "Actions", "actions"),
            (self.parking, "Parking lot", "parking_lot"),
        ):
            self.tabs.addTab(widget, title)
            if section:
                self._tab_of[section] = widget
        self.risks.set_column_widths({0: 260})
        self.decisions.set_column_widths({0: 170, 1: 520})
        self.actions.set_column_widths({0: 170, 1: 420})
        self.parking.set_column_widths({0: 170})
        self.body.addWidget(self.status)
        self.body.addWidget(self.facts)
        self.body.addWidget(self.tabs, 1)
        self.captures.hide()  # the review list shows every capture already
        session.changed.connect(self._on_changed)
        self._refresh()

    def reveal(self, section: str, key: Any) -> bool:
        tab = self._tab_of.get(section)
        if tab is None:
            return False
        self.tabs.setCurrentWidget(tab)
        return super().reveal(section, key)

    def _on_changed(self, change: Change) -> None:
        if change.touches(*KINDS):
            self._refresh()

    def _refresh(self) -> None:
        ws = self.session.workshop
        self.facts.setText(" · ".join(stage_facts(ws, Stage.CLOSE)))
        for section, title in (("risks", "Risks"), ("decisions", "Decisions"),
                               ("actions", "Actions"), ("parking_lot", "Parking lot")):
            index = self.tabs.indexOf(self._tab_of[section])
            self.tabs.setTabText(index, f"{title} ({len(ws.section(section))})")
