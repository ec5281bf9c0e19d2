"""The business case: what the plan costs and saves, and when it pays back.

Money is `Decimal` in major units here (rounded to the cent where a figure is
shown), never a float sum. The rules, as the minutes and the README state them:

- today's annual cost of a function: its FTE x loaded cost per FTE, plus its
  other cost;
- after the plan, an outsourced or hybrid function costs the vendors' annual
  prices (a fixed price, or FTE required x rate) plus its retained roles; a
  retained or undecided function costs what it costs today;
- a wave's one-off transition cost is shared equally by the wave's functions
  (a cent left over goes to the first); a wave without functions, or the
  share of a function left out of the totals, counts in the total one-off;
- the payback month: the first month whose cumulative saving (an equal part
  each month) covers the one-off cost, the one-off paid at the start;
- the net present value over the horizon: minus the one-off cost, plus each
  year's saving discounted at the year's end;
- the sensitivity line: the same with vendor prices `price_rise` higher and
  the transition `transition_rise` dearer (10 % and 25 % by default).

A function enters the totals only when its figures are complete: an
outsourced or hybrid one needs today's cost and a vendor price; the others
need today's cost. The rest are listed with what they lack.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal

from desktop_app.domain.model import Assignment, Function, Sourcing, Workshop

CENT = Decimal("0.01")
ZERO = Decimal(0)


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_EVEN)


def _fte(value: float) -> Decimal:
    return Decimal(str(value))  # 12.5 FTE is exactly 12.5, not its float's binary value


def current_cost(function: Function) -> Decimal | None:
    """Today's annual run cost; None when neither cost is entered."""
    if function.cost_per_fte is None and function.other_cost is None:
        return None
    staff = _fte(function.fte) * function.cost_per_fte.major if function.cost_per_fte else ZERO
    other = function.other_cost.major if function.other_cost is not None else ZERO
    return _cents(staff + other)


def assignment_price(assignment: Assignment) -> Decimal | None:
    """The vendor's annual price for the function: fixed, or FTE x rate; None if neither."""
    if assignment.annual_price is not None:
        return assignment.annual_price.major
    if assignment.rate_per_fte is not None:
        return _cents(_fte(assignment.fte_required) * assignment.rate_per_fte.major)
    return None


@dataclass(frozen=True)
class FunctionCase:
    function_id: str
    name: str
    sourcing: Sourcing
    today: Decimal | None
    vendor_price: Decimal | None  # None: no priced assignment (or not outsourced)
    retained: Decimal  # the retained roles' annual cost (outsourced or hybrid only)
    one_off: Decimal  # its share of the waves' transition costs
    missing: tuple[str, ...]  # what keeps it out of the totals ("today's cost", ...)

    @property
    def changes(self) -> bool:
        return self.sourcing in (Sourcing.OUTSOURCE, Sourcing.HYBRID)

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def after(self) -> Decimal | None:
        if not self.complete:
            return None
        assert self.today is not None
        if not self.changes:
            return self.today
        assert self.vendor_price is not None
        return self.vendor_price + self.retained

    @property
    def saving(self) -> Decimal | None:
        after = self.after
        return None if after is None or self.today is None else self.today - after

    @property
    def saving_before_retained(self) -> Decimal | None:
        """The saving a vendor quote alone suggests, before the retained roles."""
        if not self.complete or not self.changes:
            return None
        assert self.today is not None and self.vendor_price is not None
        return self.today - self.vendor_price


@dataclass(frozen=True)
class Outcome:
    """The figures of a plan (or one function): annual costs, saving, one-off,
    payback and net present value."""

    today: Decimal
    after: Decimal
    one_off: Decimal
    horizon_years: int
    rate: Decimal

    @property
    def saving(self) -> Decimal:
        return self.today - self.after

    @property
    def payback_month(self) -> int | None:
        """The month whose cumulative saving first covers the one-off; 0 when
        nothing is paid up front; None when the saving never covers it."""
        if self.one_off <= 0:
            return 0 if self.saving >= 0 else None
        if self.saving <= 0:
            return None
        return math.ceil(self.one_off * 12 / self.saving)

    @property
    def pays_back_in_horizon(self) -> bool:
        month = self.payback_month
        return month is not None and month <= self.horizon_years * 12

    @property
    def npv(self) -> Decimal:
        factor = sum((1 / (1 + self.rate) ** year for year in range(1, self.horizon_years + 1)),
                     ZERO)
        return _cents(self.saving * factor - self.one_off)

    def cumulative(self) -> list[tuple[int, Decimal, Decimal]]:
        """(month, cumulative cost of staying as today, cumulative cost of the plan)
        for every month of the horizon, month 0 the start."""
        return [(m, _cents(self.today * m / 12), _cents(self.one_off + self.after * m / 12))
                for m in range(self.horizon_years * 12 + 1)]


@dataclass(frozen=True)
class BusinessCase:
    currency: str
    rows: tuple[FunctionCase, ...]
    unallocated_one_off: Decimal  # transition cost of waves not shared by counted functions
    plan: Outcome
    sensitive: Outcome  # vendor prices and transition dearer (Thresholds)
    price_rise: Decimal
    transition_rise: Decimal

    @property
    def counted(self) -> tuple[FunctionCase, ...]:
        return tuple(row for row in self.rows if row.complete)

    @property
    def incomplete(self) -> tuple[FunctionCase, ...]:
        return tuple(row for row in self.rows if not row.complete)

    started: bool  # any amount entered anywhere

    @property
    def has_figures(self) -> bool:
        return bool(self.counted) or self.plan.one_off > 0

    @property
    def changing(self) -> Outcome:
        """The plan over the functions that change hands only: the retained ones
        cost the same either way, so the chart shows the difference plainly.
        Same saving, one-off and payback as the plan."""
        rows = [row for row in self.counted if row.changes]
        today = sum((row.today or ZERO for row in rows), ZERO)
        return Outcome(today, today - self.plan.saving, self.plan.one_off,
                       self.plan.horizon_years, self.plan.rate)

    def outcome_of(self, row: FunctionCase) -> Outcome | None:
        after = row.after
        if after is None or row.today is None:
            return None
        return Outcome(row.today, after, row.one_off, self.plan.horizon_years, self.plan.rate)


def _wave_shares(workshop: Workshop) -> tuple[dict[str, Decimal], Decimal]:
    """Each function's share of the waves' transition costs, and the cost of
    waves without functions."""
    shares: dict[str, Decimal] = {}
    loose = ZERO
    for wave in workshop.waves:
        if wave.transition_cost is None:
            continue
        total = wave.transition_cost.major
        functions = list(dict.fromkeys(wave.functions))
        if not functions:
            loose += total
            continue
        each = (total / len(functions)).quantize(CENT, rounding=ROUND_DOWN)
        left = total - each * len(functions)
        for index, function_id in enumerate(functions):
            shares[function_id] = shares.get(function_id, ZERO) + each + (left if index == 0
                                                                          else ZERO)
    return shares, loose


def _row(function: Function, workshop: Workshop, one_off: Decimal) -> FunctionCase:
    today = current_cost(function)
    changes = function.is_outsourced
    prices = [price for a in workshop.assignments if a.function == function.id
              if (price := assignment_price(a)) is not None]
    vendor_price = sum(prices, ZERO) if changes and prices else None
    retained = sum((r.annual_cost.major for r in workshop.roles
                    if r.function == function.id and r.annual_cost is not None), ZERO)
    missing = []
    if today is None:
        missing.append("today's cost")
    if changes and vendor_price is None:
        missing.append("a vendor price")
    return FunctionCase(function.id, function.label, function.sourcing, today, vendor_price,
                        retained if changes else ZERO, one_off, tuple(missing))


def _outcome(rows: Iterable[FunctionCase], one_off: Decimal, workshop: Workshop,
             price_factor: Decimal = Decimal(1)) -> Outcome:
    today = after = ZERO
    for row in rows:
        assert row.today is not None
        today += row.today
        if row.changes:
            assert row.vendor_price is not None
            after += _cents(row.vendor_price * price_factor) + row.retained
        else:
            after += row.today
    return Outcome(today, after, one_off, workshop.details.horizon_years,
                   Decimal(str(workshop.details.discount_rate)))


_kept: list[tuple[tuple, BusinessCase]] = []


def business_case(workshop: Workshop) -> BusinessCase:
    """The business case of `workshop`; kept while its inputs are the same items
    (table cells ask for it once each)."""
    inputs = (tuple(workshop.functions), tuple(workshop.assignments), tuple(workshop.waves),
              tuple(workshop.roles), workshop.details, workshop.thresholds)
    if _kept and _kept[0][0] == inputs:
        return _kept[0][1]
    case = _business_case(workshop)
    _kept[:] = [(inputs, case)]
    return case


def _business_case(workshop: Workshop) -> BusinessCase:
    shares, loose = _wave_shares(workshop)
    rows = tuple(_row(f, workshop, shares.get(f.id, ZERO)) for f in workshop.functions)
    counted = [row for row in rows if row.complete]
    known = {f.id for f in workshop.functions}
    orphaned = sum((share for function_id, share in shares.items() if function_id not in known),
                   ZERO)
    unallocated = loose + orphaned + sum((row.one_off for row in rows if not row.complete), ZERO)
    one_off = sum((row.one_off for row in counted), ZERO) + unallocated
    thresholds = workshop.thresholds
    price_rise = Decimal(str(thresholds.price_rise))
    transition_rise = Decimal(str(thresholds.transition_rise))
    return BusinessCase(
        currency=workshop.details.currency,
        rows=rows,
        unallocated_one_off=unallocated,
        plan=_outcome(counted, one_off, workshop),
        sensitive=_outcome(counted, _cents(one_off * (1 + transition_rise)), workshop,
                           1 + price_rise),
        price_rise=price_rise,
        transition_rise=transition_rise,
        started=_started(workshop),
    )


def _started(workshop: Workshop) -> bool:
    return any(
        value is not None
        for values in (
            ((f.cost_per_fte, f.other_cost) for f in workshop.functions),
            ((a.annual_price, a.rate_per_fte) for a in workshop.assignments),
            ((w.transition_cost,) for w in workshop.waves),
            ((r.annual_cost,) for r in workshop.roles),
        )
        for group in values for value in group
    )


def payback_text(month: int | None, short: bool = False) -> str:
    """"month 18 (1 year 6 months)" ("month 18" short), "at once", "never"."""
    if month is None:
        return "never"
    if month == 0:
        return "at once"
    if short:
        return f"month {month}"
    years, months = divmod(month, 12)
    parts = []
    if years:
        parts.append(f"{years} year" + ("" if years == 1 else "s"))
    if months:
        parts.append(f"{months} month" + ("" if months == 1 else "s"))
    return f"month {month} ({' '.join(parts)})"
