"""Minutes of a stage: attendance, objectives and scope, the agenda."""

from __future__ import annotations

from reportlab.platypus import Flowable

from desktop_app.domain.labels import enum_label
from desktop_app.domain.model import Attendance, Stage
from desktop_app.domain.stages import STAGE_INFO
from desktop_app.domain.wording import attendance_text
from desktop_app.export.minutes.layout import (
    Layout,
    Row,
    fmt_minutes,
)


def section(doc: Layout) -> list[Flowable]:
    ws, d = doc.ws, doc.ws.details
    flow = doc.stage_heading(Stage.SETUP)
    flow += doc.sub(Stage.SETUP, 1, "Attendance")
    if ws.participants:
        counts = {a: sum(1 for p in ws.participants if p.attendance == a) for a in Attendance}
        flow.append(doc.p(attendance_text(counts) + ".", "muted"))
        rows: list[Row | list[Flowable]] = []
        for attendance in Attendance:
            people = [p for p in ws.participants if p.attendance == attendance]
            if not people:
                continue
            rows.append(doc.group(enum_label(attendance), len(people)))
            rows += [[doc.p(p.name, "cell_b"), doc.cell(p.role), doc.cell(p.organisation),
                      doc.p(enum_label(p.side))] for p in people]
        flow.append(doc.table(["Name", "Role", "Organisation", "Side"], rows,
                               [28, 28, 32, 12]))
    else:
        flow.append(doc.none("No participants recorded."))

    flow += doc.sub(Stage.SETUP, 2, "Objectives and scope")
    flow.append(doc.p("Scope", "label"))
    flow.append(doc.p(d.scope, "body") if d.scope.strip() else doc.none("No scope recorded."))
    flow.append(doc.p("Objectives", "label"))
    if d.objectives:
        flow += [doc.p(objective, "list", bulletText=f"{n}.")
                 for n, objective in enumerate(d.objectives, start=1)]
    else:
        flow.append(doc.none("No objectives recorded."))

    flow += doc.sub(Stage.SETUP, 3, "Agenda")
    if ws.agenda:
        actual = [getattr(item, "actual_minutes", None) for item in ws.agenda]
        with_actual = any(value is not None for value in actual)
        header = ["Stage", "Agenda item", "Planned"] + (["Actual"] if with_actual else [])
        rows = []
        for item, spent in zip(ws.agenda, actual, strict=True):
            info = STAGE_INFO[item.stage]
            row = [doc.p(f"{info.number}  {info.title}"),
                   doc.cell(item.title), doc.p(fmt_minutes(item.planned_minutes), "cell_r")]
            if with_actual:
                row.append(doc.p(fmt_minutes(spent) if spent is not None else "—", "cell_r"))
            rows.append(row)
        total = [doc.p("Total", "cell_b"), doc.p(""),
                 doc.p(fmt_minutes(sum(i.planned_minutes for i in ws.agenda)), "cell_br")]
        if with_actual:
            total.append(doc.p(fmt_minutes(sum(v or 0 for v in actual)), "cell_br"))
        rows.append(Row(total, "total"))
        widths = [32, 52, 16] if not with_actual else [30, 46, 12, 12]
        flow.append(doc.table(header, rows, widths, right=(2, 3),
                              whole=(2, 3) if with_actual else (2,)))
    else:
        flow.append(doc.none("No agenda recorded."))
    return flow
