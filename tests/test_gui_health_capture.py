"""Across every stage: the live health check panel and quick capture."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date

import pytest
from helpers import stored
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from desktop_app.domain.commands import EditField
from desktop_app.domain.model import ActionStatus, Stage
from desktop_app.domain.stages import STAGES
from desktop_app.ui.capture import CaptureDialog
from desktop_app.ui.health_panel import FindingRole
from desktop_app.ui.widgets.date_field import DateField


def panel_findings(window):
    model = window.health_dock.model
    return [model.finding(row) for row in range(model.rowCount())]


def test_panel_and_check_command_agree_on_the_same_file(open_window, workshop_file):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", str(workshop_file), "--check", "--json"],
        capture_output=True, text=True, env=env, timeout=60,
    )
    from_cli = [(f["code"], f["message"]) for f in json.loads(result.stdout)]
    from_panel = [(f.code, f.message) for f in panel_findings(open_window)]
    assert from_panel == from_cli
    assert len(from_panel) == 9


def test_findings_follow_an_edit_and_its_undo(open_window, qtbot):
    monitor = open_window.workspace.monitor
    codes = [f.code for f in monitor.findings]
    assert "undecided" in codes
    open_window.session.execute(EditField("functions", "f10", "sourcing", "retain"))
    with qtbot.waitSignal(monitor.updated, timeout=2000):
        pass
    assert "undecided" not in [f.code for f in panel_findings(open_window)]
    nav = open_window.workspace.stage_model
    functions_row = nav.data(nav.index(1), Qt.ItemDataRole.DisplayRole)
    assert "finding" not in functions_row  # the only functions finding is gone
    open_window.undo_action.trigger()
    monitor.flush()
    assert "undecided" in [f.code for f in panel_findings(open_window)]
    assert "1 finding" in nav.data(nav.index(1), Qt.ItemDataRole.DisplayRole)


def test_navigator_counts_findings_per_stage(open_window):
    nav = open_window.workspace.stage_model
    counts = open_window.workspace.monitor.counts_by_stage()
    for row, info in enumerate(STAGES):
        text = nav.data(nav.index(row), Qt.ItemDataRole.DisplayRole)
        count = counts.get(info.stage, 0)
        if count:
            assert f"{count} finding" in text
        else:
            assert "finding" not in text


def test_only_this_stage_filters_the_panel(open_window):
    dock = open_window.health_dock
    open_window.workspace.show_stage(Stage.CUSTOMERS)
    dock.this_stage.setChecked(True)
    shown = [dock.filter.index(r, 0).data(FindingRole) for r in range(dock.filter.rowCount())]
    assert shown and all(f.stage == Stage.CUSTOMERS for f in shown)
    assert "in this stage" in dock.summary.text()
    ModelTester(None).check(dock.model)


@pytest.mark.parametrize("row", range(7))
def test_every_finding_jumps_to_its_stage_and_item(open_window, row):
    dock = open_window.health_dock
    index = dock.filter.index(row, 0)
    finding = index.data(FindingRole)
    dock.list.doubleClicked.emit(index)
    workspace = open_window.workspace
    stage = workspace.current_stage()
    view = workspace.views[stage]
    assert stage in (finding.stage, *(i.stage for i in STAGES if finding.section in i.sections))
    editor = view.editors.get(finding.section)
    if editor is not None:
        assert editor.current_item().key == finding.key


def fill_and_store(monkeypatch, **values):
    """Make CaptureDialog.exec fill its fields like a user and press Store."""

    def exec_(dialog: CaptureDialog) -> int:
        dialog.text.setPlainText(values.pop("text"))
        for name, value in values.items():
            widget = dialog.fields[name]
            if isinstance(widget, DateField):  # typed, as a person types a date
                from PySide6.QtTest import QTest

                QTest.keyClicks(widget.line, value if isinstance(value, str)
                                else value.isoformat())
            elif hasattr(widget, "setValue"):
                widget.setValue(value)
            else:
                widget.setText(value)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(CaptureDialog, "exec", exec_)


def test_quick_capture_of_an_action_is_tagged_with_the_stage(open_window, workshop_file,
                                                            monkeypatch):
    open_window.workspace.show_stage(Stage.VENDORS)
    fill_and_store(monkeypatch, text="Ask for named CVs", owner="Sophie Martens",
                   due=date(2027, 3, 20))
    before = len(stored(workshop_file).actions)
    open_window.actions.captures["actions"].trigger()
    actions = stored(workshop_file).actions
    assert len(actions) == before + 1
    action = actions[-1]
    assert (action.stage, action.text, action.owner, action.due, action.status) == (
        Stage.VENDORS, "Ask for named CVs", "Sophie Martens", date(2027, 3, 20),
        ActionStatus.OPEN)
    panel = open_window.workspace.views[Stage.VENDORS].captures
    texts = [panel.table.filter.index(r, 2).data() for r in range(panel.table.filter.rowCount())]
    assert "Ask for named CVs" in texts
    assert open_window.undo_action.text() == "&Undo Add action “Ask for named CVs”"


@pytest.mark.parametrize(("number_format", "typed"), [
    ("en_US", "3/20/2027"), ("de_DE", "20.03.2027"), ("en_GB", "2027-03-20")])
def test_a_due_date_is_typed_into_quick_capture(open_window, workshop_file, monkeypatch,
                                                number_format, typed):
    """Typing a due date gave "No date0270131" in the old date box."""
    from desktop_app.domain.commands import EditDetails

    open_window.session.execute(EditDetails("number_format", number_format))
    fill_and_store(monkeypatch, text="Send the data-room index", due=typed)
    open_window.actions.captures["actions"].trigger()
    assert stored(workshop_file).actions[-1].due == date(2027, 3, 20)


def test_an_impossible_due_date_is_refused_in_the_dialog(open_window):
    from PySide6.QtTest import QTest

    dialog = CaptureDialog(open_window.session, "actions", Stage.SETUP, parent=open_window)
    before = len(open_window.session.workshop.actions)
    dialog.text.setPlainText("Check the exit clauses")
    QTest.keyClicks(dialog.fields["due"].line, "2027-02-30")
    dialog.accept()
    assert "Due date: “2027-02-30” is not a date" in dialog.problem.text()
    assert len(open_window.session.workshop.actions) == before
    dialog.reject()


@pytest.mark.parametrize("section", ["decisions", "risks", "parking_lot"])
def test_quick_capture_of_every_kind(open_window, workshop_file, monkeypatch, section):
    open_window.workspace.show_stage(Stage.TRANSITION)
    fill_and_store(monkeypatch, text=f"Captured {section} <b>&amp;</b>")
    open_window.actions.captures[section].trigger()
    item = stored(workshop_file).section(section)[-1]
    assert item.stage == Stage.TRANSITION
    assert item.label == f"Captured {section} <b>&amp;</b>"
    if section == "decisions":
        assert item.recorded_at is not None and item.recorded_at.tzinfo is not None


def test_an_empty_capture_is_refused_with_a_reason(open_window):
    dialog = CaptureDialog(open_window.session, "decisions", Stage.SETUP, parent=open_window)
    before = len(open_window.session.workshop.decisions)
    dialog.text.setPlainText("   ")
    dialog.accept()
    assert dialog.problem.isVisibleTo(dialog)
    assert "cannot be empty" in dialog.problem.text()
    assert len(open_window.session.workshop.decisions) == before
    dialog.reject()


def test_editing_a_capture_from_the_list(open_window, workshop_file):
    ws = open_window.session.workshop
    action = ws.actions[0]
    dialog = CaptureDialog(open_window.session, "actions", action.stage, item=action,
                           parent=open_window)
    dialog.fields["owner"].setText("Murat Yılmaz")
    dialog.accept()
    assert stored(workshop_file).actions[0].owner == "Murat Yılmaz"
    assert stored(workshop_file).actions[0].text == action.text


def test_keyboard_shortcuts_window_lists_the_menu_shortcuts(open_window):
    from desktop_app.ui.shortcuts_dialog import ShortcutsDialog, menu_shortcuts

    rows = menu_shortcuts(open_window.menuBar())
    commands = {command for _menu, command, _keys in rows}
    assert {"Undo", "Capture a Decision…", "Keyboard Shortcuts", "Health Check Panel"} <= commands
    dialog = ShortcutsDialog(open_window.menuBar(), open_window)
    text = dialog.browser.toPlainText()
    assert "Ctrl+Shift+A" in text and "Insert or Enter" in text
    dialog.reject()


def test_thresholds_change_the_findings_and_are_stored(open_window, workshop_file):
    from desktop_app.ui.thresholds_dialog import ThresholdsDialog

    dialog = ThresholdsDialog(open_window.session, open_window)
    dialog.editors["min_wave_weeks"].setValue(20)  # every demo wave is now "rushed"
    dialog.editors["close_call_margin"].setValue(20.0)  # 15.7 % is now a close call
    dialog.accept()
    thresholds = stored(workshop_file).thresholds
    assert (thresholds.min_wave_weeks, thresholds.close_call_margin) == (20, 0.2)
    open_window.workspace.monitor.flush()
    codes = [f.code for f in panel_findings(open_window)]
    assert "close-call" in codes and codes.count("pace") > 1
    open_window.undo_action.trigger()  # one undo step for the whole dialog
    assert stored(workshop_file).thresholds.min_wave_weeks == 6
    dialog = ThresholdsDialog(open_window.session, open_window)
    dialog.restore_defaults()
    assert dialog.values()["close_call_margin"] == 0.1
    dialog.reject()
