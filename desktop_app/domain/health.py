"""The health check: which known outsourcing mistakes the plan repeats.

A pure function from a workshop to findings, one rule per code of
`workshop-method.md`. Messages are written to be read aloud in the room.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from desktop_app.domain import derived
from desktop_app.domain.business_case import business_case
from desktop_app.domain.model import (
    AppliesTo,
    GateStatus,
    GoDecision,
    Item,
    Raci,
    Sourcing,
    Stage,
    Workshop,
    WorkshopStatus,
)
from desktop_app.domain.wording import plural


class Severity(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


RULES: dict[str, str] = {
    "vendor-skills": "The vendor for an outsourced function lacks the skills",
    "vendor-capacity": "A vendor is asked for more FTE than it has",
    "close-call": "The vendor ranking is a close call",
    "pace": "A wave moves too much, too fast, or with gates open",
    "function-choice": "A function the article warns about is outsourced",
    "black-box": "The customer relationship is not owned in-house",
    "one-team": "Outsourced staff are not part of one team with the customer",
    "metrics-exemption": "A metric binds outsourced staff with no exemption decision",
    "retained-owner": "An outsourced function has no accountable in-house owner",
    "undecided": "A function still has no sourcing decision",
    "business-case": "The business case is incomplete, pays back too late or not at all",
    "hidden-cost": "A saving disappears once the retained roles are counted",
}

RULE_STAGES: dict[str, Stage] = {
    "vendor-skills": Stage.VENDORS,
    "vendor-capacity": Stage.VENDORS,
    "close-call": Stage.VENDORS,
    "pace": Stage.TRANSITION,
    "function-choice": Stage.FUNCTIONS,
    "black-box": Stage.CUSTOMERS,
    "one-team": Stage.CUSTOMERS,
    "metrics-exemption": Stage.METRICS,
    "retained-owner": Stage.GOVERNANCE,
    "undecided": Stage.FUNCTIONS,
    "business-case": Stage.BUSINESS_CASE,
    "hidden-cost": Stage.BUSINESS_CASE,
}


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    section: str
    key: Any  # the item's key in its section
    label: str  # the item's name, for people

    @property
    def stage(self) -> Stage:
        return RULE_STAGES[self.code]

    def as_json(self) -> dict[str, Any]:
        key = self.key if isinstance(self.key, str) else list(self.key)
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "stage": self.stage.value,
            "item": {"section": self.section, "id": key, "name": self.label},
        }


def _finding(code: str, severity: Severity, message: str, section: str, item: Item) -> Finding:
    return Finding(code, severity, message, section, item.key, item.label)


PROJECT_MANAGEMENT = re.compile(r"project\s*management|\bpmo\b", re.IGNORECASE)


def check(workshop: Workshop, codes: Collection[str] | None = None) -> list[Finding]:
    """Every finding, grouped by stage in the order of the method.

    `codes` runs only those rules: a stage that shows one rule's warnings
    inline need not run the whole check again on every edit.
    """
    findings: list[Finding] = []
    for code, rule in _RULE_FUNCTIONS.items():
        if codes is None or code in codes:
            findings.extend(rule(workshop))
    order = list(Stage)
    return sorted(findings, key=lambda f: order.index(f.stage))


def _quoted(name: str) -> str:
    return f"“{name}”"


def _sourced(function) -> str:
    return "outsourced" if function.sourcing == Sourcing.OUTSOURCE else "hybrid"


def _function_choice(ws: Workshop) -> list[Finding]:
    limit = ws.thresholds.strategic_importance_limit
    found = []
    for f in ws.functions:
        if f.sourcing != Sourcing.OUTSOURCE:
            continue
        if PROJECT_MANAGEMENT.search(f.name):
            found.append(_finding(
                "function-choice", Severity.HIGH,
                f"{_quoted(f.label)} is outsourced: many CIOs found outsourcing project "
                "management was the wrong choice. Consider keeping it in-house.",
                "functions", f))
        elif f.strategic_importance >= limit:
            found.append(_finding(
                "function-choice", Severity.HIGH,
                f"{_quoted(f.label)} has strategic importance {f.strategic_importance} of 5 "
                "and is outsourced. Consider retaining it or a hybrid model.",
                "functions", f))
    return found


def _undecided(ws: Workshop) -> list[Finding]:
    final = ws.details.status == WorkshopStatus.FINAL
    return [
        _finding(
            "undecided", Severity.HIGH if final else Severity.LOW,
            f"{_quoted(f.label)} has no sourcing decision yet: retain, outsource or hybrid?",
            "functions", f)
        for f in ws.functions
        if f.sourcing == Sourcing.UNDECIDED
    ]


def _vendor_skills(ws: Workshop) -> list[Finding]:
    results = {r.vendor_id: r for r in derived.vendor_results(ws)}
    criteria = {c.id: c for c in ws.criteria}
    minimum = ws.thresholds.min_vendor_score
    found = []
    for f in ws.functions:
        if not f.is_outsourced:
            continue
        vendors = derived.assigned_vendors(ws, f.id)
        if not vendors:
            found.append(_finding(
                "vendor-skills", Severity.MEDIUM,
                f"{_quoted(f.label)} is {_sourced(f)} but no vendor is assigned to it yet.",
                "functions", f))
            continue
        for vendor_id in vendors:
            result = results.get(vendor_id)
            if result is None:
                continue
            if result.knocked_out:
                names = ", ".join(criteria[c].name for c in result.knocked_out_by)
                found.append(_finding(
                    "vendor-skills", Severity.HIGH,
                    f"{result.name}, assigned to {_quoted(f.label)}, misses the knock-out "
                    f"minimum on {names}.",
                    "functions", f))
            elif result.weighted_total < minimum:
                found.append(_finding(
                    "vendor-skills", Severity.HIGH,
                    f"{result.name}, assigned to {_quoted(f.label)}, scores "
                    f"{result.weighted_total:.2f} of 5, under the {minimum:.1f} pass mark.",
                    "functions", f))
    return found


def _vendor_capacity(ws: Workshop) -> list[Finding]:
    found = []
    for cap in derived.vendor_capacity(ws):
        if cap.over:
            vendor = ws.find("vendors", cap.vendor_id)
            assert vendor is not None
            found.append(_finding(
                "vendor-capacity", Severity.HIGH,
                f"{cap.name} is asked for {cap.demand:g} FTE but has {cap.available:g} "
                "available.",
                "vendors", vendor))
    return found


def _close_call(ws: Workshop) -> list[Finding]:
    call = derived.close_call(ws)
    if call is None or not call.is_close(ws.thresholds.close_call_margin):
        return []
    leader = ws.find("vendors", call.leader)
    runner_up = ws.find("vendors", call.runner_up)
    assert leader is not None and runner_up is not None
    return [_finding(
        "close-call", Severity.MEDIUM,
        f"{leader.label} leads {runner_up.label} by only {call.margin * 100:.1f} %: "
        "a small change in the weights could change the winner.",
        "vendors", leader)]


def _outsourced_customer_facing(ws: Workshop):
    return [f for f in ws.functions if f.customer_facing and f.is_outsourced]


def _black_box(ws: Workshop) -> list[Finding]:
    found = []
    for f in _outsourced_customer_facing(ws):
        customers = [c for c in ws.customers if c.function == f.id]
        if not customers:
            found.append(_finding(
                "black-box", Severity.HIGH,
                f"{_quoted(f.label)} faces customers and is {_sourced(f)}, but no "
                "customers are listed for it: who keeps each relationship?",
                "functions", f))
        for c in customers:
            if not c.internal_owner.strip():
                found.append(_finding(
                    "black-box", Severity.HIGH,
                    f"Customer {_quoted(c.label)} of {_quoted(f.label)} has no in-house "
                    "relationship owner.",
                    "customers", c))
    return found


def _one_team(ws: Workshop) -> list[Finding]:
    found = []
    for f in _outsourced_customer_facing(ws):
        for c in ws.customers:
            if c.function != f.id:
                continue
            missing = []
            if not c.outsourced_supporter.strip():
                missing.append("named outsourced supporter")
            if not c.offshore_team.strip():
                missing.append("link to the offshore team already serving it")
            if missing:
                found.append(_finding(
                    "one-team", Severity.MEDIUM,
                    f"Customer {_quoted(c.label)} has no {' and no '.join(missing)}.",
                    "customers", c))
    return found


def _metrics_exemption(ws: Workshop) -> list[Finding]:
    return [
        _finding(
            "metrics-exemption", Severity.MEDIUM,
            f"Metric {_quoted(m.label)} applies to outsourced staff, and the room has not "
            "decided whether they are exempt.",
            "metrics", m)
        for m in ws.metrics
        if m.applies_to in (AppliesTo.OUTSOURCED, AppliesTo.BOTH) and m.outsourced_exempt is None
    ]


def _pace(ws: Workshop) -> list[Finding]:
    t = ws.thresholds
    found = []
    for w in ws.waves:
        if len(w.functions) > t.max_functions_per_wave:
            found.append(_finding(
                "pace", Severity.MEDIUM,
                f"Wave {_quoted(w.label)} moves {plural(len(w.functions), 'function')} at once "
                f"(more than {t.max_functions_per_wave}).",
                "waves", w))
        if w.start and w.end:
            if w.end < w.start:
                found.append(_finding(
                    "pace", Severity.HIGH,
                    f"Wave {_quoted(w.label)} ends before it starts.", "waves", w))
            elif (w.end - w.start).days < 7 * t.min_wave_weeks:
                weeks = (w.end - w.start).days / 7
                found.append(_finding(
                    "pace", Severity.MEDIUM,
                    f"Wave {_quoted(w.label)} lasts {weeks:.1f} weeks, shorter than "
                    f"{plural(t.min_wave_weeks, 'week')}.",
                    "waves", w))
        open_gates = [g.name for g in w.gates if g.status == GateStatus.OPEN]
        if w.go == GoDecision.GO and open_gates:
            found.append(_finding(
                "pace", Severity.HIGH,
                f"Wave {_quoted(w.label)} is marked go with "
                f"{plural(len(open_gates), 'gate')} still open: {', '.join(open_gates)}.",
                "waves", w))
    dated = [w for w in ws.waves if w.start and w.end and w.start <= w.end]
    for i, a in enumerate(dated):
        for b in dated[i + 1:]:
            assert a.start and a.end and b.start and b.end
            if a.start <= b.end and b.start <= a.end:
                found.append(_finding(
                    "pace", Severity.MEDIUM,
                    f"Waves {_quoted(a.label)} and {_quoted(b.label)} overlap.",
                    "waves", b))
    return found


def _retained_owner(ws: Workshop) -> list[Finding]:
    owned = {
        r.function for r in ws.roles if r.raci == Raci.ACCOUNTABLE and r.person.strip()
    }
    return [
        _finding(
            "retained-owner", Severity.HIGH,
            f"{_quoted(f.label)} is {_sourced(f)} but nobody in-house is accountable "
            "(RACI A) for it.",
            "functions", f)
        for f in ws.functions
        if f.is_outsourced and f.id not in owned
    ]


# A finding about the whole plan rather than one item: it points at the
# workshop's own settings (the horizon and discount rate live there).
PLAN = ("details", "business_case", "The whole plan")


def _plan_finding(code: str, severity: Severity, message: str) -> Finding:
    section, key, label = PLAN
    return Finding(code, severity, message, section, key, label)


def _business_case(ws: Workshop) -> list[Finding]:
    """Silent until the room starts the business case (any amount entered):
    a plan still choosing functions is not told about costs it has not reached."""
    case = business_case(ws)
    if not case.started:
        return []
    found = []
    functions = {f.id: f for f in ws.functions}
    assigned = {a.function for a in ws.assignments}
    for row in case.rows:
        # A function with no vendor at all is vendor-skills' finding, not this one's.
        missing = [m for m in row.missing
                   if m != "a vendor price" or row.function_id in assigned]
        if row.changes and missing:
            lacks = " and no ".join(m.removeprefix("a ") for m in missing)
            found.append(_finding(
                "business-case", Severity.MEDIUM,
                f"{_quoted(row.name)} is {_sourced(functions[row.function_id])} but the "
                f"business case has no {lacks} for it, so the totals leave it out.",
                "functions", functions[row.function_id]))
    if not any(row.changes for row in case.counted):
        return found
    plan, sensitive = case.plan, case.sensitive
    horizon = plural(ws.details.horizon_years, "year")
    if not plan.pays_back_in_horizon:
        found.append(_plan_finding(
            "business-case", Severity.HIGH,
            f"The plan does not pay back within the {horizon} of the horizon: its one-off "
            f"cost of {case.money(plan.one_off)} and the months before each wave "
            f"goes live are not earned back by an annual saving of "
            f"{case.money(plan.saving)}."))
    for note in case.schedule.notes:
        if note.kind != "reversed":  # the pace rule names a wave that ends before it starts
            found.append(_plan_finding("business-case", Severity.MEDIUM, note.text))
    if sensitive.saving < 0:
        found.append(_plan_finding(
            "business-case", Severity.HIGH,
            f"With vendor prices {case.price_rise * 100:.0f} % higher the plan costs "
            f"{case.money(-sensitive.saving)} a year more than today: the saving "
            "does not survive a normal price rise."))
    return found


def _hidden_cost(ws: Workshop) -> list[Finding]:
    case = business_case(ws)
    functions = {f.id: f for f in ws.functions}
    found = []
    for row in case.counted:
        quoted, saving = row.saving_before_retained, row.saving
        if quoted is None or saving is None or quoted <= 0 or saving > 0:
            continue
        found.append(_finding(
            "hidden-cost", Severity.HIGH,
            f"{_quoted(row.name)} looks {case.money(quoted)} a year cheaper "
            f"outsourced, but its retained roles cost {case.money(row.retained)}: "
            f"the saving is {case.money(saving)}.",
            "functions", functions[row.function_id]))
    return found


_RULE_FUNCTIONS = {
    "function-choice": _function_choice,
    "undecided": _undecided,
    "vendor-skills": _vendor_skills,
    "vendor-capacity": _vendor_capacity,
    "close-call": _close_call,
    "black-box": _black_box,
    "one-team": _one_team,
    "metrics-exemption": _metrics_exemption,
    "pace": _pace,
    "retained-owner": _retained_owner,
    "business-case": _business_case,
    "hidden-cost": _hidden_cost,
}
assert set(_RULE_FUNCTIONS) == set(RULES)
