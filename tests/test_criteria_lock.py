"""Criteria and weights are agreed before scoring, then locked; the minutes
record when (a decision is added with the weights)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from desktop_app.domain.commands import (
    AddItem,
    EditField,
    MoveItem,
    RemoveItem,
    agree_criteria,
    reopen_criteria,
)
from desktop_app.domain.model import Criterion, DecisionStatus, Stage, Workshop
from desktop_app.domain.validation import ValidationError
from desktop_app.storage import interchange

WHEN = datetime(2027, 3, 9, 10, 55, tzinfo=UTC)


def test_agreeing_locks_the_criteria_and_minutes_the_weights(demo_workshop) -> None:
    ws = demo_workshop
    ws.details = dataclasses.replace(ws.details, criteria_agreed_at=None)
    decisions = len(ws.decisions)
    agree_criteria(ws, WHEN).apply(ws)
    assert ws.details.criteria_agreed_at == WHEN
    decision = ws.decisions[-1]
    assert len(ws.decisions) == decisions + 1
    assert decision.stage == Stage.VENDORS and decision.status == DecisionStatus.ACCEPTED
    assert "Skills & certifications 25 %" in decision.text


@pytest.mark.parametrize(
    "command",
    [
        EditField("criteria", "c1", "weight", 30),
        AddItem("criteria", Criterion("c99", "References", 5)),
        RemoveItem("criteria", "c1"),
        MoveItem("criteria", "c1", 3),
    ],
    ids=["edit", "add", "remove", "move"],
)
def test_locked_criteria_refuse_every_change(demo_workshop, command) -> None:
    ws = demo_workshop
    agree_criteria(ws, WHEN).apply(ws)
    before = interchange.to_dict(ws)
    with pytest.raises(ValidationError, match="agreed and locked"):
        command.apply(ws)
    assert interchange.to_dict(ws) == before


def test_reopening_allows_changes_and_undo_relocks(demo_workshop) -> None:
    ws = demo_workshop
    agree_criteria(ws, WHEN).apply(ws)
    reopen = reopen_criteria()
    reopen.apply(ws)
    EditField("criteria", "c1", "weight", 30).apply(ws)
    assert ws.find("criteria", "c1").weight == 30
    ws2 = Workshop(criteria=[Criterion("c1", "Skills", 50)])
    agree_criteria(ws2, WHEN).apply(ws2)
    reopen = reopen_criteria()
    reopen.apply(ws2)
    reopen.revert(ws2)
    assert ws2.details.criteria_agreed_at == WHEN


def test_agreeing_needs_criteria() -> None:
    with pytest.raises(ValidationError, match="Add the criteria"):
        agree_criteria(Workshop(), WHEN)


def test_the_agreement_survives_the_interchange(demo_workshop) -> None:
    agree_criteria(demo_workshop, WHEN).apply(demo_workshop)
    data = interchange.to_dict(demo_workshop)
    assert data["workshop"]["criteria_agreed_at"] == "2027-03-09T10:55:00+00:00"
    assert interchange.from_dict(data).details.criteria_agreed_at == WHEN


def minutes_text(workshop: Workshop, folder) -> str:
    from pypdf import PdfReader

    from desktop_app.export.minutes import build_minutes

    target = folder / "minutes.pdf"
    build_minutes(workshop, target)
    return " ".join(" ".join((page.extract_text() or "").split())
                    for page in PdfReader(target).pages)


def test_agreeing_before_any_score_is_minuted_as_before_scoring(tmp_path) -> None:
    ws = Workshop(criteria=[Criterion("c1", "Skills", 50)])
    agree_criteria(ws, WHEN).apply(ws)
    assert ws.details.scores_when_agreed == 0
    assert "agreed before scoring" in ws.decisions[-1].text
    assert "before scoring; the criteria and weights were then locked" in minutes_text(
        ws, tmp_path)


def test_agreeing_after_scores_were_entered_says_so_in_decision_and_minutes(
        demo_workshop, tmp_path) -> None:
    ws = demo_workshop
    ws.details = dataclasses.replace(ws.details, criteria_agreed_at=None,
                                     scores_when_agreed=None)
    scored = len(ws.scores)
    assert scored > 1
    agree_criteria(ws, WHEN).apply(ws)
    assert ws.details.scores_when_agreed == scored
    decision = ws.decisions[-1].text
    assert f"agreed after {scored} scores had been entered" in decision
    assert "before scoring" not in decision
    text = minutes_text(ws, tmp_path)
    assert f"after {scored} scores had been entered" in text
    assert "Scores entered before the agreement were given without agreed weights" in text
    assert "before scoring;" not in text


def test_an_agreement_recorded_without_the_count_claims_nothing(demo_workshop, tmp_path):
    """A file from a release that did not count the scores: no "before scoring"."""
    ws = demo_workshop
    ws.details = dataclasses.replace(ws.details, criteria_agreed_at=WHEN,
                                     scores_when_agreed=None)
    text = minutes_text(ws, tmp_path)
    assert "Agreed on" in text and "before scoring" not in text.split("Agreed on")[1][:80]


def test_reopening_forgets_the_count_and_undo_brings_it_back(demo_workshop) -> None:
    ws = demo_workshop
    agree_criteria(ws, WHEN).apply(ws)
    count = ws.details.scores_when_agreed
    reopen = reopen_criteria()
    reopen.apply(ws)
    assert ws.details.criteria_agreed_at is None and ws.details.scores_when_agreed is None
    reopen.revert(ws)
    assert ws.details.scores_when_agreed == count


def test_the_count_survives_the_interchange_and_the_file(demo_workshop, tmp_path) -> None:
    from desktop_app.storage.document import WorkshopDocument, write_workshop_file

    agree_criteria(demo_workshop, WHEN).apply(demo_workshop)
    data = interchange.to_dict(demo_workshop)
    assert data["workshop"]["scores_when_agreed"] == len(demo_workshop.scores)
    assert interchange.from_dict(data).details == demo_workshop.details
    write_workshop_file(tmp_path / "w.workshop", demo_workshop)
    document = WorkshopDocument.open(tmp_path / "w.workshop", read_only=True)
    try:
        assert document.workshop.details == demo_workshop.details
    finally:
        document.close()
