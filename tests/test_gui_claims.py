"""Claims only on data (issue 25, part 4): an empty workshop has nothing to
check, and no ranking, lead or close call is claimed before every vendor has a
score for every criterion."""

from __future__ import annotations

from desktop_app.domain import derived, health
from desktop_app.domain.model import Criterion, Score, Stage, Vendor, Workshop
from desktop_app.domain.stages import stage_facts


def partly_scored() -> Workshop:
    return Workshop(
        criteria=[Criterion("c1", "Skills", 60), Criterion("c2", "Cost", 40)],
        vendors=[Vendor("v1", "Alpha"), Vendor("v2", "Beta"), Vendor("v3", "Gamma")],
        scores=[Score("v1", "c1", 4), Score("v1", "c2", 3), Score("v2", "c1", 5)])


def test_no_lead_or_close_call_before_every_score_is_in() -> None:
    ws = partly_scored()
    assert derived.score_progress(ws) == (3, 6)
    assert derived.close_call(ws) is None
    assert not [f for f in health.check(ws) if f.code == "close-call"]
    facts = stage_facts(ws, Stage.VENDORS)
    assert facts[0].startswith("Provisional (3 of 6 scores) Ranking: ")


def test_no_ranking_at_all_before_a_score() -> None:
    ws = partly_scored()
    ws.scores.clear()
    assert stage_facts(ws, Stage.VENDORS) == ["3 vendors", "no scores yet"]


def test_an_empty_workshop_has_nothing_to_check(window, tmp_path) -> None:
    from desktop_app.storage.document import write_workshop_file

    path = tmp_path / "empty.workshop"
    write_workshop_file(path, Workshop())
    assert window.open_path(path)
    assert window.health_dock.summary.text() == \
        "Nothing to check yet: add the functions in scope first."


def test_findings_of_later_stages_are_greyed(open_window) -> None:
    """While stage 2 is filled, a finding about stage 5 is for later, not an alarm."""
    from PySide6.QtCore import Qt

    from desktop_app.ui.health_panel import FindingRole

    open_window.workspace.show_stage(Stage.FUNCTIONS)
    dock = open_window.health_dock
    view = dock.filter
    later = earlier = None
    for row in range(view.rowCount()):
        index = view.index(row, 0)
        finding = index.data(FindingRole)
        if finding.stage == Stage.CUSTOMERS:
            later = index
        if finding.stage == Stage.FUNCTIONS:
            earlier = index
    assert later is not None and earlier is not None
    assert later.data(Qt.ItemDataRole.ForegroundRole) is not None
    assert later.data(Qt.ItemDataRole.ToolTipRole).startswith("For a later stage: ")
    assert earlier.data(Qt.ItemDataRole.ForegroundRole) is None
    open_window.workspace.show_stage(Stage.CLOSE)  # nothing is later than the last stage
    assert later.data(Qt.ItemDataRole.ForegroundRole) is None
