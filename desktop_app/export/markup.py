"""The one place where text people typed becomes something reportlab draws.

reportlab's `Paragraph` parses its text as markup: `<b>` in a function name
raises, `<img src=...>` reads a local file, `&copy;` becomes ©, newlines
collapse. Every user string of the minutes goes through `Markup`, which

- normalises it (NFC; CR LF and CR to LF) and removes control characters,
- escapes `&`, `<` and `>` and turns newlines into `<br/>`,
- wraps the characters the bundled family cannot draw in the fallback font
  that can (`fonts.FontSet`), and
- replaces what no font draws with a visible placeholder, remembering each
  such character for `missing_characters`: nothing is dropped silently.

Canvas drawing (charts, the page footer) uses `runs()` instead: the same
decisions, as (font name, text) pieces to draw one after the other.
"""

from __future__ import annotations

import re
import unicodedata
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop_app.export import fonts

PLACEHOLDER = "□"  # U+25A1 WHITE SQUARE, drawn by every face of the family
ELLIPSIS = "…"

_CATEGORY_NAMES = {
    "Co": "<private use character>",
    "Cn": "<unassigned character>",
    "Cs": "<lone surrogate>",
}


def _invisible(ch: str) -> bool:
    """Format characters and variation selectors: no glyph of their own."""
    cp = ord(ch)
    return (
        unicodedata.category(ch) == "Cf"
        or 0xFE00 <= cp <= 0xFE0F
        or 0xE0100 <= cp <= 0xE01EF
        or cp == 0x034F
    )


def describe(ch: str) -> str:
    """A character for people: "U+1F600 GRINNING FACE (😀)"."""
    category = unicodedata.category(ch)
    name = unicodedata.name(ch, "") or _CATEGORY_NAMES.get(category, "<unnamed character>")
    shown = "" if category in _CATEGORY_NAMES or category.startswith(("C", "Z")) else f" ({ch})"
    return f"U+{ord(ch):04X} {name}{shown}"


def clean(text: object) -> str:
    """NFC text with LF line ends, tabs as spaces and no other control characters."""
    if text is None:
        return ""
    text = str(text)
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return "".join(
        ch for ch in text
        if ch == "\n" or not (ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F)
    )


class Markup:
    """Escapes user text for one export, collecting the characters no font has."""

    def __init__(self, fontset: fonts.FontSet | None = None) -> None:
        self.fonts = fontset if fontset is not None else fonts.fontset()
        self._missing: dict[int, str] = {}

    # --- what draws each character ----------------------------------------

    def _pieces(self, text: str) -> list[tuple[str | None, str]]:
        """Runs of (font, text) of cleaned text; font None is a line break.

        The font is `fonts.FAMILY` for text any face of the family draws
        (the style then picks regular, bold or italic)."""
        pieces: list[tuple[str | None, str]] = []
        current: str | None = ""
        chunk: list[str] = []

        def flush() -> None:
            if chunk:
                pieces.append((current, "".join(chunk)))
                chunk.clear()

        for ch in clean(text):
            if ch == "\n":
                flush()
                pieces.append((None, "\n"))
                current = ""
                continue
            cp = ord(ch)
            font = self.fonts.font_for(cp) if unicodedata.category(ch) != "Cs" else None
            if font is None:
                if _invisible(ch):
                    continue
                self._missing.setdefault(cp, describe(ch))
                ch, font = PLACEHOLDER, fonts.FAMILY
            if font != current:
                flush()
                current = font
            chunk.append(ch)
        flush()
        return pieces

    # --- paragraphs ----------------------------------------------------------

    def __call__(self, text: object) -> str:
        """`text` as safe Paragraph markup, drawn verbatim."""
        out: list[str] = []
        for font, chunk in self._pieces(str(text) if text is not None else ""):
            if font is None:
                out.append("<br/>")
            elif font == fonts.FAMILY:
                out.append(escape(chunk))
            else:
                out.append(f'<font name="{font}">{escape(chunk)}</font>')
        return "".join(out)

    def plain(self, text: object) -> str:
        """Clean one-line text for document metadata (no markup involved).

        Soft hyphens (U+00AD, invisible) are left out: reportlab writes them
        in PDFDocEncoding as byte 0xAD, which that encoding does not define,
        so PDF readers showed the title "0" + U+00AD as a Hangul syllable."""
        return " ".join(clean(text).replace("\u00ad", "").split())

    # --- canvas drawing ------------------------------------------------------

    def runs(self, text: object, face: str = fonts.REGULAR) -> list[tuple[str, str]]:
        """(font name, text) pieces to draw one after another on one line."""
        result: list[tuple[str, str]] = []
        for font, chunk in self._pieces(str(text) if text is not None else ""):
            name = face if font == fonts.FAMILY else fonts.REGULAR if font == fonts.PLAIN else font
            piece = " " if font is None else chunk
            if result and result[-1][0] == (name or face):
                result[-1] = (result[-1][0], result[-1][1] + piece)
            else:
                result.append((name or face, piece))
        return result

    @staticmethod
    def width(runs: list[tuple[str, str]], size: float) -> float:
        return sum(stringWidth(text, font, size) for font, text in runs)

    def fit(self, text: object, width: float, size: float,
            face: str = fonts.REGULAR) -> list[tuple[str, str]]:
        """`runs(text)`, cut with an ellipsis to fit `width` points."""
        text = "" if text is None else str(text)
        # No glyph is narrower than a twentieth of the size (zero-width marks
        # aside), so more characters than this never fit: a 1 MB title in the
        # footer of every page costs one line, not the whole title each time.
        most = int(width / (size * 0.05)) + 1
        if len(text) > most:
            text = text[:most]
        pieces = self.runs(text, face)
        if self.width(pieces, size) <= width:
            return pieces
        room = width - stringWidth(ELLIPSIS, face, size)
        result: list[tuple[str, str]] = []
        used = 0.0
        for font, chunk in pieces:
            kept = []
            for ch in chunk:
                advance = stringWidth(ch, font, size)
                if used + advance > room:
                    break
                kept.append(ch)
                used += advance
            else:
                result.append((font, chunk))
                continue
            if kept:
                result.append((font, "".join(kept).rstrip()))
            break
        result.append((face, ELLIPSIS))
        return result

    # --- report ----------------------------------------------------------------

    @property
    def missing_characters(self) -> list[str]:
        """Each character no available font could draw, by code point."""
        return [self._missing[cp] for cp in sorted(self._missing)]


# --- long text -------------------------------------------------------------------------

_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_UNIT = re.compile(r"&[#\w]+;|.", re.S)  # an entity counts as one character


def split_markup(markup: str, size: int, hard: int) -> list[str]:
    """`markup` cut into pieces of about `size` characters, each valid markup on its own.

    reportlab re-breaks a paragraph's remaining text on every page it flows onto
    and measures a word too long for a line character by character each time, so
    one long text, or one long word, costs time that grows with the square of its
    length (1 MB took minutes). Pieces make it linear: each is a paragraph of its
    own. A piece ends at a line break or a space once it is `size` long, or inside
    a word `hard` characters long; tags open at a cut are closed and reopened, so
    every piece draws exactly as its part of the whole did.
    """
    pieces: list[str] = []
    current: list[str] = []
    open_tags: list[str] = []  # opening tags in effect, outermost first
    count = 0  # characters in the current piece
    run = 0  # characters since the last place a line may break

    def cut() -> None:
        nonlocal count, run
        closing = "".join(f"</{_tag_name(tag)}>" for tag in reversed(open_tags))
        pieces.append("".join(current) + closing)
        current[:] = list(open_tags)
        count = run = 0

    for token in _TAG_OR_TEXT.split(markup):
        if not token:
            continue
        if token.startswith("<"):
            if token.endswith("/>"):  # <br/>: a line break, and a good place to cut
                if count >= size:
                    cut()
                    continue
                current.append(token)
                run = 0
            elif token.startswith("</"):
                open_tags.pop()
                current.append(token)
            else:
                open_tags.append(token)
                current.append(token)
            continue
        for unit in _UNIT.findall(token):
            if unit == " " and count >= size:
                cut()
                continue  # the space becomes the break between the pieces
            if run >= hard:
                cut()
            current.append(unit)
            count += 1
            run = 0 if unit == " " else run + 1
    if current != open_tags or not pieces:
        pieces.append("".join(current) + "".join(
            f"</{_tag_name(tag)}>" for tag in reversed(open_tags)))
    return pieces


def _tag_name(opening: str) -> str:
    return opening[1:].split(maxsplit=1)[0].rstrip(">/")
