"""The workshop, modelled in pure Python.

Items are frozen dataclasses: an edit replaces an item with a changed copy, so
commands can keep the old item for undo and a snapshot of the workshop (for a
PDF export in a worker thread) is a cheap shallow copy.

Field names follow the interchange format (`docs/interchange.md`)
exactly, so the JSON, the database columns and the model share one vocabulary.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, ClassVar

from desktop_app.domain.money import Money


class Stage(StrEnum):
    SETUP = "setup"
    FUNCTIONS = "functions"
    VENDORS = "vendors"
    BUSINESS_CASE = "business_case"
    CUSTOMERS = "customers"
    METRICS = "metrics"
    TRANSITION = "transition"
    GOVERNANCE = "governance"
    CLOSE = "close"


class Side(StrEnum):
    CLIENT = "client"
    VENDOR = "vendor"
    FACILITATOR = "facilitator"
    OTHER = "other"


class Attendance(StrEnum):
    PRESENT = "present"
    APOLOGIES = "apologies"
    ABSENT = "absent"


class Sourcing(StrEnum):
    RETAIN = "retain"
    OUTSOURCE = "outsource"
    HYBRID = "hybrid"
    UNDECIDED = "undecided"


class AppliesTo(StrEnum):
    IN_HOUSE = "in_house"
    OUTSOURCED = "outsourced"
    BOTH = "both"


class GoDecision(StrEnum):
    PENDING = "pending"
    GO = "go"
    NO_GO = "no_go"


class GateStatus(StrEnum):
    OPEN = "open"
    MET = "met"
    WAIVED = "waived"


class Raci(StrEnum):
    RESPONSIBLE = "R"
    ACCOUNTABLE = "A"
    CONSULTED = "C"
    INFORMED = "I"


class WorkshopStatus(StrEnum):
    DRAFT = "draft"
    FINAL = "final"


class DecisionStatus(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    SUPERSEDED = "superseded"


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"


class RiskStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class Range:
    """Inclusive bounds of a numeric field, checked by `validate_value`."""

    low: float
    high: float | None = None


# --- items -----------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """Base of every list item; `key` identifies it within its section."""

    RANGES: ClassVar[dict[str, Range]] = {}
    REQUIRED_TEXT: ClassVar[tuple[str, ...]] = ()

    @property
    def key(self) -> Any:
        return self.id  # type: ignore[attr-defined]

    @property
    def label(self) -> str:
        """A short human name for messages ("Service desk")."""
        for name in ("name", "title", "text", "role"):
            value = getattr(self, name, None)
            if isinstance(value, str) and value.strip():
                return first_line(value)
        return str(self.key)


@dataclass(frozen=True)
class Participant(Item):
    id: str
    name: str
    role: str = ""
    organisation: str = ""
    side: Side = Side.CLIENT
    attendance: Attendance = Attendance.PRESENT
    REQUIRED_TEXT: ClassVar[tuple[str, ...]] = ("name",)


@dataclass(frozen=True)
class AgendaItem(Item):
    id: str
    stage: Stage
    title: str
    planned_minutes: int = 0
    actual_minutes: int | None = None  # filled by the stage timer; optional in the interchange
    RANGES: ClassVar[dict[str, Range]] = {
        "planned_minutes": Range(0, 24 * 60), "actual_minutes": Range(0, 24 * 60),
    }
    REQUIRED_TEXT: ClassVar[tuple[str, ...]] = ("title",)


@dataclass(frozen=True)
class Function(Item):
    id: str
    name: str
    description: str = ""
    fte: float = 0
    customer_facing: bool = False
    strategic_importance: int = 3
    inhouse_capability: int = 3
    sourcing: Sourcing = Sourcing.UNDECIDED
    rationale: str = ""
    votes: int = 0
    # The business case (optional): today's annual run cost is fte x cost_per_fte
    # (the loaded cost of one in-house FTE) plus other_cost (licences, hardware...).
    cost_per_fte: Money | None = None
    other_cost: Money | None = None
    RANGES: ClassVar[dict[str, Range]] = {
        "fte": Range(0, 100_000),
        "strategic_importance": Range(1, 5),
        "inhouse_capability": Range(1, 5),
        "votes": Range(0, 100_000),
    }
    REQUIRED_TEXT: ClassVar[tuple[str, ...]] = ("name",)

    @property
    def is_outsourced(self) -> bool:
        """Outsourced or hybrid: the article's rules apply to both."""
        return self.sourcing in (Sourcing.OUTSOURCE, Sourcing.HYBRID)


@dataclass(frozen=True)
class Criterion(Item):
    id: str
    name: str
    weight: int = 0
    knockout_min: int | None = None
    RANGES: ClassVar[dict[str, Range]] = {"weight": Range(0, 100), "knockout_min": Range(0, 5)}
    REQUIRED_TEXT: ClassVar[tuple[str, ...]] = ("name",)


@dataclass(frozen=True)
class Vendor(Item):
    id: str
    name: str
    location: str = ""
    available_fte: float = 0
    notes: str = ""
    RANGES: ClassVar[dict[str, Range]] = {"available_fte": Range(0, 1_000_000)}
    REQUIRED_TEXT: ClassVar[tuple[str, ...]] = ("name",)


@dataclass(frozen=True)
class Score(Item):
    vendor: str
    criterion: str
    score: int
    evidence: str = ""
    RANGES: ClassVar[dict[str, Range]] = {"score": Range(0, 5)}

    @property
    def key(self) -> tuple[str, str]:
        return (self.vendor, self.criterion)

    @property
    def label(self) -> str:
        return f"{self.vendor} / {self.criterion}"


@dataclass(frozen=True)
class Assignment(Item):
    function: str
    vendor: str
    fte_required: float = 0
    # The vendor's annual price for the function: a fixed price, or else
    # fte_required x rate_per_fte (optional, for the business case).
    annual_price: Money | None = None
    rate_per_fte: Money | None = None
    RANGES: ClassVar[dict[str, Range]] = {"fte_required": Range(0, 1_000_000)}

    @property
    def key(self) -> tuple[str, str]:
        return (self.function, self.vendor)

    @property
    def label(self) -> str:
        return f"{self.function} → {self.vendor}"


@dataclass(frozen=True)
class Customer(Item):
    id: str
    name: str
    function: str
    internal_owner: str = ""
    sales_rep: str = ""
    outsourced_supporter: str = ""
    offshore_team: str = ""
    escalation: str = ""
    REQUIRED_TEXT: ClassVar[tuple[str, ...]] = ("name",)


@dataclass(frozen=True)
class Metric(Item):
    id: str
    name: str
    baseline: str = ""
    target: str = ""
    applies_to: AppliesTo = AppliesTo.BOTH
    outsourced_exempt: bool | None = None
    exemption_reason: str = ""
    review_date: date | None = None
    REQUIRED_TEXT: ClassVar[tuple[str, ...]] = ("name",)


@dataclass(frozen=True)
class Gate:
    name: str
    status: GateStatus = GateStatus.OPEN


@dataclass(frozen=True)
class Wave(Item):
    id: str
    name: str
    start: date | None = None
    end: date | None = None
    functions: tuple[str, ...] = ()
    go: GoDecision = GoDecision.PENDING
    gates: tuple[Gate, ...] = ()
    # One-off cost of the move: knowledge transfer, parallel running, exit, severance.
    transition_cost: Money | None = None
    # The wave's last months in which the vendor already runs its functions while the
    # in-house team still does: both are paid (optional in the interchange).
    parallel_run_months: int = 0
    REQUIRED_TEXT: ClassVar[tuple[str, ...]] = ("name",)
    RANGES: ClassVar[dict[str, Range]] = {"parallel_run_months": Range(0, 24)}


@dataclass(frozen=True)
class Role(Item):
    id: str
    function: str
    role: str
    person: str = ""
    raci: Raci = Raci.RESPONSIBLE
    annual_cost: Money | None = None  # the retained organisation is never free
    REQUIRED_TEXT: ClassVar[tuple[str, ...]] = ("role",)


@dataclass(frozen=True)
class Risk(Item):
    id: str
    title: str
    likelihood: int = 3
    impact: int = 3
    owner: str = ""
    mitigation: str = ""
    status: RiskStatus = RiskStatus.OPEN
    stage: Stage = Stage.CLOSE
    RANGES: ClassVar[dict[str, Range]] = {"likelihood": Range(1, 5), "impact": Range(1, 5)}
    REQUIRED_TEXT: ClassVar[tuple[str, ...]] = ("title",)

    @property
    def exposure(self) -> int:
        return self.likelihood * self.impact


@dataclass(frozen=True)
class Decision(Item):
    id: str
    stage: Stage
    text: str
    status: DecisionStatus = DecisionStatus.PROPOSED
    recorded_at: datetime | None = None
    REQUIRED_TEXT: ClassVar[tuple[str, ...]] = ("text",)


@dataclass(frozen=True)
class Action(Item):
    id: str
    stage: Stage
    text: str
    owner: str = ""
    due: date | None = None
    status: ActionStatus = ActionStatus.OPEN
    REQUIRED_TEXT: ClassVar[tuple[str, ...]] = ("text",)


@dataclass(frozen=True)
class ParkingItem(Item):
    id: str
    stage: Stage
    text: str
    votes: int = 0  # the room's dot votes; optional in the interchange
    RANGES: ClassVar[dict[str, Range]] = {"votes": Range(0, 100_000)}
    REQUIRED_TEXT: ClassVar[tuple[str, ...]] = ("text",)


# --- the workshop ----------------------------------------------------------


@dataclass(frozen=True)
class Thresholds:
    """The health-check thresholds: settings of each workshop, with the
    defaults of `workshop-method.md`."""

    min_vendor_score: float = 3.0
    close_call_margin: float = 0.10
    max_functions_per_wave: int = 3
    min_wave_weeks: int = 6
    strategic_importance_limit: int = 4
    # The business case's sensitivity line: vendor prices this much higher and
    # the transition this much dearer (fractions).
    price_rise: float = 0.10
    transition_rise: float = 0.25
    RANGES: ClassVar[dict[str, Range]] = {
        "min_vendor_score": Range(0, 5),
        "close_call_margin": Range(0, 1),
        "max_functions_per_wave": Range(1, 1000),
        "min_wave_weeks": Range(0, 520),
        "strategic_importance_limit": Range(1, 5),
        "price_rise": Range(0, 10),
        "transition_rise": Range(0, 10),
    }


@dataclass(frozen=True)
class Details:
    """The workshop's own fields (the interchange `workshop` object)."""

    title: str = "Untitled workshop"
    organisation: str = ""
    date: date | None = None
    location: str = ""
    facilitator: str = ""
    scope: str = ""
    objectives: tuple[str, ...] = ()
    status: WorkshopStatus = WorkshopStatus.DRAFT
    # When the room agreed the vendor criteria and weights (then locked for
    # scoring); None while they are still open. Optional in the interchange.
    criteria_agreed_at: datetime | None = None
    # Dots each person may place when the room votes (optional in the interchange).
    votes_per_person: int = 3
    # The question each dot vote put to the room, as the minutes quote it
    # ("" when none was recorded; optional in the interchange).
    function_vote_question: str = ""
    parking_vote_question: str = ""
    # How many vendor scores had been entered when the criteria were agreed: 0 means
    # agreed before scoring; None while not agreed, or when agreed by a release
    # that did not record it (optional in the interchange).
    scores_when_agreed: int | None = None
    # The business case: its currency (ISO 4217 code), horizon and discount rate
    # (a fraction: 0.08 is 8 %). Optional in the interchange.
    currency: str = "EUR"
    horizon_years: int = 5
    discount_rate: float = 0.08
    # How typed numbers are read and amounts shown: a locale such as "de_DE";
    # "" is the laptop's (optional in the interchange).
    number_format: str = ""
    # The business case's first month (its day is ignored); None: the first wave's
    # start, else the workshop date. Annual rises of vendor prices and of in-house
    # costs (fractions: 0.03 is 3 %). All optional in the interchange.
    case_start: date | None = None
    vendor_indexation: float = 0.0
    inhouse_indexation: float = 0.0
    # The live session: when the facilitator started it (None while the workshop
    # is being prepared), and the stage timer's state so a reopen resumes it: the
    # stage last shown, the seconds it has run but not yet stored as actual
    # minutes, and whether it was paused. All optional in the interchange.
    session_started_at: datetime | None = None
    session_stage: str = ""
    session_seconds: int = 0
    session_paused: bool = False
    RANGES: ClassVar[dict[str, Range]] = {"votes_per_person": Range(1, 50),
                                          "vendor_indexation": Range(0, 0.5),
                                          "inhouse_indexation": Range(0, 0.5),
                                          "session_seconds": Range(0, 10_000_000),
                                          "scores_when_agreed": Range(0, 1_000_000),
                                          "horizon_years": Range(1, 30),
                                          "discount_rate": Range(0, 1)}


@dataclass(frozen=True, slots=True)
class SectionSpec:
    """One list of the workshop: its item type and its interchange name."""

    name: str
    item_type: type[Item]
    stage: Stage
    title: str
    noun: str  # one item, for messages and undo texts ("Add participant")


SECTIONS: dict[str, SectionSpec] = {
    spec.name: spec
    for spec in (
        SectionSpec("participants", Participant, Stage.SETUP, "Participants", "participant"),
        SectionSpec("agenda", AgendaItem, Stage.SETUP, "Agenda", "agenda item"),
        SectionSpec("functions", Function, Stage.FUNCTIONS, "Functions", "function"),
        SectionSpec("criteria", Criterion, Stage.VENDORS, "Criteria", "criterion"),
        SectionSpec("vendors", Vendor, Stage.VENDORS, "Vendors", "vendor"),
        SectionSpec("scores", Score, Stage.VENDORS, "Scores", "score"),
        SectionSpec("assignments", Assignment, Stage.VENDORS, "Assignments", "assignment"),
        SectionSpec("customers", Customer, Stage.CUSTOMERS, "Customers", "customer"),
        SectionSpec("metrics", Metric, Stage.METRICS, "Metrics", "metric"),
        SectionSpec("waves", Wave, Stage.TRANSITION, "Waves", "wave"),
        SectionSpec("roles", Role, Stage.GOVERNANCE, "Retained roles", "retained role"),
        SectionSpec("risks", Risk, Stage.CLOSE, "Risks", "risk"),
        SectionSpec("decisions", Decision, Stage.CLOSE, "Decisions", "decision"),
        SectionSpec("actions", Action, Stage.CLOSE, "Actions", "action"),
        SectionSpec("parking_lot", ParkingItem, Stage.CLOSE, "Parking lot", "parking-lot item"),
    )
}

# Which sections point at which: (section, field) -> referenced section.
REFERENCES: dict[tuple[str, str], str] = {
    ("scores", "vendor"): "vendors",
    ("scores", "criterion"): "criteria",
    ("assignments", "function"): "functions",
    ("assignments", "vendor"): "vendors",
    ("customers", "function"): "functions",
    ("waves", "functions"): "functions",
    ("roles", "function"): "functions",
}


@dataclass
class Workshop:
    """The whole content of one workshop document."""

    details: Details = field(default_factory=Details)
    thresholds: Thresholds = field(default_factory=Thresholds)
    participants: list[Participant] = field(default_factory=list)
    agenda: list[AgendaItem] = field(default_factory=list)
    functions: list[Function] = field(default_factory=list)
    criteria: list[Criterion] = field(default_factory=list)
    vendors: list[Vendor] = field(default_factory=list)
    scores: list[Score] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    customers: list[Customer] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)
    waves: list[Wave] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    parking_lot: list[ParkingItem] = field(default_factory=list)

    def section(self, name: str) -> list[Any]:
        if name not in SECTIONS:
            raise KeyError(f"unknown section {name!r}")
        return getattr(self, name)

    def find(self, section: str, key: Any) -> Item | None:
        for item in self.section(section):
            if item.key == key:
                return item
        return None

    def index_of(self, section: str, key: Any) -> int:
        for index, item in enumerate(self.section(section)):
            if item.key == key:
                return index
        raise KeyError(f"no item {key!r} in {section}")

    def snapshot(self) -> Workshop:
        """An independent copy whose lists later edits do not touch."""
        return dataclasses.replace(
            self, **{name: list(self.section(name)) for name in SECTIONS}
        )

    def new_id(self, section: str) -> str:
        """A fresh id in the style of the interchange example (f1, f2...)."""
        prefix = ID_PREFIXES.get(section, section[:1])
        taken = {str(item.key) for item in self.section(section)}
        number = len(taken) + 1
        while f"{prefix}{number}" in taken:
            number += 1
        return f"{prefix}{number}"


ID_PREFIXES = {
    "participants": "p",
    "agenda": "a",
    "functions": "f",
    "criteria": "c",
    "vendors": "v",
    "customers": "k",
    "metrics": "m",
    "waves": "w",
    "roles": "r",
    "risks": "x",
    "decisions": "d",
    "actions": "t",
    "parking_lot": "q",
}


def first_line(text: str, limit: int = 80) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"
