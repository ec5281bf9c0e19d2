"""The business case as a CSV file, for the CFO's spreadsheet: one row per
function with its figures, then the plan's totals and the sensitivity line,
the year-by-year table, and the assumptions and results (currency, horizon,
discount rate and convention, start month, indexation, NPV, IRR, paybacks).

Amounts are plain numbers with a decimal point and no thousands separator
(`852000.00`), so a spreadsheet in any locale reads them as numbers; text
cells are neutralised against formulas as in the actions CSV.
"""

from __future__ import annotations

import csv
import io
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

from desktop_app.domain import numbers
from desktop_app.domain.business_case import DISCOUNTING, Outcome, business_case
from desktop_app.domain.model import Workshop
from desktop_app.export.actions_csv import neutralise
from desktop_app.files.atomic import atomic_write_bytes

COLUMNS = ("function", "decision", "today", "vendor_price", "retained_roles", "after",
           "saving", "one_off", "payback_month", "in_totals", "missing", "saves_from_month",
           "npv")
YEAR_COLUMNS = ("year", "first_month", "last_month", "as_today", "with_the_plan", "one_off",
                "net", "cumulative", "discounted_cumulative")


def amount_text(value: Decimal | None, digits: int = 2) -> str:
    """To the currency's minor unit (a computed share of a cent rounds half to even)."""
    if value is None:
        return ""
    return f"{value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_EVEN):f}"


def _fraction(value: Decimal | None) -> str:
    return "" if value is None else f"{value.quantize(Decimal('0.000001')):f}"


def _month(value: int | None) -> str:
    return "" if value is None else str(value)


def business_case_rows(workshop: Workshop) -> list[list[str]]:
    case = business_case(workshop)
    digits = numbers.currency_digits(case.currency)

    def _amount(value: Decimal | None) -> str:
        return amount_text(value, digits)

    rows: list[list[str]] = []
    for row in case.rows:
        outcome = case.outcome_of(row)
        timing = case.schedule.timing.get(row.function_id)
        moved = outcome is not None and row.changes
        rows.append([
            neutralise(row.name), row.sourcing.value, _amount(row.today),
            _amount(row.vendor_price), _amount(row.retained if row.changes else None),
            _amount(row.after), _amount(row.saving), _amount(row.one_off),
            _month(outcome.payback_month) if moved else "",
            "yes" if row.complete else "no", neutralise("; ".join(row.missing)),
            _month(timing.live) if row.changes and timing is not None else "",
            _amount(outcome.npv) if moved else "",
        ])

    def total(label: str, outcome: Outcome) -> list[str]:
        return [label, "", _amount(outcome.today), "", "", _amount(outcome.after),
                _amount(outcome.saving), _amount(outcome.one_off), _month(outcome.payback_month),
                "", "", "", _amount(outcome.npv)]

    rows.append(total("Total in the plan", case.plan))
    rows.append(total(f"Sensitivity: prices +{case.price_rise * 100:.0f} %, transition "
                      f"+{case.transition_rise * 100:.0f} %", case.sensitive))
    rows.append([])
    rows.append(list(YEAR_COLUMNS))
    for year in case.plan.years():
        rows.append([neutralise(case.year_label(year)), str(year.first), str(year.last),
                     _amount(year.today), _amount(year.plan), _amount(year.one_off),
                     _amount(year.net), _amount(year.cumulative),
                     _amount(year.discounted_cumulative)])
    rows.append([])
    details, plan, start = workshop.details, case.plan, case.schedule.start
    rows += [["currency", details.currency], ["horizon_years", str(details.horizon_years)],
             ["discount_rate", f"{Decimal(str(details.discount_rate)):f}"],
             ["discounting", DISCOUNTING],
             ["start_month", start.strftime("%Y-%m") if start else ""],
             ["vendor_indexation", f"{Decimal(str(details.vendor_indexation)):f}"],
             ["inhouse_indexation", f"{Decimal(str(details.inhouse_indexation)):f}"],
             ["npv", _amount(plan.npv)], ["npv_sensitivity", _amount(case.sensitive.npv)],
             ["irr", _fraction(plan.irr)],
             ["payback_month", _month(plan.payback_month)],
             ["payback_calendar_month", plan.payback_label(plan.payback_month, short=True)
              if plan.payback_month else ""],
             ["discounted_payback_month", _month(plan.discounted_payback_month)],
             ["saving_share_of_today", _fraction(plan.saving_share)],
             ["break_even_vendor_price_rise", _fraction(plan.break_even_price_rise)],
             ["one_off_not_shared", _amount(case.unallocated_one_off)]]
    rows += [["assumed", neutralise(note.text)] for note in case.schedule.notes]
    return rows


def write_business_case_csv(workshop: Workshop, target: Path) -> int:
    """Write the business case of `workshop` to `target` atomically; return the
    number of function rows."""
    snapshot = workshop.snapshot()
    rows = business_case_rows(snapshot)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    atomic_write_bytes(Path(target), buffer.getvalue().encode("utf-8-sig"))
    return len(snapshot.functions)
