"""Minutes, stage 4: the business case, with the figures the room saw: per
function and in total, the one-off cost, payback, net present value, the
sensitivity line and the cash-flow chart."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from desktop_app.domain.business_case import BusinessCase, business_case, payback_text
from desktop_app.domain.model import Stage
from desktop_app.domain.money import format_money
from desktop_app.export import charts
from desktop_app.export.minutes.layout import AMBER, GREEN, RED, Layout, Row


def _money(value, currency: str = "") -> str:
    return "—" if value is None else format_money(value, currency)


def section(doc: Layout) -> list[Flowable]:
    case = business_case(doc.ws)
    flow = doc.stage_heading(Stage.BUSINESS_CASE, need=120 * mm)
    flow.append(doc.p(doc.facts(Stage.BUSINESS_CASE), "muted"))
    if not case.has_figures:
        flow.append(doc.none("No costs recorded."))
        return flow
    flow += doc.sub(Stage.BUSINESS_CASE, 1, "The plan in figures", need=110 * mm)
    flow += _summary(doc, case)
    flow.append(charts.cash_flow(case.changing, case.currency, doc.width))
    flow.append(doc.p("Cumulative cost of the outsourced and hybrid functions from the start: "
                      "as today (dashed) and with the plan, whose one-off cost is paid at the "
                      "start; the lines cross at payback. Retained functions cost the same "
                      "either way and are left out of the chart.", "muted"))
    flow += doc.sub(Stage.BUSINESS_CASE, 2, "Function by function")
    flow += _functions(doc, case)
    return flow


def _summary(doc: Layout, case: BusinessCase) -> list[Flowable]:
    plan, sensitive, money = case.plan, case.sensitive, case.currency
    saving = doc.coloured(format_money(plan.saving, money), GREEN if plan.saving > 0 else RED)
    rows: list[Row | list[Flowable]] = [
        [doc.p("Annual cost today", "cell_b"), doc.p(format_money(plan.today, money), "cell_r"),
         doc.p(format_money(sensitive.today, money), "cell_r")],
        [doc.p("Annual cost after the plan", "cell_b"),
         doc.p(format_money(plan.after, money), "cell_r"),
         doc.p(format_money(sensitive.after, money), "cell_r")],
        [doc.p("Annual saving", "cell_b"), doc.pm(saving, "cell_r"),
         doc.pm(doc.coloured(format_money(sensitive.saving, money),
                             GREEN if sensitive.saving > 0 else RED), "cell_r")],
        [doc.p("One-off cost", "cell_b"), doc.p(format_money(plan.one_off, money), "cell_r"),
         doc.p(format_money(sensitive.one_off, money), "cell_r")],
        [doc.p("Payback", "cell_b"), doc.p(payback_text(plan.payback_month), "cell_r"),
         doc.p(payback_text(sensitive.payback_month), "cell_r")],
        [doc.p(f"Net present value, {plan.horizon_years} years at {plan.rate * 100:.1f} %",
               "cell_b"), doc.p(format_money(plan.npv, money), "cell_r"),
         doc.p(format_money(sensitive.npv, money), "cell_r")],
    ]
    flow: list[Flowable] = [doc.table(
        ["", "The plan", f"Prices +{case.price_rise * 100:.0f} %, transition "
                         f"+{case.transition_rise * 100:.0f} %"],
        rows, [46, 27, 27], right=(1, 2))]
    if not plan.pays_back_in_horizon:
        flow.append(doc.pm(doc.coloured("Does not pay back within the horizon.", RED), "body"))
    elif not sensitive.pays_back_in_horizon or sensitive.saving < 0:
        flow.append(doc.pm(doc.coloured("Under the sensitivity line the plan no longer pays "
                                        "back within the horizon.", AMBER), "body"))
    return flow


def _functions(doc: Layout, case: BusinessCase) -> list[Flowable]:
    money = case.currency
    rows: list[Row | list[Flowable]] = []
    for row in case.rows:
        outcome = case.outcome_of(row)
        payback = (payback_text(outcome.payback_month, short=True)
                   if outcome is not None and row.changes else "—")
        note = "" if row.complete else "no " + ", no ".join(
            m.removeprefix("a ") for m in row.missing)
        saving = row.saving
        saving_cell = (doc.p("—", "cell_r") if saving is None else
                       doc.pm(doc.coloured(format_money(saving), RED), "cell_r") if saving < 0
                       else doc.p(format_money(saving), "cell_r"))
        rows.append([
            doc.named(row.name, note),
            doc.p(_money(row.today), "cell_r"),
            doc.p(_money(row.vendor_price), "cell_r"),
            doc.p(_money(row.retained) if row.changes else "—", "cell_r"),
            doc.p(_money(row.after), "cell_r"),
            saving_cell,
            doc.p(_money(row.one_off) if row.one_off else "—", "cell_r"),
            doc.p(payback, "cell_r"),
        ])
    plan = case.plan
    rows.append(Row([doc.p("Total in the plan", "cell_b"),
                     doc.p(format_money(plan.today), "cell_br"), doc.p(""), doc.p(""),
                     doc.p(format_money(plan.after), "cell_br"),
                     doc.p(format_money(plan.saving), "cell_br"),
                     doc.p(format_money(plan.one_off), "cell_br"),
                     doc.p(payback_text(plan.payback_month, short=True), "cell_br")], "total"))
    flow: list[Flowable] = [doc.table(
        ["Function", "Today", "Vendor price", "Retained", "After", "Saving", "One-off",
         "Payback"], rows, [19, 11.5, 11, 10.5, 11.5, 10.5, 13.5, 12.5], right=range(1, 8))]
    text = (f"Annual amounts in {money}. After the plan an outsourced or hybrid function "
            "costs its vendors' prices plus its retained roles; a retained one costs what it "
            "does today. A wave's one-off cost is shared by its functions.")
    if case.unallocated_one_off:
        text += (f" The total one-off includes {format_money(case.unallocated_one_off, money)} "
                 "of waves without functions or of functions not in the totals.")
    if case.incomplete:
        text += (f" {len(case.incomplete)} function(s) without today's cost or a vendor price "
                 "are not in the totals.")
    flow.append(doc.p(text, "muted"))
    return flow
