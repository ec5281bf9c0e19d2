"""The frame every stage view shares: number, title, purpose, planned time,
and one place under the content where a refused edit explains itself."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.domain import derived
from desktop_app.domain.commands import Change
from desktop_app.domain.model import Stage
from desktop_app.domain.stages import STAGE_INFO
from desktop_app.ui.labels import minutes_label
from desktop_app.ui.session import Session
from desktop_app.ui.views.captures_panel import CapturesPanel
from desktop_app.ui.views.section_editor import SectionEditor


class StagePage(QWidget):
    stage_requested = Signal(object)  # a Stage the page sends the facilitator to

    def __init__(self, session: Session, stage: Stage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.stage = stage
        info = STAGE_INFO[stage]
        self.setObjectName(f"{stage.value}Page")
        self.setAccessibleName(info.title)

        self.title_label = QLabel(f"{info.number}. {info.title}", self)
        self.title_label.setObjectName("stageTitle")
        self.time_label = QLabel(self)
        self.time_label.setObjectName("muted")
        purpose = QLabel(info.purpose, self)
        purpose.setObjectName("stagePurpose")
        purpose.setWordWrap(True)
        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("validation")
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        self._hide_timer = QTimer(self, singleShot=True, interval=8000)
        self._hide_timer.timeout.connect(self.problem_label.hide)

        header = QHBoxLayout()
        header.addWidget(self.title_label)
        header.addStretch(1)
        header.addWidget(self.time_label)
        self.body = QVBoxLayout()
        self.body.setSpacing(10)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 16, 20, 12)
        outer.setSpacing(8)
        outer.addLayout(header)
        outer.addWidget(purpose)
        outer.addLayout(self.body, 1)
        outer.addWidget(self.problem_label)
        self.captures = CapturesPanel(session, stage, self)
        outer.addWidget(self.captures)
        self.editors: dict[str, SectionEditor] = {}
        session.changed.connect(self._on_stage_changed)
        session.changed.connect(lambda _change: self.problem_label.hide())
        self._refresh_time()

    def finish(self) -> None:
        """Called once the stage has built its content.

        The captures panel moves to the end of the focus chain (it was created
        first, so Tab would otherwise reach it before the stage's own fields),
        and every label that was not made rich text on purpose shows its text
        as typed: a vendor called "<b>Acme</b>" must not turn bold.
        """
        layout = self.captures.parentWidget().layout() if self.captures.parentWidget() else None
        if layout is not None:
            index = layout.indexOf(self.captures)
            layout.removeWidget(self.captures)
            self.captures.setParent(None)
            self.captures.setParent(self)
            layout.insertWidget(index, self.captures)
        for label in self.findChildren(QLabel):
            if label.textFormat() == Qt.TextFormat.AutoText:
                label.setTextFormat(Qt.TextFormat.PlainText)

    def add_editor(self, editor: SectionEditor) -> SectionEditor:
        """Register a section editor so health-check jumps can find its items."""
        self.editors[editor.section] = editor
        return editor

    def reveal(self, section: str, key: Any) -> bool:
        """Show and select the item (section, key) if this stage edits it."""
        editor = self.editors.get(section)
        return editor.reveal(key) if editor is not None else False

    def show_problem(self, message: str) -> None:
        self.problem_label.setText(message)
        self.problem_label.show()
        self._hide_timer.start()

    def _on_stage_changed(self, change: Change) -> None:
        if change.touches("agenda"):
            self._refresh_time()

    def _refresh_time(self) -> None:
        minutes = derived.planned_minutes(self.session.workshop).get(self.stage.value, 0)
        self.time_label.setText(f"Planned: {minutes_label(minutes)}")
