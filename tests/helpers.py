"""Small helpers the GUI tests share: read the file back, edit one cell."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import queue
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from sqlite_utils import Database

from desktop_app.domain.commands import DETAILS, THRESHOLDS
from desktop_app.domain.model import SECTIONS, Workshop
from desktop_app.domain.money import Money
from desktop_app.domain.validation import field_types
from desktop_app.storage import rows, schema
from desktop_app.storage.document import WorkshopDocument


def stored(path: Path) -> Workshop:
    """The workshop as it is in the file right now (proves an edit was stored)."""
    document = WorkshopDocument.open(path, read_only=True)
    try:
        return document.workshop
    finally:
        document.close()


def set_cell(editor: Any, row: int, field: str, value: Any) -> bool:
    """Edit one cell of a SectionEditor's model, as its delegate would."""
    column = [c.field for c in editor.model.columns].index(field)
    return editor.model.setData(editor.model.index(row, column), value,
                                Qt.ItemDataRole.EditRole)


def without_money(workshop: Workshop) -> Workshop:
    """`workshop` without the business case's amounts (added by schema version 6)
    and its timing (version 8: indexation, parallel runs), the session's start
    (version 9) and the dot votes' questions (version 10), and the dots per person
    (version 3): what a version 1 file holds of it."""
    copy = workshop.snapshot()
    copy.details = dataclasses.replace(copy.details, vendor_indexation=0.0, votes_per_person=3,
                                       inhouse_indexation=0.0, case_start=None,
                                       session_started_at=None, function_vote_question="",
                                       parking_vote_question="")
    copy.waves[:] = [dataclasses.replace(w, parallel_run_months=0) for w in copy.waves]
    for spec in SECTIONS.values():
        items = copy.section(spec.name)
        money = [f.name for f in dataclasses.fields(spec.item_type)
                 if field_types(spec.item_type)[f.name] == (Money | None)]
        if money:
            items[:] = [dataclasses.replace(item, **dict.fromkeys(money)) for item in items]
    return copy


def write_version_1(path: Path, workshop: Workshop) -> None:
    """A workshop file exactly as version 1 of the schema wrote it."""
    conn = sqlite3.connect(path)
    db = Database(conn, execute_plugins=False)
    db.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    schema.migrations.apply(db, stop_before="0002_criteria_agreed_at")
    with db.atomic():
        for section in (DETAILS, THRESHOLDS, *SECTIONS):
            for table, table_rows in rows.section_rows(workshop, section).items():
                version_1_columns = schema.required_columns()[table]
                for row in table_rows.values():
                    db[table].insert({k: v for k, v in row.items() if k in version_1_columns})
    conn.close()


def read_line(process: subprocess.Popen, timeout: float = 60.0) -> str:
    """The next line the process writes ("" at its end), or a test failure after
    `timeout` seconds: a stuck app must fail the run, not hang it.

    A thread reads the pipe, since Python buffers lines a `select` cannot see.
    """
    lines = getattr(process, "_test_lines", None)
    if lines is None:
        lines = process._test_lines = queue.Queue()  # type: ignore[attr-defined]

        def pump() -> None:
            for line in iter(process.stdout.readline, ""):
                lines.put(line)
            lines.put("")

        threading.Thread(target=pump, daemon=True).start()
    try:
        return lines.get(timeout=timeout)
    except queue.Empty:
        raise AssertionError(f"no output from the app within {timeout} s") from None


def rest_of_output(process: subprocess.Popen) -> list[str]:
    """The lines a finished process wrote that were not read yet."""
    rest = []
    while line := read_line(process, 10):
        rest.append(line)
    return rest


def read_message(process: subprocess.Popen, timeout: float = 60.0) -> dict:
    """The next JSON line of tests/app_driver.py."""
    line = read_line(process, timeout)
    assert line, f"the app ended early (exit {process.poll()})"
    return json.loads(line)


@contextlib.contextmanager
def sqlite_lock_held(path: Path, mode: str) -> Iterator[None]:
    """Another program holding SQLite's lock on `path` (`BEGIN {mode}`) meanwhile."""
    code = ("import sqlite3, sys\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            f"c.execute('BEGIN {mode}')\n"
            "print('locked', flush=True)\n"
            "sys.stdin.readline()\n")
    process = subprocess.Popen([sys.executable, "-c", code, str(path)],
                               stdout=subprocess.PIPE, stdin=subprocess.PIPE, text=True)
    try:
        assert read_line(process, 30).strip() == "locked"
        yield
    finally:
        process.stdin.close()
        process.wait(timeout=10)
        process.stdout.close()


def wait_for(condition, timeout: float = 5.0) -> None:
    """Poll `condition` (no Qt event loop needed) until true or fail."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.02)


def type_into_field(qtbot, field: Any, text: str, enter: bool = True) -> None:
    """Select what a NumberField or DateField holds and type `text` over it (an
    empty text deletes it), then Enter, as a person does."""
    field.line.setFocus()
    field.line.selectAll()
    qtbot.keyClick(field.line, Qt.Key.Key_Backspace)
    qtbot.keyClicks(field.line, text)
    if enter:
        qtbot.keyClick(field.line, Qt.Key.Key_Return)


def type_into_cell(qtbot, editor: Any, key: Any, field: str, text: str) -> None:
    """Bring the table's tab to the front, open the cell of (`key`, `field`), select
    what it holds, type `text` and press Enter; wait until the view has stored it."""
    from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTabWidget

    holder = editor.parentWidget()
    while holder is not None and not isinstance(holder, QTabWidget):
        holder = holder.parentWidget()
    if holder is not None and holder.indexOf(editor) >= 0:
        holder.setCurrentWidget(editor)  # its tab in front, as a person would click it
    column = [c.field for c in editor.model.columns].index(field)
    index = editor.proxy.mapFromSource(editor.model.index(editor.model.row_of(key), column))
    editor.view.setFocus()
    editor.view.setCurrentIndex(index)
    editor.view.edit(index)
    line = editor.view.focusWidget()
    assert isinstance(line, QLineEdit)
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Backspace)
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)  # the view commits and closes the editor next
    qtbot.waitUntil(lambda: editor.view.state() == QAbstractItemView.State.NoState)
