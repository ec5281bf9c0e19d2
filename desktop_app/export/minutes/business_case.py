"""Minutes of a stage: the business case, with the figures the room saw: in
total (payback, discounted payback, NPV, IRR, break-even price rise, against
the sensitivity line), the cash-flow chart, year by year and function by
function, with the discounting convention and what the case assumed."""

from __future__ import annotations

from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from desktop_app.domain.business_case import DISCOUNTING, BusinessCase, Outcome, business_case
from desktop_app.domain.model import Stage
from desktop_app.domain.wording import plural
from desktop_app.export import charts
from desktop_app.export.minutes.layout import AMBER, GREEN, RED, Layout, Row

ZERO = Decimal(0)


def _money(case: BusinessCase, value) -> str:
    return "—" if value is None else case.money(value, code=False)


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
    flow.append(doc.p("Cumulative cost of the outsourced and hybrid functions from the start "
                      "month: as today (dashed) and with the plan, whose one-off costs fall in "
                      "their waves' months; the lines cross at payback. Retained functions "
                      "cost the same either way and are left out of the chart.", "muted"))
    flow += doc.sub(Stage.BUSINESS_CASE, 2, "Year by year")
    flow += _years(doc, case)
    flow += doc.sub(Stage.BUSINESS_CASE, 3, "Function by function: a year's costs")
    flow += _functions(doc, case)
    flow += doc.sub(Stage.BUSINESS_CASE, 4, "Function by function: the move and its return")
    flow += _returns(doc, case)
    return flow


def _percent(value) -> str:
    return "—" if value is None else f"{value * 100:.1f} %"


def _years(doc: Layout, case: BusinessCase) -> list[Flowable]:
    money = case.currency
    rows: list[Row | list[Flowable]] = []
    years = case.plan.years()
    for year in years:
        net = case.money(year.net, code=False)
        rows.append([
            doc.p(case.year_label(year), "cell"),
            doc.p(case.money(year.today, code=False), "cell_r"),
            doc.p(case.money(year.plan, code=False), "cell_r"),
            doc.p(case.money(year.one_off, code=False) if year.one_off else "—", "cell_r"),
            doc.pm(doc.coloured(net, RED), "cell_r") if year.net < 0 else doc.p(net, "cell_r"),
            doc.p(case.money(year.cumulative, code=False), "cell_r"),
            doc.p(case.money(year.discounted_cumulative, code=False), "cell_r"),
        ])
    total = sum((y.today for y in years), ZERO), sum((y.plan for y in years), ZERO)
    rows.append(Row([doc.p("Total", "cell_b"), doc.p(case.money(total[0], code=False), "cell_br"),
                     doc.p(case.money(total[1], code=False), "cell_br"),
                     doc.p(case.money(case.plan.one_off, code=False), "cell_br"),
                     doc.p(case.money(sum((y.net for y in years), ZERO), code=False), "cell_br"),
                     doc.p(""), doc.p(case.money(case.plan.npv, code=False), "cell_br")], "total"))
    return [doc.table(["Year", "As today", "With the plan", "One-off", "Net", "Cumulative",
                       "Discounted"], rows, [22, 13, 13, 12, 13, 13.5, 13.5], right=range(1, 7),
                      whole=range(1, 7)),
            doc.p(f"Amounts in {money}. The start month carries only one-off costs; each year "
                  "runs twelve months from the month after it. Discounted: the cumulative net, "
                  "each year's net discounted at its end; the last row is the NPV.", "muted")]


def _summary(doc: Layout, case: BusinessCase) -> list[Flowable]:
    plan, sensitive = case.plan, case.sensitive

    def saving(outcome: Outcome) -> Flowable:
        text = case.money(outcome.saving)
        if outcome.saving_share is not None:
            text += f" ({_percent(outcome.saving_share)})"
        return doc.pm(doc.coloured(text, GREEN if outcome.saving > 0 else RED), "cell_r")

    def both(label: str, show) -> list[Flowable]:
        return [doc.p(label, "cell_b"), doc.p(show(plan), "cell_r"),
                doc.p(show(sensitive), "cell_r")]

    rows: list[Row | list[Flowable]] = [
        both("Annual cost today", lambda o: case.money(o.today)),
        both("Annual cost after the plan", lambda o: case.money(o.after)),
        [doc.p("Annual saving (of today's cost)", "cell_b"), saving(plan), saving(sensitive)],
        both("One-off cost", lambda o: case.money(o.one_off)),
        both("Payback", lambda o: o.payback_label(o.payback_month)),
        both("Discounted payback", lambda o: o.payback_label(o.discounted_payback_month)),
        both(f"Net present value, {plural(plan.horizon_years, 'year')} at "
             f"{_percent(plan.rate)}", lambda o: case.money(o.npv)),
        both("Internal rate of return", lambda o: _percent(o.irr)),
        both("Vendor prices may rise by", lambda o: _percent(o.break_even_price_rise)),
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
    start = case.schedule.start
    flow.append(doc.p(
        f"{DISCOUNTING}. The start month is "
        + (f"{case.schedule.label(0)}" if start else "not dated (no wave or workshop date)")
        + f"; vendor prices rise {_percent(case.vendor_indexation)} and in-house costs "
          f"{_percent(case.inhouse_indexation)} a year after the first. Annual costs and the "
          "saving are at today's prices once every wave is done. Vendor prices may rise by: "
          "the rise of every vendor price at which the NPV is zero.", "muted"))
    for note in case.schedule.notes:
        flow.append(doc.pm(doc.coloured(note.text, AMBER, bold=False), "body"))
    return flow


def _functions(doc: Layout, case: BusinessCase) -> list[Flowable]:
    money = case.currency
    rows: list[Row | list[Flowable]] = []
    for row in case.rows:
        note = "" if row.complete else "no " + ", no ".join(
            m.removeprefix("a ") for m in row.missing)
        saving = row.saving
        shown = "—" if saving is None else case.money(saving, code=False)
        saving_cell = (doc.pm(doc.coloured(shown, RED), "cell_r")
                       if saving is not None and saving < 0 else doc.p(shown, "cell_r"))
        rows.append([
            doc.named(row.name, note),
            doc.p(_money(case, row.today), "cell_r"),
            doc.p(_money(case, row.vendor_price), "cell_r"),
            doc.p(_money(case, row.retained) if row.changes else "—", "cell_r"),
            doc.p(_money(case, row.after), "cell_r"),
            saving_cell,
        ])
    plan, counted = case.plan, case.counted
    vendor_total = sum((r.vendor_price or ZERO for r in counted if r.changes), ZERO)
    retained_total = sum((r.retained for r in counted if r.changes), ZERO)
    rows.append(Row([doc.p("Total in the plan", "cell_b"),
                     doc.p(case.money(plan.today, code=False), "cell_br"),
                     doc.p(case.money(vendor_total, code=False), "cell_br"),
                     doc.p(case.money(retained_total, code=False), "cell_br"),
                     doc.p(case.money(plan.after, code=False), "cell_br"),
                     doc.p(case.money(plan.saving, code=False), "cell_br")], "total"))
    flow: list[Flowable] = [doc.table(
        ["Function", "Today", "Vendor price", "Retained roles", "After", "Saving"], rows,
        [40, 12, 12, 12, 12, 12], right=range(1, 6), whole=range(1, 6))]
    text = (f"Annual amounts in {money}, at today's prices. After the plan an outsourced or "
            "hybrid function costs its vendors' prices plus its retained roles; a retained one "
            "costs what it does today.")
    if case.incomplete:
        text += (f" {plural(len(case.incomplete), 'function')} without today's cost or a "
                 "vendor price " + ("is" if len(case.incomplete) == 1 else "are")
                 + " not in the totals.")
    flow.append(doc.p(text, "muted"))
    return flow


def _returns(doc: Layout, case: BusinessCase) -> list[Flowable]:
    money, schedule = case.currency, case.schedule
    rows: list[Row | list[Flowable]] = []
    for row in case.rows:
        if not row.changes and not row.one_off:
            continue
        outcome = case.outcome_of(row)
        timing = schedule.timing.get(row.function_id)
        moved = outcome is not None and row.changes
        rows.append([
            doc.named(row.name, "" if row.complete else "not in the totals"),
            doc.p(_money(case, row.one_off) if row.one_off else "—", "cell_r"),
            doc.p(schedule.label(timing.live) if row.changes and timing is not None else "—",
                  "cell_r"),
            doc.p(outcome.payback_label(outcome.payback_month, short=True) if moved else "—",
                  "cell_r"),
            doc.p(_money(case, outcome.npv) if moved else "—", "cell_r"),
        ])
    counted_one_off = sum((r.one_off for r in case.counted), ZERO)
    functions_npv = sum((outcome.npv for r in case.counted
                         if (outcome := case.outcome_of(r)) is not None), ZERO)
    rows.append(Row([doc.p("Total of the functions in the plan", "cell_b"),
                     doc.p(case.money(counted_one_off, code=False), "cell_br"), doc.p(""),
                     doc.p(""),
                     doc.p(case.money(functions_npv, code=False), "cell_br")], "total"))
    if case.unallocated_one_off:  # so that both money columns add up to the plan's
        rows.append(Row([doc.p("One-off no function in the plan carries", "cell_b"),
                         doc.p(case.money(case.unallocated_one_off, code=False), "cell_br"),
                         doc.p(""), doc.p(""),
                         doc.p(case.money(case.plan.npv - functions_npv, code=False), "cell_br")],
                        "total"))
    rows.append(Row([doc.p("The plan", "cell_b"), doc.p(case.money(case.plan.one_off, code=False),
                                                        "cell_br"),
                     doc.p(""), doc.p(case.plan.payback_label(case.plan.payback_month,
                                                              short=True), "cell_br"),
                     doc.p(case.money(case.plan.npv, code=False), "cell_br")], "total"))
    return [doc.table(["Function", "One-off", "Saves from", "Payback", "NPV"], rows,
                      [40, 15, 15, 15, 15], right=range(1, 5), whole=(1, 4)),
            doc.p(f"Amounts in {money}. A wave's one-off cost is shared by its functions and "
                  "falls in the wave's months; a function saves from the month after its wave "
                  "ends. NPV and payback: the function's own, with its share of the one-off. "
                  "The plan's NPV also counts the one-off no function in the plan carries "
                  "(of waves without functions, and of functions without figures).", "muted")]
