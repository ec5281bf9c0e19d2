"""Minutes of a stage: criteria, vendors, scores and ranking, capacity."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus import Flowable, Spacer

from desktop_app.domain import clock, derived
from desktop_app.domain.commands import agreement_timing
from desktop_app.domain.model import Stage
from desktop_app.export.minutes.layout import (
    AMBER,
    GREEN,
    NAVY,
    RED,
    Layout,
    Row,
    fmt_datetime,
    fmt_num,
    short,
)


def section(doc: Layout) -> list[Flowable]:
    ws = doc.ws
    flow = doc.stage_heading(Stage.VENDORS)
    flow += doc.sub(Stage.VENDORS, 1, "Criteria and weights")
    agreed = ws.details.criteria_agreed_at
    if agreed is not None:
        scored = ws.details.scores_when_agreed
        timing = agreement_timing(scored)
        colour = AMBER if scored else GREEN
        caveat = (" Scores entered before the agreement were given without agreed "
                  "weights; check them." if scored else "")
        when = (clock.PREPARED if clock.prepared(agreed, ws.details.session_started_at,
                                                   ws.details.date)
                else f"on {fmt_datetime(agreed)}")
        flow.append(doc.pm(doc.coloured("Agreed", colour) + doc.m(
            f" {when}{', ' + timing if timing else ''}; the criteria "
            f"and weights were then locked.{caveat}"), "body"))
    elif ws.criteria:
        flow.append(doc.pm(doc.coloured("Not yet agreed", AMBER) + doc.m(
            ": the criteria and weights are still open, so the scores below are "
            "provisional."), "body"))
    if ws.criteria:
        shares = derived.weight_shares(ws)
        rows: list[Row | list[Flowable]] = [
            [doc.p(c.name, "cell_b"), doc.p(str(c.weight), "cell_r"),
             doc.p(f"{shares[c.id]:.1f} %", "cell_r"),
             doc.p(f"at least {c.knockout_min} of 5" if c.knockout_min is not None else "—")]
            for c in ws.criteria
        ]
        rows.append(Row([doc.p("Total", "cell_b"),
                          doc.p(str(sum(c.weight for c in ws.criteria)), "cell_br"),
                          doc.p("100.0 %" if sum(shares.values()) else "—", "cell_br"),
                          doc.p("")], "total"))
        flow.append(doc.table(["Criterion", "Weight", "Share", "Knock-out minimum"], rows,
                               [46, 14, 14, 26], right=(1, 2)))
    else:
        flow.append(doc.none("No criteria recorded."))

    flow += doc.sub(Stage.VENDORS, 2, "Vendors")
    if ws.vendors:
        flow.append(doc.table(
            ["Vendor", "Location", "Available FTE", "Notes"],
            [[doc.p(v.name, "cell_b"), doc.cell(v.location),
              doc.p(fmt_num(v.available_fte), "cell_r"), doc.cell(v.notes)]
             for v in ws.vendors],
            [26, 20, 14, 40], right=(2,)))
    else:
        flow.append(doc.none("No vendors recorded."))

    flow += doc.sub(Stage.VENDORS, 3, "Scores, weighted totals and ranking")
    results = derived.vendor_results(ws)
    if ws.vendors and ws.criteria:
        flow += _score_tables(doc, results)
        flow += _evidence(doc)
    else:
        flow.append(doc.none("Nothing to score yet: scoring needs criteria and vendors."))
    if results:
        flow.append(doc.p("Ranking", "label"))
        rows = []
        for r in results:
            knocked = ", ".join(short(doc.criteria[c].name) for c in r.knocked_out_by)
            rows.append([
                doc.p(str(r.rank), "cell_r"), doc.p(r.name, "cell_b"),
                doc.p(f"{r.weighted_total:.2f}", "cell_br"),
                doc.p(f"{r.scored} of {r.criteria}", "cell_r"),
                doc.pm(doc.coloured("Knocked out: ", RED) + doc.m(knocked), "cell")
                if knocked else doc.pm(doc.muted("None", 8.5), "cell"),
            ])
        flow.append(doc.table(["Rank", "Vendor", "Weighted total (of 5)", "Criteria scored",
                                "Knock-outs"], rows, [8, 30, 17, 15, 30], right=(0, 2, 3)))
        flow.append(Spacer(1, 6))
        flow += _close_call(doc)

    flow += doc.sub(Stage.VENDORS, 4, "Capacity against demand")
    capacity = derived.vendor_capacity(ws)
    if capacity:
        rows = []
        for c in capacity:
            assigned = [a for a in ws.assignments if a.vendor == c.vendor_id]
            names = "<br/>".join(
                doc.m(short(doc.functions[a.function].name
                             if a.function in doc.functions else a.function))
                + doc.muted(f"  {fmt_num(a.fte_required)} FTE", 8) for a in assigned)
            balance = c.available - c.demand
            if c.over:
                state = doc.coloured(f"Over by {fmt_num(-balance)}", RED)
            else:
                state = doc.m(f"{fmt_num(balance)} spare")
            rows.append([doc.p(c.name, "cell_b"),
                         doc.pm(names or doc.muted("No functions assigned", 8.5), "cell"),
                         doc.p(fmt_num(c.available), "cell_r"),
                         doc.p(fmt_num(c.demand), "cell_r"),
                         doc.pm(state, "cell_r")])
        flow.append(doc.table(["Vendor", "Assigned functions (FTE needed)", "Available FTE",
                                "Demand FTE", "Balance"], rows, [24, 36, 13, 13, 14],
                               right=(2, 3, 4)))
    else:
        flow.append(doc.none("No vendors recorded."))
    return flow

def _score_tables(doc: Layout, results: list[derived.VendorResult]) -> list[Flowable]:
    ws = doc.ws
    scores = {s.key: s.score for s in ws.scores}
    shares = derived.weight_shares(ws)
    by_id = {r.vendor_id: r for r in results}
    flow: list[Flowable] = []
    per_table = 6
    for start in range(0, len(ws.vendors), per_table):
        vendors = ws.vendors[start:start + per_table]
        header = ["Criterion", "Share"] + [short(v.name) for v in vendors]
        rows: list[Row | list[Flowable]] = []
        extra: list[tuple] = []
        for ci, c in enumerate(ws.criteria, start=1):
            row = [doc.named(c.name, f"knock-out below {c.knockout_min}"
                              if c.knockout_min is not None else ""),
                   doc.p(f"{shares[c.id]:.0f} %", "cell_r")]
            for vi, v in enumerate(vendors, start=2):
                score = scores.get((v.id, c.id))
                if score is None:
                    row.append(doc.pm(doc.muted("–", 8.5), "cell_c"))
                elif c.knockout_min is not None and score < c.knockout_min:
                    row.append(doc.pm(doc.coloured(str(score), RED), "cell_c"))
                    extra.append(("BACKGROUND", (vi, ci), (vi, ci),
                                  colors.HexColor("#FBE9E7")))
                else:
                    row.append(doc.p(str(score), "cell_c"))
            rows.append(row)
        rows.append(Row([doc.p("Weighted total", "cell_b"), doc.p("")]
                         + [doc.p(f"{by_id[v.id].weighted_total:.2f}", "cell_bc")
                            for v in vendors], "total"))
        rank_cells = []
        for v in vendors:
            r = by_id[v.id]
            text = f"{r.rank}" + (" (out)" if r.knocked_out else "")
            rank_cells.append(doc.pm(doc.coloured(text, RED if r.knocked_out else NAVY),
                                      "cell_c"))
        rows.append(Row([doc.p("Rank", "cell_b"), doc.p(""), *rank_cells], "total"))
        vendor_share = 60 / max(len(vendors), 3)
        widths = [30, 10] + [vendor_share] * len(vendors)
        flow.append(doc.table(header, rows, widths, right=(1,),
                               centre=range(2, 2 + len(vendors)), extra=extra))
        flow.append(Spacer(1, 4))
    flow.append(doc.p("Scores 0–5 per criterion; red: below the criterion’s knock-out "
                       "minimum; –: not scored (counts as 0). Weighted total: scores "
                       "weighted by the shares, out of 5.", "muted"))
    return flow

def _evidence(doc: Layout) -> list[Flowable]:
    ws = doc.ws
    rows: list[Row | list[Flowable]] = []
    order = [v.id for v in ws.vendors]
    scores = sorted((s for s in ws.scores if s.evidence.strip()),
                    key=lambda s: order.index(s.vendor) if s.vendor in order else len(order))
    current = None
    for s in scores:
        if s.vendor != current:
            current = s.vendor
            vendor = doc.vendors.get(s.vendor)
            rows.append(doc.group(vendor.name if vendor else s.vendor))
        criterion = doc.criteria.get(s.criterion)
        rows.append([doc.cell(short(criterion.name) if criterion else s.criterion),
                     doc.p(str(s.score), "cell_c"), doc.cell(s.evidence)])
    if not rows:
        return []
    return [doc.p("Evidence behind the scores", "label"),
            doc.table(["Criterion", "Score", "Evidence"], rows, [30, 8, 62], centre=(1,)),
            Spacer(1, 4)]

def _close_call(doc: Layout) -> list[Flowable]:
    ws = doc.ws
    flow: list[Flowable] = []
    call = derived.close_call(ws)
    if call is not None:
        leader = short(doc.vendors[call.leader].name)
        runner = short(doc.vendors[call.runner_up].name)
        threshold = ws.thresholds.close_call_margin
        text = doc.m(f"{leader} leads {runner} by {call.margin * 100:.1f} %. ")
        if call.is_close(threshold):
            text += doc.coloured("A close call", AMBER) + doc.m(
                f" (under the {threshold * 100:.0f} % margin): check the weights and the "
                "evidence before deciding.")
        else:
            text += doc.m(f"A clear lead (the close-call margin is {threshold * 100:.0f} %).")
        flow.append(doc.pm(text, "body"))
    flip = derived.weight_flip(ws)
    if flip is not None:
        criterion = short(doc.criteria[flip.criterion_id].name)
        leader = short(doc.vendors[flip.new_leader].name)
        flow.append(doc.p(
            f"Sensitivity: the smallest single weight change that changes the leader is "
            f"{criterion} from {flip.old_weight} to {flip.new_weight}, which puts {leader} "
            "first.", "body"))
    return flow
