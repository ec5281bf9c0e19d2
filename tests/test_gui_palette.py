"""Edit > Find Anything (Ctrl+K): commands, stages, items and full-text search."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from pytestqt.modeltest import ModelTester

from desktop_app.domain.commands import EditField
from desktop_app.domain.model import Stage
from desktop_app.ui.palette import COMMAND, FOUND, PaletteDialog, PaletteModel

# Showing a dialog on the offscreen platform logs this harmless line.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")


@pytest.fixture
def palette(open_window) -> PaletteDialog:
    open_window.actions.find_anything.trigger()
    dialog = open_window.findChild(PaletteDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def texts(dialog: PaletteDialog) -> list[str]:
    return [dialog.model.entry(r).text for r in range(dialog.model.rowCount())]


def test_ctrl_k_and_ctrl_f_open_it_from_the_edit_menu(open_window):
    keys = [k.toString() for k in open_window.actions.find_anything.shortcuts()]
    assert keys == ["Ctrl+K", "Ctrl+F"]
    edit_menu = next(a.menu() for a in open_window.menuBar().actions() if a.text() == "&Edit")
    assert open_window.actions.find_anything in edit_menu.actions()


def test_typing_undo_finds_the_command_and_enter_runs_it(open_window, qtbot):
    first = open_window.session.workshop.functions[0]
    assert open_window.session.execute(EditField("functions", first.id, "name", "Helpdesk")) \
        is None
    palette = open_window.find_anything()
    qtbot.keyClicks(palette.line, "undo")
    assert palette.model.entry(0).kind == COMMAND
    assert palette.model.entry(0).text.startswith("Undo")
    qtbot.keyClick(palette.line, Qt.Key.Key_Return)
    assert not palette.isVisible()
    assert open_window.session.workshop.functions[0].name == first.name


def test_a_function_name_jumps_to_its_row(open_window, palette, qtbot):
    target = open_window.session.workshop.functions[5]
    open_window.workspace.show_stage(Stage.CLOSE)
    qtbot.keyClicks(palette.line, target.name[:12])
    assert target.name in texts(palette)
    row = texts(palette).index(target.name)
    for _ in range(row):
        qtbot.keyClick(palette.line, Qt.Key.Key_Down)
    assert palette.current_row() == row
    qtbot.keyClick(palette.line, Qt.Key.Key_Enter)
    assert open_window.workspace.current_stage() == Stage.FUNCTIONS
    editor = open_window.workspace.views[Stage.FUNCTIONS].functions
    assert editor.current_item().id == target.id


def test_text_only_search_finds_appears_and_jumps(open_window, palette, qtbot):
    ws = open_window.session.workshop
    target = ws.functions[2]
    open_window.session.execute(
        EditField("functions", target.id, "rationale", "Quokkaware contract ends soon"))
    qtbot.keyClicks(palette.line, "quokkaware")
    kinds = [palette.model.entry(r).kind for r in range(palette.model.rowCount())]
    assert kinds == [FOUND]
    assert "Quokkaware" in palette.model.entry(0).detail
    qtbot.keyClick(palette.line, Qt.Key.Key_Return)
    assert open_window.workspace.current_stage() == Stage.FUNCTIONS
    assert open_window.workspace.views[Stage.FUNCTIONS].functions.current_item().id == target.id


def test_a_stage_title_goes_to_the_stage(open_window, palette, qtbot):
    qtbot.keyClicks(palette.line, "pace")
    assert palette.model.entry(0).text == "7. Pace & transition"
    qtbot.keyClick(palette.line, Qt.Key.Key_Return)
    assert open_window.workspace.current_stage() == Stage.TRANSITION


def test_escape_closes_and_disabled_commands_are_left_out(open_window, palette, qtbot):
    assert not any(t.startswith("Redo") for t in texts(palette))  # nothing to redo
    assert "Find Anything…" not in texts(palette)
    qtbot.keyClick(palette.line, Qt.Key.Key_Escape)
    assert not palette.isVisible()
    open_window.actions.find_anything.trigger()
    assert palette.isVisible() and palette.line.text() == ""


@pytest.mark.parametrize("query", ['"unbalanced', "AND OR NOT", "*", "o'brien", "NEAR(",
                                   "a:b", "-", "(((", "   ", "😀", "\x00", "%_", "\\"])
def test_odd_queries_never_raise(palette, qtbot, query):
    palette.line.setText(query)
    entry = palette.model.entry(palette.current_row())
    if entry is not None and entry.kind != COMMAND:  # commands may open file dialogs
        palette.activate_current()
    ModelTester(None).check(palette.model)


def test_the_model_passes_the_model_tester(palette, qtbot):
    qtbot.keyClicks(palette.line, "se")
    assert palette.model.rowCount() > 0
    ModelTester(None).check(palette.model)


def test_on_the_welcome_page_only_commands(window, qtbot):
    window.show()
    window.actions.find_anything.trigger()
    dialog = window.findChild(PaletteDialog)
    assert dialog.model.rowCount() > 0
    assert all(dialog.model.entry(r).kind == COMMAND for r in range(dialog.model.rowCount()))
    dialog.line.setText("demo")
    assert dialog.model.entry(0).text == "Open the Demo Workshop"
    ModelTester(None).check(PaletteModel())
    assert QKeySequence("Ctrl+K") in window.actions.find_anything.shortcuts()
