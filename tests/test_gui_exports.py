"""File > Export is the registry (desktop_app/exporters.py): one action per
entry with a menu label, in its order, each writing its file; and a format
added to the registry alone shows in the menu and in `--export`."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop_app import exporters
from desktop_app.ui import file_dialogs
from desktop_app.ui.file_dialogs import safe_file_name

# A made-up format, as a new one would be: one module with its writer and its entry.
NOTES_MODULE = textwrap.dedent('''
    from pathlib import Path

    from desktop_app.exporters import Exporter


    def write_notes(workshop, target):
        lines = [f"# {workshop.details.title}", ""]
        lines += [f"- {function.name}" for function in workshop.functions]
        Path(target).write_text("\\n".join(lines) + "\\n", encoding="utf-8")
        return len(workshop.functions)


    NOTES = Exporter(
        "notes", ".md", "notes_writer:write_notes",
        menu_label="&Notes (Markdown)…", dialog_title="Export notes",
        file_filter="Markdown (*.md)", name_tail=" notes", icon="mdi6.language-markdown",
        tip="The functions as a Markdown list",
        done=lambda count, target: f"Wrote {count} functions to {target}")
''')


def export_menu(window):
    file_menu = window.menuBar().actions()[0].menu()
    (export,) = [a for a in file_menu.actions() if a.text() == "&Export"]
    return export.menu()


def record_save_dialog(monkeypatch, folder: Path) -> list[tuple]:
    """The user accepts the suggested name in `folder`; each call is recorded."""
    asked = []

    def ask(_parent, title, suggested, name_filter, suffix):
        asked.append((title, suggested, name_filter, suffix))
        return folder / suggested.name

    monkeypatch.setattr(file_dialogs, "ask_save_path", ask)
    return asked


def test_every_menu_exporter_is_a_file_export_action_in_registry_order(open_window):
    entries = exporters.in_menu()
    assert [e.key for e in entries] == ["minutes", "actions", "business_case", "json"]
    menu_actions = export_menu(open_window).actions()
    assert [a.text() for a in menu_actions] == [e.menu_label for e in entries]
    for exporter, action in zip(entries, menu_actions, strict=True):
        assert getattr(open_window.actions, f"export_{exporter.key}") is action
        assert action.shortcut().toString() == (exporter.shortcut or "")
        assert action.statusTip() == exporter.tip
        assert not action.icon().isNull()
        assert action.isEnabled()
        assert action in open_window.actions.document_actions()


def test_each_export_action_writes_its_file(open_window, tmp_path, monkeypatch, qtbot):
    asked = record_save_dialog(monkeypatch, tmp_path)
    open_window.minutes.ask_to_open = False
    title = open_window.session.workshop.details.title
    for exporter in exporters.in_menu():
        action = getattr(open_window.actions, f"export_{exporter.key}")
        name = safe_file_name(title + exporter.name_tail, exporter.suffix)
        target = tmp_path / name
        if exporter.background:
            with qtbot.waitSignal(open_window.minutes.done, timeout=60_000):
                action.trigger()
        else:
            action.trigger()
        # the first dialog opens in the home folder, the next ones where the last went
        folder = Path.home() if len(asked) == 1 else tmp_path
        assert asked[-1] == (exporter.dialog_title, folder / name, exporter.file_filter,
                             exporter.suffix)
        assert target.is_file() and target.stat().st_size > 0, exporter.key
        message = open_window.statusBar().currentMessage()
        assert message.startswith(("Minutes exported", "Exported")), message
        assert open_window.settings.value("last_folder") == str(tmp_path)
    assert target.read_text(encoding="utf-8").startswith("{")  # the JSON, last


@pytest.fixture
def notes_format(tmp_path, monkeypatch):
    """The made-up format's module, importable as `notes_writer`, and its entry
    added to the registry (for this test only)."""
    folder = tmp_path / "plugin"
    folder.mkdir()
    (folder / "notes_writer.py").write_text(NOTES_MODULE, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("notes_writer", folder / "notes_writer.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setitem(sys.modules, "notes_writer", module)
    monkeypatch.setattr(exporters, "EXPORTERS", (*exporters.EXPORTERS, module.NOTES))
    return folder


@pytest.fixture
def notes_window(notes_format, app, qtbot, settings, workshop_file):
    """A main window built after the registry gained the made-up format."""
    from desktop_app.ui.main_window import MainWindow

    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert window.open_path(workshop_file)
    yield window
    if window.session is not None:
        session, window.session = window.session, None
        window.documents.release(session)
    window.documents.cleanup()
    window.close()
    window.deleteLater()


def test_a_format_added_to_the_registry_is_in_the_menu(notes_window, tmp_path, monkeypatch):
    window = notes_window
    texts = [a.text() for a in export_menu(window).actions()]
    assert texts == ["&Minutes (PDF)…", "&Actions (CSV)…", "&Business Case (CSV)…",
                     "Interchange &JSON…", "&Notes (Markdown)…"]
    action = window.actions.export_notes
    assert action.isEnabled() and action in window.actions.document_actions()
    record_save_dialog(monkeypatch, tmp_path)
    action.trigger()
    workshop = window.session.workshop
    target = tmp_path / safe_file_name(f"{workshop.details.title} notes", ".md")
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0] == f"# {workshop.details.title}"
    assert len(lines) == 2 + len(workshop.functions)
    assert window.statusBar().currentMessage() == (
        f"Wrote {len(workshop.functions)} functions to {target}")


def test_a_format_added_to_the_registry_is_an_export_suffix(notes_format, tmp_path):
    """`--export notes.md` in a real process whose registry has the entry added
    before the command line is read; without the entry .md is refused."""
    script = ("import sys\n"
              "import notes_writer\n"
              "from desktop_app import exporters\n"
              "if sys.argv[1] == 'with':\n"
              "    exporters.EXPORTERS = (*exporters.EXPORTERS, notes_writer.NOTES)\n"
              "from desktop_app.app import main\n"
              "sys.exit(main(sys.argv[2:]))\n")
    path = os.pathsep.join(filter(None, (str(notes_format), os.environ.get("PYTHONPATH"))))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=path)
    target = tmp_path / "notes.md"

    def run(registry: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", script, registry, "--demo",
                               "--export", str(target)],
                              capture_output=True, text=True, timeout=120, env=env)

    without = run("without")
    assert without.returncode == 2 and "cannot export" in without.stderr
    assert not target.exists()
    added = run("with")
    assert added.returncode == 0, added.stderr
    assert target.read_text(encoding="utf-8").startswith("# ")
