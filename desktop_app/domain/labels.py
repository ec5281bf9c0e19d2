"""How each choice reads, defined once for the window, the presenter and the
minutes ("no_go" is "No-go" everywhere), and how long a planned time reads."""

from __future__ import annotations

from enum import Enum

from desktop_app.domain.model import (
    AppliesTo,
    Attendance,
    GoDecision,
    Raci,
    Side,
    Sourcing,
)

LABELS: dict[Enum, str] = {
    Side.CLIENT: "Client", Side.VENDOR: "Vendor", Side.FACILITATOR: "Facilitator",
    Side.OTHER: "Other",
    Attendance.PRESENT: "Present", Attendance.APOLOGIES: "Apologies",
    Attendance.ABSENT: "Absent",
    AppliesTo.IN_HOUSE: "In-house staff", AppliesTo.OUTSOURCED: "Outsourced staff",
    AppliesTo.BOTH: "Both",
    GoDecision.GO: "Go", GoDecision.NO_GO: "No-go", GoDecision.PENDING: "Pending",
    Raci.RESPONSIBLE: "R – Responsible", Raci.ACCOUNTABLE: "A – Accountable",
    Raci.CONSULTED: "C – Consulted", Raci.INFORMED: "I – Informed",
    Sourcing.RETAIN: "Retain", Sourcing.OUTSOURCE: "Outsource", Sourcing.HYBRID: "Hybrid",
    Sourcing.UNDECIDED: "Undecided",
}


def enum_label(value: Enum | None) -> str:
    """The label of a choice: its own when it has one, else its value in words
    ("accepted" is "Accepted")."""
    if value is None:
        return ""
    if value in LABELS:
        return LABELS[value]
    return str(value.value).replace("_", " ").capitalize()


def minutes_label(minutes: int) -> str:
    """"1 h 05 min", "45 min", "2 h"; "no time planned" for none."""
    if minutes <= 0:
        return "no time planned"
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest:02d} min"
    return f"{hours} h" if hours else f"{rest} min"
