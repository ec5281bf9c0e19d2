"""One-line facts per stage ("12 functions · 3 outsourced..."), for the stage
headers on screen and, later, the minutes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from desktop_app.domain import derived
from desktop_app.domain.model import (
    ActionStatus,
    Raci,
    RiskStatus,
    Sourcing,
    Stage,
    Workshop,
)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _setup(ws: Workshop) -> list[str]:
    return [_plural(len(ws.participants), "participant"),
            _plural(len(ws.details.objectives), "objective")]


def _functions(ws: Workshop) -> list[str]:
    counts = Counter(f.sourcing for f in ws.functions)
    parts = [_plural(len(ws.functions), "function")]
    parts += [f"{counts[s]} {s.value}" for s in Sourcing if counts[s]]
    parts.append(f"{sum(f.fte for f in ws.functions):g} FTE in scope")
    return parts


def _vendors(ws: Workshop) -> list[str]:
    results = derived.vendor_results(ws)
    if not results:
        return ["No vendors yet"]
    ranking = "Ranking: " + ", ".join(
        f"{r.rank}. {r.name} {r.weighted_total:.2f}" + (" (knocked out)" if r.knocked_out else "")
        for r in results
    )
    over = [c for c in derived.vendor_capacity(ws) if c.over]
    return [ranking, *(f"{c.name} asked for {c.demand:g} of {c.available:g} FTE" for c in over)]


def _customers(ws: Workshop) -> list[str]:
    functions = {c.function for c in ws.customers}
    return [_plural(len(ws.customers), "customer"),
            f"across {_plural(len(functions), 'function')}"]


def _metrics(ws: Workshop) -> list[str]:
    undecided = sum(1 for m in ws.metrics if m.outsourced_exempt is None)
    return [_plural(len(ws.metrics), "metric"), f"{undecided} exemption(s) undecided"]


def _transition(ws: Workshop) -> list[str]:
    starts = [w.start for w in ws.waves if w.start]
    ends = [w.end for w in ws.waves if w.end]
    facts = [_plural(len(ws.waves), "wave")]
    if starts and ends:
        facts.append(f"from {min(starts).isoformat()} to {max(ends).isoformat()}")
    return facts


def _governance(ws: Workshop) -> list[str]:
    outsourced = [f for f in ws.functions if f.is_outsourced]
    owned = {r.function for r in ws.roles if r.raci == Raci.ACCOUNTABLE and r.person.strip()}
    covered = sum(1 for f in outsourced if f.id in owned)
    return [_plural(len(ws.roles), "retained role"),
            f"an accountable owner for {covered} of {len(outsourced)} outsourced or "
            "hybrid functions"]


def _close(ws: Workshop) -> list[str]:
    open_risks = sum(1 for r in ws.risks if r.status == RiskStatus.OPEN)
    open_actions = sum(1 for a in ws.actions if a.status == ActionStatus.OPEN)
    return [f"{_plural(len(ws.risks), 'risk')} ({open_risks} open)",
            _plural(len(ws.decisions), "decision"),
            f"{_plural(len(ws.actions), 'action')} ({open_actions} open)",
            f"{len(ws.parking_lot)} parked"]


# One entry per stage of the method; tests/test_stage_kit.py fails if one is missing.
STAGE_FACTS: dict[Stage, Callable[[Workshop], list[str]]] = {
    Stage.SETUP: _setup,
    Stage.FUNCTIONS: _functions,
    Stage.VENDORS: _vendors,
    Stage.CUSTOMERS: _customers,
    Stage.METRICS: _metrics,
    Stage.TRANSITION: _transition,
    Stage.GOVERNANCE: _governance,
    Stage.CLOSE: _close,
}


def stage_facts(workshop: Workshop, stage: Stage) -> list[str]:
    return STAGE_FACTS[stage](workshop)
