"""The app shell, driven like a user: open, navigate, undo, keep, close."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.modeltest import ModelTester

from desktop_app.domain.commands import EditDetails
from desktop_app.domain.model import Stage
from desktop_app.domain.stages import STAGES
from desktop_app.storage.document import WorkshopDocument
from desktop_app.ui import file_dialogs


def choose_save_path(monkeypatch, target: Path) -> None:
    """The user types `target` in the save dialog, which adds the default suffix."""

    def ask(_parent, _title, _suggested, _filter, suffix):
        return target if target.suffix else target.with_name(target.name + suffix)

    monkeypatch.setattr(file_dialogs, "ask_save_path", ask)


def describe_new_workshop(monkeypatch, title: str, client: str = "", when: str = "") -> list:
    """The user types the title, client and date into File > New Workshop's dialog
    and presses its button; the suggested file name is recorded."""
    from PySide6.QtTest import QTest

    from desktop_app.ui.new_workshop_dialog import NewWorkshopDialog

    suggested: list = []
    original = file_dialogs.ask_save_path

    def exec_(dialog: NewWorkshopDialog) -> int:
        QTest.keyClicks(dialog.title, title)
        QTest.keyClicks(dialog.organisation, client)
        if when:
            dialog.date.line.selectAll()
            QTest.keyClicks(dialog.date.line, when)
        dialog.accept()
        return dialog.result()

    def remember(parent, heading, name, name_filter, suffix):
        suggested.append(Path(name).name)
        return original(parent, heading, name, name_filter, suffix)

    monkeypatch.setattr(NewWorkshopDialog, "exec", exec_)
    monkeypatch.setattr(file_dialogs, "ask_save_path", remember)
    return suggested


def menu_titles(window) -> list[str]:
    return [a.text().replace("&", "") for a in window.menuBar().actions()]


def file_menu_texts(window) -> list[str]:
    menu = window.menuBar().actions()[0].menu()
    return [a.text().replace("&", "") for a in menu.actions() if a.text()]


def test_starts_on_the_welcome_page_with_new_open_and_demo(window) -> None:
    window.show()
    assert window.pages.currentWidget() is window.welcome
    assert window.windowTitle() == "Sourcing Workshop"
    assert menu_titles(window) == ["File", "Edit", "Capture", "View", "Help"]
    texts = file_menu_texts(window)
    for expected in ("New Workshop…", "Open…", "Open Recent", "Save a Copy As…", "Export",
                     "Close", "Quit"):
        assert expected in texts
    assert not window.actions.save_copy.isEnabled()
    assert not window.actions.close.isEnabled()


def test_opening_a_file_shows_title_navigator_and_setup_stage(open_window, workshop_file):
    window = open_window
    title = window.session.workshop.details.title
    assert window.windowTitle() == f"{title} — {workshop_file.name} — Sourcing Workshop"
    navigator = window.workspace.navigator
    model = navigator.model()
    assert model.rowCount() == len(STAGES)
    first = model.data(model.index(0), Qt.ItemDataRole.DisplayRole)
    assert first.startswith("1. Setup & objectives")
    assert "30 min" in first  # the demo's agenda time for the stage
    assert not model.data(model.index(0), Qt.ItemDataRole.DecorationRole).isNull()
    assert window.workspace.current_stage() == Stage.SETUP
    assert window.actions.save_copy.isEnabled()


def test_every_stage_shows_its_data_not_a_placeholder(open_window) -> None:
    window = open_window
    for info in STAGES:
        window.workspace.navigator.setCurrentIndex(
            window.workspace.stage_model.index(info.number - 1)
        )
        page = window.workspace.current_page()
        assert page.stage == info.stage
        tables = {s: e.view for s, e in page.editors.items()}
        shown = [s for s in info.sections if s in tables]
        assert shown, f"{info.title} shows none of its sections"
        for section in shown:
            rows = len(window.session.workshop.section(section))
            assert rows > 0
            assert tables[section].model().rowCount() == rows


def test_vendor_stage_shows_ranking_and_capacity(open_window) -> None:
    window = open_window
    window.workspace.show_stage(Stage.VENDORS)
    facts = window.workspace.views[Stage.VENDORS].facts.text()
    assert "Ranking: 1. Wydma" in facts
    assert "asked for 15 of 14 FTE" in facts


def test_every_stage_is_editable(open_window) -> None:
    """No stage is a read-only summary: each has editors for its sections.
    The business case edits the money of items other stages add (rows fixed)."""
    for info in STAGES:
        view = open_window.workspace.views[info.stage]
        assert view.editors, info.title
        for editor in view.editors.values():
            assert editor.add_action.isEnabled() or editor.section == "criteria" \
                or (info.stage == Stage.BUSINESS_CASE and editor.rows_fixed)
            assert any(column.is_editable for column in editor.model.columns)


def test_navigator_and_every_editor_model_pass_the_model_tester(open_window, qtbot) -> None:
    window = open_window
    ModelTester(None).check(window.workspace.stage_model)
    for view in window.workspace.views.values():
        for editor in view.editors.values():
            ModelTester(None).check(editor.model)
            ModelTester(None).check(editor.proxy)


def test_undo_and_redo_name_the_change_and_restore_the_file(open_window, workshop_file):
    window = open_window
    assert not window.undo_action.isEnabled()
    assert window.session.execute(EditDetails("title", "Renamed workshop")) is None
    assert window.undo_action.isEnabled()
    assert window.undo_action.text() == "&Undo Change workshop title"
    assert "Renamed workshop" in window.windowTitle()
    window.undo_action.trigger()
    original = window.session.workshop.details.title
    assert original != "Renamed workshop"
    assert window.redo_action.text() == "&Redo Change workshop title"
    reopened = WorkshopDocument.open(workshop_file, read_only=True)
    try:
        assert reopened.workshop.details.title == original
    finally:
        reopened.close()
    window.redo_action.trigger()
    assert window.session.workshop.details.title == "Renamed workshop"


def test_new_replaces_a_file_only_through_the_dialog(window, tmp_path, monkeypatch):
    """The dialog confirmed replacing plan.workshop: the new workshop replaces it whole."""
    existing = tmp_path / "plan.workshop"
    existing.write_bytes(b"old")
    choose_save_path(monkeypatch, existing)
    describe_new_workshop(monkeypatch, "Plan")
    window.actions.new.trigger()
    assert window.session.path == existing
    assert window.session.workshop.details.title == "Plan"


def test_safe_file_names_from_titles() -> None:
    from desktop_app.ui.file_dialogs import safe_file_name

    assert safe_file_name("Q3: IT/ops <review>", ".json") == "Q3 IT ops review.json"
    assert safe_file_name("   ", ".workshop") == "Workshop.workshop"
    long = "IT sourcing workshop – end-user services, infrastructure and applications minutes"
    assert safe_file_name(long, ".pdf") == (
        "IT sourcing workshop – end-user services, infrastructure and applications.pdf")
    assert len(safe_file_name("x" * 200, ".pdf")) == 84  # one long word: cut anyway


def test_new_asks_what_then_where_and_creates_a_workshop_with_an_agenda(window, tmp_path,
                                                                        monkeypatch):
    """New Workshop asks for the title, the client and the date before the file."""
    from datetime import date

    target = tmp_path / "Plant sourcing"
    choose_save_path(monkeypatch, target)
    suggested = describe_new_workshop(monkeypatch, "Plant sourcing: Q1 review",
                                      "Brandt-Halvorsen", "2027-01-14")
    window.actions.new.trigger()
    created = tmp_path / "Plant sourcing.workshop"
    assert created.exists()
    assert suggested == ["Plant sourcing Q1 review.workshop"]  # named after the title
    assert window.session.path == created
    details = window.session.workshop.details
    assert (details.title, details.organisation, details.date) == (
        "Plant sourcing: Q1 review", "Brandt-Halvorsen", date(2027, 1, 14))
    assert len(window.session.workshop.agenda) == len(STAGES)
    assert window.documents.recent()[0] == str(created.resolve())


def test_open_refuses_a_bad_file_with_a_message(window, tmp_path, monkeypatch):
    bad = tmp_path / "notes.workshop"
    bad.write_text("meeting notes", encoding="utf-8")
    messages = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text: messages.append(text))
    assert not window.open_path(bad)
    assert messages and "not a workshop file" in messages[0]
    assert window.session is None
    assert window.pages.currentWidget() is window.welcome
    assert bad.read_text(encoding="utf-8") == "meeting notes"


def test_demo_is_a_temporary_copy_that_can_be_kept(window, tmp_path, monkeypatch):
    assert window.open_demo()
    session = window.session
    assert session.temporary
    assert "temporary copy of the demo workshop" in window.windowTitle()
    assert window.workspace.notice.isVisibleTo(window.workspace)
    session.execute(EditDetails("location", "Room 4"))
    target = tmp_path / "kept.workshop"
    choose_save_path(monkeypatch, target)
    assert window.files.keep_temporary()
    assert window.session.path == target and not window.session.temporary
    assert window.session.workshop.details.location == "Room 4"
    assert not session.path.parent.exists()  # the temporary folder is gone


def test_closing_a_changed_demo_asks_first(window, monkeypatch) -> None:
    window.open_demo()
    window.session.execute(EditDetails("location", "Room 4"))
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Cancel
    )
    window.actions.close.trigger()
    assert window.session is not None  # cancelled
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard
    )
    temp = window.session.path
    window.actions.close.trigger()
    assert window.session is None and not temp.exists()


def test_opening_json_imports_it_as_a_temporary_copy(window, tmp_path, example_json):
    source = tmp_path / "example.json"
    source.write_text(example_json, encoding="utf-8")
    assert window.open_path(source)
    assert window.session.temporary
    assert window.session.workshop.details.title == "Service desk sourcing workshop"
    assert list(tmp_path.glob("*.workshop")) == []  # nothing written beside the JSON


def test_save_a_copy_writes_a_complete_workshop(open_window, tmp_path, monkeypatch):
    target = tmp_path / "copy.workshop"
    choose_save_path(monkeypatch, target)
    open_window.actions.save_copy.trigger()
    copy = WorkshopDocument.open(target)
    try:
        assert copy.workshop == open_window.session.workshop
    finally:
        copy.close()


def test_export_json_from_the_menu(open_window, tmp_path, monkeypatch):
    target = tmp_path / "out"
    choose_save_path(monkeypatch, target)
    open_window.actions.export_json.trigger()
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert data["format"] == "sourcing-workshop"
    assert len(data["functions"]) == len(open_window.session.workshop.functions)


def test_recent_files_menu_reopens(window, workshop_file, qtbot):
    assert window.open_path(workshop_file)
    window.actions.close.trigger()
    assert [Path(p) for p in window.documents.recent()] == [workshop_file.resolve()]
    window.files.fill_recent_menu()
    entries = [a for a in window.actions.recent_menu.actions() if a.text() == workshop_file.name]
    assert entries
    entries[0].trigger()
    assert window.session is not None and window.session.path == workshop_file


def test_about_names_the_app_and_version(window, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda _p, title, text: shown.append(text))
    window.actions.about.trigger()
    from desktop_app import __version__

    assert shown and __version__ in shown[0]


@pytest.mark.parametrize("dark", [True, False])
def test_theme_switch_changes_the_palette(window, app, dark):
    window.actions.dark.setChecked(not dark)
    window.actions.dark.setChecked(dark)
    window_colour = app.palette().window().color()
    assert (window_colour.lightness() < 100) == dark
    window.actions.dark.setChecked(False)


def test_an_undo_that_cannot_be_stored_leaves_the_history_in_place(open_window,
                                                                   workshop_file,
                                                                   monkeypatch):
    window = open_window
    original = window.session.workshop.details.title
    window.session.execute(EditDetails("title", "Edited"))
    messages = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: messages.append(text))
    window.session.document.read_only = True  # the next store fails
    window.undo_action.trigger()
    assert messages  # the user is told
    assert window.session.workshop.details.title == "Edited"
    assert window.session.history.index == 1  # still undoable later
    window.session.document.read_only = False
    window.undo_action.trigger()
    assert window.session.workshop.details.title == original
    reopened = WorkshopDocument.open(workshop_file, read_only=True)
    try:
        assert reopened.workshop.details.title == original
    finally:
        reopened.close()
    window.redo_action.trigger()
    assert window.session.workshop.details.title == "Edited"


def test_a_stage_page_is_built_when_first_shown(open_window) -> None:
    """Opening a large workshop builds only the page on screen; the others come
    when the facilitator goes there, and stay built."""
    workspace = open_window.workspace
    assert [page.stage for page in workspace.views.built()] == [Stage.SETUP]
    workspace.show_stage(Stage.VENDORS)
    vendors = workspace.current_page()
    assert vendors.stage == Stage.VENDORS and vendors.isVisible()
    assert [page.stage for page in workspace.views.built()] == [Stage.SETUP, Stage.VENDORS]
    workspace.show_stage(Stage.SETUP)
    workspace.show_stage(Stage.VENDORS)
    assert workspace.current_page() is vendors
    assert workspace.pages.count() == 2


def test_a_finding_on_a_stage_not_yet_shown_is_revealed(open_window) -> None:
    workspace = open_window.workspace
    finding = next(f for f in workspace.monitor.findings
                   if f.stage == Stage.TRANSITION and f.key is not None)
    assert Stage.TRANSITION not in [page.stage for page in workspace.views.built()]
    assert workspace.reveal(finding)
    assert workspace.current_stage() == Stage.TRANSITION
    assert workspace.current_page().stage == Stage.TRANSITION


def test_columns_fit_when_first_shown_and_keep_widths_a_view_chose(open_window) -> None:
    setup = open_window.workspace.views[Stage.SETUP]
    assert setup.participants.view.columnWidth(0) == 200  # chosen by the Setup view
    assert setup.participants.view.columnWidth(3) == 110
    open_window.workspace.show_stage(Stage.TRANSITION)
    waves = open_window.workspace.views[Stage.TRANSITION].editors["waves"].view
    assert waves.columnWidth(1) == 100  # the Transition view's width for a date, kept
    open_window.workspace.show_stage(Stage.CLOSE)
    close = open_window.workspace.views[Stage.CLOSE]
    risks = close.editors["risks"].view
    assert risks.columnWidth(0) == 260
    # Columns no view chose are as wide as their contents once shown.
    header = risks.horizontalHeader()
    column = 1
    assert not close.editors["risks"]._columns_fitted  # its tab was never opened
    close.tabs.setCurrentWidget(close._tab_of["risks"])
    assert close.editors["risks"]._columns_fitted
    fitted = max(risks.sizeHintForColumn(column), header.sectionSizeHint(column))
    assert risks.columnWidth(column) == fitted != header.defaultSectionSize()


def test_a_file_that_cannot_be_opened_leaves_the_open_workshop_on_screen(
        open_window, workshop_file, tmp_path, monkeypatch) -> None:
    bad = tmp_path / "notes.workshop"
    bad.write_text("meeting notes", encoding="utf-8")
    messages = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: messages.append(text))
    workspace = open_window.workspace
    assert not open_window.open_path(bad)
    assert messages and "not a workshop file" in messages[0]
    assert open_window.session.path == workshop_file
    assert open_window.pages.currentWidget() is workspace
    assert workshop_file.name in open_window.windowTitle()


def test_a_changed_demo_is_asked_about_again_after_a_failed_open(window, tmp_path,
                                                                 monkeypatch) -> None:
    window.open_demo()
    window.session.execute(EditDetails("location", "Room 4"))
    asked = []

    def discard(*_args, **_kwargs):
        asked.append(True)
        return QMessageBox.StandardButton.Discard

    monkeypatch.setattr(QMessageBox, "question", discard)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: None)
    assert not window.open_path(tmp_path / "gone.workshop")
    assert window.session is not None and window.session.temporary  # the demo stays
    assert window.session.workshop.details.location == "Room 4"
    window.actions.close.trigger()
    assert len(asked) == 2  # closing it later still asks, the first answer was for the open
    assert window.session is None


def test_new_over_the_open_workshop_replaces_it(open_window, workshop_file,
                                                monkeypatch) -> None:
    choose_save_path(monkeypatch, workshop_file)
    describe_new_workshop(monkeypatch, "Second workshop")
    open_window.actions.new.trigger()
    assert open_window.session is not None and open_window.session.path == workshop_file
    assert open_window.session.workshop.functions == []


def test_a_changed_demo_is_asked_about_again_when_the_temporary_folder_fails(
        window, monkeypatch) -> None:
    import tempfile

    window.open_demo()
    window.session.execute(EditDetails("location", "Room 4"))
    demo = window.session
    asked, warned = [], []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(1) or QMessageBox.StandardButton.Discard)
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))

    def disk_full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tempfile, "mkdtemp", disk_full)
    assert not window.open_demo()
    assert window.session is demo and warned and "No space left" in warned[0]
    monkeypatch.undo()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(1)
                        or QMessageBox.StandardButton.Cancel)
    assert not window.files.release_session()  # asked again, and Cancel keeps it
    assert len(asked) == 2 and window.session is demo


def test_new_workshop_needs_a_title(window, monkeypatch) -> None:
    from desktop_app.ui.new_workshop_dialog import NewWorkshopDialog

    dialog = NewWorkshopDialog(window)
    dialog.accept()
    assert dialog.result() != NewWorkshopDialog.DialogCode.Accepted
    assert "Give the workshop a title" in dialog.problem.text()
    dialog.reject()
