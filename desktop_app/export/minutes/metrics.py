"""Minutes of a stage: the metrics and who they bind."""

from __future__ import annotations

from reportlab.platypus import Flowable

from desktop_app.domain.labels import enum_label
from desktop_app.domain.model import AppliesTo, Stage
from desktop_app.export.minutes.layout import AMBER, GREEN, Layout, Row, fmt_date


def section(doc: Layout) -> list[Flowable]:
    ws = doc.ws
    flow = doc.stage_heading(Stage.METRICS)
    flow.append(doc.p(doc.facts(Stage.METRICS), "muted"))
    if not ws.metrics:
        flow.append(doc.none("No metrics recorded."))
        return flow
    rows: list[Row | list[Flowable]] = []
    for metric in ws.metrics:
        binds = metric.applies_to != AppliesTo.IN_HOUSE
        if metric.outsourced_exempt is True:
            exempt = doc.coloured("Exempt", GREEN)
        elif metric.outsourced_exempt is False:
            exempt = doc.m("Not exempt")
        elif binds:
            exempt = doc.coloured("Undecided", AMBER)
        else:
            exempt = doc.muted("n/a", 8.5)
        rows.append([doc.p(metric.name, "cell_b"), doc.cell(metric.baseline),
                     doc.cell(metric.target), doc.p(enum_label(metric.applies_to)),
                     doc.pm(exempt, "cell"), doc.cell(metric.exemption_reason),
                     doc.p(fmt_date(metric.review_date, short=True))])
    flow.append(doc.table(["Metric", "Baseline", "Target", "Applies to",
                            "Exemption", "Exemption reason", "Review"], rows,
                           [18, 10, 9, 13, 14, 25, 11]))
    flow.append(doc.p("Exemption: whether outsourced staff are exempt from the metric, "
                       "so that it does not stop them supporting customers.", "muted"))
    return flow
