"""The flowables the minutes add to reportlab's: a paragraph that keeps its
line breaking, and a stack of paragraphs for a long text (issue 13)."""

from __future__ import annotations

from itertools import pairwise

from reportlab.platypus import Flowable, Paragraph

from desktop_app.export import bidi


class KeptParagraph(Paragraph):
    """A Paragraph that keeps its last line breaking: a table wraps each cell
    several times, and a row split over pages wraps what remains on every page."""

    _last_wrap: tuple | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        key = (id(self), availWidth)  # a split copies the attributes: not its lines
        last = self._last_wrap
        if last is not None and last[0] == key:
            _, self.width, self._wrapWidths, self.blPara, self.height = last
            return availWidth, self.height
        width, height = super().wrap(availWidth, availHeight)
        self._last_wrap = (key, self.width, self._wrapWidths, self.blPara, height)
        return width, height

    def drawPara(self, debug: int = 0) -> None:
        """Lines with right-to-left words are drawn with their words in visual order
        (bidi.py); the lines themselves stay as they were broken."""
        lines = getattr(self.blPara, "lines", [])
        if self.blPara.kind != 1 or not any(
                bidi.has_right_to_left(frag.text) for line in lines for frag in line.words):
            super().drawPara(debug)
            return
        logical = [line.words for line in lines]
        try:
            # Each line typed (ended by a line break) has its own direction, that of
            # its first strong character, as a paragraph has in UAX #9.
            start = 0
            for end, line in enumerate(lines):
                if getattr(line, "lineBreak", False) or end == len(lines) - 1:
                    group = lines[start:end + 1]
                    right_to_left = bidi.base_is_right_to_left(
                        "".join(frag.text for member in group for frag in member.words))
                    for member in group:
                        member.words = _visual_words(member.words, right_to_left)
                    start = end + 1
            super().drawPara(debug)
        finally:
            for line, words in zip(lines, logical, strict=True):
                line.words = words


def _visual_words(frags: list, right_to_left: bool) -> list:
    """The frags of one line with their words in the order they are drawn."""
    tokens = [(frag, word) for frag in frags for word in str(frag.text).split(" ") if word]
    if not tokens:
        return frags
    ordered = [tokens[i] for i in bidi.visual_order([w for _f, w in tokens], right_to_left)]
    result: list = []
    for frag, word in ordered:
        if result and result[-1][0] is frag:
            result[-1][1].append(word)
        else:
            result.append((frag, [word]))
    last = len(result) - 1
    return [frag.clone(text=" ".join(words) + (" " if index < last else ""))
            for index, (frag, words) in enumerate(result)]


class Stack(Flowable):
    """The pieces of one long text, one after the other; it splits between or
    inside pieces. In a table cell its pieces are the cell's list of flowables.
    The space before its first piece and after its last are its own, as a
    paragraph's are, so the frame handles them as for any paragraph."""

    def __init__(self, pieces: list[Flowable], gaps: list[float] | None = None,
                 known: tuple[float, list[float]] | None = None) -> None:
        super().__init__()
        self.pieces = pieces
        # The space above each piece inside the stack (none above the first).
        self._gaps = gaps if gaps is not None else [0.0] + [
            before.getSpaceAfter() + after.getSpaceBefore()
            for before, after in pairwise(pieces)]
        # (width, height of each piece): a frame wraps what remains of the stack on
        # every page it flows onto, so measuring every piece each time would cost
        # time growing with the square of the text's length.
        self._known = known

    def getSpaceBefore(self) -> float:
        return self.pieces[0].getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.pieces[-1].getSpaceAfter()

    def _heights(self, availWidth: float, availHeight: float) -> list[float]:
        if self._known is None or self._known[0] != availWidth:
            self._known = (availWidth, [piece.wrap(availWidth, availHeight)[1]
                                        for piece in self.pieces])
        return self._known[1]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = sum(self._heights(availWidth, availHeight)) + sum(self._gaps)
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        # reportlab's Table measures a cell at its width less the paddings, then
        # splits it at the whole column's width (tables.py, _splitCell): split at
        # the width last measured, so the lines split off are the lines drawn.
        if self._known is not None and self._known[0] < availWidth:
            availWidth = self._known[0]
        heights = self._heights(availWidth, availHeight)
        used = 0.0
        for index, (piece, gap) in enumerate(zip(self.pieces, self._gaps, strict=True)):
            height = heights[index]
            if used + gap + height <= availHeight:
                used += gap + height
                continue
            piece.wrap(availWidth, availHeight)
            parts = piece.split(availWidth, availHeight - used - gap)
            before, after = self.pieces[:index], self.pieces[index + 1:]
            later = heights[index + 1:]
            if len(parts) == 2:
                before, after = [*before, parts[0]], [parts[1], *after]
                later = [parts[1].wrap(availWidth, availHeight)[1], *later]
            else:
                after, later = [piece, *after], [height, *later]
            if not before:
                return []
            return [Stack(before, self._gaps[:len(before)]),
                    Stack(after, [0.0, *self._gaps[len(self.pieces) - len(after) + 1:]],
                           (availWidth, later))]
        return [self]

    def draw(self) -> None:
        y = self.height
        for piece, gap in zip(self.pieces, self._gaps, strict=True):
            piece.wrap(self.width, self.height)  # measured already: the lines are kept
            y -= gap + piece.height
            piece.drawOn(self.canv, 0, y)
