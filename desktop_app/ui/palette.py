"""Edit > Find Anything (Ctrl+K): one line that finds any menu command, stage
or workshop item by name, and any text in the workshop by full-text search.

Enter runs the command or goes to the item; Escape closes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMenu,
    QMenuBar,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.model import SECTIONS, Stage, Workshop
from desktop_app.domain.stages import STAGES, stage_title
from desktop_app.storage.search import search_workshop
from desktop_app.ui.icons import icon, stage_icon

COMMAND, STAGE, ITEM, FOUND = "command", "stage", "item", "found"
SKIPPED_SECTIONS = ("scores", "assignments")  # labels are ids: found by search instead
MAX_ROWS = 200
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Entry:
    kind: str
    text: str
    detail: str = ""
    icon_name: str = ""
    action: QAction | None = None
    stage: Stage | None = None
    section: str = ""
    key: Any = None


@dataclass(frozen=True)
class Target:
    """What `Workspace.reveal` needs: the stage, section and key of an item."""

    stage: Stage
    section: str
    key: Any
    code: str = "palette"


def _clean(text: str) -> str:
    return text.replace("&&", "\x00").replace("&", "").replace("\x00", "&").split("\t")[0]


def menu_commands(bar: QMenuBar, skip: tuple[QAction, ...] = ()) -> list[Entry]:
    """Every enabled, visible command of the menus, with its menu path and keys."""
    found: list[Entry] = []

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            if action.isSeparator() or not action.isVisible() or not action.isEnabled():
                continue
            if action.menu() is not None:
                walk(action.menu(), f"{path} › {_clean(action.text())}")
                continue
            if action in skip or not _clean(action.text()).strip():
                continue
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            detail = f"{path}   {keys}" if keys else path
            icon_name = action.property("themed_icon")
            found.append(Entry(COMMAND, _clean(action.text()), detail,
                               icon_name if isinstance(icon_name, str) else "", action=action))

    for top in bar.actions():
        if top.menu() is not None and top.isVisible():
            walk(top.menu(), _clean(top.text()))
    return found


def workshop_entries(workshop: Workshop) -> list[Entry]:
    """Stage titles, then the items of every section by label."""
    entries = [Entry(STAGE, f"{info.number}. {info.title}", "Stage", stage=info.stage)
               for info in STAGES]
    for name, spec in SECTIONS.items():
        if name in SKIPPED_SECTIONS:
            continue
        for item in workshop.section(name):
            entries.append(Entry(ITEM, item.label, f"{spec.title} · {stage_title(spec.stage)}",
                                 stage=spec.stage, section=name, key=item.key))
    return entries


def _rank(entry: Entry, words: list[str], query: str) -> int | None:
    """Lower is better; None when some word of the query is not in the entry."""
    text = entry.text.casefold()
    haystack = f"{text} {entry.detail.casefold()}" if entry.kind == COMMAND else text
    if not all(word in haystack for word in words):
        return None
    if text.startswith(query):
        return 0
    if any(part.startswith(words[0]) for part in text.split()):
        return 1
    return 2 if words[0] in text else 3


class PaletteModel(QAbstractListModel):
    """The entries that match the query, best first (the model filters itself)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[Entry] = []
        self._shown: list[Entry] = []
        self._workshop: Workshop | None = None
        self.query = ""

    def set_sources(self, entries: list[Entry], workshop: Workshop | None) -> None:
        self._all = list(entries)
        self._workshop = workshop
        self.set_query(self.query)

    def set_query(self, query: str) -> None:
        self.query = query
        self.beginResetModel()
        self._shown = self._match(query)
        self.endResetModel()

    def _match(self, query: str) -> list[Entry]:
        folded = " ".join(query.casefold().split())
        words = folded.split()
        if not words:
            return [e for e in self._all if e.kind in (COMMAND, STAGE)][:MAX_ROWS]
        kind_order = {COMMAND: 0, STAGE: 1, ITEM: 2}
        ranked = []
        for position, entry in enumerate(self._all):
            rank = _rank(entry, words, folded)
            if rank is not None:
                ranked.append((rank, kind_order[entry.kind], position, entry))
        ranked.sort(key=lambda r: r[:3])
        shown = [r[3] for r in ranked]
        if len(folded) >= 2 and self._workshop is not None:
            seen = {(e.section, _key_text(e.key)) for e in shown if e.kind == ITEM}
            for hit in search_workshop(self._workshop, query):
                if (hit.section, _key_text(hit.key)) in seen:
                    continue
                seen.add((hit.section, _key_text(hit.key)))
                if hit.section in SECTIONS:
                    stage, title = SECTIONS[hit.section].stage, SECTIONS[hit.section].title
                else:  # the workshop's own details
                    stage, title = Stage.SETUP, "Workshop details"
                shown.append(Entry(FOUND, hit.label, f"{title}: “{hit.snippet}”", stage=stage,
                                   section=hit.section, key=hit.key))
        return shown[:MAX_ROWS]

    def entry(self, row: int) -> Entry | None:
        return self._shown[row] if 0 <= row < len(self._shown) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self.entry(index.row()) if index.isValid() else None
        if entry is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{entry.text}  —  {entry.detail}" if entry.detail else entry.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry.detail or None
        if role == DETAIL_ROLE:
            return entry.detail
        if role == Qt.ItemDataRole.UserRole:
            return entry.kind
        if role == Qt.ItemDataRole.DecorationRole:
            return _entry_icon(entry)
        return None


def _key_text(key: Any) -> str:
    return "\x1f".join(key) if isinstance(key, tuple) else str(key)


def _entry_icon(entry: Entry) -> QIcon:
    if entry.kind == COMMAND:
        return icon(entry.icon_name or "mdi6.console-line")
    if entry.kind == STAGE and entry.stage is not None:
        return stage_icon(entry.stage)
    if entry.kind == FOUND:
        return icon("mdi6.text-search")
    return icon("mdi6.card-text-outline")


class PaletteDialog(QDialog):
    """A small frameless popup over the window: a line to type in and a list."""

    def __init__(self, window: QMainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.window_ = window
        self.setObjectName("paletteDialog")
        self.setWindowFlags(Qt.WindowType.Dialog | Qt.WindowType.FramelessWindowHint)
        self.setAccessibleName("Find anything")
        self.line = QLineEdit(self)
        self.line.setAccessibleName("Find a command, stage, item or text")
        self.line.setPlaceholderText("Type a command, a stage, an item or any text…")
        self.line.setClearButtonEnabled(True)
        self.model = PaletteModel(self)
        self.list = QListView(self)
        self.list.setAccessibleName("Matches")
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.status = QLabel(self)
        self.status.setObjectName("muted")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.line)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.status)
        self.line.textChanged.connect(self.set_query)
        self.line.returnPressed.connect(self.activate_current)
        self.line.installEventFilter(self)
        self.list.activated.connect(lambda index: self.activate(index.row()))
        self.list.clicked.connect(lambda index: self.activate(index.row()))

    def start(self) -> None:
        """Collect the commands and items as they are now, and show the popup."""
        window = self.window_
        own = tuple(a for a in window.findChildren(QAction)
                    if a.shortcut().matches(QKeySequence("Ctrl+K"))
                    == QKeySequence.SequenceMatch.ExactMatch)
        session = getattr(window, "session", None)
        workshop = session.workshop if session is not None else None
        entries = menu_commands(window.menuBar(), own)
        if workshop is not None:
            entries += workshop_entries(workshop)
        self.line.blockSignals(True)
        self.line.clear()
        self.line.blockSignals(False)
        self.model.query = ""
        self.model.set_sources(entries, workshop)
        self._select(0)
        self.show()
        width = min(720, max(420, window.width() - 80))
        self.resize(width, 420)
        top_left = window.mapToGlobal(window.rect().topLeft())
        self.move(top_left.x() + (window.width() - width) // 2, top_left.y() + 60)
        self.activateWindow()
        self.line.setFocus()

    def set_query(self, text: str) -> None:
        self.model.set_query(text)
        self._select(0)
        count = self.model.rowCount()
        self.status.setText(f"{count} match" + ("" if count == 1 else "es")
                            + " · ↑↓ to choose, Enter to go, Esc to close")

    def current_row(self) -> int:
        index = self.list.currentIndex()
        return index.row() if index.isValid() else -1

    def _select(self, row: int) -> None:
        if self.model.rowCount() == 0:
            self.list.setCurrentIndex(QModelIndex())
            return
        row = max(0, min(row, self.model.rowCount() - 1))
        self.list.setCurrentIndex(self.model.index(row))
        self.list.scrollTo(self.model.index(row))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.line and event.type() == QEvent.Type.KeyPress:
            steps = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 8,
                     Qt.Key.Key_PageUp: -8}
            if event.key() in steps:
                self._select(max(self.current_row(), 0) + steps[event.key()])
                return True
        return super().eventFilter(watched, event)

    def activate_current(self) -> None:
        self.activate(self.current_row())

    def activate(self, row: int) -> bool:
        entry = self.model.entry(row)
        if entry is None:
            return False
        self.accept()
        if entry.kind == COMMAND and entry.action is not None:
            if entry.action.isEnabled():
                entry.action.trigger()
            return True
        workspace = getattr(self.window_, "workspace", None)
        if workspace is None or entry.stage is None:
            return False
        if entry.kind == STAGE or entry.section not in SECTIONS:
            workspace.show_stage(entry.stage)
            return True
        return bool(workspace.reveal(Target(entry.stage, entry.section, entry.key)))


def open_palette(window: QMainWindow) -> PaletteDialog:
    """Show the window's palette (made once, refilled each time)."""
    dialog = window.findChild(PaletteDialog)
    if dialog is None:
        dialog = PaletteDialog(window)
    dialog.start()
    return dialog
