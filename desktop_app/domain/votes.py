"""Dot votes: the room's dots on functions or parked topics, the budget of dots,
and the results in the order the room reads them (most votes first).

Shared by the dot-vote dialog, the presenter's results slide and the minutes.
"""

from __future__ import annotations

from desktop_app.domain.model import Attendance, Item, Side, Workshop

VOTABLE = ("functions", "parking_lot")
QUESTION_FIELDS = {"functions": "function_vote_question",
                   "parking_lot": "parking_vote_question"}
DEFAULT_QUESTIONS = {"functions": "Which functions should we look at first?",
                     "parking_lot": "Which parked topics matter most?"}


def ranks(votes: list[int]) -> list[int]:
    """Competition ranks, most votes first: [5, 7, 5, 0] -> [2, 1, 2, 4]."""
    return [1 + sum(1 for other in votes if other > mine) for mine in votes]


def voters(workshop: Workshop) -> int:
    """The participants present who vote: the facilitator runs the vote, not in it."""
    return sum(1 for p in workshop.participants
               if p.attendance == Attendance.PRESENT and p.side != Side.FACILITATOR)


def dots_available(workshop: Workshop) -> int:
    """Votes per person × the voters present."""
    return workshop.details.votes_per_person * voters(workshop)


def dots_used(workshop: Workshop, section: str) -> int:
    return sum(item.votes for item in workshop.section(section))


def question(workshop: Workshop, section: str) -> str:
    """The question the room was asked ("" when none was recorded)."""
    return str(getattr(workshop.details, QUESTION_FIELDS[section]))


def results(workshop: Workshop, section: str) -> list[tuple[int, Item]]:
    """(rank, item), most votes first; equal votes keep the workshop's order."""
    items = list(workshop.section(section))
    ranked = list(zip(ranks([item.votes for item in items]), items, strict=True))
    return sorted(ranked, key=lambda pair: pair[0])
