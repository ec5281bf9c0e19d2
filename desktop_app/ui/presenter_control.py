"""Wires the presenter window to a main window: the View menu's toggle and
freeze, the choice of screen (remembered in QSettings), the frozen marker in
the status bar, and closing it with the workshop.

The presenter window itself (`presenter.py`, its slides and charts) is
imported when it first opens: start-up does not pay for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QActionGroup, QScreen
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from desktop_app.domain.stages import STAGES
from desktop_app.ui.labels import as_typed
from desktop_app.ui.workspace import Workspace

if TYPE_CHECKING:
    from desktop_app.ui.presenter import PresenterWindow

SETTINGS_KEY = "presenter_screen"
WINDOW_SIZE = (1280, 720)  # a normal window when there is only one screen


def choose_screen(settings: QSettings, main_screen: QScreen | None) -> QScreen | None:
    """The projector: the remembered screen, else the first that is not the main
    window's; None with a single screen."""
    screens = QApplication.screens()
    if len(screens) < 2:
        return None
    remembered = str(settings.value(SETTINGS_KEY, "") or "")
    for screen in screens:
        if remembered and screen.name() == remembered:
            return screen
    for screen in screens:
        if screen is not main_screen:
            return screen
    return screens[0]


class PresenterControl(QObject):
    """Opens, places, freezes and closes the presenter window for a main window."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.presenter: PresenterWindow | None = None
        self.frozen_label = QLabel("Presenter frozen", window)
        self.frozen_label.setObjectName("muted")
        self.frozen_label.setAccessibleName("The presenter window is frozen")
        self.frozen_label.hide()
        window.statusBar().addWidget(self.frozen_label)
        actions = window.actions
        self.toggle_action = actions.presenter
        self.freeze_action = actions.freeze_presenter
        self.toggle_action.toggled.connect(self.set_open)
        self.freeze_action.toggled.connect(self.set_frozen)
        self.point_action = actions.point_presenter
        self.point_action.triggered.connect(self.point)
        window.pages.currentChanged.connect(lambda _index: self._follow_workspace())
        self.screen_menu = getattr(actions, "presenter_screens", None)  # View > Presenter Screen
        self.screen_group = QActionGroup(self)
        if self.screen_menu is not None:
            self.screen_menu.setToolTipsVisible(True)
            self.screen_menu.aboutToShow.connect(self.fill_screen_menu)
            self.fill_screen_menu()
        self._update_actions()

    # -- the screen --------------------------------------------------------------------

    def current_screen_name(self) -> str:
        """The presenter's screen when it is open, else the remembered one."""
        if self.presenter is not None and self.presenter.screen() is not None:
            return self.presenter.screen().name()
        return str(self.window.settings.value(SETTINGS_KEY, "") or "")

    def fill_screen_menu(self) -> None:
        """One checkable entry per screen, rebuilt each time the menu opens."""
        menu = self.screen_menu
        if menu is None:
            return
        for action in self.screen_group.actions():
            self.screen_group.removeAction(action)
        menu.clear()
        current = self.current_screen_name()
        main = self.window.screen()
        for screen in QApplication.screens():
            name = screen.name()
            size = screen.geometry().size()
            label = f"{name} ({size.width()}×{size.height()})"
            if screen is main:
                label += " — this window"
            action = menu.addAction(as_typed(label))
            action.setCheckable(True)
            action.setChecked(name == current)
            action.setData(name)
            action.setToolTip(f"Show the presenter window on {name}")
            self.screen_group.addAction(action)
            action.triggered.connect(lambda _checked, n=name: self.use_screen(n))

    def use_screen(self, name: str) -> None:
        """Remember `name` and move an open presenter there."""
        screen = next((s for s in QApplication.screens() if s.name() == name), None)
        if screen is None:
            return
        self.window.settings.setValue(SETTINGS_KEY, name)
        presenter = self.presenter
        if presenter is None:
            return
        presenter.setScreen(screen)
        if screen is self.window.screen():
            presenter.showNormal()
            presenter.resize(*WINDOW_SIZE)
            presenter.move(screen.availableGeometry().topLeft())
        else:
            presenter.setGeometry(screen.geometry())
            presenter.showFullScreen()

    def point(self) -> None:
        if self.presenter is not None:
            self.presenter.point()

    def _clicked(self, step: int) -> None:
        """A clicker's next: Move on (the stage's minutes are stored when the session
        runs); previous: back one stage."""
        workspace = self._workspace()
        if workspace is None:
            return
        if step > 0:
            workspace.timer_bar.move_on()
            return
        order = [info.stage for info in STAGES]
        index = order.index(workspace.current_stage())
        if index > 0:
            workspace.show_stage(order[index - 1])

    def _workspace(self) -> Workspace | None:
        current = self.window.pages.currentWidget()
        return current if isinstance(current, Workspace) else None

    def _update_actions(self) -> None:
        has = self._workspace() is not None
        self.toggle_action.setEnabled(has)
        self.freeze_action.setEnabled(has and self.presenter is not None)
        self.point_action.setEnabled(has and self.presenter is not None)

    def _follow_workspace(self) -> None:
        """Close with the workshop; a kept copy (new workspace) gets a new slide."""
        was_open = self.presenter is not None
        if self.presenter is not None and self.presenter.workspace is not self._workspace():
            self.close()
            if self._workspace() is not None and was_open:
                self.toggle_action.setChecked(True)
        self._update_actions()

    def set_open(self, on: bool) -> None:
        if on:
            self.open()
        else:
            self.close()

    def open(self) -> PresenterWindow | None:
        workspace = self._workspace()
        if workspace is None:
            self.toggle_action.setChecked(False)
            return None
        if self.presenter is None:
            from desktop_app.ui.presenter import PresenterWindow

            self.presenter = PresenterWindow(self.window.session, workspace, self.window)
            self.presenter.closed.connect(self._closed_by_user)
            # The session's keys work with the projector's window in front too.
            actions = self.window.actions
            self.presenter.addActions([actions.start_session, actions.timer_pause,
                                       actions.timer_move_on, actions.point_presenter])
            self.presenter.clicked.connect(self._clicked)
        self._place(self.presenter)
        self.toggle_action.setChecked(True)
        self._update_actions()
        return self.presenter

    def _place(self, presenter: PresenterWindow) -> None:
        main_screen = self.window.screen() if self.window.isVisible() else None
        screen = choose_screen(self.window.settings, main_screen)
        if screen is None:
            presenter.showNormal()
            presenter.resize(*WINDOW_SIZE)
            return
        self.window.settings.setValue(SETTINGS_KEY, screen.name())
        presenter.setScreen(screen)
        presenter.setGeometry(screen.geometry())
        presenter.showFullScreen()
        handle = presenter.windowHandle()
        if handle is not None:
            handle.screenChanged.connect(self._remember_screen)

    def _remember_screen(self, screen: QScreen | None) -> None:
        """The facilitator moved the slide to another screen: use it next time."""
        if screen is not None and len(QApplication.screens()) > 1:
            self.window.settings.setValue(SETTINGS_KEY, screen.name())

    def _closed_by_user(self) -> None:
        presenter, self.presenter = self.presenter, None
        if presenter is not None:
            presenter.deleteLater()
        self.toggle_action.setChecked(False)
        self.freeze_action.setChecked(False)
        self._update_actions()

    def close(self) -> None:
        if self.presenter is not None:
            self.presenter.close()  # emits closed -> _closed_by_user

    def set_frozen(self, frozen: bool) -> None:
        if self.presenter is None:
            frozen = False
        else:
            self.presenter.set_frozen(frozen)
        self.frozen_label.setVisible(frozen)
        if self.freeze_action.isChecked() != frozen:
            self.freeze_action.setChecked(frozen)
