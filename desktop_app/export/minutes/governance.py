"""Minutes of a stage: the retained roles of each outsourced function."""

from __future__ import annotations

from reportlab.platypus import Flowable

from desktop_app.domain.labels import enum_label
from desktop_app.domain.model import Raci, Stage
from desktop_app.export.minutes.layout import RED, Layout, Row, short


def section(doc: Layout) -> list[Flowable]:
    ws = doc.ws
    flow = doc.stage_heading(Stage.GOVERNANCE)
    flow.append(doc.p(doc.facts(Stage.GOVERNANCE), "muted"))
    order = [f.id for f in ws.functions]
    by_function: dict[str, list] = {}
    for role in ws.roles:
        by_function.setdefault(role.function, []).append(role)
    keys = [f for f in order if f in by_function or doc.functions[f].is_outsourced]
    keys += [f for f in by_function if f not in doc.functions]
    if not keys:
        flow.append(doc.none("No retained roles recorded."))
        return flow
    rows: list[Row | list[Flowable]] = []
    for key in keys:
        function = doc.functions.get(key)
        title = short(function.name) if function else key
        if function is not None:
            title += f" — {enum_label(function.sourcing)}"
        roles = by_function.get(key, [])
        rows.append(doc.group(title, len(roles)))
        for role in roles:
            raci = doc.m(enum_label(role.raci))
            if role.raci == Raci.ACCOUNTABLE:
                raci = f"<b>{raci}</b>"
            rows.append([doc.p(role.role), doc.cell(role.person), doc.pm(raci, "cell")])
        if function is not None and function.is_outsourced and not any(
                r.raci == Raci.ACCOUNTABLE and r.person.strip() for r in roles):
            rows.append([doc.pm(doc.coloured("No accountable in-house owner named", RED),
                                 "cell"), doc.p(""), doc.p("")])
    flow.append(doc.table(["Retained role", "Person", "RACI"], rows, [45, 33, 22]))
    return flow
