"""The stage Working rules & metrics: the performance metrics, who they bind,
and for outsourced staff whether they are exempt, why, and until when.

The article's failure mode 6 is outsourced staff held to a metric (handle
time, tickets per day) that stops them supporting customers, so a metric that
binds outsourced staff with no exemption decision is named under the table
until the room decides it."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QWidget

from desktop_app.domain.commands import Change
from desktop_app.domain.model import AppliesTo, Metric, Stage, Workshop
from desktop_app.domain.stages import stage_facts
from desktop_app.ui.icons import icon
from desktop_app.ui.labels import choices
from desktop_app.ui.models.section_model import Column
from desktop_app.ui.session import Session
from desktop_app.ui.theme import colours
from desktop_app.ui.views.section_editor import SectionEditor
from desktop_app.ui.views.stage_page import StagePage

EXEMPTION_CHOICES = (("true", "Exempt"), ("false", "Not exempt"), ("none", "Undecided"))

METRIC_COLUMNS = [
    Column("name", "Metric"),
    Column("baseline", "Baseline", tooltip="Where the metric stands today"),
    Column("target", "Target", tooltip="Where it should be after the transition"),
    Column("applies_to", "Applies to", "enum", choices(AppliesTo),
           tooltip="Whose performance the metric measures"),
    Column("outsourced_exempt", "Exemption", "tristate", EXEMPTION_CHOICES,
           tooltip="Are outsourced staff exempt from this metric? Undecided until the room "
                   "agrees."),
    Column("exemption_reason", "Reason", tooltip="Why outsourced staff are (not) exempt"),
    Column("review_date", "Review date", "date",
           tooltip="When the exemption is reviewed (YYYY-MM-DD)"),
]


def new_metric(workshop: Workshop) -> Metric:
    return Metric(id=workshop.new_id("metrics"), name="New metric")


def undecided_metrics(workshop: Workshop) -> list[Metric]:
    """Metrics binding outsourced staff with no exemption decision (the health rule)."""
    return [
        m for m in workshop.metrics
        if m.applies_to in (AppliesTo.OUTSOURCED, AppliesTo.BOTH) and m.outsourced_exempt is None
    ]


def _dark() -> bool:
    app = QApplication.instance()
    return bool(app.property("dark_theme")) if app is not None else False


THEME_EVENTS = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)


class MetricsView(StagePage):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, Stage.METRICS, parent)
        self.facts = QLabel(self)
        self.facts.setObjectName("facts")
        self.facts.setWordWrap(True)
        self.metrics = self.add_editor(SectionEditor(
            session, "metrics", "Metrics", METRIC_COLUMNS, new_metric, "metric", self,
            sortable=True))
        self.metrics.set_column_widths(dict(enumerate((220, 80, 80, 95, 110, 240, 100))))

        self.pending_icon = QLabel(self)
        self.pending = QLabel(self)
        self.pending.setObjectName("muted")
        self.pending.setWordWrap(True)
        self.pending.setTextFormat(Qt.TextFormat.RichText)
        self.pending.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.pending.linkActivated.connect(self.metrics.reveal)
        pending_line = QHBoxLayout()
        pending_line.addWidget(self.pending_icon, 0, Qt.AlignmentFlag.AlignTop)
        pending_line.addWidget(self.pending, 1)
        hint = QLabel(
            "Outsourced staff held to a metric that stops them helping customers is one of the "
            "article's failure modes: decide each exemption, give the reason and a review date.",
            self)
        hint.setObjectName("muted")
        hint.setWordWrap(True)

        self.body.addWidget(self.facts)
        self.body.addWidget(self.metrics, 1)
        self.body.addLayout(pending_line)
        self.body.addWidget(hint)
        session.changed.connect(self._on_changed)
        self._refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in THEME_EVENTS and hasattr(self, "pending"):  # recolour
            self._refresh()
        super().changeEvent(event)

    def _on_changed(self, change: Change) -> None:
        if change.touches("metrics"):
            self._refresh()

    def undecided_names(self) -> list[str]:
        return [m.label for m in undecided_metrics(self.session.workshop)]

    def _refresh(self) -> None:
        ws = self.session.workshop
        self.facts.setText(" · ".join(stage_facts(ws, Stage.METRICS)))
        waiting = undecided_metrics(ws)
        c = colours(_dark())
        if waiting:
            links = ", ".join(
                f'<a href="{html.escape(m.id)}">{html.escape(m.label)}</a>' for m in waiting)
            self.pending.setText(
                f'<span style="color:{c["warning"]}">Exemption still undecided for outsourced '
                f"staff ({len(waiting)}):</span> {links}")
            self.pending.setAccessibleName(
                "Exemption still undecided: " + ", ".join(m.label for m in waiting))
            self.pending_icon.setPixmap(icon("warning", c["warning"]).pixmap(18, 18))
        else:
            self.pending.setText("Every metric that binds outsourced staff has an exemption "
                                 "decision.")
            self.pending.setAccessibleName(self.pending.text())
            done = icon("mdi6.check-circle-outline", c["muted"])
            self.pending_icon.setPixmap(done.pixmap(18, 18))
