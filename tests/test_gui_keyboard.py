"""Keyboard-first editing: Tab leaves tables, number cells refuse with a reason,
unchanged cells record nothing, and user text is shown as typed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit

from desktop_app.domain.commands import EditField
from desktop_app.domain.model import Stage


def _open_editor(editor) -> QLineEdit:
    """The cell editor now open (closed ones linger until deleted)."""
    lines = [w for w in editor.view.viewport().findChildren(QLineEdit) if not w.isHidden()]
    assert len(lines) == 1
    return lines[0]


def _edit_cell(qtbot, editor, row: int, field: str, text: str) -> None:
    """Open the cell's editor like F2 does, type `text`, press Enter."""
    column = [c.field for c in editor.model.columns].index(field)
    index = editor.proxy.mapFromSource(editor.model.index(row, column))
    editor.view.setCurrentIndex(index)
    editor.view.setFocus()
    editor.view.edit(index)
    line = _open_editor(editor)
    line.selectAll()
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate commits on the next turn of the loop


def test_tab_leaves_a_table_instead_of_walking_its_cells(open_window, qtbot):
    editor = open_window.workspace.views[Stage.SETUP].participants
    editor.view.setFocus()
    editor.view.setCurrentIndex(editor.proxy.index(0, 0))
    qtbot.keyClick(editor.view, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not editor.view


def test_a_stage_reaches_its_own_fields_before_its_captures(open_window):
    view = open_window.workspace.views[Stage.FUNCTIONS]
    chain, widget = [], view.editors["functions"].view
    for _ in range(200):
        chain.append(widget)
        widget = widget.nextInFocusChain()
        if widget is view.captures.table:
            break
    assert view.captures.table in [*chain, widget]
    assert view.editors["functions"].view in chain


def test_an_impossible_number_is_refused_with_its_reason(open_window, qtbot):
    open_window.workspace.show_stage(Stage.FUNCTIONS)
    editor = open_window.workspace.views[Stage.FUNCTIONS].editors["functions"]
    before = open_window.session.workshop.functions[0].strategic_importance
    _edit_cell(qtbot, editor, 0, "strategic_importance", "9")
    assert "between 1 and 5" in editor.validation.text()
    assert open_window.session.workshop.functions[0].strategic_importance == before


def test_opening_a_decimal_cell_and_leaving_changes_nothing(open_window, qtbot):
    open_window.session.execute(EditField("functions", "f1", "fte", 0.25))
    steps = len(open_window.session.history)
    editor = open_window.workspace.views[Stage.FUNCTIONS].editors["functions"]
    row = editor.model.row_of("f1")
    column = [c.field for c in editor.model.columns].index("fte")
    index = editor.proxy.mapFromSource(editor.model.index(row, column))
    editor.view.setFocus()
    editor.view.edit(index)
    line = _open_editor(editor)
    assert line.text() == "0.25"
    qtbot.keyClick(line, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert open_window.session.workshop.find("functions", "f1").fte == 0.25
    assert len(open_window.session.history) == steps
    _edit_cell(qtbot, editor, row, "fte", "2.75")
    assert open_window.session.workshop.find("functions", "f1").fte == 2.75


def test_a_refusal_clears_once_a_change_succeeds(open_window, qtbot):
    editor = open_window.workspace.views[Stage.FUNCTIONS].editors["functions"]
    _edit_cell(qtbot, editor, 0, "strategic_importance", "0")
    assert editor.validation.isVisibleTo(editor)
    _edit_cell(qtbot, editor, 0, "strategic_importance", "5")
    assert not editor.validation.isVisibleTo(editor)


def test_user_text_in_labels_is_shown_as_typed(open_window):
    open_window.session.execute(EditField("vendors", "v1", "name", "<b>Acme</b> &amp; Co"))
    view = open_window.workspace.views[Stage.VENDORS]
    shown = [label for label in view.findChildren(QLabel) if "Acme" in label.text()]
    assert shown
    for label in shown:
        assert label.textFormat() == Qt.TextFormat.PlainText or "&lt;b&gt;" in label.text()
