"""The business case month by month (issue 24, part 2): the one-off falls in
its waves' months, each function saves from the month after its wave ends,
parallel runs pay both, prices and costs rise each year; NPV, payback,
discounted payback, IRR, break-even price rise and the year-by-year table
follow, worked by hand and checked against numpy-financial."""

from __future__ import annotations

import dataclasses
import math
from datetime import date
from decimal import Decimal

import numpy_financial
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from desktop_app.domain.business_case import business_case, calendar_month, month_index
from desktop_app.domain.model import (
    Assignment,
    Details,
    Function,
    Role,
    Sourcing,
    Vendor,
    Wave,
    Workshop,
)
from desktop_app.domain.money import Money, from_major


def m(major: int | str) -> Money:
    return from_major(Decimal(str(major)))


def golden() -> Workshop:
    """Worked by hand, month by month (EUR, 2 years at 10 %, start Jan 2027).

    A: today 120,000 (10,000 a month), vendor 60,000 (5,000), retained 12,000
       (1,000). Wave 1, 15 Jan - 20 Feb 2027: months 0 and 1, one-off 30,000
       (15,000 in each), a parallel run of 1 month (month 1: 10,000 + 5,000),
       saves from month 2: 4,000 a month.
    B: today 240,000 (20,000), vendor 180,000 (15,000). Wave 2, Apr - Jun 2027:
       months 3, 4, 5, one-off 9,000.02 (3,000.02 + 3,000.00 + 3,000.00), saves
       from month 6: 5,000 a month.
    C: today 36,000 (3,000), vendor 24,000 (2,000), in no wave: saves from
       month 1, 1,000 a month.
    Year 2 (months 13-24): in-house costs +10 %, vendor prices +5 %: A 11,000
       against 5,250 + 1,100, B 22,000 against 15,750, C 3,300 against 2,100:
       12,100 a month, 145,200 in the year.
    Net: month 0 -15,000; month 1 -5,000 - 15,000 + 1,000 = -19,000; month 2
       +5,000; months 3-5 5,000 - 3,000.02, 2,000, 2,000; months 6-12 10,000 each.
       Year 1 = 61,999.98. Cumulative: -15,000, -34,000, -29,000, -27,000.02,
       -25,000.02, -23,000.02, -13,000.02, -3,000.02, then +6,999.98 in month 8
       (Sep 2027): payback.
    NPV: -15,000 + 61,999.98 / 1.1 + 145,200 / 1.21 = 161,363.62.
    Vendor prices paid: year 1 60,000 + 105,000 + 24,000 = 189,000; year 2
       63,000 + 189,000 + 25,200 = 277,200; present value 400,909.09; the NPV
       reaches zero with prices 161,363.62 / 400,909.09 = 40.249 % higher.
    """
    return Workshop(
        details=Details(date=date(2027, 3, 9), horizon_years=2, discount_rate=0.1,
                        case_start=date(2027, 1, 1), vendor_indexation=0.05,
                        inhouse_indexation=0.1),
        functions=[
            Function("a", "A", fte=1, sourcing=Sourcing.OUTSOURCE, other_cost=m(120_000)),
            Function("b", "B", fte=1, sourcing=Sourcing.OUTSOURCE, other_cost=m(240_000)),
            Function("c", "C", fte=1, sourcing=Sourcing.HYBRID, other_cost=m(36_000)),
        ],
        vendors=[Vendor("v1", "V")],
        assignments=[Assignment("a", "v1", 1, annual_price=m(60_000)),
                     Assignment("b", "v1", 1, annual_price=m(180_000)),
                     Assignment("c", "v1", 1, annual_price=m(24_000))],
        waves=[Wave("w1", "Wave 1", date(2027, 1, 15), date(2027, 2, 20), ("a",),
                    transition_cost=m(30_000), parallel_run_months=1),
               Wave("w2", "Wave 2", date(2027, 4, 1), date(2027, 6, 30), ("b",),
                    transition_cost=m("9000.02"))],
        roles=[Role("r1", "a", "Vendor manager", annual_cost=m(12_000))],
    )


def test_the_golden_case_month_by_month() -> None:
    case = business_case(golden())
    plan = case.plan
    net = [round(value, 2) for value in plan.net]
    assert net[:9] == [Decimal(v) for v in ("-15000", "-19000", "5000", "1999.98", "2000",
                                            "2000", "10000", "10000", "10000")]
    assert net[12] == Decimal(10000) and net[13] == net[24] == Decimal(12100)
    assert plan.payback_month == 8 and case.payback_label(8) == "Sep 2027 (month 8)"
    assert plan.discounted_payback_month == 8
    assert plan.npv == Decimal("161363.62")
    assert (plan.today, plan.after, plan.saving) == (Decimal(396_000), Decimal(276_000),
                                                     Decimal(120_000))
    assert plan.one_off == Decimal("39000.02")
    assert round(plan.saving_share, 4) == Decimal("0.3030")
    assert round(plan.break_even_price_rise, 5) == Decimal("0.40249")
    years = plan.years()
    assert [(y.year, y.first, y.last) for y in years] == [(0, 0, 0), (1, 1, 12), (2, 13, 24)]
    assert [round(y.net, 2) for y in years] == [Decimal(-15000), Decimal("61999.98"),
                                                Decimal(145200)]
    assert round(years[1].one_off, 2) == Decimal("24000.02")  # 15,000 + 9,000.02
    assert round(years[2].cumulative, 2) == Decimal("192199.98")
    assert round(years[2].discounted_cumulative, 2) == plan.npv
    timing = case.schedule.timing
    assert (timing["a"].live, timing["a"].parallel) == (2, 1)
    assert timing["b"].live == 6 and timing["c"].wave is None
    assert any("C is in no wave" in note.text for note in case.schedule.notes)


def test_each_function_has_its_own_npv() -> None:
    case = business_case(golden())
    by_id = {row.function_id: case.outcome_of(row) for row in case.rows}
    # C alone: 1,000 a month in year 1, 1,200 in year 2: 12,000 / 1.1 + 14,400 / 1.21.
    assert by_id["c"].npv == Decimal("22809.92")
    # The functions' NPVs add up to the plan's (no one-off outside them here).
    assert abs(sum(o.npv for o in by_id.values()) - case.plan.npv) <= Decimal("0.02")


def test_the_irr_makes_the_npv_zero() -> None:
    plan = business_case(golden()).plan
    rate = plan.irr
    assert rate is not None and rate > 1  # 15,000 returns 62,000 in a year
    at_irr = sum(v / (1 + rate) ** year for year, v in enumerate(plan.yearly_net))
    assert abs(at_irr) < Decimal("0.001")


def test_problems_of_the_timing_are_explained() -> None:
    ws = golden()
    ws.waves[0] = dataclasses.replace(ws.waves[0], start=None)
    ws.waves[1] = dataclasses.replace(ws.waves[1], start=date(2027, 7, 1), end=date(2027, 6, 1))
    ws.details = dataclasses.replace(ws.details, horizon_years=1)
    ws.waves.append(Wave("w3", "Wave 3", date(2027, 11, 1), date(2028, 3, 31)))
    notes = " ".join(note.text for note in business_case(ws).schedule.notes)
    assert "Wave 1 has no dates" in notes
    assert "Wave 2 ends before it starts" in notes
    assert "1 year horizon ends before Wave 3 is done" in notes


# --- properties ----------------------------------------------------------------------

START = date(2027, 4, 1)
amounts = st.integers(0, 10**7).map(lambda whole: Money(whole * 10_000))


@st.composite
def timed_plans(draw, dated: bool = True, one_off: bool = True, parallel: bool = True,
                index: bool = True) -> Workshop:
    count = draw(st.integers(1, 5))
    functions, assignments = [], []
    for n in range(count):
        today = draw(st.integers(0, 10**6))
        sourcing = draw(st.sampled_from(list(Sourcing)))
        functions.append(Function(f"f{n}", f"F{n}", fte=1, sourcing=sourcing,
                                  other_cost=m(today)))
        assignments.append(Assignment(f"f{n}", "v1", 1,
                                      annual_price=m(draw(st.integers(0, 10**6)))))
    waves = []
    ids = [f.id for f in functions]
    for n in range(draw(st.integers(0, 3))):
        first = draw(st.integers(0, 30))
        length = draw(st.integers(0, 8))
        waves.append(Wave(
            f"w{n}", f"W{n}",
            calendar_month(START, first) if dated else None,
            calendar_month(START, first + length) if dated else None,
            tuple(draw(st.lists(st.sampled_from(ids), unique=True, max_size=3))),
            transition_cost=draw(amounts) if one_off else None,
            parallel_run_months=draw(st.integers(0, 6)) if parallel else 0))
    rate = draw(st.sampled_from([0, 0.035, 0.08, 0.12]))
    vendor_index = draw(st.sampled_from([0, 0.02, 0.05])) if index else 0
    inhouse_index = draw(st.sampled_from([0, 0.03, 0.06])) if index else 0
    return Workshop(details=Details(horizon_years=draw(st.integers(1, 10)), discount_rate=rate,
                                    case_start=START, vendor_indexation=vendor_index,
                                    inhouse_indexation=inhouse_index),
                    functions=functions, vendors=[Vendor("v1", "V")], assignments=assignments,
                    waves=waves)


def simpler_npv_and_payback(ws: Workshop) -> tuple[Decimal, int | None]:
    """Today's simpler rules: the whole one-off at the start, every function saving
    from month 1, each year's saving discounted at the year's end."""
    plan = business_case(ws).plan
    rate, years = Decimal(str(ws.details.discount_rate)), ws.details.horizon_years
    annuity = sum((1 / (1 + rate) ** year for year in range(1, years + 1)), Decimal(0))
    npv = plan.saving * annuity - plan.one_off
    if plan.one_off <= 0:
        payback = 0 if plan.saving >= 0 else None
    elif plan.saving <= 0:
        payback = None
    else:
        payback = math.ceil(plan.one_off * 12 / plan.saving)
        payback = payback if payback <= years * 12 else None
    return npv, payback


@settings(max_examples=150, deadline=None)
@given(timed_plans(dated=False, parallel=False, index=False))
def test_without_timing_the_figures_reduce_to_the_simpler_ones(ws: Workshop) -> None:
    plan = business_case(ws).plan
    npv, payback = simpler_npv_and_payback(ws)
    assert abs(plan.npv - npv) <= Decimal("0.01")
    assert plan.payback_month == payback


@settings(max_examples=150, deadline=None)
@given(timed_plans(one_off=False, parallel=False), st.integers(1, 24))
def test_moving_every_wave_later_never_improves_the_npv(ws: Workshop, later: int) -> None:
    ws.details = dataclasses.replace(ws.details, inhouse_indexation=max(
        ws.details.inhouse_indexation, ws.details.vendor_indexation))
    for function in ws.functions:  # positive savings: the vendor costs less than today
        price = ws.find("assignments", (function.id, "v1")).annual_price
        assume(function.other_cost >= price)
    before = business_case(ws).plan.npv
    ws.waves[:] = [dataclasses.replace(w, start=calendar_month(START, month_index(
        START, w.start) + later), end=calendar_month(START, month_index(START, w.end) + later))
        for w in ws.waves]
    assert business_case(ws).plan.npv <= before


@settings(max_examples=150, deadline=None)
@given(timed_plans())
def test_npv_and_irr_agree_with_numpy_financial(ws: Workshop) -> None:
    plan = business_case(ws).plan
    yearly = [float(v) for v in plan.yearly_net]
    expected = numpy_financial.npv(ws.details.discount_rate, yearly)
    assert abs(float(plan.npv) - expected) <= 0.01 + abs(expected) * 1e-12
    if plan.irr is not None:
        rate = float(plan.irr)  # the present values at that rate cancel out
        scale = sum(abs(v) / (1 + rate) ** t for t, v in enumerate(yearly))
        assert abs(numpy_financial.npv(rate, yearly)) <= 1e-6 * scale


@settings(max_examples=100, deadline=None)
@given(timed_plans())
def test_the_year_table_adds_up_to_the_figures(ws: Workshop) -> None:
    plan = business_case(ws).plan
    years = plan.years()
    assert len(years) == ws.details.horizon_years + 1
    assert round(sum(y.one_off for y in years), 2) == plan.one_off
    assert round(years[-1].discounted_cumulative, 2) == plan.npv
    # The same amount summed month by month: equal but for the last of 28 digits.
    assert abs(years[-1].cumulative - sum(plan.net, Decimal(0))) < Decimal("1e-12")


@pytest.mark.parametrize("years", [1, 7, 30])
def test_a_long_horizon_has_a_row_per_year(years: int) -> None:
    ws = golden()
    ws.details = dataclasses.replace(ws.details, horizon_years=years)
    assert [y.year for y in business_case(ws).plan.years()] == list(range(years + 1))
