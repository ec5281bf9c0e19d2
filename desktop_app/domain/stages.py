"""The stages of the method, in order: what each is, what it captures, and
what it says in summary (its facts, and the rows of its slide).

A stage's whole domain kit is its `StageInfo` here; see docs/adding-a-stage.md
for the other files of a stage, and tests/test_stage_kit.py for the check
that none is missing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from desktop_app.domain import derived
from desktop_app.domain.business_case import business_case
from desktop_app.domain.model import (
    ActionStatus,
    AgendaItem,
    Attendance,
    Details,
    Raci,
    RiskStatus,
    Sourcing,
    Stage,
    Workshop,
)
from desktop_app.domain.wording import plural

# A slide's text: its heading, its rows as (name, detail) and what it says when empty.
KeyRow = tuple[str, str]
KeyRows = tuple[str, list[KeyRow], str]


@dataclass(frozen=True)
class StageInfo:
    stage: Stage
    number: int
    title: str
    purpose: str  # one line, shown under the stage title
    sections: tuple[str, ...]  # the workshop sections this stage edits
    icon: str  # a qtawesome icon name: data here, drawn by the ui
    minutes: int  # the agenda's timebox of a new workshop
    facts: Callable[[Workshop], list[str]]  # one-line facts: stage header, slide, minutes
    # The presenter's slide as text rows; None for a stage whose slide is a chart
    # of the presenter's own (ui/presenter.py CHART_SLIDES).
    key_rows: Callable[[Workshop], KeyRows] | None = None


# --- facts ---------------------------------------------------------------------------


def _plural(count: int, noun: str) -> str:
    return plural(count, noun)


def _setup(ws: Workshop) -> list[str]:
    if not ws.participants and not ws.details.objectives:
        return ["No participants or objectives yet"]
    return [_plural(len(ws.participants), "participant"),
            _plural(len(ws.details.objectives), "objective")]


def _functions(ws: Workshop) -> list[str]:
    if not ws.functions:
        return ["No functions yet"]
    counts = Counter(f.sourcing for f in ws.functions)
    parts = [_plural(len(ws.functions), "function")]
    parts += [f"{counts[s]} {s.value}" for s in Sourcing if counts[s]]
    parts.append(f"{sum(f.fte for f in ws.functions):g} FTE in scope")
    return parts


def _vendors(ws: Workshop) -> list[str]:
    results = derived.vendor_results(ws)
    if not results:
        return ["No vendors yet"]
    entered, needed = derived.score_progress(ws)
    if entered == 0:
        return [_plural(len(results), "vendor"), "no scores yet"]
    provisional = "" if entered == needed else f"Provisional ({entered} of {needed} scores) "
    ranking = provisional + "Ranking: " + ", ".join(
        f"{r.rank}. {r.name} {r.weighted_total:.2f}" + (" (knocked out)" if r.knocked_out else "")
        for r in results
    )
    over = [c for c in derived.vendor_capacity(ws) if c.over]
    return [ranking, *(f"{c.name} asked for {c.demand:g} of {c.available:g} FTE" for c in over)]


def _business_case(ws: Workshop) -> list[str]:
    case = business_case(ws)
    if not case.has_figures:
        return ["No costs entered yet"]
    plan = case.plan
    facts = [f"saving {case.money(plan.saving)} a year",
             f"one-off {case.money(plan.one_off)}",
             f"payback {plan.payback_label(plan.payback_month)}",
             f"NPV {case.money(plan.npv)} over {_plural(plan.horizon_years, 'year')}"]
    if case.incomplete:
        facts.append(f"{_plural(len(case.incomplete), 'function')} without figures")
    return facts


def _customers(ws: Workshop) -> list[str]:
    if not ws.customers:
        return ["No customers yet"]
    functions = {c.function for c in ws.customers}
    return [_plural(len(ws.customers), "customer"),
            f"across {_plural(len(functions), 'function')}"]


def _metrics(ws: Workshop) -> list[str]:
    if not ws.metrics:
        return ["No metrics yet"]
    undecided = sum(1 for m in ws.metrics if m.outsourced_exempt is None)
    facts = [_plural(len(ws.metrics), "metric")]
    if undecided:
        facts.append(f"{plural(undecided, 'exemption')} undecided")
    return facts


def _transition(ws: Workshop) -> list[str]:
    starts = [w.start for w in ws.waves if w.start]
    ends = [w.end for w in ws.waves if w.end]
    if not ws.waves:
        return ["No waves yet"]
    facts = [_plural(len(ws.waves), "wave")]
    if starts and ends:
        facts.append(f"from {min(starts).isoformat()} to {max(ends).isoformat()}")
    return facts


def _governance(ws: Workshop) -> list[str]:
    outsourced = [f for f in ws.functions if f.is_outsourced]
    owned = {r.function for r in ws.roles if r.raci == Raci.ACCOUNTABLE and r.person.strip()}
    covered = sum(1 for f in outsourced if f.id in owned)
    if not ws.roles and not outsourced:
        return ["No retained roles yet"]
    return [_plural(len(ws.roles), "retained role"),
            f"an accountable owner for {covered} of {len(outsourced)} outsourced or "
            "hybrid functions"]


def _close(ws: Workshop) -> list[str]:
    if not (ws.risks or ws.decisions or ws.actions or ws.parking_lot):
        return ["No risks, decisions or actions yet"]
    open_risks = sum(1 for r in ws.risks if r.status == RiskStatus.OPEN)
    open_actions = sum(1 for a in ws.actions if a.status == ActionStatus.OPEN)
    return [f"{_plural(len(ws.risks), 'risk')} ({open_risks} open)",
            _plural(len(ws.decisions), "decision"),
            f"{_plural(len(ws.actions), 'action')} ({open_actions} open)",
            f"{len(ws.parking_lot)} parked"]


# --- slide rows ----------------------------------------------------------------------


def _in_the_room(ws: Workshop) -> KeyRows:
    present = [p for p in ws.participants if p.attendance == Attendance.PRESENT]
    return ("In the room", [
        (p.name, ", ".join(x for x in (p.role, p.organisation) if x)) for p in present
    ], "Nobody is marked present yet")


def _customer_owners(ws: Workshop) -> KeyRows:
    return ("Customers and their in-house owners", [
        (c.name, f"owner: {c.internal_owner or 'none yet'}") for c in ws.customers
    ], "No customers yet")


def _metric_exemptions(ws: Workshop) -> KeyRows:
    exemption = {True: "outsourced staff exempt", False: "binds outsourced staff",
                 None: "exemption undecided"}
    return ("Metrics", [(m.name, exemption[m.outsourced_exempt]) for m in ws.metrics],
            "No metrics yet")


def _accountable_owners(ws: Workshop) -> KeyRows:
    labels = {f.id: f.label for f in ws.functions}
    return ("Accountable in-house owners", [
        (labels.get(r.function, r.function), f"{r.person or 'nobody yet'} ({r.role})")
        for r in ws.roles if r.raci == Raci.ACCOUNTABLE
    ], "No accountable owners yet")


def _open_risks(ws: Workshop) -> KeyRows:
    risks = sorted((r for r in ws.risks if r.status == RiskStatus.OPEN), key=lambda r: -r.exposure)
    return ("Open risks by exposure", [
        (r.title, f"exposure {r.exposure} ({r.likelihood}×{r.impact})"
                  + (f" · {r.owner}" if r.owner else ""))
        for r in risks
    ], "No open risks")


# --- the stages ----------------------------------------------------------------------

STAGES: tuple[StageInfo, ...] = (
    StageInfo(Stage.SETUP, 1, "Setup & objectives",
              "Who is in the room, what the sourcing effort must achieve, and the agenda.",
              ("participants", "agenda"), "mdi6.flag-checkered", 30, _setup, _in_the_room),
    StageInfo(Stage.FUNCTIONS, 2, "Functions & sourcing fit",
              "Which IT functions to retain, outsource or run hybrid, and why.",
              ("functions",), "mdi6.sitemap-outline", 75, _functions),
    StageInfo(Stage.VENDORS, 3, "Vendors: skills & capacity",
              "Agree weighted criteria first, then score the vendors and check their capacity.",
              ("criteria", "vendors", "scores", "assignments"), "mdi6.scale-balance", 90,
              _vendors),
    StageInfo(Stage.BUSINESS_CASE, 4, "Business case",
              "What the plan costs and saves each year, what the move costs once, and when "
              "it pays back.",
              ("functions", "assignments", "waves", "roles"), "mdi6.cash-multiple", 45,
              _business_case),
    StageInfo(Stage.CUSTOMERS, 5, "Customers & one team",
              "Keep every customer relationship in-house and make one team that serves it.",
              ("customers",), "mdi6.handshake-outline", 45, _customers, _customer_owners),
    StageInfo(Stage.METRICS, 6, "Working rules & metrics",
              "Which metrics bind outsourced staff, and where they are exempt.",
              ("metrics",), "mdi6.speedometer", 30, _metrics, _metric_exemptions),
    StageInfo(Stage.TRANSITION, 7, "Pace & transition",
              "Move in waves with readiness gates, not all at once.",
              ("waves",), "mdi6.timeline-clock-outline", 45, _transition),
    StageInfo(Stage.GOVERNANCE, 8, "Retained team & governance",
              "Who stays accountable in-house for each outsourced function.",
              ("roles",), "mdi6.account-tie", 30, _governance, _accountable_owners),
    StageInfo(Stage.CLOSE, 9, "Risks, decisions & close",
              "The risk register, every decision, action and parked topic, and the minutes.",
              ("risks", "decisions", "actions", "parking_lot"), "mdi6.clipboard-check-outline",
              45, _close, _open_risks),
)

STAGE_INFO: dict[Stage, StageInfo] = {info.stage: info for info in STAGES}


def stage_title(stage: Stage) -> str:
    return STAGE_INFO[stage].title


def stage_ref(stage: Stage) -> str:
    """"stage N (Title)": a stage named in a text, its number taken from the
    stage list, never written by hand."""
    info = STAGE_INFO[stage]
    return f"stage {info.number} ({info.title})"


def stage_facts(workshop: Workshop, stage: Stage) -> list[str]:
    return STAGE_INFO[stage].facts(workshop)


def new_workshop(title: str = "New sourcing workshop", on: date | None = None) -> Workshop:
    """A blank workshop with an agenda of one timebox per stage, ready to fill in."""
    agenda = [
        AgendaItem(id=f"a{info.number}", stage=info.stage, title=info.title,
                   planned_minutes=info.minutes)
        for info in STAGES
    ]
    return Workshop(details=Details(title=title, date=on), agenda=agenda)
