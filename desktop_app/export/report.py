"""What an export of the minutes reports back, in a module without reportlab:
the window receives it from the export's child process, and unpickling it
must not load the PDF library into the window's process."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class MinutesReport:
    pages: int
    # Characters no available font can draw ("U+E000 <private use character>"),
    # by code point; the PDF shows □ in their place.
    missing_characters: list[str] = field(default_factory=list)
