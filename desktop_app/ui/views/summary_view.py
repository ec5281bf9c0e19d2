"""Stages 2-8 in this release: what the workshop holds for the stage, with the
values the room reads (weighted totals, FTE demand, matrix quadrant), shown
read-only and sortable. Editing them comes with the stage editors."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QTableView,
    QTabWidget,
    QWidget,
)

from desktop_app.domain import derived
from desktop_app.domain.commands import Change
from desktop_app.domain.model import (
    ActionStatus,
    AppliesTo,
    DecisionStatus,
    GoDecision,
    Raci,
    RiskStatus,
    Sourcing,
    Stage,
)
from desktop_app.domain.stages import STAGE_INFO
from desktop_app.domain.summaries import stage_facts
from desktop_app.ui.icons import icon
from desktop_app.ui.labels import choices, enum_label
from desktop_app.ui.models.section_model import Column, SectionTableModel
from desktop_app.ui.session import Session
from desktop_app.ui.views.stage_page import StagePage


def _rank(ws, vendor) -> str:
    for result in derived.vendor_results(ws):
        if result.vendor_id == vendor.id:
            suffix = " (knocked out)" if result.knocked_out else ""
            return f"{result.rank}{suffix}"
    return ""


def _total(ws, vendor) -> str:
    for result in derived.vendor_results(ws):
        if result.vendor_id == vendor.id:
            return f"{result.weighted_total:.2f}"
    return ""


def _demand(ws, vendor) -> str:
    for cap in derived.vendor_capacity(ws):
        if cap.vendor_id == vendor.id:
            return f"{cap.demand:g} of {cap.available:g}" + (" — over" if cap.over else "")
    return ""


def _wave_functions(ws, wave) -> str:
    names = []
    for function_id in wave.functions:
        function = ws.find("functions", function_id)
        names.append(function.label if function else function_id)
    return ", ".join(names)


def _gates(ws, wave) -> str:
    if not wave.gates:
        return "none"
    return "; ".join(f"{g.name} ({enum_label(g.status).lower()})" for g in wave.gates)


SUMMARIES: dict[Stage, list[tuple[str, str, list[Column]]]] = {
    Stage.FUNCTIONS: [("Functions", "functions", [
        Column("name", "Function"),
        Column("fte", "FTE", "float"),
        Column("customer_facing", "Customer-facing", "bool"),
        Column("strategic_importance", "Importance", "int"),
        Column("inhouse_capability", "Capability", "int"),
        Column("quadrant", "Matrix quadrant", "computed",
               compute=lambda ws, f: derived.quadrant(f).title),
        Column("sourcing", "Decision", "enum", choices(Sourcing)),
        Column("rationale", "Rationale"),
        Column("votes", "Votes", "int"),
    ])],
    Stage.VENDORS: [
        ("Criteria", "criteria", [
            Column("name", "Criterion"),
            Column("weight", "Weight", "int"),
            Column("share", "Share of 100", "computed",
                   compute=lambda ws, c: f"{derived.weight_shares(ws)[c.id]:.0f}", numeric=True),
            Column("knockout_min", "Knock-out minimum", "int"),
        ]),
        ("Vendors", "vendors", [
            Column("name", "Vendor"),
            Column("location", "Location"),
            Column("available_fte", "Available FTE", "float"),
            Column("demand", "FTE asked", "computed", compute=_demand, numeric=True),
            Column("total", "Weighted total (0-5)", "computed", compute=_total, numeric=True),
            Column("rank", "Rank", "computed", compute=_rank),
            Column("notes", "Notes"),
        ]),
        ("Scores", "scores", [
            Column("vendor", "Vendor", "ref", ref="vendors"),
            Column("criterion", "Criterion", "ref", ref="criteria"),
            Column("score", "Score (0-5)", "int"),
            Column("evidence", "Evidence"),
        ]),
        ("Assignments", "assignments", [
            Column("function", "Function", "ref", ref="functions"),
            Column("vendor", "Vendor", "ref", ref="vendors"),
            Column("fte_required", "FTE required", "float"),
        ]),
    ],
    Stage.CUSTOMERS: [("Customers", "customers", [
        Column("name", "Customer"),
        Column("function", "Function", "ref", ref="functions"),
        Column("internal_owner", "In-house owner"),
        Column("sales_rep", "Sales rep"),
        Column("outsourced_supporter", "Outsourced supporter"),
        Column("offshore_team", "Offshore team"),
        Column("escalation", "Escalation"),
    ])],
    Stage.METRICS: [("Metrics", "metrics", [
        Column("name", "Metric"),
        Column("baseline", "Baseline"),
        Column("target", "Target"),
        Column("applies_to", "Applies to", "enum", choices(AppliesTo)),
        Column("exempt", "Outsourced exempt", "computed", compute=lambda ws, m: {
            True: "Exempt", False: "Not exempt", None: "Undecided"}[m.outsourced_exempt]),
        Column("exemption_reason", "Reason"),
        Column("review_date", "Review date", "date"),
    ])],
    Stage.TRANSITION: [("Waves", "waves", [
        Column("name", "Wave"),
        Column("start", "Start", "date"),
        Column("end", "End", "date"),
        Column("functions_moved", "Functions", "computed", compute=_wave_functions),
        Column("gates_summary", "Gates", "computed", compute=_gates),
        Column("go", "Go / no-go", "enum", choices(GoDecision)),
    ])],
    Stage.GOVERNANCE: [("Retained roles", "roles", [
        Column("function", "Function", "ref", ref="functions"),
        Column("role", "Role"),
        Column("person", "Person"),
        Column("raci", "RACI", "enum", choices(Raci)),
    ])],
    Stage.CLOSE: [
        ("Risks", "risks", [
            Column("title", "Risk"),
            Column("likelihood", "Likelihood", "int"),
            Column("impact", "Impact", "int"),
            Column("exposure", "Exposure", "computed", compute=lambda ws, r: r.exposure,
                   numeric=True),
            Column("owner", "Owner"),
            Column("mitigation", "Mitigation"),
            Column("status", "Status", "enum", choices(RiskStatus)),
        ]),
        ("Decisions", "decisions", [
            Column("stage", "Stage", "computed",
                   compute=lambda ws, d: STAGE_INFO[d.stage].title),
            Column("text", "Decision"),
            Column("status", "Status", "enum", choices(DecisionStatus)),
            Column("recorded_at", "Recorded", "computed",
                   compute=lambda ws, d: d.recorded_at.strftime("%Y-%m-%d %H:%M")
                   if d.recorded_at else ""),
        ]),
        ("Actions", "actions", [
            Column("stage", "Stage", "computed",
                   compute=lambda ws, a: STAGE_INFO[a.stage].title),
            Column("text", "Action"),
            Column("owner", "Owner"),
            Column("due", "Due", "date"),
            Column("status", "Status", "enum", choices(ActionStatus)),
        ]),
        ("Parking lot", "parking_lot", [
            Column("stage", "Stage", "computed",
                   compute=lambda ws, q: STAGE_INFO[q.stage].title),
            Column("text", "Topic"),
        ]),
    ],
}


class SummaryView(StagePage):
    """A read-only, sortable view of every section of one stage."""

    def __init__(self, session: Session, stage: Stage, parent: QWidget | None = None) -> None:
        super().__init__(session, stage, parent)
        self.tables: dict[str, QTableView] = {}
        notice = QHBoxLayout()
        lock = QLabel(self)
        lock.setPixmap(icon("read_only").pixmap(16, 16))
        text = QLabel(
            "Shown read-only in this version: the stage editors come with the next release. "
            "Click a column header to sort.", self)
        text.setObjectName("muted")
        text.setWordWrap(True)
        notice.addWidget(lock)
        notice.addWidget(text, 1)
        self.body.addLayout(notice)
        self.facts = QLabel(self)
        self.facts.setObjectName("facts")
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.addWidget(self.facts)
        sections = SUMMARIES[stage]
        self.tabs: QTabWidget | None = None
        if len(sections) > 1:
            self.tabs = QTabWidget(self)
            self.body.addWidget(self.tabs, 1)
        for title, section, columns in sections:
            view = self._table(title, section, columns)
            if self.tabs is not None:
                self.tabs.addTab(view, title)
            else:
                heading = QLabel(title, self)
                heading.setObjectName("sectionTitle")
                self.body.addWidget(heading)
                self.body.addWidget(view, 1)
        session.changed.connect(self._on_changed)
        self._refresh_counts()

    def _table(self, title: str, section: str, columns: list[Column]) -> QTableView:
        model = SectionTableModel(self.session, section, columns, editable=False, parent=self)
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(model)
        proxy.setSortRole(Qt.ItemDataRole.EditRole)
        view = QTableView(self)
        view.setObjectName(f"{section}Table")
        view.setAccessibleName(title)
        view.setModel(proxy)
        view.setSortingEnabled(True)
        view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.verticalHeader().setVisible(False)
        view.horizontalHeader().setStretchLastSection(True)
        view.resizeColumnsToContents()
        for column in range(model.columnCount()):
            view.setColumnWidth(column, min(view.columnWidth(column), 320))
        self.tables[section] = view
        return view

    def _on_changed(self, change: Change) -> None:
        self._refresh_counts()

    def _refresh_counts(self) -> None:
        self.facts.setText(" · ".join(stage_facts(self.session.workshop, self.stage)))
        if self.tabs is None:
            return
        for position, (title, section, _columns) in enumerate(SUMMARIES[self.stage]):
            count = len(self.session.workshop.section(section))
            self.tabs.setTabText(position, f"{title} ({count})")
