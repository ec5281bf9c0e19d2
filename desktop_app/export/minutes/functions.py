"""Minutes of a stage: the sourcing matrix and every function's decision."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from desktop_app.domain import derived
from desktop_app.domain.labels import enum_label
from desktop_app.domain.model import Stage
from desktop_app.export import charts
from desktop_app.export.minutes.layout import Layout, Row, fmt_num
from desktop_app.export.minutes.votes import dot_vote


def section(doc: Layout) -> list[Flowable]:
    ws = doc.ws
    if not ws.functions:
        flow = doc.stage_heading(Stage.FUNCTIONS)
        flow.append(doc.none("No functions recorded."))
        return flow
    matrix = charts.sourcing_matrix(ws.functions, doc.m, doc.width)
    flow = doc.stage_heading(Stage.FUNCTIONS, need=matrix.height + 50 * mm)
    flow.append(doc.p(doc.facts(Stage.FUNCTIONS), "muted"))
    flow += doc.sub(Stage.FUNCTIONS, 1, "Sourcing matrix", need=matrix.height + 25 * mm)
    flow.append(doc.p("Each numbered dot is a function of the table below, placed by its "
                       "strategic importance and in-house capability and coloured by the "
                       "room’s decision.", "muted"))
    flow.append(matrix)
    flow += doc.sub(Stage.FUNCTIONS, 2, "Functions, decisions and rationale")
    rows: list[Row | list[Flowable]] = []
    for n, f in enumerate(ws.functions, start=1):
        quadrant = derived.quadrant(f)
        decision = doc.coloured(enum_label(f.sourcing),
                                 charts.SOURCING_COLOURS[f.sourcing])
        decision += "<br/>" + doc.muted(quadrant.title)
        rows.append([
            doc.p(str(n), "cell_r"),
            doc.named(f.name, f.description),
            doc.p(fmt_num(f.fte), "cell_r"),
            doc.p("Yes" if f.customer_facing else "No", "cell_c"),
            doc.p(str(f.strategic_importance), "cell_c"),
            doc.p(str(f.inhouse_capability), "cell_c"),
            doc.p(str(f.votes), "cell_c"),
            doc.pm(decision, "cell"),
            doc.cell(f.rationale),
        ])
    rows.append(Row([doc.p(""), doc.p("Total", "cell_b"),
                      doc.p(fmt_num(sum(f.fte for f in ws.functions)), "cell_br"),
                      doc.p(""), doc.p(""), doc.p(""),
                      doc.p(str(sum(f.votes for f in ws.functions)), "cell_c"),
                      doc.p(""), doc.p("")], "total"))
    flow.append(doc.table(
        ["#", "Function", "FTE", "Cust.", "Imp.", "Cap.", "Votes", "Decision", "Rationale"],
        rows, [24, 108, 30, 33, 30, 30, 35, 70, 122], right=(0, 2),
        centre=(3, 4, 5, 6)))
    flow.append(doc.p("Cust.: customer-facing. Imp. and Cap.: strategic importance and "
                       "in-house capability on a 1–5 scale (above 3 is high). Votes: the "
                       "room’s dot vote.", "muted"))
    vote = dot_vote(doc, "functions", "function")
    if vote:
        flow += doc.sub(Stage.FUNCTIONS, 3, "Dot vote") + vote
    return flow
