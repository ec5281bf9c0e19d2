"""Minutes of a stage: who keeps each customer relationship."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

from desktop_app.domain.model import Stage
from desktop_app.export.minutes.layout import RED, Layout, Row, short


def section(doc: Layout) -> list[Flowable]:
    ws = doc.ws
    flow = doc.stage_heading(Stage.CUSTOMERS)
    flow.append(doc.p(doc.facts(Stage.CUSTOMERS), "muted"))
    if not ws.customers:
        flow.append(doc.none("No customers recorded."))
        return flow
    rows: list[Row | list[Flowable]] = []
    for k in ws.customers:
        function = doc.functions.get(k.function)
        outsourced = function is not None and function.is_outsourced

        def needed(value: str, required: bool) -> Paragraph:
            if value.strip() or not required:
                return doc.cell(value)
            return doc.pm(doc.coloured("Not named", RED), "cell")

        rows.append([
            doc.named(k.name, short(function.name) if function else k.function),
            needed(k.internal_owner, outsourced),
            doc.cell(k.sales_rep),
            needed(k.outsourced_supporter, outsourced),
            needed(k.offshore_team, outsourced),
            doc.cell(k.escalation),
        ])
    flow.append(doc.table(["Customer / function", "In-house owner", "Sales rep",
                            "Outsourced supporter", "Offshore team", "Escalation"], rows,
                           [19, 15, 14, 19, 15, 18]))
    flow.append(doc.p("The in-house owner keeps the relationship (no black box); the named "
                       "supporter and the offshore team already on the account make one team "
                       "with them.", "muted"))
    return flow
