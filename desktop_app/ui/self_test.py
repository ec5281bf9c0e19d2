"""`--self-test`: check an installation the way a facilitator uses it.

A bundle that starts may still miss a module only a later stage imports, or
fail to start the child process that builds the minutes (a frozen app starts
itself again for it). This shows every stage of the open workshop, then
exports its minutes through the window's own exporter into a temporary
folder, and exits 0 when all of that worked, 2 otherwise, saying so on stdout.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop_app.domain.stages import STAGES
from desktop_app.ui.main_window import MainWindow

TIMEOUT_MS = 150_000  # within packaging/check_bundle.py's 180 s for the whole run


def run_self_test(window: MainWindow, finish) -> None:
    """Start the test once the event loop runs; `finish(status)` ends the app."""
    folder = tempfile.TemporaryDirectory(prefix="sourcing-workshop-self-test-")
    target = Path(folder.name) / "minutes.pdf"

    def say(text: str) -> None:
        print(f"self-test: {text}", flush=True)

    def end(status: int, text: str) -> None:
        say(text)
        folder.cleanup()
        finish(status)

    def stages() -> None:
        workspace = window.workspace
        if workspace is None:
            end(2, "FAIL no workshop is open")
            return
        try:
            for info in STAGES:
                workspace.show_stage(info.stage)
                QApplication.processEvents()
                window.grab()
                say(f"shown stage {info.number}, {info.title}")
        except Exception as error:  # a missing module or resource of a stage
            end(2, f"FAIL showing the stages: {type(error).__name__}: {error}")
            return
        exporter = window.minutes
        exporter.done.connect(lambda report: end(
            0 if target.is_file() and report.pages > 0 else 2,
            f"PASS minutes exported through the export process ({report.pages} pages)"
            if target.is_file() else "FAIL the minutes file is missing"))
        exporter.signals.failed.connect(lambda message: end(2, f"FAIL export: {message}"))
        exporter.signals.cancelled.connect(lambda: end(2, "FAIL export was cancelled"))
        QTimer.singleShot(TIMEOUT_MS, lambda: end(2, "FAIL timed out"))
        say("exporting the minutes")
        exporter.start(window.session.workshop, target)

    QTimer.singleShot(0, stages)
