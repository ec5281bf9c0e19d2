"""Timeboxes: the stage timer and its bar, with time injected (never sleeping)."""

from __future__ import annotations

import pytest
from helpers import stored

from desktop_app.domain.model import Stage
from desktop_app.ui import theme
from desktop_app.ui import timer as timer_module
from desktop_app.ui.timer import Level, TimerState, format_duration, whole_minutes


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += 60 * minutes


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(timer_module, "default_clock", fake)
    return fake


@pytest.fixture
def timed_window(window, workshop_file, clock):
    assert window.open_path(workshop_file)
    window.show()
    return window


@pytest.fixture
def bar(timed_window):
    return timed_window.workspace.timer_bar



def agenda(workshop, stage):
    return [item for item in workshop.agenda if item.stage == stage]


def test_durations_and_whole_minutes():
    assert format_duration(750) == "12:30"
    assert format_duration(3900) == "1:05:00"
    assert whole_minutes(0) == 0
    assert whole_minutes(5) == 1
    assert whole_minutes(89) == 1
    assert whole_minutes(91) == 2


def test_opening_times_the_first_stage(bar, clock):
    t = bar.timer
    assert t.stage == Stage.SETUP and t.state() == TimerState.RUNNING
    assert t.planned_minutes(Stage.SETUP) == 30
    clock.advance(17.5)
    bar.refresh()
    assert bar.time_label.text() == "12:30 left"
    assert bar.pause_button.text() == "Pause"
    assert "Stage 1" in bar.stage_label.text()
    assert "Setup" in bar.stage_label.toolTip()


def test_amber_at_20_and_red_at_5_percent_left(bar, clock):
    t = bar.timer  # 30 planned minutes
    clock.advance(23.9)
    assert t.level() == Level.NORMAL
    clock.advance(0.1)  # 6 of 30 minutes left: 20 %
    assert t.level() == Level.AMBER
    bar.refresh()
    assert bar.property("level") == "amber"
    clock.advance(4.4)
    assert t.level() == Level.AMBER
    clock.advance(0.1)  # 1.5 of 30 left: 5 %
    assert t.level() == Level.RED
    clock.advance(3)
    bar.refresh()
    assert bar.property("level") == "red"
    assert bar.time_label.text() == "1:30 over"
    assert bar.progress.value() == 0


def test_pause_stops_time_and_resume_continues(bar, clock, timed_window):
    t = bar.timer
    clock.advance(10)
    bar.pause_button.click()
    assert t.state() == TimerState.PAUSED
    assert bar.pause_button.text() == "Resume"
    clock.advance(60)
    assert t.elapsed() == pytest.approx(600)
    assert "paused" in bar.time_label.text()
    timed_window.actions.timer_pause.trigger()  # the menu action toggles as well
    assert t.state() == TimerState.RUNNING
    clock.advance(5)
    assert t.elapsed() == pytest.approx(900)


def test_plus_five_minutes_extends_this_session_only(bar, clock, workshop_file):
    t = bar.timer
    clock.advance(27)
    assert t.level() == Level.AMBER
    bar.add_button.click()
    assert t.remaining() == pytest.approx(8 * 60)
    assert t.level() == Level.NORMAL
    assert agenda(stored(workshop_file), Stage.SETUP)[0].planned_minutes == 30


def test_move_on_stores_actual_minutes_and_is_undoable(bar, clock, timed_window, workshop_file):
    clock.advance(34.6)
    bar.move_on_button.click()
    item = agenda(stored(workshop_file), Stage.SETUP)[0]
    assert item.actual_minutes == 35
    assert timed_window.workspace.current_stage() == Stage.FUNCTIONS
    t = bar.timer
    assert t.stage == Stage.FUNCTIONS and t.state() == TimerState.RUNNING
    assert t.state(Stage.SETUP) == TimerState.DONE
    assert bar.plan_label.text() == "5 min behind plan"
    timed_window.undo_action.trigger()
    assert agenda(stored(workshop_file), Stage.SETUP)[0].actual_minutes is None


def test_move_on_after_seconds_stores_one_minute(bar, clock, timed_window, workshop_file):
    clock.now += 20
    timed_window.actions.timer_move_on.trigger()
    assert agenda(stored(workshop_file), Stage.SETUP)[0].actual_minutes == 1


def test_ahead_and_behind_plan(bar, clock):
    t = bar.timer
    assert bar.plan_label.text() == "On plan"
    clock.advance(20)  # setup: 30 planned, 20 used
    bar.move_on()
    assert bar.plan_label.text() == "10 min ahead of plan"
    clock.advance(60)  # functions: 75 planned, still inside its timebox
    bar.refresh()
    assert bar.plan_label.text() == "10 min ahead of plan"
    clock.advance(20)  # 5 over: eats into the time won earlier
    assert t.behind_plan() == pytest.approx(-600 + 300)
    bar.refresh()
    assert bar.plan_label.text() == "5 min ahead of plan"
    clock.advance(10)
    bar.refresh()
    assert bar.plan_label.text() == "5 min behind plan"


def test_selecting_a_stage_times_it_and_stops_the_one_left(bar, clock, timed_window):
    t = bar.timer
    clock.advance(3)
    timed_window.workspace.show_stage(Stage.VENDORS)
    assert t.stage == Stage.VENDORS and t.state() == TimerState.RUNNING
    clock.advance(7)
    assert t.elapsed(Stage.SETUP) == pytest.approx(180)
    assert t.elapsed(Stage.VENDORS) == pytest.approx(420)
    timed_window.workspace.show_stage(Stage.SETUP)  # back: carries on where it was
    clock.advance(1)
    assert t.elapsed(Stage.SETUP) == pytest.approx(240)
    bar.pause_button.click()
    timed_window.workspace.show_stage(Stage.VENDORS)
    timed_window.workspace.show_stage(Stage.SETUP)  # a paused stage stays paused
    assert t.state(Stage.SETUP) == TimerState.PAUSED


@pytest.mark.parametrize("dark", [False, True])
def test_bar_renders_in_light_and_dark(bar, clock, app, dark, tmp_path):
    theme.apply_theme(app, dark)
    clock.advance(27)
    bar.refresh()
    image = bar.grab().toImage()
    assert not image.isNull() and bar.height() < 80
    image.save(str(tmp_path / f"timer-{'dark' if dark else 'light'}.png"))
    window_colour = theme.colours(dark)["window"]
    assert window_colour  # the bar draws on the theme's own window colour
    if dark:
        theme.apply_theme(app, False)


def test_read_only_times_the_stage_without_trying_to_store(window, workshop_file, clock,
                                                          monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "warning", lambda *a: pytest.fail(f"a message: {a}"))
    before = workshop_file.read_bytes()
    assert window.open_path(workshop_file, read_only=True)
    bar = window.workspace.timer_bar
    clock.advance(12)
    bar.move_on_button.click()
    assert window.workspace.current_stage() == Stage.FUNCTIONS
    assert bar.timer.state() == TimerState.RUNNING
    assert workshop_file.read_bytes() == before
