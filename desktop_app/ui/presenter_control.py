"""Wires the presenter window to a main window: the View menu's toggle and
freeze, the choice of screen (remembered in QSettings), the frozen marker in
the status bar, and closing it with the workshop.

With one screen the slide is a window over the console: F7 (or Escape on the
slide) switches between the two without closing the slide, so what it shows,
frozen or pointed at, is still there when it comes back. A presenter clicker's
keys move the stages from the console too while "clicker keys" is on (the
default, remembered): PageDown/PageUp always, the keys that also type (Right,
Left, Space, B, .) only when no field or table has the keyboard.

The presenter window itself (`presenter.py`, its slides and charts) is
imported when it first opens: start-up does not pay for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, QSettings, Qt
from PySide6.QtGui import QActionGroup, QKeyEvent, QScreen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from desktop_app.domain.stages import STAGES
from desktop_app.ui.labels import as_typed
from desktop_app.ui.workspace import Workspace

if TYPE_CHECKING:
    from desktop_app.ui.presenter import PresenterWindow

SETTINGS_KEY = "presenter_screen"
CLICKER_KEY = "clicker_keys"
# A clicker's keys: +1 next, -1 previous, 0 blank. PageDown/PageUp are taken from
# the console whatever has the keyboard; the others also type or move a cursor.
CLICKER_STEPS = {Qt.Key.Key_PageDown: +1, Qt.Key.Key_PageUp: -1, Qt.Key.Key_Right: +1,
                 Qt.Key.Key_Left: -1, Qt.Key.Key_Space: +1, Qt.Key.Key_B: 0,
                 Qt.Key.Key_Period: 0}
ALWAYS_CLICKER = (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp)
TYPING_WIDGETS = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox, QComboBox,
                  QAbstractItemView)
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
        self.swap_action = actions.swap_presenter
        self.swap_action.triggered.connect(self.swap)
        self.clicker_action = actions.clicker_keys
        self.clicker_action.setChecked(
            str(window.settings.value(CLICKER_KEY, "true")).lower() != "false")
        self.clicker_action.toggled.connect(self._set_clicker_keys)
        self._judged: tuple[int, int, int] | None = None  # the key event last judged
        self.behind_label = QLabel("Slide behind this window: F7 shows it", window)
        self.behind_label.setObjectName("muted")
        self.behind_label.hide()
        window.statusBar().addWidget(self.behind_label)
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

    def show_votes(self, section: str | None) -> None:
        """The dot vote's results on the slide (opening it), or the stage again."""
        if section is not None and self.presenter is None:
            self.open()
        if self.presenter is not None:
            self.presenter.set_vote(section)

    # -- one screen: slide or console ------------------------------------------------------

    def single_screen(self) -> bool:
        """The slide shares the console's screen (one screen, or chosen so)."""
        presenter = self.presenter
        if presenter is None:
            return len(QApplication.screens()) < 2
        return len(QApplication.screens()) < 2 or presenter.screen() is self.window.screen()

    def swap(self) -> None:
        """F7: the slide to the front, or back to the console; opens it if closed."""
        presenter = self.presenter
        if presenter is None:
            self.open()
            return
        if presenter.isVisible() and not self.single_screen():
            return  # on its own screen: nothing to swap
        if presenter.isVisible():
            self.show_console()
        else:
            self.show_slide()

    def show_slide(self) -> None:
        presenter = self.presenter
        if presenter is None:
            return
        presenter.show()
        presenter.raise_()
        presenter.activateWindow()
        self.behind_label.hide()
        self._update_actions()

    def show_console(self) -> None:
        """Hide the slide (it stays open, as it was) and give the console the keyboard."""
        presenter = self.presenter
        if presenter is None:
            return
        presenter.hide()
        self.window.raise_()
        self.window.activateWindow()
        self.behind_label.show()
        self._update_actions()

    def _dismissed(self) -> None:
        """Escape on the slide: back to the console with one screen, else close it."""
        if self.single_screen():
            self.show_console()
        else:
            self.close()

    # -- a clicker's keys in the console -----------------------------------------------------

    def _set_clicker_keys(self, on: bool) -> None:
        self.window.settings.setValue(CLICKER_KEY, "true" if on else "false")
        self._update_clicker_filter()

    def _update_clicker_filter(self) -> None:
        app = QApplication.instance()
        if app is None:
            return
        app.removeEventFilter(self)
        if self.presenter is not None and self.clicker_action.isChecked():
            app.installEventFilter(self)

    def clicker_step(self, event: QKeyEvent, focus: QWidget | None) -> int | None:
        """What a key pressed in the console means to the slides, if anything."""
        if event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                | Qt.KeyboardModifier.AltModifier
                                | Qt.KeyboardModifier.MetaModifier
                                | Qt.KeyboardModifier.ShiftModifier):
            return None
        key = Qt.Key(event.key())
        step = CLICKER_STEPS.get(key)
        if step is None or key in ALWAYS_CLICKER:
            return step
        widget = focus
        while widget is not None and widget is not self.window:  # an editor in a table too
            if isinstance(widget, TYPING_WIDGETS):
                return None
            widget = widget.parentWidget()
        return step

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyRelease:
            self._judged = None  # the next press is a new key, even at the same address
            return False
        if (event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent)
                or self.presenter is None or QApplication.activePopupWidget() is not None
                or QApplication.activeModalWidget() is not None):
            return False
        if not isinstance(watched, QWidget) or watched.window() is not self.window:
            return False
        # An ignored key travels on to the parents: judge it once, where it arrived.
        delivery = (shiboken6.getCppPointer(event)[0], event.key(), event.timestamp())
        if delivery == self._judged:
            return False
        self._judged = delivery
        step = self.clicker_step(event, QApplication.focusWidget() or watched)
        if step is None:
            return False
        if step == 0:
            self.presenter.set_blank(not self.presenter.is_blank())
        else:
            self._clicked(step)
        return True

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
        self.swap_action.setEnabled(has and (self.presenter is None or self.single_screen()))

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
                                       actions.timer_move_on, actions.point_presenter,
                                       actions.swap_presenter])
            self.presenter.clicked.connect(self._clicked)
            self.presenter.dismissed.connect(self._dismissed)
        self._place(self.presenter)
        self.behind_label.hide()
        self.toggle_action.setChecked(True)
        self._update_actions()
        self._update_clicker_filter()
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
        self.behind_label.hide()
        self._update_clicker_filter()
        self.toggle_action.setChecked(False)
        self.freeze_action.setChecked(False)
        self._update_actions()

    def close(self) -> None:
        presenter = self.presenter
        if presenter is not None:
            presenter.close()  # emits closed -> _closed_by_user
        if presenter is not None and self.presenter is presenter:  # hidden: no close event
            presenter.stop_listening()
            self._closed_by_user()

    def set_frozen(self, frozen: bool) -> None:
        if self.presenter is None:
            frozen = False
        else:
            self.presenter.set_frozen(frozen)
        self.frozen_label.setVisible(frozen)
        if self.freeze_action.isChecked() != frozen:
            self.freeze_action.setChecked(frozen)
