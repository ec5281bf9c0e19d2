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
