"""Small helpers the GUI tests share: read the file back, edit one cell."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from desktop_app.domain.model import Workshop
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
