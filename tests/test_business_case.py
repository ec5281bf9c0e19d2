"""The business case's figures (issue 15): a hand-computed example to the
cent, the totals as the sum of their rows for any plan, and amounts that are
refused with a sentence, never stored."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.domain.business_case import business_case, payback_text
from desktop_app.domain.commands import EditField
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
from desktop_app.domain.money import Money, MoneyError, format_money, from_major, parse
from desktop_app.domain.validation import ValidationError, coerce


def m(major: int | str) -> Money:
    return from_major(Decimal(str(major)))


def example() -> Workshop:
    """Worked by hand in the comments (EUR):

    Service desk, outsourced: 10 FTE x 70,000 + 50,000 = 750,000 today; vendor
    8 FTE x 45,000 = 360,000; retained vendor manager 90,000: after 450,000,
    saving 300,000. Testing, outsourced: 2.5 FTE x 80,000 = 200,000 today;
    fixed price 150,000; retained 20,000: after 170,000, saving 30,000.
    Network, retained: 4 x 85,000 = 340,000 today and after.
    Transition: wave 1 (both functions) 400,000.01, so 200,000.01 + 200,000.00;
    a wave with no function 50,000.

    Totals: today 1,290,000; after 960,000; saving 330,000 a year; one-off
    450,000.01. Payback: 450,000.01 x 12 / 330,000 = 16.36..., month 17.
    NPV at 8 % over 5 years: 330,000 x 3.99271004... = 1,317,594.31 less the
    one-off: 867,594.30 (3.992710037 = (1 - 1.08^-5) / 0.08).
    Sensitivity: vendor prices x 1.1 = 396,000 and 165,000, so after
    1,011,000 and saving 279,000; one-off x 1.25 = 562,500.01.
    """
    return Workshop(
        functions=[
            Function("f1", "Service desk", fte=10, sourcing=Sourcing.OUTSOURCE,
                     cost_per_fte=m(70_000), other_cost=m(50_000)),
            Function("f2", "Testing", fte=2.5, sourcing=Sourcing.OUTSOURCE,
                     cost_per_fte=m(80_000)),
            Function("f3", "Network", fte=4, sourcing=Sourcing.RETAIN, cost_per_fte=m(85_000)),
        ],
        vendors=[Vendor("v1", "Alpha", available_fte=20)],
        assignments=[Assignment("f1", "v1", 8, rate_per_fte=m(45_000)),
                     Assignment("f2", "v1", 2, annual_price=m(150_000))],
        waves=[Wave("w1", "Wave 1", functions=("f1", "f2"), transition_cost=m("400000.01")),
               Wave("w2", "Exit of the old contract", transition_cost=m(50_000))],
        roles=[Role("r1", "f1", "Vendor manager", annual_cost=m(90_000)),
               Role("r2", "f2", "Test lead", annual_cost=m(20_000))],
    )


def test_the_hand_computed_example_to_the_cent() -> None:
    case = business_case(example())
    rows = {row.function_id: row for row in case.rows}
    assert rows["f1"].today == Decimal("750000.00") and rows["f1"].after == Decimal("450000.00")
    assert rows["f1"].one_off == Decimal("200000.01")  # the cent left over goes to the first
    assert rows["f2"].saving == Decimal("30000.00") and rows["f2"].one_off == Decimal("200000.00")
    assert rows["f3"].saving == 0 and rows["f3"].after == rows["f3"].today
    plan = case.plan
    assert (plan.today, plan.after, plan.saving) == (
        Decimal("1290000.00"), Decimal("960000.00"), Decimal("330000.00"))
    assert plan.one_off == Decimal("450000.01") and case.unallocated_one_off == 50_000
    assert plan.payback_month == 17
    assert plan.npv == Decimal("867594.30")
    assert case.sensitive.saving == Decimal("279000.00")
    assert case.sensitive.one_off == Decimal("562500.01")


def one_function(today: int, after: int, one_off: int, years: int = 5) -> Workshop:
    """One outsourced function moved at the start (a wave without dates)."""
    return Workshop(
        details=Details(horizon_years=years),
        functions=[Function("f1", "F", fte=1, sourcing=Sourcing.OUTSOURCE,
                            other_cost=m(today))],
        vendors=[Vendor("v1", "V")],
        assignments=[Assignment("f1", "v1", 1, annual_price=m(after))],
        waves=[Wave("w1", "W", functions=("f1",), transition_cost=m(one_off))])


def test_payback_and_npv_of_simple_outcomes() -> None:
    plan = business_case(one_function(300_000, 200_000, 150_000)).plan
    assert plan.npv == Decimal("249271.00")  # 100,000 x 3.99271 - 150,000
    assert plan.payback_month == 18
    never = business_case(one_function(100, 120, 10)).plan
    assert never.payback_month is None and not never.pays_back_in_horizon
    at_once = business_case(one_function(100, 80, 0)).plan
    assert at_once.payback_month == 0 and payback_text(0) == "at once"
    assert payback_text(18) == "month 18 (1 year 6 months)" and payback_text(None) == "never"


def test_the_cumulative_lines_cross_at_the_payback_month() -> None:
    plan = business_case(example()).plan
    points = plan.cumulative()
    assert len(points) == 5 * 12 + 1 and points[0] == (0, 0, plan.one_off)
    crossing = next(month for month, today, planned in points if planned <= today)
    assert crossing == plan.payback_month


def test_a_function_without_figures_is_left_out_and_named() -> None:
    ws = example()
    ws.assignments[1] = Assignment("f2", "v1", 2)  # no price any more
    case = business_case(ws)
    (lacking,) = case.incomplete
    assert lacking.function_id == "f2" and lacking.missing == ("a vendor price",)
    assert case.plan.today == Decimal("1090000.00")  # Testing's 200,000 is out
    # Its share of the wave still counts in the one-off: money is spent either way.
    assert case.plan.one_off == Decimal("450000.01")


amounts = st.one_of(st.none(), st.integers(0, 10**9).map(lambda cents: Money(cents * 100)))
sourcings = st.sampled_from(list(Sourcing))


@st.composite
def plans(draw) -> Workshop:
    count = draw(st.integers(0, 6))
    functions = [Function(f"f{n}", f"F{n}", fte=draw(st.sampled_from([0, 0.5, 1, 2.5, 12])),
                          sourcing=draw(sourcings), cost_per_fte=draw(amounts),
                          other_cost=draw(amounts)) for n in range(count)]
    ids = [f.id for f in functions]
    assignments = [Assignment(f, "v1", draw(st.sampled_from([0, 1, 3.5])),
                              annual_price=draw(amounts), rate_per_fte=draw(amounts))
                   for f in ids if draw(st.booleans())]
    waves = [Wave(f"w{n}", f"W{n}", functions=tuple(draw(st.lists(st.sampled_from(ids),
                                                                  unique=True)) if ids else ()),
                  transition_cost=draw(amounts)) for n in range(draw(st.integers(0, 3)))]
    roles = [Role(f"r{n}", draw(st.sampled_from(ids)), "Role", annual_cost=draw(amounts))
             for n in range(draw(st.integers(0, 4)))] if ids else []
    return Workshop(functions=functions, vendors=[Vendor("v1", "V")], assignments=assignments,
                    waves=waves, roles=roles)


@settings(max_examples=200, deadline=None)
@given(plans())
def test_the_totals_are_the_sum_of_the_rows(ws: Workshop) -> None:
    case = business_case(ws)
    counted = case.counted
    assert case.plan.today == sum((row.today for row in counted), Decimal(0))
    assert case.plan.after == sum((row.after for row in counted), Decimal(0))
    assert case.plan.saving == sum((row.saving for row in counted), Decimal(0))
    assert case.plan.one_off == sum((row.one_off for row in counted), Decimal(0)) \
        + case.unallocated_one_off
    every_wave = sum((w.transition_cost.major for w in ws.waves if w.transition_cost),
                     Decimal(0))
    assert case.plan.one_off == every_wave  # no cent lost or made by the sharing
    for value in (case.plan.today, case.plan.after, case.plan.one_off, case.plan.npv):
        assert value == value.quantize(Decimal("0.01"))


@pytest.mark.parametrize(("typed", "major"), [
    ("85000", "85000"), ("85,000", "85000"), ("85 000.50", "85000.5"),
    ("€ 1,200", "1200"), ("12,5", "12.5"), (".5", "0.5"), ("85.000,50", "85000.5"),
    ("1’234.5", "1234.5"),
])
def test_amounts_as_people_type_them(typed, major) -> None:
    assert parse(typed, "en_US").major == Decimal(major)


@pytest.mark.parametrize("typed", ["0.005", "0.015", "12.345"])
def test_fractions_of_a_cent_are_refused_never_rounded(typed) -> None:
    with pytest.raises(MoneyError, match="EUR has 2 decimals"):
        parse(typed, "en_US", "EUR")


@pytest.mark.parametrize(("typed", "words"), [
    ("-100", "cannot be negative"), ("1e9", "not an amount"), ("12.5.3", "not an amount"),
    ("10000000000000", "not a realistic cost"), ("NaN", "not an amount"),
    ("<b>5</b>", "not an amount"),
])
def test_impossible_amounts_are_refused_with_a_sentence(typed, words) -> None:
    with pytest.raises(ValidationError, match=words):
        coerce(Function, "cost_per_fte", typed)


def test_an_impossible_amount_typed_into_a_cell_changes_nothing() -> None:
    with pytest.raises(ValidationError, match="Cost per FTE"):
        EditField("functions", "f1", "cost_per_fte", "-5")
    command = EditField("functions", "f1", "cost_per_fte", "")
    assert command.value is None  # cleared, not zero


def test_amounts_print_with_thousands_separators() -> None:
    assert format_money(m(1_234_567), "EUR") == "1,234,567 EUR"
    assert format_money(m("85000.5")) == "85,000.50"
    assert format_money(Decimal("-87500")) == "−87,500"
    assert format_money(None) == ""


def test_the_currency_is_an_iso_code() -> None:
    from desktop_app.domain.model import Details

    assert coerce(Details, "currency", " chf ") == "CHF"
    for impossible in ("Euro", "ABC", "EU"):
        with pytest.raises(ValidationError, match="ISO 4217"):
            coerce(Details, "currency", impossible)


def test_a_file_with_fractions_of_a_yen_is_refused_naming_the_amount() -> None:
    from desktop_app.storage import interchange
    from desktop_app.storage.errors import InterchangeError

    document = interchange.to_dict(Workshop(functions=[Function("f1", "Service desk")]))
    document["workshop"]["currency"] = "JPY"
    document["functions"][0]["other_cost"] = 1250.5
    with pytest.raises(InterchangeError, match=r"Service desk.*JPY has no minor unit"):
        interchange.from_dict(document)
    document["functions"][0]["other_cost"] = 1250
    assert interchange.from_dict(document).functions[0].other_cost.major == 1250


@pytest.mark.parametrize("setting", ["xx_YY", "de_DE; DROP", "<b>"])
def test_a_number_format_must_be_a_locale(setting) -> None:
    from desktop_app.domain.model import Details

    with pytest.raises(ValidationError, match="Number format"):
        coerce(Details, "number_format", setting)
    assert coerce(Details, "number_format", "de_CH") == "de_CH"
