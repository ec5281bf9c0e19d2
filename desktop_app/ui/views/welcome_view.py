"""What the window shows when no workshop is open: start something."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app import APP_NAME
from desktop_app.ui.icons import icon, set_themed_icon


class WelcomeView(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    recent_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePage")
        title = QLabel(APP_NAME, self)
        title.setObjectName("stageTitle")
        intro = QLabel(
            "Run an IT outsourcing workshop the right way: decide which functions to "
            "outsource, check that vendors can really do the work, keep the customer "
            "relationship, move at a safe pace and rebuild the team around it.",
            self,
        )
        intro.setWordWrap(True)
        intro.setObjectName("stagePurpose")
        buttons = QHBoxLayout()
        for text, icon_name, signal, primary in (
            ("New workshop…", "new", self.new_requested, True),
            ("Open…", "open", self.open_requested, False),
            ("Try the demo workshop", "demo", self.demo_requested, False),
        ):
            button = QPushButton(text, self)
            if primary:
                button.setIcon(icon(icon_name, "white"))
            else:
                set_themed_icon(button, icon_name)
            if primary:
                button.setObjectName("primary")
            button.clicked.connect(signal)
            buttons.addWidget(button)
        buttons.addStretch(1)
        recent_title = QLabel("Recent workshops", self)
        recent_title.setObjectName("sectionTitle")
        self.recent = QListWidget(self)
        self.recent.setObjectName("recentList")
        self.recent.setAccessibleName("Recent workshops")
        self.recent.itemActivated.connect(
            lambda item: self.recent_requested.emit(item.data(Qt.ItemDataRole.UserRole))
        )
        self.empty_recent = QLabel("Workshops you open appear here.", self)
        self.empty_recent.setObjectName("muted")

        column = QVBoxLayout()
        column.addWidget(title)
        column.addWidget(intro)
        column.addSpacing(12)
        column.addLayout(buttons)
        column.addSpacing(18)
        column.addWidget(recent_title)
        column.addWidget(self.empty_recent)
        column.addWidget(self.recent, 1)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(48, 40, 48, 32)
        outer.addLayout(column, 3)
        outer.addStretch(1)

    def set_recent(self, paths: list[str]) -> None:
        self.recent.clear()
        for path in paths:
            item = QListWidgetItem(icon("open"), f"{Path(path).name}   —   {Path(path).parent}")
            item.setData(Qt.ItemDataRole.UserRole, path)
            self.recent.addItem(item)
        self.recent.setVisible(bool(paths))
        self.empty_recent.setVisible(not paths)
