"""File > Export: the minutes build in a child process; the actions as CSV."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from desktop_app.ui import file_dialogs


def choose(monkeypatch, target: Path) -> None:
    monkeypatch.setattr(file_dialogs, "ask_save_path", lambda *a, **k: target)


def test_minutes_export_runs_in_the_background_and_reports(open_window, tmp_path,
                                                           monkeypatch, qtbot):
    target = tmp_path / "minutes.pdf"
    choose(monkeypatch, target)
    exporter = open_window.minutes
    exporter.ask_to_open = False
    with qtbot.waitSignal(exporter.done, timeout=60_000) as blocker:
        open_window.actions.export_minutes.trigger()
        assert exporter.busy  # the window is free while the worker builds
    report = blocker.args[0]
    assert report.pages > 3
    assert target.read_bytes().startswith(b"%PDF")
    assert not exporter.busy
    assert "Minutes exported" in open_window.statusBar().currentMessage()


def test_cancelling_the_minutes_leaves_no_file(open_window, tmp_path, monkeypatch, qtbot):
    target = tmp_path / "minutes.pdf"
    exporter = open_window.minutes
    exporter.ask_to_open = False
    with qtbot.waitSignal(exporter.signals.cancelled, timeout=60_000):
        exporter.start(open_window.session.workshop, target)
        exporter.cancel()  # pressed Cancel before the first section was built
    exporter.wait()
    assert not target.exists()
    assert list(tmp_path.glob(".~*")) == []
    assert not exporter.busy


def test_a_failed_export_says_why(open_window, tmp_path, monkeypatch, qtbot):
    messages = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: messages.append(text))
    exporter = open_window.minutes
    with qtbot.waitSignal(exporter.signals.failed, timeout=60_000):
        exporter.start(open_window.session.workshop, tmp_path / "gone" / "minutes.pdf")
    assert messages and "gone" in messages[0]


def test_actions_export_as_csv(open_window, tmp_path, monkeypatch):
    target = tmp_path / "actions.csv"
    choose(monkeypatch, target)
    open_window.actions.export_actions.trigger()
    rows = target.read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == 1 + len(open_window.session.workshop.actions)
