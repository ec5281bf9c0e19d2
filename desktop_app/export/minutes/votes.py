"""The minutes of a dot vote: the question the room was asked, how many dots
were placed, and the results most votes first (the tables beside it keep the
inventory's order, whose numbers the matrix uses)."""

from __future__ import annotations

from reportlab.platypus import Flowable

from desktop_app.domain import votes
from desktop_app.domain.wording import plural
from desktop_app.export.minutes.layout import Layout

SHOWN = 10  # the results the minutes list; the table beside them has every count


def dot_vote(doc: Layout, section: str, noun: str) -> list[Flowable]:
    """Paragraphs on the vote of `section`; nothing when no question was recorded
    and no dot placed."""
    ws = doc.ws
    used = votes.dots_used(ws, section)
    asked = votes.question(ws, section)
    if not used and not asked:
        return []
    stop = "" if asked.rstrip().endswith(("?", "!", ".")) else "."  # not “…first?”.
    intro = (doc.m("The room was asked: “") + doc.m(asked) + doc.m(f"”{stop} ") if asked
             else doc.m("No question was recorded for this vote. "))
    if not used:
        return [doc.pm(intro + doc.m("No dots were placed."), "body")]
    intro += doc.m(f"{plural(used, 'dot')} placed ({ws.details.votes_per_person} per "
                   f"voter; {plural(votes.voters(ws), 'voter')} present).")
    ranked = [(rank, item) for rank, item in votes.results(ws, section) if item.votes]
    listed = " · ".join(f"{rank}. {item.label} ({item.votes})" for rank, item in
                        ranked[:SHOWN])
    more = len(ranked) - SHOWN
    if more > 0:
        listed += f" · and {plural(more, noun)} more with votes"
    return [doc.pm(intro, "body"), doc.p(f"Most votes first: {listed}", "body")]
