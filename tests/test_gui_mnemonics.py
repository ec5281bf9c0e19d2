"""Keys that never surprise (issue 25, part 1): in the main window, on every
stage, no two Alt+letter mnemonics clash: a field's underlined letter never
opens a menu, and no two fields share one. Alt+H on Horizon opened Help, and
the next keys typed went into a money cell."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QTabBar, QWidget

from desktop_app.domain.stages import STAGES

MNEMONIC = re.compile(r"&([^&\s])")


def letter(text: str) -> str | None:
    found = MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).lower() if found else None


def visible_mnemonics(window, page: QWidget) -> dict[str, list[str]]:
    """Every mnemonic a person can reach with Alt on this page: the menu bar's,
    the page's labels with buddies, buttons, group boxes and tabs."""
    found: dict[str, list[str]] = defaultdict(list)
    for action in window.menuBar().actions():
        if (key := letter(action.text())) is not None:
            found[key].append(f"menu {action.text()}")
    roots = [page, window.timer_bar] if hasattr(window, "timer_bar") else [page]
    for root in roots:
        for widget in root.findChildren(QWidget):
            if not widget.isVisibleTo(window):
                continue
            texts: list[str] = []
            if isinstance(widget, QLabel) and widget.buddy() is not None:
                texts.append(widget.text())
            elif isinstance(widget, QAbstractButton | QGroupBox):
                texts.append(widget.text() if isinstance(widget, QAbstractButton)
                             else widget.title())
            elif isinstance(widget, QTabBar):
                texts += [widget.tabText(i) for i in range(widget.count())]
            for text in texts:
                if (key := letter(text)) is not None:
                    found[key].append(f"{type(widget).__name__} {text}")
    return found


@pytest.mark.parametrize("info", STAGES, ids=lambda info: info.stage.value)
def test_no_two_mnemonics_clash_on_any_stage(open_window, info) -> None:
    open_window.workspace.show_stage(info.stage)
    page = open_window.workspace.views[info.stage]
    clashes = {key: where for key, where in visible_mnemonics(open_window, page).items()
               if len(where) > 1}
    assert not clashes, clashes


@pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")  # offscreen
@pytest.mark.parametrize("section", ["decisions", "actions", "risks", "parking_lot"])
def test_no_two_mnemonics_clash_in_quick_capture(open_window, section) -> None:
    from desktop_app.domain.model import Stage
    from desktop_app.ui.capture import CaptureDialog

    dialog = CaptureDialog(open_window.session, section, Stage.SETUP, parent=open_window)
    dialog.show()
    found: dict[str, list[str]] = defaultdict(list)
    for widget in dialog.findChildren(QWidget):
        labelled = isinstance(widget, QLabel) and widget.buddy() is not None
        text = widget.text() if labelled or isinstance(widget, QAbstractButton) else ""
        if (key := letter(text)) is not None and widget.isVisibleTo(dialog):
            found[key].append(text)
    dialog.reject()
    assert not {k: v for k, v in found.items() if len(v) > 1}
