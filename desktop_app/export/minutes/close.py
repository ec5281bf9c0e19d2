"""Minutes of a stage: risks, decisions, actions, parking lot, health check."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.platypus import Flowable, Paragraph

from desktop_app.domain import clock, health
from desktop_app.domain.model import ActionStatus, DecisionStatus, RiskStatus, Stage
from desktop_app.domain.stages import STAGE_INFO, STAGES
from desktop_app.export.minutes.layout import (
    AMBER,
    GREEN,
    MUTED,
    RED,
    SEVERITY_COLOURS,
    Layout,
    Row,
    fmt_date,
    fmt_datetime,
)
from desktop_app.export.minutes.votes import dot_vote


def section(doc: Layout) -> list[Flowable]:
    ws = doc.ws
    flow = doc.stage_heading(Stage.CLOSE)
    flow.append(doc.p(doc.facts(Stage.CLOSE), "muted"))

    flow += doc.sub(Stage.CLOSE, 1, "Risk register")
    if ws.risks:
        risks = sorted(ws.risks, key=lambda r: (r.status != RiskStatus.OPEN, -r.exposure))
        rows: list[Row | list[Flowable]] = []
        for risk in risks:
            colour = RED if risk.exposure >= 15 else AMBER if risk.exposure >= 8 else GREEN
            status = ("Open" if risk.status == RiskStatus.OPEN else "Closed")
            rows.append([
                doc.named(risk.title, f"Raised in: {STAGE_INFO[risk.stage].title}"),
                doc.p(str(risk.likelihood), "cell_c"), doc.p(str(risk.impact), "cell_c"),
                doc.pm(doc.coloured(str(risk.exposure), colour), "cell_c"),
                doc.cell(risk.owner), doc.cell(risk.mitigation), doc.p(status),
            ])
        flow.append(doc.table(["Risk", "L", "I", "L×I", "Owner", "Mitigation", "Status"],
                               rows, [27, 5, 5, 7, 15, 31, 10], centre=(1, 2, 3)))
        flow.append(doc.p("Likelihood (L) and impact (I) on a 1–5 scale; open risks first, "
                           "highest exposure first.", "muted"))
    else:
        flow.append(doc.none("No risks recorded."))

    flow += doc.sub(Stage.CLOSE, 2, "Decisions")
    flow += _by_stage(doc,
        ws.decisions, "No decisions recorded.", ["Decision", "Status", "Recorded"],
        [64, 14, 22],
        lambda d: [doc.cell(d.text), _decision_status(doc, d.status),
                   doc.p(_recorded(ws, d.recorded_at))])

    flow += doc.sub(Stage.CLOSE, 3, "Actions")
    flow += _by_stage(doc,
        ws.actions, "No actions recorded.", ["Action", "Owner", "Due", "Status"],
        [56, 20, 13, 11],
        lambda a: [doc.cell(a.text), doc.cell(a.owner),
                   doc.p(fmt_date(a.due, short=True)),
                   doc.pm(doc.coloured("Open", AMBER) if a.status == ActionStatus.OPEN
                           else doc.coloured("Done", GREEN), "cell")])

    flow += doc.sub(Stage.CLOSE, 4, "Parking lot")
    flow += dot_vote(doc, "parking_lot", "topic")
    flow += _by_stage(doc, ws.parking_lot, "Nothing parked.", ["Parked topic", "Votes"],
                           [88, 12],
                           lambda q: [doc.cell(q.text), doc.p(str(q.votes), "cell_c")])

    flow += doc.sub(Stage.CLOSE, 5, "Health check")
    findings = health.check(ws)
    if findings:
        flow.append(doc.p("The known outsourcing mistakes the plan still repeats, as the "
                           "health check found them when these minutes were produced.",
                           "muted"))
        rows = []
        for stage in Stage:
            here = [f for f in findings if f.stage == stage]
            if not here:
                continue
            info = STAGE_INFO[stage]
            rows.append(doc.group(f"{info.number}  {info.title}", len(here)))
            for finding in here:
                rows.append([
                    doc.pm(doc.coloured(finding.severity.value.capitalize(),
                                          SEVERITY_COLOURS[finding.severity]), "cell"),
                    doc.named(health.RULES.get(finding.code, finding.code), finding.message),
                    doc.cell(finding.label),
                ])
        flow.append(doc.table(["Severity", "Finding", "Concerns"], rows, [11, 65, 24]))
    else:
        flow.append(doc.p("The health check found none of the known outsourcing mistakes "
                           "in the plan.", "body"))
    return flow

def _decision_status(doc: Layout, status: DecisionStatus) -> Paragraph:
    colour = {DecisionStatus.ACCEPTED: GREEN, DecisionStatus.PROPOSED: AMBER,
              DecisionStatus.SUPERSEDED: MUTED}[status]
    return doc.pm(doc.coloured(status.value.capitalize(), colour), "cell")

def _by_stage(doc: Layout, items: list, empty: str, header: list[str], widths: list[float],
              cells: Callable[[Any], list[Flowable]]) -> list[Flowable]:
    if not items:
        return [doc.none(empty)]
    rows: list[Row | list[Flowable]] = []
    for info in STAGES:
        here = [item for item in items if item.stage == info.stage]
        if here:
            rows.append(doc.group(f"{info.number}  {info.title}", len(here)))
            rows += [cells(item) for item in here]
    return [doc.table(header, rows, widths)]


def _recorded(ws, when) -> str:
    """When a decision was taken, or that it was prepared before the workshop."""
    if when is None:
        return "—"
    details = ws.details
    if clock.prepared(when, details.session_started_at, details.date):
        return clock.PREPARED.capitalize()
    return fmt_datetime(when, short=True)
