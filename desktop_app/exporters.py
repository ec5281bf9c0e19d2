"""Every format a workshop can be written to, in one registry: `--export OUT`
picks the entry by OUT's suffix and File > Export lists the entries with a menu
label, so a new format is one entry here and one writer module.

Writers are named by module and function and imported on first use: start-up
never loads reportlab, and the window builds the minutes in a child process
(`background`), whose progress it shows.

`EXPORTERS` is the one list: `in_menu()`, `exporter_for()` and the names
`IN_MENU` and `BY_SUFFIX` are read from it when asked for, so an entry added
to it (a new format, or a test's made-up one) is seen by both without more.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.domain.model import Workshop
from desktop_app.domain.wording import plural


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
    failed: str = "The export failed"  # the title of the window's message when it fails
    # Words the file's name must hold when several entries share a suffix
    # ("business case" picks the business case's .csv over the actions').
    name_marker: str = ""

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
        icon="mdi6.file-pdf-box", tip="The minutes for everyone in the room, as a PDF",
        background=True, failed="The minutes were not exported",
        done=lambda report, _target: f"Minutes exported ({report.pages} pages)"),
    Exporter(
        "actions", ".csv", "desktop_app.export.actions_csv:write_actions_csv",
        menu_label="&Actions (CSV)…", dialog_title="Export the actions",
        file_filter="Spreadsheet (CSV) (*.csv)", name_tail=" actions",
        icon="mdi6.file-delimited-outline",
        tip="The actions with owner, due date, status and stage",
        failed="The actions were not exported",
        done=lambda rows, target: f"Exported {rows} actions to {target}"),
    Exporter(
        "business_case", ".csv", "desktop_app.export.business_case_csv:write_business_case_csv",
        menu_label="&Business Case (CSV)…", dialog_title="Export the business case",
        file_filter="Spreadsheet (CSV) (*.csv)", name_tail=" business case",
        icon="mdi6.cash-multiple",
        tip="Each function's cost today and after the plan, the totals and the sensitivity line",
        failed="The business case was not exported", name_marker="business case",
        done=lambda rows, target: (f"Exported the business case of {plural(rows, 'function')} "
                                   f"to {target}")),
    Exporter(
        "json", ".json", "desktop_app.storage.interchange:write_json",
        menu_label="Interchange &JSON…", dialog_title="Export as interchange JSON",
        file_filter="Interchange JSON (*.json)", shortcut="Ctrl+E",
        tip="Export the whole workshop as interchange JSON", target_first=True),
    # A .workshop file: in the window, File > Save a Copy As copies the open file.
    Exporter("workshop", ".workshop", "desktop_app.storage.document:write_workshop_file",
             target_first=True),
)


def in_menu() -> tuple[Exporter, ...]:
    """The File > Export entries, in the registry's order."""
    return tuple(e for e in EXPORTERS if e.menu_label)


def by_suffix() -> dict[str, Exporter]:
    """The entry each suffix means when the name says nothing more."""
    found: dict[str, Exporter] = {}
    for exporter in EXPORTERS:
        if not exporter.name_marker:
            found.setdefault(exporter.suffix, exporter)
    return found


def exporter_for(target: Path) -> Exporter | None:
    """The entry for `target` by its suffix; among entries of one suffix, the one
    whose `name_marker` the name holds ("Q3 business case.csv", "plan-business_case.csv")."""
    path = Path(target)
    stem = " ".join(path.stem.lower().replace("-", " ").replace("_", " ").split())
    for exporter in EXPORTERS:
        if exporter.name_marker and exporter.suffix == path.suffix.lower() \
                and exporter.name_marker in stem:
            return exporter
    return by_suffix().get(path.suffix.lower())


def __getattr__(name: str) -> Any:
    """`IN_MENU` and `BY_SUFFIX`, computed from `EXPORTERS` when read (PEP 562),
    so they never lag behind it."""
    if name == "IN_MENU":
        return in_menu()
    if name == "BY_SUFFIX":
        return by_suffix()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def suffixes_hint() -> str:
    """'.pdf (the minutes), .csv (the actions), .json or .workshop', for messages."""
    names = {".pdf": ".pdf (the minutes)",
             ".csv": ".csv (the actions; the business case when the name says "
                     "\"business case\")"}
    parts = [names.get(suffix, suffix) for suffix in by_suffix()]
    return ", ".join(parts[:-1]) + " or " + parts[-1]
