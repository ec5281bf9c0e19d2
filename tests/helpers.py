"""Small helpers the GUI tests share: read the file back, edit one cell."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from sqlite_utils import Database

from desktop_app.domain.commands import DETAILS, THRESHOLDS
from desktop_app.domain.model import SECTIONS, Workshop
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
