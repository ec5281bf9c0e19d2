"""The actions as a CSV file, for people who track them in a spreadsheet.

UTF-8 with a byte-order mark, so Excel reads the accents right. A cell a
spreadsheet would run as a formula (CSV injection) gets a leading single quote,
so it shows as text: one that starts with `=`, `+`, `-` or `@`, also after
leading spaces of any kind or invisible characters, and also as a full-width or
other look-alike form (`＝`, `﹢`: compared after NFKC normalisation); one that
starts with a tab or a carriage return. The same holds for every part of a cell
after a `;` or a tab, because Excel in a semicolon locale, or a tab-separated
import, starts a new cell there (`;=1+1;` becomes `;'=1+1;`).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path

from desktop_app.domain.model import Workshop
from desktop_app.domain.stages import STAGE_INFO
from desktop_app.files.atomic import atomic_write_bytes

COLUMNS = ("id", "action", "owner", "due", "status", "stage")
FORMULA_STARTS = frozenset("=+-@")
CONTROL_STARTS = ("\t", "\r")  # Excel reads a cell starting with these as a formula, too
# Where a spreadsheet may start a new cell inside ours: Excel's list separator in
# many locales, and a tab-separated import.
INNER_SEPARATORS = re.compile(r"([;\t])")


def _opens_formula(piece: str) -> bool:
    """Whether a spreadsheet would read `piece` as a formula."""
    for char in piece:
        if char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zs"):
            continue  # leading blanks and invisible characters hide the real start
        return unicodedata.normalize("NFKC", char)[:1] in FORMULA_STARTS
    return False


def neutralise(value: str) -> str:
    """`value`, with ' before it and before each part after a `;` or tab that a
    spreadsheet would read as a formula; all other text is left as it was."""
    pieces = INNER_SEPARATORS.split(value)
    for index in range(0, len(pieces), 2):  # the text between the separators
        if _opens_formula(pieces[index]) or pieces[index].startswith(CONTROL_STARTS):
            pieces[index] = "'" + pieces[index]
    result = "".join(pieces)
    if result.startswith(CONTROL_STARTS):
        result = "'" + result
    return result


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
