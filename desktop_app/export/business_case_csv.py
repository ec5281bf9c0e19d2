"""The business case as a CSV file, for the CFO's spreadsheet: one row per
function with its figures, then the plan's totals, the sensitivity line and
the assumptions (currency, horizon, discount rate).

Amounts are plain numbers with a decimal point and no thousands separator
(`852000.00`), so a spreadsheet in any locale reads them as numbers; text
cells are neutralised against formulas as in the actions CSV.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

from desktop_app.domain.business_case import Outcome, business_case
from desktop_app.domain.model import Workshop
from desktop_app.export.actions_csv import neutralise
from desktop_app.files.atomic import atomic_write_bytes

COLUMNS = ("function", "decision", "today", "vendor_price", "retained_roles", "after",
           "saving", "one_off", "payback_month", "in_totals", "missing")


def _amount(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _month(value: int | None) -> str:
    return "" if value is None else str(value)


def business_case_rows(workshop: Workshop) -> list[list[str]]:
    case = business_case(workshop)
    rows: list[list[str]] = []
    for row in case.rows:
        outcome = case.outcome_of(row)
        rows.append([
            neutralise(row.name), row.sourcing.value, _amount(row.today),
            _amount(row.vendor_price), _amount(row.retained if row.changes else None),
            _amount(row.after), _amount(row.saving), _amount(row.one_off),
            _month(outcome.payback_month) if outcome is not None and row.changes else "",
            "yes" if row.complete else "no", neutralise("; ".join(row.missing)),
        ])

    def total(label: str, outcome: Outcome) -> list[str]:
        return [label, "", _amount(outcome.today), "", "", _amount(outcome.after),
                _amount(outcome.saving), _amount(outcome.one_off), _month(outcome.payback_month),
                "", ""]

    rows.append(total("Total in the plan", case.plan))
    rows.append(total(f"Sensitivity: prices +{case.price_rise * 100:.0f} %, transition "
                      f"+{case.transition_rise * 100:.0f} %", case.sensitive))
    rows.append([])
    details = workshop.details
    rows += [["currency", details.currency], ["horizon_years", str(details.horizon_years)],
             ["discount_rate", f"{Decimal(str(details.discount_rate)):f}"],
             ["npv", _amount(case.plan.npv)], ["npv_sensitivity", _amount(case.sensitive.npv)],
             ["one_off_not_shared", _amount(case.unallocated_one_off)]]
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
