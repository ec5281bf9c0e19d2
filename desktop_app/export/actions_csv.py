"""The actions as a CSV file, for people who track them in a spreadsheet.

UTF-8 with a byte-order mark, so Excel reads the accents right; a cell that
starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
single quote, so a spreadsheet shows it as text instead of running it as a
formula (CSV injection).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from desktop_app.domain.model import Workshop
from desktop_app.domain.stages import STAGE_INFO
from desktop_app.storage.atomic import atomic_write_bytes

COLUMNS = ("id", "action", "owner", "due", "status", "stage")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """`value`, prefixed with ' when a spreadsheet would read it as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def actions_rows(workshop: Workshop) -> list[list[str]]:
    rows = []
    for action in workshop.actions:
        row = [
            action.id,
            action.text,
            action.owner,
            action.due.isoformat() if action.due else "",
            action.status.value,
            STAGE_INFO[action.stage].title,
        ]
        rows.append([neutralise(str(cell)) for cell in row])
    return rows


def write_actions_csv(workshop: Workshop, target: Path) -> int:
    """Write the actions of `workshop` to `target` atomically; return the rows written."""
    rows = actions_rows(workshop.snapshot())
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    atomic_write_bytes(Path(target), buffer.getvalue().encode("utf-8-sig"))
    return len(rows)
