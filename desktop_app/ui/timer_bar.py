"""A slim bar above the stage: its timebox, time left, and the workshop's
position against the plan, with Pause/Resume, +5 min and Move on."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from desktop_app.domain.model import Stage
from desktop_app.domain.stages import STAGES
from desktop_app.ui import theme
from desktop_app.ui.icons import set_themed_icon
from desktop_app.ui.session import Session
from desktop_app.ui.timer import Level, StageTimer, TimerState, format_duration

# Chunk colours: chosen to read on both the light and the dark window colour.
LEVEL_COLOURS = {
    False: {Level.NORMAL: "#2e7d32", Level.AMBER: "#c77700", Level.RED: "#c62828"},
    True: {Level.NORMAL: "#66bb6a", Level.AMBER: "#ffb300", Level.RED: "#ef5350"},
}
TITLES = {info.stage: info.title for info in STAGES}
START_KEYS = "Ctrl+Shift+Return"
NUMBERS = {info.stage: info.number for info in STAGES}


class TimerBar(QFrame):
    def __init__(self, session: Session, workspace, clock: Callable[[], float] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent or workspace)
        self.setObjectName("timerBar")
        self.session = session
        self.workspace = workspace
        self.timer = StageTimer(session, clock, self)
        self._dark: bool | None = None

        self.stage_label = QLabel(self)
        self.stage_label.setObjectName("timerStage")
        self.time_label = QLabel(self)
        self.time_label.setObjectName("timerTime")
        self.time_label.setAccessibleName("Time left")
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName("Timebox left")
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(10)
        self.progress.setMinimumWidth(80)
        self.plan_label = QLabel(self)
        self.plan_label.setObjectName("muted")
        self.plan_label.setAccessibleName("Against the plan")
        self.pause_button = QPushButton(self)
        self.pause_button.setAccessibleName("Pause or resume the timer")
        self.pause_button.setToolTip("Pause or resume the stage timer (Ctrl+Shift+Space)")
        self.add_button = QPushButton("+5 min", self)
        self.add_button.setAccessibleName("Add five minutes")
        self.add_button.setToolTip("Give this stage five more minutes (this session only)")
        set_themed_icon(self.add_button, "mdi6.timer-plus-outline")
        self.start_button = QPushButton("Start the session", self)
        self.start_button.setObjectName("primary")
        self.start_button.setAccessibleName("Start the live session")
        self.start_button.setToolTip(
            "The room is here: start timing the stages and recording actual minutes "
            f"({START_KEYS}). Until then the workshop is prepared: nothing is timed.")
        set_themed_icon(self.start_button, "mdi6.play-circle-outline")
        self.move_on_button = QPushButton("Move on", self)
        self.move_on_button.setAccessibleName("Move on to the next stage")
        self.move_on_button.setToolTip(
            "Store this stage's actual minutes and go to the next stage (Ctrl+Shift+Right)")
        set_themed_icon(self.move_on_button, "mdi6.skip-next-outline")
        metrics = self.plan_label.fontMetrics()
        self.plan_label.setMinimumWidth(metrics.horizontalAdvance("999 min behind plan") + 4)
        self.time_label.setMinimumWidth(
            metrics.horizontalAdvance("0:00:00 over · paused") + 12)
        for label in (self.stage_label, self.time_label, self.plan_label):
            label.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
        for button in (self.start_button, self.pause_button, self.add_button,
                       self.move_on_button):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 4)
        layout.setSpacing(10)
        layout.addWidget(self.stage_label)
        layout.addWidget(self.time_label)
        layout.addWidget(self.progress, 1)
        layout.addWidget(self.plan_label)
        layout.addWidget(self.start_button)
        layout.addWidget(self.pause_button)
        layout.addWidget(self.add_button)
        layout.addWidget(self.move_on_button)

        self.pause_button.clicked.connect(self.toggle_pause)
        self.start_button.clicked.connect(self.start_session)
        self.add_button.clicked.connect(lambda: self.timer.add_minutes(5))
        self.move_on_button.clicked.connect(self.move_on)
        self.timer.updated.connect(self.refresh)
        workspace.stage_changed.connect(self.timer.select)
        self.refresh()

    # -- controls --------------------------------------------------------------------

    def toggle_pause(self) -> None:
        self.timer.toggle()

    def start_session(self) -> None:
        problem = self.timer.start_session()
        if problem:
            self.window().statusBar().showMessage(problem, 8000)

    def move_on(self) -> str | None:
        """Store the actual minutes, go to the next stage and time it."""
        error = self.timer.finish()
        if error is not None:
            return error
        following = self.timer.next_stage()
        if following is not None:
            self.workspace.show_stage(following)
            self.timer.start(following)
        return None

    # -- drawing ---------------------------------------------------------------------

    def refresh(self) -> None:
        t = self.timer
        stage: Stage | None = t.stage
        state = t.state()
        live = t.live
        self.start_button.setVisible(not live and not self.session.read_only)
        self.pause_button.setVisible(live)
        self.add_button.setVisible(live)
        self.move_on_button.setToolTip(
            "Store this stage's actual minutes and go to the next stage (Ctrl+Shift+Right)"
            if live else "Go to the next stage (Ctrl+Shift+Right); preparing: nothing is "
                         "timed or recorded")
        self.stage_label.setText(f"<b>Stage {NUMBERS[stage]}</b>" if stage else "")
        self.stage_label.setToolTip(TITLES.get(stage, "") if stage else "")
        self.stage_label.setAccessibleDescription(self.stage_label.toolTip())
        box = t.timebox()
        if not live:
            planned = t.planned_minutes(stage) if stage else 0
            self.time_label.setText(f"{planned} min planned" if planned else "No time planned")
        elif state == TimerState.DONE:
            stored = t.stored_minutes(stage) if stage else None
            planned = t.planned_minutes(stage) if stage else 0
            self.time_label.setText(f"Done: {stored} of {planned} min")
        elif box <= 0:
            self.time_label.setText(f"{format_duration(t.elapsed())} (no time planned)")
        elif t.remaining() >= 0:
            self.time_label.setText(f"{format_duration(t.remaining())} left")
        else:
            self.time_label.setText(f"{format_duration(-t.remaining())} over")
        if state == TimerState.PAUSED:
            self.time_label.setText(self.time_label.text() + " · paused")
        self.progress.setValue(round(1000 * t.fraction_left()))
        self._colour(t.level())
        self.plan_label.setText(t.plan_text())
        running = state == TimerState.RUNNING
        self.pause_button.setText("Pause" if running else
                                  ("Start" if state == TimerState.IDLE else "Resume"))
        set_themed_icon(self.pause_button,
                        "mdi6.pause" if running else "mdi6.play")
        self.add_button.setEnabled(stage is not None and box > 0)
        self.move_on_button.setEnabled(stage is not None)

    def _colour(self, level: Level) -> None:
        app = QApplication.instance()
        dark = bool(app.property("dark_theme")) if app is not None else False
        if self.property("level") == level.value and self._dark == dark:
            return
        self._dark = dark
        self.setProperty("level", level.value)
        c = theme.colours(dark)
        chunk = LEVEL_COLOURS[dark][level]
        self.progress.setStyleSheet(
            f"QProgressBar {{ background: {c['alternate']}; border: 1px solid {c['border']};"
            f" border-radius: 4px; }}"
            f" QProgressBar::chunk {{ background: {chunk}; border-radius: 3px; }}")
        text = c["text"] if level == Level.NORMAL else (
            c["danger"] if level == Level.RED else c["warning"])
        self.time_label.setStyleSheet(f"color: {text}; font-weight: bold;")

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        kinds = (event.Type.PaletteChange, event.Type.StyleChange)
        if hasattr(self, "timer") and event.type() in kinds:
            self._dark = None
            self._colour(self.timer.level())
