"""Build the minutes in a child process, for the window.

A worker thread of the window's own process competed with the window for the
interpreter lock: on a large workshop the window froze for 0.2-1.6 s when the
progress dialog appeared during the first export, and for 0.1 s when the
build's garbage was collected. A child process has its own interpreter, so
the window only reads a few progress messages. `spawn`, not `fork`: forking a
process that runs Qt threads is unsafe.
"""

from __future__ import annotations

import gc
import multiprocessing
import queue
from collections.abc import Iterator
from multiprocessing.synchronize import Event
from pathlib import Path

from desktop_app.domain.model import Workshop
from desktop_app.files.errors import DocumentError

POLL_SECONDS = 0.25  # how often a silent child is checked for being alive

# Messages, in order: any number of ("progress", done, total), then exactly one
# of ("finished", MinutesReport), ("failed", message) or ("cancelled",).
Message = tuple


def _build(workshop: Workshop, target: Path, messages: multiprocessing.Queue,
           stop: Event) -> None:
    """The child's whole life: build, say how it ended, exit."""
    gc.disable()  # the child exits right after; reference counting frees the rest
    from desktop_app.export.minutes import MinutesCancelled, build_minutes

    try:
        report = build_minutes(workshop, target,
                               progress=lambda done, total: messages.put(
                                   ("progress", done, total)),
                               cancelled=stop.is_set)
    except MinutesCancelled:
        messages.put(("cancelled",))
    except DocumentError as error:
        messages.put(("failed", str(error)))
    except Exception as error:  # a bug must reach the window as a message, not vanish
        messages.put(("failed", f"The minutes could not be built ({error})."))
    else:
        messages.put(("finished", report))


class MinutesJob:
    """One build of the minutes of `workshop` into `target`, in a child process."""

    def __init__(self, workshop: Workshop, target: Path) -> None:
        context = multiprocessing.get_context("spawn")
        self._messages = context.Queue()
        self._stop = context.Event()
        self.process = context.Process(
            target=_build, args=(workshop, Path(target), self._messages, self._stop),
            name="sourcing-workshop-minutes", daemon=True)

    def start(self) -> None:
        """Start the child; raises OSError if the system cannot start one."""
        self.process.start()

    def cancel(self) -> None:
        """Ask the child to stop at its next check; it then removes its partial file."""
        self._stop.set()

    def events(self) -> Iterator[Message]:
        """The child's messages as they come; the last one says how it ended,
        also when the child died without saying so (killed, out of memory)."""
        try:
            while True:
                try:
                    message = self._messages.get(timeout=POLL_SECONDS)
                except queue.Empty:
                    if self.process.is_alive():
                        continue
                    try:  # it may have said its last word just before ending
                        message = self._messages.get(timeout=POLL_SECONDS)
                    except queue.Empty:
                        yield ("failed", "The minutes could not be built: the export process "
                               f"stopped unexpectedly (exit code {self.process.exitcode}).")
                        return
                yield message
                if message[0] != "progress":
                    return
        finally:
            self.process.join(timeout=10)
            self._messages.close()
