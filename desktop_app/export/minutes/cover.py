"""The front and back of the minutes: the cover with its at-a-glance table,
and the sign-off."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table, TableStyle

from desktop_app.domain import health
from desktop_app.domain.model import Attendance, Side, WorkshopStatus
from desktop_app.domain.stages import STAGES
from desktop_app.export import fonts
from desktop_app.export.minutes.layout import (
    GREEN,
    MUTED,
    NAVY,
    RED,
    RULE,
    STYLES,
    Heading,
    Layout,
    Row,
    fmt_date,
)


def cover(doc: Layout) -> list[Flowable]:
    d = doc.ws.details
    flow: list[Flowable] = [Spacer(1, 18 * mm)]
    kicker = Heading(doc.m("MINUTES · IT SOURCING WORKSHOP"), STYLES["kicker"], "Cover",
                      0, "cover", top=True)
    flow.append(kicker)
    flow.append(doc.p(d.title if d.title.strip() else "Untitled workshop", "title"))
    if d.organisation.strip():
        flow.append(doc.p(d.organisation, "subtitle"))
    else:
        flow.append(Spacer(1, 12))
    draft = d.status == WorkshopStatus.DRAFT
    status = (doc.pm(doc.coloured("Draft", RED) + " – for review by the attendees",
                      "meta") if draft else
              doc.pm(doc.coloured("Final", GREEN) + " – agreed record", "meta"))
    present = sum(1 for p in doc.ws.participants if p.attendance == Attendance.PRESENT)
    rows = [
        ["Date", doc.p(fmt_date(d.date), "meta")],
        ["Location", doc.cell(d.location, "meta")],
        ["Facilitator", doc.cell(d.facilitator, "meta")],
        ["Attendees", doc.p(f"{present} present of {len(doc.ws.participants)} invited",
                             "meta")],
        ["Status", status],
    ]
    data = [[doc.p(label, "meta_label"), value] for label, value in rows]
    meta = Table(data, colWidths=[32 * mm, doc.width - 32 * mm], hAlign="LEFT",
                 splitInRow=1)
    meta.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LINEABOVE", (0, 0), (-1, 0), 1.2, NAVY),
        ("LINEBELOW", (0, -1), (-1, -1), 0.6, RULE),
    ]))
    flow += [meta, Spacer(1, 12 * mm), doc.p("At a glance", "h2")]
    glance = []
    for info in STAGES:
        glance.append([doc.p(str(info.number), "cell_r"), doc.p(info.title, "cell_b"),
                       doc.p(doc.facts(info.stage), "cell")])
    findings = health.check(doc.ws)
    counts = {s: sum(1 for f in findings if f.severity == s) for s in health.Severity}
    summary = ", ".join(f"{counts[s]} {s.value}" for s in health.Severity if counts[s])
    glance.append(["", doc.p("Health check", "cell_b"),
                   doc.p(f"{len(findings)} finding" + ("" if len(findings) == 1 else "s")
                          + (f" ({summary})" if summary else ""), "cell")])
    flow.append(doc.table(["", "Section", "Summary"], glance, [5, 30, 65]))
    flow.append(PageBreak())
    return flow

def sign_off(doc: Layout) -> list[Flowable]:
    ws, d = doc.ws, doc.ws.details
    flow = doc.heading("", "Sign-off", 0)
    final = d.status == WorkshopStatus.FINAL
    text = ("These minutes are the agreed record of the workshop." if final else
            "These are draft minutes. Please send corrections to the facilitator"
            + (f", {d.facilitator.strip()}," if d.facilitator.strip() else "")
            + " before they are issued as final.")
    facilitator = next((p for p in ws.participants if p.side == Side.FACILITATOR), None)
    client = next((p for p in ws.participants
                   if p.side == Side.CLIENT and p.attendance == Attendance.PRESENT), None)
    signers = [
        ("Prepared by", d.facilitator or (facilitator.name if facilitator else ""),
         "Facilitator" + (f", {facilitator.organisation}" if facilitator
                          and facilitator.organisation.strip() else "")),
        ("Approved by", client.name if client else "",
         (client.role + (f", {client.organisation}" if client.organisation.strip() else ""))
         if client else ""),
    ]
    rows: list[Row | list[Flowable]] = [
        [doc.p(role, "cell_b"), doc.cell(name), doc.cell(detail), doc.p(""), doc.p("")]
        for role, name, detail in signers
    ]
    flow.append(KeepTogether([
        doc.p(text, "body"), Spacer(1, 6),
        doc.table(["", "Name", "Role", "Signature", "Date"], rows, [15, 22, 27, 22, 14],
                   extra=[("TOPPADDING", (0, 1), (-1, -1), 8),
                          ("BOTTOMPADDING", (0, 1), (-1, -1), 22),
                          ("LINEBELOW", (0, 1), (-1, -1), 0.6, MUTED)]),
    ]))
    return flow
