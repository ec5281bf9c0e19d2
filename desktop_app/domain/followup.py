"""A follow-up workshop from an earlier one: what carries over, what does not."""

from __future__ import annotations

import dataclasses
from datetime import date

from desktop_app.domain.model import (
    ActionStatus,
    AgendaItem,
    Stage,
    Workshop,
    WorkshopStatus,
)
from desktop_app.domain.stages import new_workshop

CARRIED = ("functions", "criteria", "vendors", "scores", "assignments", "customers",
           "metrics", "waves", "roles", "risks", "parking_lot", "decisions")
REVIEW_TITLE = "Review of the actions carried over from the last workshop"


def follow_up(previous: Workshop, on: date) -> Workshop:
    """A new draft workshop that carries the plan forward.

    The functions, vendors, criteria and scores, customers, metrics, waves,
    roles, risks and parking lot carry over; earlier decisions stay as
    context; only open actions come along (done ones are finished business);
    the agenda starts with a review of those actions.
    """
    title = previous.details.title
    if not title.startswith("Follow-up: "):
        title = f"Follow-up: {title}"
    fresh = new_workshop(title, on=on)
    details = dataclasses.replace(
        previous.details, title=title, date=on, status=WorkshopStatus.DRAFT,
    )
    review = AgendaItem(id="a0", stage=Stage.SETUP, title=REVIEW_TITLE, planned_minutes=20)
    workshop = Workshop(details=details, thresholds=previous.thresholds,
                        agenda=[review, *fresh.agenda])
    for name in CARRIED:
        workshop.section(name)[:] = list(previous.section(name))
    workshop.actions[:] = [a for a in previous.actions if a.status == ActionStatus.OPEN]
    return workshop
