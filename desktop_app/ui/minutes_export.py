"""File > Export > Minutes (PDF): built in a child process from a snapshot
(`export.minutes_process`), followed by a worker thread, with a progress
dialog that can cancel, so the window stays responsive.

The follower's signals live on a QObject owned by the exporter (the GUI side),
not by the QRunnable: PySide6 deletes a finished runnable's C++ side, and a
signal object owned by it would be gone before its last signal arrives.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from desktop_app.domain import printable
from desktop_app.domain.model import Workshop
from desktop_app.export.minutes_process import MinutesJob
from desktop_app.export.report import MinutesReport  # reportlab loads in the child only


class _Signals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)  # MinutesReport
    failed = Signal(str)
    cancelled = Signal()


class _FollowJob(QRunnable):
    """Waits for the child's messages off the UI thread and passes them on."""

    def __init__(self, job: MinutesJob, signals: _Signals) -> None:
        super().__init__()
        self.job, self.signals = job, signals

    def run(self) -> None:
        try:  # here, not on the UI thread: handing the workshop over waits for the child
            self.job.start()
        except Exception as error:  # no process (OSError), or a bug: never a silent dialog
            self.signals.failed.emit(f"The export could not be started ({error}). Close "
                                     "other programs and try again.")
            return
        # Whatever goes wrong from here, the window hears how the export ended:
        # a dialog left open would keep File > Export busy until a restart. (When
        # the app is quitting, the signals' object may be gone: nobody to tell.)
        with contextlib.suppress(RuntimeError):
            self._follow()

    def _follow(self) -> None:
        try:
            for kind, *values in self.job.events():
                if kind == "progress":
                    self.signals.progress.emit(*values)
                elif kind == "finished" and isinstance(values[0], MinutesReport):
                    self.signals.finished.emit(values[0])
                elif kind == "cancelled":
                    self.signals.cancelled.emit()
                else:
                    self.signals.failed.emit(str(values[0]) if kind == "failed" else
                                             f"The export process sent {kind!r}.")
        except Exception as error:
            self.signals.failed.emit(f"The minutes could not be built ({error}).")


class MinutesExporter(QObject):
    """One export at a time; reports through message boxes on `parent`."""

    done = Signal(object)  # MinutesReport, for tests and the status bar

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.signals = _Signals(self)
        self.signals.progress.connect(self._progress)
        self.signals.finished.connect(self._finished)
        self.signals.failed.connect(self._failed)
        self.signals.cancelled.connect(self._cancelled)
        self._job: MinutesJob | None = None
        self._dialog: QProgressDialog | None = None
        self._target: Path | None = None
        self.ask_to_open = True

    def _nobody_to_ask(self) -> Callable[[str, str], None] | None:
        """The window's hook when nobody sits at it (--smoke, --self-test): errors
        go there as one line instead of into message boxes."""
        return getattr(self.parent_widget, "report_error", None)

    @property
    def busy(self) -> bool:
        return self._dialog is not None

    def start(self, workshop: Workshop, target: Path) -> None:
        if self.busy:
            return
        job = MinutesJob(workshop.snapshot(), target)
        self._job, self._target = job, target
        dialog = QProgressDialog("Building the minutes…", "Cancel", 0, 100, self.parent_widget)
        dialog.setWindowTitle("Export minutes")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.cancel)
        self._dialog = dialog
        QThreadPool.globalInstance().start(_FollowJob(job, self.signals))

    def cancel(self) -> None:
        """Stop the export under way; it leaves no file."""
        if self._job is not None:
            self._job.cancel()

    def kill(self) -> None:
        """End the export's process at once, from any thread (the app is being
        killed while busy); its temporary file goes with the next export."""
        job = self._job
        if job is not None:
            with contextlib.suppress(Exception):
                job.process.kill()

    def wait(self) -> None:
        """Block until the worker is done (tests, quitting)."""
        QThreadPool.globalInstance().waitForDone()

    def _progress(self, done: int, total: int) -> None:
        if self._dialog is not None:
            self._dialog.setMaximum(max(total, 1))
            self._dialog.setValue(done)

    def _close_dialog(self) -> None:
        self._job = None
        if self._dialog is not None:
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None

    def _finished(self, report: MinutesReport) -> None:
        self._close_dialog()
        self.done.emit(report)
        text = f"The minutes were saved as {self._target} ({report.pages} pages)."
        if report.missing_characters and self._nobody_to_ask() is None:
            names = "\n".join(f"• {name}" for name in report.missing_characters[:20])
            more = len(report.missing_characters) - 20
            QMessageBox.warning(
                self.parent_widget, "Some characters could not be drawn",
                f"{text}\n\nNo installed font can draw these characters; the minutes show "
                f"a □ in their place:\n{names}" + (f"\n… and {more} more" if more > 0 else ""),
            )
        if not self.ask_to_open or self._nobody_to_ask() is not None:
            return
        answer = QMessageBox.question(
            self.parent_widget, "Minutes exported", f"{text}\n\nOpen them now?",
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close,
            QMessageBox.StandardButton.Open)
        if answer == QMessageBox.StandardButton.Open and self._target is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._target)))

    def _failed(self, message: str) -> None:
        self._close_dialog()
        message = printable.message(message)  # it may quote a file name as given
        report = self._nobody_to_ask()
        if report is not None:
            report("The minutes were not exported", message)
        else:
            QMessageBox.warning(self.parent_widget, "The minutes were not exported", message)

    def _cancelled(self) -> None:
        self._close_dialog()
