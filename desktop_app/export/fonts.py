"""The fonts of the exported minutes: the bundled DejaVu Sans family, plus
fallback fonts found on this system for what DejaVu cannot draw (CJK...).

reportlab has no per-character font fallback, so `markup` asks `FontSet.font_for`
which font draws each character and wraps runs in `<font name=...>`. All fonts
are TrueType, so every one is embedded in the PDF (never Helvetica).

Registration with reportlab is global to the process; it happens once, under a
lock, so exports in worker threads can share it.
"""

from __future__ import annotations

import fnmatch
import itertools
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from desktop_app.files.paths import fonts_dir

log = logging.getLogger(__name__)

FAMILY = "SWDejaVuSans"
REGULAR = FAMILY
BOLD = f"{FAMILY}-Bold"
ITALIC = f"{FAMILY}-Oblique"
BOLD_ITALIC = f"{FAMILY}-BoldOblique"
# The regular face under a name that stays regular inside <b>/<i>: for the
# characters only the regular face has (Arabic, some symbols and emoji).
PLAIN = f"{FAMILY}-Plain"

_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}

# Where fonts live on common systems; searched in this order.
FONT_DIRS: tuple[str, ...] = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/Library/Fonts",
    "/System/Library/Fonts",
    "~/Library/Fonts",
    os.path.join(os.environ.get("WINDIR", r"C:\Windows"), "Fonts"),
)

# Fallback font files by preference (file names, lower case, fnmatch patterns).
# Fonts reportlab cannot load (CFF outlines, colour bitmaps) are skipped.
FALLBACK_PATTERNS: tuple[str, ...] = (
    "notosanscjk*-regular.ttc",
    "notosanscjk*-regular.ttf",
    "notosans[sjkt][cpr]-regular.ttf",
    "droidsansfallbackfull.ttf",
    "droidsansfallback.ttf",
    "wqy-microhei.ttc",
    "wqy-zenhei.ttc",
    "nanumgothic.ttf",
    "msyh.ttc",
    "msgothic.ttc",
    "malgun.ttf",
    "simsun.ttc",
    "arial unicode.ttf",
    "arialuni.ttf",
    "applegothic.ttf",
    "notosanssymbols2-regular.ttf",
    "notosanssymbols-regular.ttf",
    "notoemoji-regular.ttf",
    "notoemoji*.ttf",
    "seguiemj.ttf",
    "seguisym.ttf",
    "symbola*.ttf",
    "apple symbols.ttf",
    "notosans*-regular.ttf",
    "freesans.ttf",
    "freeserif.ttf",
    "unifont*.ttf",
)
MAX_FALLBACKS = 40  # font files tried at most, so a rare character stays cheap
LOAD_BUDGET_SECONDS = 8.0


@dataclass
class Fallback:
    name: str  # reportlab font name
    path: Path
    coverage: frozenset[int]


def _coverage(font: TTFont) -> frozenset[int]:
    return frozenset(font.face.charToGlyph)


def find_fallback_files(dirs: tuple[str, ...] = FONT_DIRS) -> list[Path]:
    """Candidate fallback font files on this system, best first."""
    found: dict[int, list[Path]] = {}
    seen: set[str] = set()
    for folder in dirs:
        root = Path(os.path.expanduser(folder))
        if not root.is_dir():
            continue
        for dirpath, _dirnames, filenames in os.walk(root):
            for filename in filenames:
                lower = filename.lower()
                if lower.startswith("dejavu") or lower in seen:
                    continue
                for rank, pattern in enumerate(FALLBACK_PATTERNS):
                    if fnmatch.fnmatchcase(lower, pattern):
                        seen.add(lower)
                        found.setdefault(rank, []).append(Path(dirpath) / filename)
                        break
    return [path for rank in sorted(found) for path in sorted(found[rank])]


@dataclass
class FontSet:
    """Which registered font draws which character.

    `font_for(cp)` answers `FAMILY` (any face of the family draws it), `PLAIN`
    (only the regular face does), the name of a fallback font, or None.
    Fallback fonts are loaded lazily, the first time a character needs one.
    """

    family: frozenset[int]
    regular: frozenset[int]
    candidates: list[Path] = field(default_factory=list)
    fallbacks: list[Fallback] = field(default_factory=list)
    _cache: dict[int, str | None] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _budget: float = LOAD_BUDGET_SECONDS

    def font_for(self, cp: int) -> str | None:
        if cp in self.family:
            return FAMILY
        if cp in self.regular:
            return PLAIN
        with self._lock:
            if cp in self._cache:
                return self._cache[cp]
            name = self._search(cp)
            self._cache[cp] = name
            return name

    def _search(self, cp: int) -> str | None:
        for fallback in self.fallbacks:
            if cp in fallback.coverage:
                return fallback.name
        while self.candidates and self._budget > 0 and len(self.fallbacks) < MAX_FALLBACKS:
            path = self.candidates.pop(0)
            started = time.monotonic()
            fallback = _load_fallback(path)
            self._budget -= time.monotonic() - started
            if fallback is None:
                continue
            self.fallbacks.append(fallback)
            if cp in fallback.coverage:
                return fallback.name
        return None


_numbers = itertools.count(1)


def _load_fallback(path: Path) -> Fallback | None:
    name = f"SWFallback{next(_numbers)}-{path.stem.replace(' ', '')}"
    try:
        font = TTFont(name, str(path), subfontIndex=0)
        coverage = _coverage(font)
        pdfmetrics.registerFont(font)
    except Exception as error:  # CFF outlines, bitmap-only colour fonts, damage
        log.info("skipping fallback font %s: %s", path, error)
        return None
    return Fallback(name, path, coverage)


_lock = threading.Lock()
_fontset: FontSet | None = None
_family_coverage: dict[str, frozenset[int]] = {}


def fontset() -> FontSet:
    """The process-wide font set: the bundled family and this system's fallbacks."""
    global _fontset
    with _lock:
        if _fontset is None:
            _fontset = _make(FONT_DIRS)
        return _fontset


def make_fontset(fallback_dirs: tuple[str, ...] = ()) -> FontSet:
    """A fresh font set with fallbacks from `fallback_dirs` only (none by default)."""
    with _lock:
        return _make(fallback_dirs)


def _make(fallback_dirs: tuple[str, ...]) -> FontSet:
    coverage = _register_family()
    return FontSet(
        family=frozenset.intersection(*coverage.values()),
        regular=coverage[REGULAR],
        candidates=find_fallback_files(fallback_dirs) if fallback_dirs else [],
    )


def _utf16_hex(code: int) -> str:
    if code <= 0xFFFF:
        return f"{code:04X}"
    return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with characters beyond U+FFFF written as
    UTF-16 surrogate pairs as the PDF specification asks. reportlab writes
    them as five hex digits, which readers reject, so an emoji drawn in the
    minutes could not be copied or searched."""
    return "\n".join([
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{index:02X}> <{_utf16_hex(code)}>" for index, code in enumerate(subset)),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ])


def _register_family() -> dict[str, frozenset[int]]:
    """Register the bundled DejaVu Sans faces as one family (once per process)."""
    if _family_coverage:
        return _family_coverage
    if ttfonts.makeToUnicodeCMap.__module__ == ttfonts.__name__:
        ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    folder = fonts_dir()
    coverage = {}
    for name, filename in _FILES.items():
        font = TTFont(name, str(folder / filename))
        pdfmetrics.registerFont(font)
        coverage[name] = _coverage(font)
    pdfmetrics.registerFontFamily(
        FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
    )
    pdfmetrics.registerFont(TTFont(PLAIN, str(folder / _FILES[REGULAR])))
    _family_coverage.update(coverage)
    return _family_coverage
