"""The eight stages of the method, in order, with what each captures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.domain.model import AgendaItem, Details, Stage, Workshop


@dataclass(frozen=True)
class StageInfo:
    stage: Stage
    number: int
    title: str
    purpose: str  # one line, shown under the stage title
    sections: tuple[str, ...]  # the workshop sections this stage edits


STAGES: tuple[StageInfo, ...] = (
    StageInfo(Stage.SETUP, 1, "Setup & objectives",
              "Who is in the room, what the sourcing effort must achieve, and the agenda.",
              ("participants", "agenda")),
    StageInfo(Stage.FUNCTIONS, 2, "Functions & sourcing fit",
              "Which IT functions to retain, outsource or run hybrid, and why.",
              ("functions",)),
    StageInfo(Stage.VENDORS, 3, "Vendors: skills & capacity",
              "Agree weighted criteria first, then score the vendors and check their capacity.",
              ("criteria", "vendors", "scores", "assignments")),
    StageInfo(Stage.CUSTOMERS, 4, "Customers & one team",
              "Keep every customer relationship in-house and make one team that serves it.",
              ("customers",)),
    StageInfo(Stage.METRICS, 5, "Working rules & metrics",
              "Which metrics bind outsourced staff, and where they are exempt.",
              ("metrics",)),
    StageInfo(Stage.TRANSITION, 6, "Pace & transition",
              "Move in waves with readiness gates, not all at once.",
              ("waves",)),
    StageInfo(Stage.GOVERNANCE, 7, "Retained team & governance",
              "Who stays accountable in-house for each outsourced function.",
              ("roles",)),
    StageInfo(Stage.CLOSE, 8, "Risks, decisions & close",
              "The risk register, every decision, action and parked topic, and the minutes.",
              ("risks", "decisions", "actions", "parking_lot")),
)

STAGE_INFO: dict[Stage, StageInfo] = {info.stage: info for info in STAGES}


def stage_title(stage: Stage) -> str:
    return STAGE_INFO[stage].title


DEFAULT_MINUTES: dict[Stage, int] = {
    Stage.SETUP: 30,
    Stage.FUNCTIONS: 75,
    Stage.VENDORS: 90,
    Stage.CUSTOMERS: 45,
    Stage.METRICS: 30,
    Stage.TRANSITION: 45,
    Stage.GOVERNANCE: 30,
    Stage.CLOSE: 45,
}


def new_workshop(title: str = "New sourcing workshop", on: date | None = None) -> Workshop:
    """A blank workshop with an agenda of one timebox per stage, ready to fill in."""
    agenda = [
        AgendaItem(id=f"a{info.number}", stage=info.stage, title=info.title,
                   planned_minutes=DEFAULT_MINUTES[info.stage])
        for info in STAGES
    ]
    return Workshop(details=Details(title=title, date=on), agenda=agenda)
