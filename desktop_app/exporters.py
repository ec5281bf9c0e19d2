"""Every format a workshop can be written to, in one registry: `--export OUT`
picks the entry by OUT's suffix and File > Export lists the entries with a menu
label, so a new format is one entry here and one writer module.

Writers are named by module and function and imported on first use: start-up
never loads reportlab, and the window builds the minutes in a child process
(`background`), whose progress it shows.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.domain.model import Workshop


@dataclass(frozen=True)
class Exporter:
    key: str  # names the File > Export action: actions.export_<key>
    suffix: str
    writer: str  # "module:function", called as function(workshop, target)
    target_first: bool = False  # the storage writers take (target, workshop)
    menu_label: str = ""  # File > Export entry; "" when the menu has its own command
    dialog_title: str = ""
    file_filter: str = ""
    name_tail: str = ""  # the suggested file name: "<title><name_tail><suffix>"
    shortcut: str | None = None
    icon: str = "export"
    tip: str = ""
    background: bool = False  # built in a child process with progress in the window
    done: Callable[[Any, Path], str] = lambda _result, target: f"Exported {target}"

    def write(self, workshop: Workshop, target: Path) -> Any:
        module, function = self.writer.split(":")
        write = getattr(importlib.import_module(module), function)
        if self.target_first:
            return write(Path(target), workshop)
        return write(workshop, Path(target))


EXPORTERS: tuple[Exporter, ...] = (
    Exporter(
        "minutes", ".pdf", "desktop_app.export.minutes:build_minutes",
        menu_label="&Minutes (PDF)…", dialog_title="Export the minutes",
        file_filter="PDF minutes (*.pdf)", name_tail=" minutes", shortcut="Ctrl+Shift+E",
        icon="mdi6.file-pdf-box", tip="Build the PDF minutes for everyone in the room",
        background=True,
        done=lambda report, target: f"The minutes were saved as {target} ({report.pages} pages)."),
    Exporter(
        "actions", ".csv", "desktop_app.export.actions_csv:write_actions_csv",
        menu_label="&Actions (CSV)…", dialog_title="Export the actions",
        file_filter="Spreadsheet (CSV) (*.csv)", name_tail=" actions",
        icon="mdi6.file-delimited-outline",
        tip="The actions with owner, due date and status, for a spreadsheet",
        done=lambda rows, target: f"Exported {rows} actions to {target}"),
    Exporter(
        "json", ".json", "desktop_app.storage.interchange:write_json",
        menu_label="Interchange &JSON…", dialog_title="Export as interchange JSON",
        file_filter="Interchange JSON (*.json)", shortcut="Ctrl+E",
        tip="Export the whole workshop as interchange JSON", target_first=True),
    # A .workshop file: in the window, File > Save a Copy As copies the open file.
    Exporter("workshop", ".workshop", "desktop_app.storage.document:write_workshop_file",
             target_first=True),
)

BY_SUFFIX: dict[str, Exporter] = {exporter.suffix: exporter for exporter in EXPORTERS}
IN_MENU: tuple[Exporter, ...] = tuple(e for e in EXPORTERS if e.menu_label)


def exporter_for(target: Path) -> Exporter | None:
    return BY_SUFFIX.get(Path(target).suffix.lower())


def suffixes_hint() -> str:
    """'.pdf (the minutes), .csv (the actions), .json or .workshop', for messages."""
    names = {".pdf": ".pdf (the minutes)", ".csv": ".csv (the actions)"}
    parts = [names.get(e.suffix, e.suffix) for e in EXPORTERS]
    return ", ".join(parts[:-1]) + " or " + parts[-1]
