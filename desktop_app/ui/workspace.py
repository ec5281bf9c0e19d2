"""The open workshop on screen: the stage navigator beside the current stage,
with a notice above it when the copy is temporary or read-only."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping

from PySide6.QtCore import QItemSelectionModel, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.health import Finding
from desktop_app.domain.model import SECTIONS, Stage
from desktop_app.domain.stages import STAGES
from desktop_app.ui.health_panel import HealthMonitor
from desktop_app.ui.icons import icon
from desktop_app.ui.models.stage_model import StageListModel
from desktop_app.ui.session import Session
from desktop_app.ui.timer_bar import TimerBar
from desktop_app.ui.views.registry import has_view, view_class
from desktop_app.ui.views.stage_page import StagePage


class Notice(QFrame):
    """A calm, always-visible line about the file (temporary, read-only)."""

    action_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notice")
        self.icon_label = QLabel(self)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.button = QPushButton(self)
        self.button.clicked.connect(self.action_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.icon_label)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button)
        self.hide()

    def show_message(self, icon_name: str, text: str, button: str | None = None) -> None:
        self.icon_label.setPixmap(icon(icon_name).pixmap(18, 18))
        self.text.setText(text)
        self.button.setVisible(bool(button))
        self.button.setText(button or "")
        self.show()


class StageViews(Mapping[Stage, StagePage]):
    """The stage pages, each built the first time it is asked for.

    A large workshop's pages take most of start-up to build; the room sees one
    at a time, so opening a workshop builds only the first.
    """

    def __init__(self, build: Callable[[Stage], StagePage]) -> None:
        self._build = build
        self._built: dict[Stage, StagePage] = {}

    def __getitem__(self, stage: Stage) -> StagePage:
        if stage not in self._built:
            if not has_view(stage):
                raise KeyError(stage)
            self._built[stage] = self._build(stage)
        return self._built[stage]

    def __iter__(self) -> Iterator[Stage]:
        return (info.stage for info in STAGES)

    def __len__(self) -> int:
        return len(STAGES)

    def built(self) -> list[StagePage]:
        return list(self._built.values())


class Workspace(QWidget):
    keep_requested = Signal()
    capture_requested = Signal(str)  # section of the kind to capture
    edit_capture_requested = Signal(str, object)  # section, item
    stage_changed = Signal(object)  # Stage
    # The current row of a stage's table moved: section, item id (None: no row).
    # The presenter follows the facilitator with it, without reaching into views.
    selection_changed = Signal(str, object)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.monitor = HealthMonitor(session, self)
        self.navigator = QListView(self)
        self.navigator.setObjectName("navigator")
        self.navigator.setAccessibleName("Stages")
        self.navigator.setIconSize(QSize(22, 22))
        self.navigator.setFixedWidth(272)
        self.navigator.setWordWrap(True)
        self.navigator.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stage_model = StageListModel(session, self)
        self.navigator.setModel(self.stage_model)
        self.pages = QStackedWidget(self)
        self._scrolls: dict[Stage, QScrollArea] = {}  # each stage page in its scroll area
        self.views = StageViews(self._build_view)
        self._selected: dict[str, object] = {}
        self._stage = STAGES[0].stage
        self.notice = Notice(self)
        self.notice.action_clicked.connect(self.keep_requested)
        self.timer_bar = TimerBar(session, self)

        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.timer_bar)
        right.addWidget(self.notice)
        right.addWidget(self.pages, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigator)
        layout.addLayout(right, 1)

        self.navigator.selectionModel().currentChanged.connect(
            lambda current, _previous: self._show_row(max(current.row(), 0))
        )
        self.monitor.updated.connect(lambda _findings: self._update_counts())
        self._update_counts()
        # A reopen returns to the stage the facilitator left (the timer kept it).
        self.show_stage(self.timer_bar.timer.resume_stage() or Stage.SETUP)
        self.refresh_notice()

    def _build_view(self, stage: Stage) -> StagePage:
        view = view_class(stage)(self.session, self.pages)
        view.finish()
        view.captures.capture_requested.connect(self.capture_requested)
        view.captures.edit_requested.connect(self.edit_capture_requested)
        view.stage_requested.connect(self.show_stage)
        for section, editor in view.editors.items():
            editor.current_changed.connect(functools.partial(self._on_current, section))
        # The page scrolls when its tables, each showing at least MIN_ROWS rows,
        # need more height than the window has (1280x800 with the health panel).
        scroll = QScrollArea(self.pages)
        scroll.setObjectName(f"{stage.value}Scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Only up and down: across, the page takes the window's width as before
        # (its tables scroll their own columns, the first column frozen).
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setMinimumWidth(1)
        scroll.setWidget(view)
        self._scrolls[stage] = scroll
        self.pages.addWidget(scroll)
        return view

    def _on_current(self, section: str, item: object) -> None:
        key = getattr(item, "id", None)
        if self._selected.get(section) != key:
            self._selected[section] = key
            self.selection_changed.emit(section, key)

    def selected_id(self, section: str) -> object:
        """The id of the current row of `section`'s table, or None (also while
        its stage was never shown)."""
        return self._selected.get(section)

    def _show_row(self, row: int) -> None:
        page = self.views[STAGES[row].stage]  # built first: if that fails, nothing moved
        self._stage = page.stage
        self.pages.setCurrentWidget(self._scrolls[page.stage])
        self.stage_changed.emit(self._stage)

    def _update_counts(self) -> None:
        counts = self.monitor.counts_by_stage()
        self.stage_model.set_finding_counts({s.value: n for s, n in counts.items()})

    def reveal(self, finding: Finding) -> bool:
        """Go to the stage of a finding and select the item it concerns.

        The rule's own stage is tried first; if it does not edit that section,
        the stage that owns the section is used.
        """
        owner = SECTIONS[finding.section].stage if finding.section in SECTIONS else None
        for stage in (finding.stage, owner):
            if stage is None:
                continue
            self.show_stage(stage)
            if self.views[stage].reveal(finding.section, finding.key):
                return True
        self.show_stage(finding.stage)
        return False

    def show_stage(self, stage: Stage) -> None:
        row = [info.stage for info in STAGES].index(stage)
        self.navigator.selectionModel().setCurrentIndex(
            self.stage_model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self._show_row(row)

    def current_stage(self) -> Stage:
        return self._stage

    def current_page(self) -> StagePage:
        """The stage page shown (the stack holds each inside its scroll area)."""
        return self.views[self._stage]

    def refresh_notice(self) -> None:
        if self.session.read_only:
            reason = self.session.read_only_reason
            self.notice.show_message(
                "read_only",
                f"{self.session.path.name} is open read-only"
                f"{' because ' + reason if reason else ''}: you can read, present and "
                "export it, but changes cannot be stored. "
                "Save a copy to edit it.",
                "Save a Copy As…",
            )
        elif self.session.temporary:
            self.notice.show_message(
                "warning",
                f"This is a temporary copy of {self.session.origin}: every change is stored "
                "in the copy. Keep it as a workshop file to find it again later.",
                "Keep as…",
            )
        else:
            self.notice.hide()

    def focus_navigator(self) -> None:
        self.navigator.setFocus(Qt.FocusReason.ShortcutFocusReason)
