"""The PDF minutes of a workshop, for everyone in the room.

The look and the page are `layout`; each stage of the method has its own
section module, named as the stage is (`Stage.VENDORS` -> `vendors.py`),
with a function `section(layout) -> list[Flowable]`. The minutes are the
cover, every stage of `STAGES` in order, and the sign-off: a stage added to
the method without its section fails `tests/test_stage_kit.py`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from desktop_app.domain.model import Stage, Workshop
from desktop_app.domain.stages import STAGES
from desktop_app.export.minutes.cover import cover, sign_off
from desktop_app.export.minutes.layout import (
    LONG_TEXT_CHARS,
    LONG_WORD_CHARS,
    MARGIN_BOTTOM,
    STYLES,
    Layout,
    MinutesCancelled,
    Progress,
    Section,
    fmt_date,
)
from desktop_app.export.report import MinutesReport

__all__ = ["LONG_TEXT_CHARS", "LONG_WORD_CHARS", "MARGIN_BOTTOM", "STYLES", "MinutesCancelled",
           "MinutesReport", "build_minutes", "fmt_date", "section_of"]


def section_of(stage: Stage) -> Section:
    """The minutes section of `stage`: `section` of the module named as the stage."""
    return importlib.import_module(f"{__name__}.{stage.value}").section


def build_minutes(workshop: Workshop, target: Path, *, progress: Progress | None = None,
                  cancelled: Callable[[], bool] | None = None) -> MinutesReport:
    """Write the minutes of `workshop` to `target` (PDF), atomically.

    `progress(done, total)` is called as sections are built and laid out;
    `cancelled()` returning True stops the export with `MinutesCancelled` and
    no file. Raises `files.errors.WriteFailed` when the target cannot be
    written (nothing is left behind then either).
    """
    sections = [cover, *(section_of(info.stage) for info in STAGES), sign_off]
    return Layout(workshop.snapshot(), progress, cancelled).write(Path(target), sections)
