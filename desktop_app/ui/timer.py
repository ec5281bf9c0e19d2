"""The stage timer: a timebox per stage from the agenda's planned minutes.

It runs only once the facilitator has started the live session: while the
workshop is prepared, going from stage to stage (and Move on, to change the
presenter's slide) times and records nothing. Its state (the stage shown, the
seconds run there, paused or not) is recorded in the file as it changes,
outside the undo history, so a reopen resumes where the facilitator left.

Time comes from an injectable monotonic clock (tests advance a fake one and
never sleep); the QTimer only asks for a refresh once a second. Moving on
stores the stage's actual minutes on its agenda item through a domain command,
so it is undoable like any other edit. Added minutes extend the timebox for
this session only.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from PySide6.QtCore import QObject, QTimer, Signal

from desktop_app.domain import derived
from desktop_app.domain.commands import Batch, EditDetails, EditField
from desktop_app.domain.model import AgendaItem, Stage
from desktop_app.domain.stages import STAGES
from desktop_app.ui.session import Session

# Tests replace this before a window opens; widgets never read the clock directly.
default_clock: Callable[[], float] = time.monotonic

AMBER_AT = 0.20  # fraction of the timebox left
RED_AT = 0.05


class TimerState(StrEnum):
    IDLE = "idle"  # never started in this session, nothing stored
    RUNNING = "running"
    PAUSED = "paused"
    DONE = "done"  # actual minutes are stored and the timer is not running


class Level(StrEnum):
    NORMAL = "normal"
    AMBER = "amber"
    RED = "red"


@dataclass
class _Clock:
    """One stage's time in this session."""

    elapsed: float = 0.0  # seconds counted before `since`
    since: float | None = None  # clock value when it last started running
    extra: float = 0.0  # seconds added with "+5 min"
    paused_by_user: bool = False


def format_duration(seconds: float) -> str:
    """12:30 or 1:05:00 (whole seconds, never negative)."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def whole_minutes(seconds: float) -> int:
    """Actual minutes to store: rounded, but at least 1 if any time ran."""
    if seconds <= 0:
        return 0
    return max(1, round(seconds / 60))


class StageTimer(QObject):
    updated = Signal()  # time moved on or the state changed: redraw
    stage_finished = Signal(object)  # Stage whose actual minutes were stored

    def __init__(self, session: Session, clock: Callable[[], float] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.clock = clock or default_clock
        self.stage: Stage | None = None
        self._clocks: dict[Stage, _Clock] = {}
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._tick)
        self._ticks = 0
        session.changed.connect(self._on_changed)
        self._restore()

    # -- the session -----------------------------------------------------------------

    @property
    def live(self) -> bool:
        """True once the facilitator started the session: before, nothing is timed."""
        return self.session.workshop.details.session_started_at is not None

    def resume_stage(self) -> Stage | None:
        """The stage the facilitator left, where a reopen returns."""
        stage = self.session.workshop.details.session_stage
        return Stage(stage) if stage else None

    def _restore(self) -> None:
        details = self.session.workshop.details
        stage = self.resume_stage()
        if stage is None or not self.live:
            return
        clock = self._state_clock(stage)
        clock.elapsed = max(clock.elapsed, float(details.session_seconds))
        clock.paused_by_user = details.session_paused

    def _save(self) -> None:
        """Record the timer's state when it differs from what the file holds."""
        details = self.session.workshop.details
        stage = self.stage.value if self.stage else ""
        seconds = int(self.elapsed()) if self.live and self.stage else 0
        paused = bool(self.live and self.stage and self.stage in self._clocks
                      and self._clocks[self.stage].paused_by_user)
        if (not details.session_stage and self.stage == STAGES[0].stage and seconds == 0
                and not paused):
            return  # a file opens on its first stage: opening alone writes nothing
        wanted = {"session_stage": stage, "session_seconds": seconds,
                  "session_paused": paused}
        changed = [EditDetails(name, value) for name, value in wanted.items()
                   if getattr(details, name) != value]
        if changed and not self.session.read_only:
            self.session.record(Batch("Record the stage timer", changed))

    def save(self) -> None:
        """Record the timer's state now (the window closes, say)."""
        self._save()

    def start_session(self) -> str | None:
        """The facilitator starts the live session: from now on stages are timed
        and actual minutes stored. One undoable step; None or why it failed."""
        if self.live:
            return None
        problem = self.session.execute(EditDetails(
            "session_started_at", datetime.now().astimezone().replace(microsecond=0)))
        if problem is None and self.stage is not None:
            self._run(self.stage)
            self._save()
            self.updated.emit()
        return problem

    def _tick(self) -> None:
        self._ticks += 1
        if self._ticks % 60 == 0:  # a crash loses at most a minute of the stage's time
            self._save()
        self.updated.emit()

    # -- the plan --------------------------------------------------------------------

    def planned_minutes(self, stage: Stage) -> int:
        return derived.planned_minutes(self.session.workshop).get(stage.value, 0)

    def agenda_items(self, stage: Stage) -> list[AgendaItem]:
        return [item for item in self.session.workshop.agenda if item.stage == stage]

    def stored_minutes(self, stage: Stage) -> int | None:
        """The actual minutes stored on the stage's agenda items, if any."""
        actual = [i.actual_minutes for i in self.agenda_items(stage)
                  if i.actual_minutes is not None]
        return sum(actual) if actual else None

    # -- one stage's time ------------------------------------------------------------

    def _state_clock(self, stage: Stage) -> _Clock:
        if stage not in self._clocks:
            stored = self.stored_minutes(stage)
            self._clocks[stage] = _Clock(elapsed=60.0 * (stored or 0))
        return self._clocks[stage]

    def running(self, stage: Stage | None = None) -> bool:
        stage = stage or self.stage
        return stage in self._clocks and self._clocks[stage].since is not None

    def state(self, stage: Stage | None = None) -> TimerState:
        stage = stage or self.stage
        if stage is None:
            return TimerState.IDLE
        if self.running(stage):
            return TimerState.RUNNING
        if self.stored_minutes(stage) is not None:
            return TimerState.DONE
        if stage in self._clocks and (self._clocks[stage].elapsed > 0
                                      or self._clocks[stage].paused_by_user):
            return TimerState.PAUSED
        return TimerState.IDLE

    def elapsed(self, stage: Stage | None = None) -> float:
        stage = stage or self.stage
        if stage is None:
            return 0.0
        if stage not in self._clocks:
            return 60.0 * (self.stored_minutes(stage) or 0)
        c = self._clocks[stage]
        return c.elapsed + (self.clock() - c.since if c.since is not None else 0.0)

    def timebox(self, stage: Stage | None = None) -> float:
        """Seconds in the timebox: planned plus any time added this session."""
        stage = stage or self.stage
        if stage is None:
            return 0.0
        extra = self._clocks[stage].extra if stage in self._clocks else 0.0
        return 60.0 * self.planned_minutes(stage) + extra

    def remaining(self, stage: Stage | None = None) -> float:
        """Seconds left in the timebox; negative once it is over."""
        return self.timebox(stage) - self.elapsed(stage)

    def fraction_left(self, stage: Stage | None = None) -> float:
        box = self.timebox(stage)
        if box <= 0:
            return 0.0
        return max(0.0, min(1.0, self.remaining(stage) / box))

    def level(self, stage: Stage | None = None) -> Level:
        if self.timebox(stage) <= 0:
            return Level.NORMAL
        left = self.fraction_left(stage)
        if left <= RED_AT:
            return Level.RED
        if left <= AMBER_AT:
            return Level.AMBER
        return Level.NORMAL

    # -- the whole workshop ----------------------------------------------------------

    def behind_plan(self) -> float:
        """Seconds the workshop is behind plan (negative: ahead).

        Stages with stored actual minutes count actual - planned; the stage
        being timed counts only its overrun (it may still finish early).
        """
        total = 0.0
        for info in STAGES:
            stage = info.stage
            planned = 60.0 * self.planned_minutes(stage)
            stored = self.stored_minutes(stage)
            live = stage == self.stage and (self.running(stage) or stored is None)
            if live:
                total += max(0.0, self.elapsed(stage) - planned)
            elif stored is not None:
                total += 60.0 * stored - planned
        return total

    def plan_text(self) -> str:
        if not self.live:
            return "Preparing"
        minutes = round(self.behind_plan() / 60)
        if minutes > 0:
            return f"{minutes} min behind plan"
        if minutes < 0:
            return f"{-minutes} min ahead of plan"
        return "On plan"

    # -- controls --------------------------------------------------------------------

    def select(self, stage: Stage) -> None:
        """The facilitator went to `stage`: time it unless paused or finished.

        The stage left behind stops counting (its time is kept).
        """
        if stage == self.stage:
            return
        if self.stage is not None:
            self._stop(self.stage)
        self.stage = stage
        if self.live and (self.state(stage) in (TimerState.IDLE,) or (
                self.state(stage) == TimerState.PAUSED
                and not self._state_clock(stage).paused_by_user)):
            self._run(stage)
        self._save()
        self.updated.emit()

    def start(self, stage: Stage | None = None) -> None:
        stage = stage or self.stage
        if stage is None or not self.live:
            return
        if stage != self.stage:
            if self.stage is not None:
                self._stop(self.stage)
            self.stage = stage
        self._run(stage)
        self._save()
        self.updated.emit()

    def pause(self) -> None:
        if self.stage is None or not self.running():
            return
        self._stop(self.stage)
        self._state_clock(self.stage).paused_by_user = True
        self._save()
        self.updated.emit()

    def resume(self) -> None:
        if self.stage is not None:
            self.start(self.stage)

    def toggle(self) -> None:
        if self.running():
            self.pause()
        else:
            self.resume()

    def add_minutes(self, minutes: int) -> None:
        if self.stage is None:
            return
        self._state_clock(self.stage).extra += 60.0 * minutes
        self.updated.emit()

    def finish(self) -> str | None:
        """Stop the current stage and store its actual minutes (first agenda item).

        Returns None, or why the minutes could not be stored.
        """
        stage = self.stage
        if stage is None:
            return None
        if not self.live:  # preparing: moving on changes the slide, records nothing
            self.updated.emit()
            return None
        seconds = self.elapsed(stage)
        self._stop(stage)
        items = self.agenda_items(stage)
        minutes = whole_minutes(seconds)
        error = None
        if (items and minutes > 0 and items[0].actual_minutes != minutes
                and not self.session.read_only):  # read-only: timed here, not stored
            error = self.session.execute(EditField("agenda", items[0].id, "actual_minutes",
                                                   minutes))
        if error is None:
            self.stage_finished.emit(stage)
        self.updated.emit()
        return error

    def next_stage(self) -> Stage | None:
        order = [info.stage for info in STAGES]
        if self.stage is None:
            return order[0]
        index = order.index(self.stage)
        return order[index + 1] if index + 1 < len(order) else None

    # -- internals -------------------------------------------------------------------

    def _run(self, stage: Stage) -> None:
        c = self._state_clock(stage)
        c.paused_by_user = False
        if c.since is None:
            c.since = self.clock()
        self._ticker.start()

    def _stop(self, stage: Stage) -> None:
        c = self._state_clock(stage)
        if c.since is not None:
            c.elapsed += self.clock() - c.since
            c.since = None
        if not any(x.since is not None for x in self._clocks.values()):
            self._ticker.stop()

    def _on_changed(self, change) -> None:
        if change.touches("details") and not self.live and any(
                c.since is not None for c in self._clocks.values()):
            for stage in list(self._clocks):  # the start was undone: back to preparing
                self._stop(stage)
            self.updated.emit()
        if change.touches("agenda", "details"):
            self.updated.emit()

    def shutdown(self) -> None:
        self._save()
        self._ticker.stop()
