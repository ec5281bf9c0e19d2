"""Dates typed into table cells (issue 25, part 1): a wave's start and an
action's due date take ISO or the locale's own form, an empty cell clears a
due date, and an impossible date is refused with the reason."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import stored, type_into_cell

from desktop_app.domain.commands import EditDetails
from desktop_app.domain.model import Stage


@pytest.mark.parametrize(("number_format", "typed"), [
    ("en_US", "4/5/2027"), ("de_DE", "05.04.2027"), ("en_GB", "05/04/2027"),
    ("de_DE", "2027-04-05")])
def test_a_wave_start_is_typed(open_window, qtbot, workshop_file, number_format, typed) -> None:
    open_window.session.execute(EditDetails("number_format", number_format))
    open_window.workspace.show_stage(Stage.TRANSITION)
    waves = open_window.workspace.views[Stage.TRANSITION].editors["waves"]
    type_into_cell(qtbot, waves, "w1", "start", typed)
    assert stored(workshop_file).find("waves", "w1").start == date(2027, 4, 5)


def test_a_due_date_is_typed_cleared_and_refused(open_window, qtbot, workshop_file) -> None:
    open_window.workspace.show_stage(Stage.CLOSE)
    actions = open_window.workspace.views[Stage.CLOSE].editors["actions"]
    key = open_window.session.workshop.actions[0].key
    type_into_cell(qtbot, actions, key, "due", "2027-05-31")
    assert stored(workshop_file).find("actions", key).due == date(2027, 5, 31)
    type_into_cell(qtbot, actions, key, "due", "2027-13-01")
    assert "is not a date" in actions.validation.text()
    assert stored(workshop_file).find("actions", key).due == date(2027, 5, 31)
    type_into_cell(qtbot, actions, key, "due", "")
    assert stored(workshop_file).find("actions", key).due is None
