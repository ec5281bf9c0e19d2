"""Preparation, then the session (issue 25, part 2): until the facilitator
starts the live session nothing is timed and Move on records nothing; once
started, actual minutes are stored; the timer's state survives a reopen, which
returns to the stage the facilitator left; what was recorded before the
session prints as prepared before the workshop."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pypdf
import pytest
from helpers import stored

from desktop_app.domain.commands import EditDetails
from desktop_app.domain.model import Stage
from desktop_app.export.minutes import build_minutes
from desktop_app.storage.document import write_workshop_file
from desktop_app.ui import timer as timer_module
from desktop_app.ui.timer import TimerState


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(timer_module, "default_clock", fake)
    return fake


@pytest.fixture
def prepared_file(tmp_path, demo_workshop):
    """The demo as it is prepared: the session not started yet."""
    workshop = demo_workshop.snapshot()
    workshop.details = dataclasses.replace(workshop.details, session_started_at=None)
    workshop.agenda[:] = [dataclasses.replace(a, actual_minutes=None) for a in workshop.agenda]
    path = tmp_path / "prepared.workshop"
    write_workshop_file(path, workshop)
    return path


def test_nothing_is_timed_or_recorded_before_the_session(window, clock, prepared_file) -> None:
    assert window.open_path(prepared_file)
    bar = window.workspace.timer_bar
    assert bar.start_button.isVisibleTo(window) and not bar.pause_button.isVisibleTo(window)
    assert bar.timer.state() == TimerState.IDLE and bar.timer.plan_text() == "Preparing"
    clock.now += 120
    window.workspace.show_stage(Stage.VENDORS)
    clock.now += 120
    assert bar.move_on() is None  # changes the slide only
    assert window.workspace.current_stage() == Stage.BUSINESS_CASE
    assert all(a.actual_minutes is None for a in stored(prepared_file).agenda)
    assert "ahead" not in bar.plan_label.text() and "behind" not in bar.plan_label.text()


def test_started_the_stages_are_timed_and_stored(window, clock, prepared_file) -> None:
    assert window.open_path(prepared_file)
    bar = window.workspace.timer_bar
    window.actions.start_session.trigger()
    assert stored(prepared_file).details.session_started_at is not None
    assert bar.timer.state() == TimerState.RUNNING and not bar.start_button.isVisibleTo(window)
    clock.now += 25 * 60
    assert bar.move_on() is None
    setup_items = [a for a in stored(prepared_file).agenda if a.stage == Stage.SETUP]
    assert setup_items[0].actual_minutes == 25
    window.undo_action.trigger()  # the actual minutes
    window.undo_action.trigger()  # the start: back to preparing
    assert stored(prepared_file).details.session_started_at is None
    assert bar.timer.state() != TimerState.RUNNING


def test_a_reopen_resumes_the_stage_and_its_time(window, clock, prepared_file) -> None:
    assert window.open_path(prepared_file)
    bar = window.workspace.timer_bar
    bar.start_session()
    window.workspace.show_stage(Stage.VENDORS)
    clock.now += 10 * 60
    bar.toggle_pause()
    window.actions.close.trigger()
    details = stored(prepared_file).details
    assert (details.session_stage, details.session_seconds, details.session_paused) == (
        "vendors", 600, True)
    assert window.open_path(prepared_file)
    assert window.workspace.current_stage() == Stage.VENDORS
    timer = window.workspace.timer_bar.timer
    assert timer.state() == TimerState.PAUSED and round(timer.elapsed()) == 600


def test_what_was_prepared_says_so_in_the_window_and_the_minutes(window, prepared_file,
                                                                 tmp_path) -> None:
    assert window.open_path(prepared_file)
    ws = window.session.workshop
    started = min(d.recorded_at for d in ws.decisions) + timedelta(minutes=1)
    window.session.execute(EditDetails("session_started_at", started))
    window.workspace.show_stage(Stage.SETUP)
    model = window.workspace.views[Stage.SETUP].captures.table.model()
    details = [model.index(r, 3).data() for r in range(model.rowCount())]
    assert details and details[0].startswith("Prepared · ")
    target = tmp_path / "minutes.pdf"
    build_minutes(window.session.workshop, target)
    text = " ".join(" ".join((p.extract_text() or "").split())
                    for p in pypdf.PdfReader(target).pages)
    assert "Prepared before the workshop" in text


def test_undo_never_winds_the_timer_back(window, prepared_file) -> None:
    """The timer's state is bookkeeping: undoing an edit of the workshop's details
    keeps the stage the facilitator is on."""
    assert window.open_path(prepared_file)
    window.session.execute(EditDetails("title", "Renamed"))
    window.workspace.show_stage(Stage.METRICS)
    assert stored(prepared_file).details.session_stage == "metrics"
    window.undo_action.trigger()
    assert stored(prepared_file).details.title != "Renamed"
    assert stored(prepared_file).details.session_stage == "metrics"


def test_the_session_is_started_from_the_presenter_window(window, qtbot, prepared_file) -> None:
    from PySide6.QtCore import Qt

    assert window.open_path(prepared_file)
    window.actions.presenter.trigger()
    presenter = window.presenter.presenter
    assert presenter is not None and window.actions.start_session in presenter.actions()
    from PySide6.QtWidgets import QApplication

    presenter.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is presenter)
    qtbot.keyClick(presenter, Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: stored(prepared_file).details.session_started_at is not None)
    presenter.close()


def test_opening_a_file_writes_nothing(window, prepared_file) -> None:
    """The timer records a stage change, not the first stage a file opens on."""
    before = prepared_file.read_bytes()
    assert window.open_path(prepared_file)
    window.actions.close.trigger()
    assert prepared_file.read_bytes() == before
