"""The business case of a large costed workshop (issue 24): how long the plan,
the sensitivity line and every function's own NPV take, against a floor
measured in the same run.

Run by hand, not by pytest:

    .venv/bin/python tests/benchmarks/bench_business_case.py [--runs N]

The workshop is `large_workshop.build()` (200 functions, 20 waves) with every
function outsourced, costed and priced. The floor is the least work any
monthly case must do: one Decimal multiply-add per function and month of the
horizon. The case groups functions that move together, so the plan costs a
few floors; each function's own NPV walks its months once.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from large_workshop import build

from desktop_app.domain import business_case as bc
from desktop_app.domain.model import Assignment, Sourcing
from desktop_app.domain.money import from_major


def costed(years: int):
    ws = build()
    ws.functions[:] = [dataclasses.replace(f, sourcing=Sourcing.OUTSOURCE,
                                           other_cost=from_major(100_000 + 7 * n))
                       for n, f in enumerate(ws.functions)]
    vendor = ws.vendors[0].id
    ws.assignments[:] = [Assignment(f.id, vendor, 1, annual_price=from_major(80_000 + n))
                         for n, f in enumerate(ws.functions)]
    ws.details = dataclasses.replace(ws.details, horizon_years=years, vendor_indexation=0.025,
                                     inhouse_indexation=0.03)
    return ws


def floor(ws) -> None:
    """One Decimal multiply-add per function and month: the least a monthly case does."""
    factor, total = Decimal(1) / 12, Decimal(0)
    for function in ws.functions:
        cost = function.other_cost.major
        for _month in range(ws.details.horizon_years * 12 + 1):
            total += cost * factor


def timed(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"{'figure':52} {'floor':>9} {'measured':>9} {'ratio':>6}")
    for years in (5, 30):
        ws = costed(years)

        def plan(ws=ws) -> None:
            bc._kept.clear()
            case = bc.business_case(ws)
            _ = case.plan.npv, case.sensitive.npv, case.plan.irr

        def functions(ws=ws) -> None:
            case = bc.business_case(ws)
            for row in case.counted:
                _ = case.outcome_of(row).npv

        floors = [timed(lambda ws=ws: floor(ws)) for _ in range(args.runs)]
        for name, work in (("plan, sensitivity and IRR", plan),
                           ("every function's own NPV", lambda: (plan(), functions()))):
            measured = [timed(work) for _ in range(args.runs)]
            low, high = statistics.median(floors), statistics.median(measured)
            print(f"{f'{name}, 200 functions, {years} years':52} {low * 1000:8.1f}ms "
                  f"{high * 1000:8.1f}ms {high / low:5.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
