"""The business case: what the plan costs and saves, month by month, as the
transition plan moves each function.

Money is `Decimal` in major units here (rounded only where a figure is shown),
never a float sum. The rules, as the stage, the minutes and the README state
them:

- today's annual cost of a function: its FTE x loaded cost per FTE, plus its
  other cost; after the plan, an outsourced or hybrid function costs the
  vendors' annual prices (a fixed price, or FTE required x rate) plus its
  retained roles; a retained or undecided function costs what it costs today;
- the cash flow runs month by month from the *start month* (month 0: the
  case's start setting, else the first wave's start, else the workshop date)
  to the end of the horizon (month 12 x years). Month 0 carries only one-off
  costs; run costs and savings accrue from month 1;
- a wave's one-off transition cost falls evenly in its own months, and is
  shared equally by its functions (a cent left over goes to the first); a
  function saves from the month after its wave ends, and in the wave's last
  `parallel_run_months` both its in-house cost and its vendor prices are paid;
  a function in no wave saves from month 1;
- vendor prices rise by the vendor indexation, in-house costs (staff, other
  costs, retained roles) by the in-house indexation, each year after the first;
- the net present value: each month's net flow (today's cost less the plan's
  run cost and one-off) discounted at its year's end, (1 + rate) ^ -year for
  the months of year 1, 2 ... (month 0 undiscounted): the end-of-year
  convention, so the yearly flows give the same NPV and IRR;
- payback: the first month whose cumulative net flow is no longer negative;
  the discounted payback the same with discounted flows;
- the sensitivity line: the same with vendor prices `price_rise` higher and
  the transition `transition_rise` dearer (10 % and 25 % by default).

A function enters the totals only when its figures are complete: an
outsourced or hybrid one needs today's cost and a vendor price; the others
need today's cost. The rest are listed with what they lack.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal
from functools import cached_property

from desktop_app.domain import clock, numbers
from desktop_app.domain.model import Assignment, Function, Sourcing, Wave, Workshop
from desktop_app.domain.money import format_money
from desktop_app.domain.wording import plural

CENT = Decimal("0.01")
ZERO = Decimal(0)
ONE = Decimal(1)
TWELVE = Decimal(12)
TINY = Decimal("1e-9")
DISCOUNTING = ("Monthly cash flows from the start month; each month discounted at the end "
               "of its year, (1 + rate)^−year (the start month undiscounted)")


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


# --- the calendar of the case ----------------------------------------------------------


def month_index(start: date, when: date) -> int:
    """Months from the start month to the month of `when` (negative before it)."""
    return (when.year - start.year) * 12 + when.month - start.month


def calendar_month(start: date, month: int) -> date:
    """The first day of month `month` counted from `start`'s month."""
    total = start.year * 12 + start.month - 1 + month
    return date(total // 12, total % 12 + 1, 1)


def month_name(day: date) -> str:
    return clock.month_year(day)


def year_of(month: int) -> int:
    """The year a month belongs to: 0 for the start month, then 1 for months 1-12..."""
    return 0 if month <= 0 else (month - 1) // 12 + 1


@dataclass(frozen=True)
class Timing:
    """When a function changes hands: it saves from month `live`, and in the
    `parallel` months before that both its costs are paid."""

    live: int
    parallel: int
    wave: str | None  # the wave's name; None for a function in no wave


@dataclass(frozen=True)
class Note:
    """Something the case had to assume about the timing, said in words; `kind`
    names it ("no-dates", "reversed", "early", "beyond-horizon", "no-wave",
    "long-parallel")."""

    kind: str
    text: str


@dataclass(frozen=True)
class Schedule:
    """The months of the case: its start, each wave's months, each function's timing,
    and what had to be assumed (a wave without dates...), said in words."""

    start: date | None
    months: int  # the last month of the horizon (12 x years)
    wave_months: dict[str, tuple[int, ...]]
    timing: dict[str, Timing]
    notes: tuple[Note, ...]

    def label(self, month: int) -> str:
        """"Jul 2028" (or "month 15" when nothing dates the case)."""
        if self.start is None:
            return f"month {month}"
        return month_name(calendar_month(self.start, month))


def start_month(workshop: Workshop) -> date | None:
    """The case's start setting, else the first wave's start, else the workshop date."""
    details = workshop.details
    if details.case_start is not None:
        return details.case_start.replace(day=1)
    starts = [w.start for w in workshop.waves if w.start is not None]
    if starts:
        return min(starts).replace(day=1)
    return details.date.replace(day=1) if details.date is not None else None


def _dated(wave: Wave) -> bool:
    return wave.start is not None and wave.end is not None and wave.end >= wave.start


def schedule(workshop: Workshop) -> Schedule:
    start = start_month(workshop)
    months = workshop.details.horizon_years * 12
    notes: list[Note] = []
    wave_months: dict[str, tuple[int, ...]] = {}
    last_month: dict[str, int] = {}
    for wave in workshop.waves:
        if start is None or not _dated(wave):
            if wave.start is not None and wave.end is not None and wave.end < wave.start:
                notes.append(Note("reversed", (
                    f"{wave.name} ends before it starts: it is counted as if it were done "
                    "in the start month. Correct its dates in the Transition stage.")))
            elif wave.functions or wave.transition_cost:
                notes.append(Note("no-dates", (
                    f"{wave.name} has no dates: its one-off cost is counted in the start "
                    "month and its functions save from month 1. Give it dates in the "
                    "Transition stage.")))
            wave_months[wave.id] = (0,)
            last_month[wave.id] = 0
            continue
        assert wave.start is not None and wave.end is not None
        first, last = month_index(start, wave.start), month_index(start, wave.end)
        if first < 0:
            notes.append(Note("early", (
                f"{wave.name} starts before the case's start month: the one-off cost of its "
                "earlier months is counted in the start month.")))
        if last >= months:
            notes.append(Note("beyond-horizon", (
                f"The {plural(months // 12, 'year')} horizon ends before {wave.name} is "
                "done: its functions' savings are not in the figures. Lengthen the "
                "horizon.")))
        wave_months[wave.id] = tuple(sorted({min(max(m, 0), months)
                                             for m in range(first, last + 1)}))
        last_month[wave.id] = max(last, 0)
    timing: dict[str, Timing] = {}
    for function in workshop.functions:
        waves = [w for w in workshop.waves if function.id in w.functions]
        if not waves:
            if function.is_outsourced:
                notes.append(Note("no-wave", (
                    f"{function.label} is in no wave: it is counted as handed over at the "
                    "start and saves from month 1.")))
            timing[function.id] = Timing(1, 0, None)
            continue
        wave = max(waves, key=lambda w: last_month[w.id])
        length = len(wave_months[wave.id])
        if wave.parallel_run_months > length:
            notes.append(Note("long-parallel", (
                f"{wave.name}'s parallel run ({plural(wave.parallel_run_months, 'month')}) "
                f"is longer than the wave ({plural(length, 'month')}): both costs are paid "
                "for the whole wave.")))
        timing[function.id] = Timing(last_month[wave.id] + 1,
                                     min(wave.parallel_run_months, length), wave.name)
    return Schedule(start, months, wave_months, timing, tuple(dict.fromkeys(notes)))


# --- the figures ---------------------------------------------------------------------


@dataclass(frozen=True)
class FunctionCase:
    function_id: str
    name: str
    sourcing: Sourcing
    today: Decimal | None
    vendor_price: Decimal | None  # None: no priced assignment (or not outsourced)
    retained: Decimal  # the retained roles' annual cost (outsourced or hybrid only)
    one_off: Decimal  # its share of its waves' transition costs
    missing: tuple[str, ...]  # what keeps it out of the totals ("today's cost", ...)
    shares: tuple[tuple[str, Decimal], ...] = ()  # (wave id, its share of that wave's cost)

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
class YearRow:
    """One year of the cash flow (year 0: the start month alone)."""

    year: int
    first: int  # its first and last month
    last: int
    today: Decimal  # the run cost as today
    plan: Decimal  # the run cost with the plan (parallel runs included)
    one_off: Decimal
    net: Decimal  # today - plan - one-off
    cumulative: Decimal
    discounted_cumulative: Decimal


@dataclass(frozen=True)
class Flows:
    """Month by month, 0..months: run cost as today, with the plan, one-off, and
    the vendor prices within the plan (for the break-even price rise)."""

    today: tuple[Decimal, ...]
    plan: tuple[Decimal, ...]
    one_off: tuple[Decimal, ...]
    vendor: tuple[Decimal, ...]


@dataclass(frozen=True)
class Outcome:
    """The figures of a plan (or one function or a group): annual costs and saving
    at today's prices, the one-off, and from the monthly flows payback, NPV, IRR."""

    today: Decimal
    after: Decimal
    one_off: Decimal
    horizon_years: int
    rate: Decimal
    flows: Flows = field(repr=False)
    start: date | None = None  # the start month, which names the months

    def payback_label(self, month: int | None, short: bool = False) -> str:
        """"Jul 2028 (month 15)" ("Jul 2028" short), "at once", "not within 5 years";
        "month 15" when nothing dates the case."""
        if month is None:
            return "—" if short else f"not within {plural(self.horizon_years, 'year')}"
        if month == 0:
            return "at once"
        if self.start is None:
            return f"month {month}"
        name = month_name(calendar_month(self.start, month))
        return name if short else f"{name} (month {month})"

    @property
    def saving(self) -> Decimal:
        """The annual saving once every function has moved, at today's prices."""
        return self.today - self.after

    @property
    def saving_share(self) -> Decimal | None:
        """The saving as a fraction of today's cost (None when nothing costs anything)."""
        return self.saving / self.today if self.today else None

    @cached_property
    def net(self) -> tuple[Decimal, ...]:
        f = self.flows
        return tuple(t - p - o for t, p, o in zip(f.today, f.plan, f.one_off, strict=True))

    def _factor(self, month: int) -> Decimal:
        return ONE / (ONE + self.rate) ** year_of(month)

    @cached_property
    def discounted(self) -> tuple[Decimal, ...]:
        return tuple(value * self._factor(m) for m, value in enumerate(self.net))

    @staticmethod
    def _payback(values: Sequence[Decimal]) -> int | None:
        total, last_negative = ZERO, None
        for month, value in enumerate(values):
            total += value
            if total.quantize(TINY) < 0:  # twelfths are not exact: 1e-20 below is zero
                last_negative = month
        if last_negative is None:
            return 0
        return None if last_negative == len(values) - 1 else last_negative + 1

    @cached_property
    def payback_month(self) -> int | None:
        """The month from which the cumulative net flow is never negative again; 0
        when it never is; None when it is still negative at the end of the horizon."""
        return self._payback(self.net)

    @cached_property
    def discounted_payback_month(self) -> int | None:
        return self._payback(self.discounted)

    @property
    def pays_back_in_horizon(self) -> bool:
        return self.payback_month is not None

    @cached_property
    def npv(self) -> Decimal:
        """The year table's last discounted cumulative, rounded: computed by the same
        sums in the same order, so the table and the figure never differ by a cent
        (a twelfth is not exact in decimals, and the order of sums shows at .005)."""
        return _cents(self.years()[-1].discounted_cumulative)

    @cached_property
    def yearly_net(self) -> tuple[Decimal, ...]:
        years = [ZERO] * (self.horizon_years + 1)
        for month, value in enumerate(self.net):
            years[year_of(month)] += value
        return tuple(years)

    @cached_property
    def irr(self) -> Decimal | None:
        """The yearly rate at which the NPV is zero (numpy-financial, on the yearly
        flows, which the end-of-year convention makes equivalent). None unless the
        flows change sign exactly once: otherwise there is no rate, or several."""
        signs = [v > 0 for v in self.yearly_net if v.quantize(CENT) != 0]
        if sum(1 for a, b in itertools.pairwise(signs) if a != b) != 1:
            return None
        import numpy_financial  # numpy is loaded only when a rate is asked for

        found = numpy_financial.irr([float(v) for v in self.yearly_net])
        if not math.isfinite(found) or found <= -1:
            return None
        return Decimal(repr(float(found)))

    @cached_property
    def break_even_price_rise(self) -> Decimal | None:
        """How much higher every vendor price can be before the NPV reaches zero
        (the NPV is linear in vendor prices); None without vendor prices."""
        present = sum((v * self._factor(m) for m, v in enumerate(self.flows.vendor)), ZERO)
        if present <= 0:
            return None
        return sum(self.discounted, ZERO) / present

    @cached_property
    def _years(self) -> tuple[YearRow, ...]:
        return tuple(self._year_rows())

    def years(self) -> list[YearRow]:
        return list(self._years)

    def _year_rows(self) -> list[YearRow]:
        rows: list[YearRow] = []
        cumulative = discounted = ZERO
        f = self.flows
        for year in range(self.horizon_years + 1):
            first, last = (0, 0) if year == 0 else ((year - 1) * 12 + 1, year * 12)
            span = range(first, last + 1)
            today = sum((f.today[m] for m in span), ZERO)
            plan = sum((f.plan[m] for m in span), ZERO)
            one_off = sum((f.one_off[m] for m in span), ZERO)
            net = self.yearly_net[year]
            cumulative += net
            discounted += net * self._factor(first)
            rows.append(YearRow(year, first, last, today, plan, one_off, net, cumulative,
                                discounted))
        return rows

    def cumulative(self) -> list[tuple[int, Decimal, Decimal]]:
        """(month, cumulative cost of staying as today, cumulative cost of the plan
        with its one-off) for every month of the horizon, month 0 the start."""
        rows, today, plan = [], ZERO, ZERO
        f = self.flows
        for month in range(len(f.today)):
            today += f.today[month]
            plan += f.plan[month] + f.one_off[month]
            rows.append((month, _cents(today), _cents(plan)))
        return rows


@dataclass(frozen=True)
class BusinessCase:
    currency: str
    rows: tuple[FunctionCase, ...]
    unallocated_one_off: Decimal  # transition cost of waves not shared by counted functions
    plan: Outcome
    sensitive: Outcome  # vendor prices and transition dearer (Thresholds)
    price_rise: Decimal
    transition_rise: Decimal
    started: bool  # any amount entered anywhere
    schedule: Schedule
    vendor_indexation: Decimal
    inhouse_indexation: Decimal
    locale: str  # the workshop's number format, for every amount shown
    # What the per-function figures and the chart are computed from, when asked:
    # a 200-function case over 30 years costs a third of a second in all.
    terms: _Terms = field(repr=False, compare=False)
    loose: tuple[tuple[str | None, Decimal], ...] = field(repr=False, compare=False)

    @property
    def counted(self) -> tuple[FunctionCase, ...]:
        return tuple(row for row in self.rows if row.complete)

    @cached_property
    def _by_id(self) -> dict[str, FunctionCase]:
        return {row.function_id: row for row in self.rows}

    def row_of(self, function_id: str) -> FunctionCase | None:
        return self._by_id.get(function_id)

    @property
    def incomplete(self) -> tuple[FunctionCase, ...]:
        return tuple(row for row in self.rows if not row.complete)

    @property
    def has_figures(self) -> bool:
        return bool(self.counted) or self.plan.one_off > 0

    def outcome_of(self, row: FunctionCase) -> Outcome | None:
        """The function's own figures (its share of the one-off in its wave's months)."""
        if not row.complete:
            return None
        found = self._outcomes.get(row.function_id)
        if found is None:
            found = self._outcomes[row.function_id] = _outcome([row], [], self.terms)
        return found

    @cached_property
    def _outcomes(self) -> dict[str, Outcome]:
        return {}

    @cached_property
    def changing(self) -> Outcome:
        """The chart's figures: the functions that change hands and the whole
        one-off, so it shows the same payback as the plan (retained ones cost the
        same either way)."""
        counted = self.counted
        return _outcome([row for row in counted if row.changes],
                        list(self.loose) + [s for r in counted if not r.changes
                                            for s in r.shares], self.terms)

    def payback_label(self, month: int | None, short: bool = False) -> str:
        return self.plan.payback_label(month, short)

    def money(self, value: Decimal | None, code: bool = True) -> str:
        """An amount as every surface shows it: the workshop's number format, the
        currency's minor unit whenever the amount has one, the code after it."""
        return format_money(value, self.currency, locale=self.locale, code=code)

    def year_label(self, row: YearRow) -> str:
        """"Start: Apr 2027" or "1: May 2027 – Apr 2028" (months when undated)."""
        if row.year == 0:
            return f"Start: {self.schedule.label(0)}"
        return f"{row.year}: {self.schedule.label(row.first)} – {self.schedule.label(row.last)}"


def _wave_shares(workshop: Workshop,
                 factor: Decimal = ONE) -> dict[str, list[tuple[str, Decimal]]]:
    """Each function's shares of the waves' transition costs (each `factor` times
    dearer, to the cent, before it is shared), by wave; waves without functions
    share nothing."""
    shares: dict[str, list[tuple[str, Decimal]]] = {}
    for wave in workshop.waves:
        if wave.transition_cost is None or not wave.functions:
            continue
        total = _cents(wave.transition_cost.major * factor)
        functions = list(dict.fromkeys(wave.functions))
        each = (total / len(functions)).quantize(CENT, rounding=ROUND_DOWN)
        left = total - each * len(functions)
        for index, function_id in enumerate(functions):
            shares.setdefault(function_id, []).append(
                (wave.id, each + (left if index == 0 else ZERO)))
    return shares


def _row(function: Function, workshop: Workshop,
         shares: list[tuple[str, Decimal]]) -> FunctionCase:
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
                        retained if changes else ZERO, sum((s for _w, s in shares), ZERO),
                        tuple(missing), tuple(shares))


@dataclass(frozen=True)
class _Terms:
    """What the flows are computed with: the plan's or the sensitivity line's."""

    schedule: Schedule
    rate: Decimal
    horizon_years: int
    vendor_index: Decimal
    inhouse_index: Decimal
    price_factor: Decimal = ONE


def _spread(amount: Decimal, months: tuple[int, ...], into: list[Decimal]) -> None:
    """`amount` in equal parts over `months` (a cent left over in the first)."""
    each = (amount / len(months)).quantize(CENT, rounding=ROUND_DOWN)
    into[months[0]] += amount - each * (len(months) - 1)
    for month in months[1:]:
        into[month] += each


def _outcome(rows: Iterable[FunctionCase], loose: list[tuple[str | None, Decimal]],
             terms: _Terms) -> Outcome:
    """The flows of `rows` (complete ones) and of the one-off amounts `loose`
    (wave id, amount; None: the start month) not carried by any of them."""
    months = terms.schedule.months
    today_flow = [ZERO] * (months + 1)
    plan_flow = [ZERO] * (months + 1)
    one_off_flow = [ZERO] * (months + 1)
    vendor_flow = [ZERO] * (months + 1)
    # A twelfth of the annual amount, risen once for each year after the first.
    inhouse = [(ONE + terms.inhouse_index) ** max(year_of(m) - 1, 0) / TWELVE
               for m in range(months + 1)]
    vendor = [(ONE + terms.vendor_index) ** max(year_of(m) - 1, 0) / TWELVE
              for m in range(months + 1)]
    today = after = one_off = ZERO
    # Functions that move together (same go-live and parallel run) are summed
    # first, so the months are walked once per group, not once per function.
    groups: dict[tuple[bool, int, int], list[Decimal]] = {}
    for row in rows:
        assert row.today is not None
        today += row.today
        price = ZERO
        if row.changes:
            assert row.vendor_price is not None
            price = _cents(row.vendor_price * terms.price_factor)
            after += price + row.retained
        else:
            after += row.today
        timing = terms.schedule.timing.get(row.function_id, Timing(1, 0, None))
        key = (row.changes, timing.live, timing.parallel) if row.changes else (False, 0, 0)
        sums = groups.setdefault(key, [ZERO, ZERO, ZERO])
        sums[0] += row.today
        sums[1] += price
        sums[2] += row.retained
        for wave_id, share in row.shares:
            one_off += share
            _spread(share, terms.schedule.wave_months.get(wave_id, (0,)), one_off_flow)
    for (changes, live, parallel), (own_cost, price, retained) in groups.items():
        for month in range(1, months + 1):
            own = own_cost * inhouse[month]
            today_flow[month] += own
            if not changes or month < live - parallel:
                plan_flow[month] += own
                continue
            paid = price * vendor[month]
            vendor_flow[month] += paid
            plan_flow[month] += paid + (own if month < live else retained * inhouse[month])
    for wave_id, amount in loose:
        one_off += amount
        _spread(amount, terms.schedule.wave_months.get(wave_id or "", (0,)), one_off_flow)
    flows = Flows(tuple(today_flow), tuple(plan_flow), tuple(one_off_flow), tuple(vendor_flow))
    return Outcome(today, after, one_off, terms.horizon_years, terms.rate, flows,
                   terms.schedule.start)


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


def _one_offs(workshop: Workshop, rows: tuple[FunctionCase, ...], factor: Decimal = ONE,
              ) -> tuple[tuple[FunctionCase, ...], list[tuple[str | None, Decimal]]]:
    """`rows` with their shares of the waves' costs (`factor` times dearer), and the
    one-off carried by no counted function: waves without functions, shares of
    functions not in the workshop or not in the totals. Spent either way."""
    shares = _wave_shares(workshop, factor)
    rows = tuple(dataclasses.replace(row, shares=tuple(shares.get(row.function_id, [])))
                 for row in rows)
    known = {row.function_id for row in rows}
    loose: list[tuple[str | None, Decimal]] = []
    for wave in workshop.waves:
        if wave.transition_cost is not None and not wave.functions:
            loose.append((wave.id, _cents(wave.transition_cost.major * factor)))
    for function_id, wave_shares in shares.items():
        if function_id not in known:
            loose += wave_shares
    for row in rows:
        if not row.complete:
            loose += list(row.shares)
    return rows, loose


def _business_case(workshop: Workshop) -> BusinessCase:
    shares = _wave_shares(workshop)
    rows, loose = _one_offs(workshop, tuple(_row(f, workshop, shares.get(f.id, []))
                                            for f in workshop.functions))
    counted = [row for row in rows if row.complete]
    unallocated = sum((amount for _w, amount in loose), ZERO)
    details, thresholds = workshop.details, workshop.thresholds
    plan_terms = _Terms(schedule(workshop), Decimal(str(details.discount_rate)),
                        details.horizon_years, Decimal(str(details.vendor_indexation)),
                        Decimal(str(details.inhouse_indexation)))
    price_rise = Decimal(str(thresholds.price_rise))
    transition_rise = Decimal(str(thresholds.transition_rise))
    sensitive_terms = dataclasses.replace(plan_terms, price_factor=ONE + price_rise)
    dearer_rows, dearer_loose = _one_offs(workshop, rows, ONE + transition_rise)
    return BusinessCase(
        currency=details.currency,
        rows=rows,
        unallocated_one_off=unallocated,
        plan=_outcome(counted, loose, plan_terms),
        sensitive=_outcome([row for row in dearer_rows if row.complete], dearer_loose,
                           sensitive_terms),
        price_rise=price_rise,
        transition_rise=transition_rise,
        started=_started(workshop),
        schedule=plan_terms.schedule,
        vendor_indexation=plan_terms.vendor_index,
        inhouse_indexation=plan_terms.inhouse_index,
        locale=numbers.number_locale(details.number_format),
        terms=plan_terms,
        loose=tuple(loose),
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
