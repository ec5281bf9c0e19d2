"""The window's menu commands, with their icons and standard shortcuts."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

from desktop_app import exporters
from desktop_app.exporters import Exporter
from desktop_app.ui.capture import KINDS
from desktop_app.ui.icons import icon, set_themed_icon
from desktop_app.ui.labels import with_article


class Actions:
    """Creates every QAction once; the window connects and enables them."""

    def __init__(self, parent: QWidget) -> None:
        def make(text: str, icon_name: str | None = None, shortcut=None, tip: str = "") -> QAction:
            action = QAction(text, parent)
            if icon_name:
                set_themed_icon(action, icon_name)
            if shortcut is not None:
                action.setShortcut(QKeySequence(shortcut))
            action.setStatusTip(tip)
            return action

        key = QKeySequence.StandardKey
        self.new = make("&New Workshop…", "new", key.New, "Create a new workshop file")
        self.open = make("&Open…", "open", key.Open, "Open a workshop or import a .json file")
        self.demo = make("Open the &Demo Workshop", "demo", None,
                         "A fresh copy of the bundled demo workshop")
        self.follow_up = make("New &Follow-up Workshop…", "mdi6.file-replace-outline", None,
                              "A new draft workshop that carries this plan and its open "
                              "actions forward")
        self.recent_menu = QMenu("Open &Recent", parent)
        self.clear_recent = make("&Clear List")
        self.save_copy = make("Save a &Copy As…", "save_copy", key.SaveAs,
                              "Write a complete copy of this workshop to another file")
        self.keep = make("&Keep Temporary Copy As…", None, None,
                         "Store this temporary copy as a workshop file and continue there")
        self.snapshots = make("&Restore Snapshot…", "mdi6.backup-restore", None,
                              "Restore a snapshot the app kept of a workshop into a new file")
        # File > Export: one action per registry entry, in its order, named
        # export_<key> (export_minutes, export_actions, export_json).
        self.exports: list[tuple[Exporter, QAction]] = []
        for exporter in exporters.in_menu():
            action = make(exporter.menu_label, exporter.icon, exporter.shortcut, exporter.tip)
            setattr(self, f"export_{exporter.key}", action)
            self.exports.append((exporter, action))
        self.close = make("&Close", "close", key.Close, "Close this workshop")
        self.quit = make("&Quit", None, key.Quit)
        self.dark = make("&Dark Theme", "theme", None, "Switch between light and dark colours")
        self.dark.setCheckable(True)
        self.stages = make("Go to &Stages", None, "Ctrl+0", "Move the focus to the stage list")
        self.presenter = make("&Presenter Window", "mdi6.projector-screen-outline", "F5",
                              "Show the current stage in large type on the projector")
        self.presenter.setCheckable(True)
        self.freeze_presenter = make("&Freeze Presenter Window", "mdi6.pause-box-outline",
                                     "Shift+F5", "Keep the projector on what it shows now")
        self.freeze_presenter.setCheckable(True)
        self.point_presenter = make("Point at the Selection on the Presenter",
                                    "mdi6.cursor-default-click-outline", "F6",
                                    "Show the selected function or vendor on the slide (again: "
                                    "show none); the slide never follows the cursor by itself")
        self.swap_presenter = make("S&witch Between Slide and Console",
                                   "mdi6.swap-horizontal", "F7",
                                   "With one screen: bring the slide to the front, or go back "
                                   "to this window (the slide stays as it is)")
        self.clicker_keys = make("C&licker Keys Drive the Slides", "mdi6.presentation-play",
                                 None,
                                 "While the presenter is open, a clicker's PageDown/PageUp move "
                                 "the stages from this window too (B or . blanks the wall when "
                                 "no field or table has the keyboard)")
        self.clicker_keys.setCheckable(True)
        self.vote_functions = make("Dot Vote on &Functions…", "mdi6.vote-outline", "Ctrl+Shift+V",
                                   "Enter the room's dot votes on the functions")
        self.vote_parking = make("Dot Vote on the &Parking Lot…", "mdi6.vote-outline", None,
                                 "Enter the room's dot votes on the parked topics")
        self.find_anything = make("&Find Anything…", "mdi6.magnify", "Ctrl+K",
                                  "Find any command, stage, item or text")
        self.find_anything.setShortcuts([QKeySequence("Ctrl+K"), QKeySequence("Ctrl+F")])
        self.start_session = make("S&tart the Session", "mdi6.play-circle-outline",
                                  "Ctrl+Shift+Return",
                                  "The room is here: time the stages and record actual minutes "
                                  "from now on")
        self.timer_pause = make("&Pause/Resume Timer", "mdi6.timer-pause-outline",
                                "Ctrl+Shift+Space", "Pause or resume the stage timer")
        self.timer_move_on = make("&Move On to the Next Stage", "mdi6.skip-next-outline",
                                  "Ctrl+Shift+Right",
                                  "Store this stage's actual minutes and time the next stage")
        self.about = make("&About Sourcing Workshop", "about")
        self.shortcuts = make("&Keyboard Shortcuts", "mdi6.keyboard-outline", "F1",
                              "Every shortcut of the app")
        self.captures = {
            section: make(
                f"Capture {with_article(kind.noun).split()[0]} {kind.noun.capitalize()}…",
                kind.icon, kind.shortcut,
                f"Add {with_article(kind.noun)} tagged with the current stage")
            for section, kind in KINDS.items()
        }

    def build_menus(self, bar: QMenuBar, undo: QAction, redo: QAction,
                    health: QAction) -> None:
        file_menu = bar.addMenu("&File")
        for item in (self.new, self.follow_up, self.open, self.recent_menu, self.demo, None,
                     self.save_copy, self.keep, self.snapshots, None):
            self._add(file_menu, item)
        export_menu = file_menu.addMenu(icon("export"), "&Export")
        for _exporter, action in self.exports:
            export_menu.addAction(action)
        for item in (None, self.close, self.quit):
            self._add(file_menu, item)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_anything)
        capture_menu = bar.addMenu("&Capture")
        for action in self.captures.values():
            capture_menu.addAction(action)
        view_menu = bar.addMenu("&View")
        view_menu.addAction(self.stages)
        view_menu.addAction(health)
        view_menu.addAction(self.dark)
        view_menu.addSeparator()
        view_menu.addAction(self.presenter)
        view_menu.addAction(self.freeze_presenter)
        view_menu.addAction(self.point_presenter)
        view_menu.addAction(self.swap_presenter)
        view_menu.addAction(self.clicker_keys)
        self.presenter_screens = view_menu.addMenu(icon("mdi6.monitor-multiple"),
                                                   "Presenter &Screen")
        view_menu.addSeparator()
        view_menu.addAction(self.start_session)
        view_menu.addAction(self.timer_pause)
        view_menu.addAction(self.timer_move_on)
        view_menu.addSection("Room")
        view_menu.addAction(self.vote_functions)
        view_menu.addAction(self.vote_parking)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.shortcuts)
        help_menu.addSeparator()
        help_menu.addAction(self.about)

    @staticmethod
    def _add(menu: QMenu, item) -> None:
        if item is None:
            menu.addSeparator()
        elif isinstance(item, QMenu):
            menu.addMenu(item)
        else:
            menu.addAction(item)

    def document_actions(self) -> list[QAction]:
        """Actions that need an open workshop."""
        return [self.save_copy, self.follow_up, *(action for _e, action in self.exports),
                self.close, *self.captures.values(), self.timer_pause, self.timer_move_on,
                self.vote_functions, self.vote_parking]
