"""Minutes of a stage: the wave timeline, readiness gates and go / no-go."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from desktop_app.domain.labels import enum_label
from desktop_app.domain.model import GateStatus, GoDecision, Stage
from desktop_app.export import charts
from desktop_app.export.minutes.layout import GATE_MARKS, Layout, Row, fmt_date, short


def section(doc: Layout) -> list[Flowable]:
    ws = doc.ws
    timeline = charts.wave_timeline(ws.waves, doc.m, doc.width)
    height = timeline.height if timeline is not None else 0
    flow = doc.stage_heading(Stage.TRANSITION, need=height + 45 * mm)
    flow.append(doc.p(doc.facts(Stage.TRANSITION), "muted"))
    if not ws.waves:
        flow.append(doc.none("No waves recorded."))
        return flow
    flow += doc.sub(Stage.TRANSITION, 1, "Timeline", need=height + 20 * mm)
    if timeline is not None:
        flow.append(timeline)
        if any(not (w.start and w.end) for w in ws.waves):
            flow.append(doc.p("Waves without both dates are listed below only.", "muted"))
    else:
        flow.append(doc.none("No wave has both a start and an end date yet."))
    flow += doc.sub(Stage.TRANSITION, 2, "Waves, readiness gates and go / no-go")
    rows: list[Row | list[Flowable]] = []
    for wave in ws.waves:
        dates = f"{fmt_date(wave.start, True)} – {fmt_date(wave.end, True)}"
        if wave.start and wave.end:
            weeks = ((wave.end - wave.start).days + 1) / 7
            dates += f"<br/>{doc.muted(f'{weeks:.0f} weeks' if weeks >= 1 else '< 1 week')}"
        names = "<br/>".join(
            doc.m(short(doc.functions[f].name) if f in doc.functions else f)
            for f in wave.functions) or doc.muted("—", 8.5)
        gates = "<br/>".join(
            f'<font color="{GATE_MARKS[g.status][1].hexval()}">{GATE_MARKS[g.status][0]}'
            f"</font> {doc.m(g.name)} {doc.muted(GATE_MARKS[g.status][2])}"
            for g in wave.gates) or doc.muted("No gates recorded", 8.5)
        go = doc.coloured(enum_label(wave.go), charts.GO_COLOURS[wave.go])
        if wave.go == GoDecision.GO and any(g.status == GateStatus.OPEN for g in wave.gates):
            go += "<br/>" + doc.muted("with gates open")
        rows.append([doc.p(wave.name, "cell_b"), doc.pm(dates, "cell"),
                     doc.pm(names, "cell"), doc.pm(gates, "cell"), doc.pm(go, "cell")])
    flow.append(doc.table(["Wave", "Dates", "Functions", "Readiness gates", "Go / no-go"],
                           rows, [20, 15, 20, 33, 12]))
    return flow
