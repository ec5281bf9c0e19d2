"""How far a room of evaluators agrees (issue 27): the spread of their scores
for one cell, and their agreement on the ranking of vendors as Kendall's
coefficient of concordance W (0 = no agreement, 1 = all rank alike), told in
a sentence a CIO reads at a glance.

Pure arithmetic on plain numbers, so the grid, the minutes and a server for
the room's phones all call the same functions.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Spread:
    """The evaluators' scores of one cell."""

    count: int
    low: int
    high: int
    median: float
    stdev: float  # population standard deviation: the room is all there is

    @property
    def range(self) -> int:
        return self.high - self.low

    def disagrees(self, threshold: int) -> bool:
        """Evaluators `threshold` or more points apart: discuss before deciding."""
        return self.count >= 2 and self.range >= threshold


def spread(scores: Sequence[int]) -> Spread | None:
    """The spread of the scores given (None when nobody scored the cell)."""
    if not scores:
        return None
    return Spread(len(scores), min(scores), max(scores), float(statistics.median(scores)),
                  statistics.pstdev(scores))


def midranks(values: Sequence[float], high_first: bool = True) -> list[float]:
    """Ranks 1..n of `values` (the highest first by default), ties sharing the
    mean of the places they take: [4, 3, 3, 1] -> [1, 2.5, 2.5, 4]."""
    order = sorted(range(len(values)), key=lambda i: -values[i] if high_first else values[i])
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for position in range(start, end + 1):
            ranks[order[position]] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def kendalls_w(rankings: Sequence[Sequence[float]]) -> float | None:
    """Kendall's W of m rankings of the same n objects (each a list of ranks,
    ties as midranks), with the correction for ties. None when it says nothing:
    fewer than two evaluators or two objects, or every ranking all ties."""
    m = len(rankings)
    if m < 2:
        return None
    n = len(rankings[0])
    if n < 2 or any(len(r) != n for r in rankings):
        return None
    sums = [sum(r[i] for r in rankings) for i in range(n)]
    mean = m * (n + 1) / 2
    s = sum((total - mean) ** 2 for total in sums)
    ties = 0.0
    for ranking in rankings:
        for rank in set(ranking):
            t = sum(1 for value in ranking if value == rank)
            ties += t ** 3 - t
    denominator = m * m * (n ** 3 - n) - m * ties
    if denominator <= 0:
        return None
    return 12 * s / denominator


def strength(w: float) -> str:
    """Words for W, after Schmidt's (1997) guide for concordance."""
    if w >= 0.9:
        return "very strong agreement"
    if w >= 0.7:
        return "strong agreement"
    if w >= 0.5:
        return "moderate agreement"
    if w >= 0.3:
        return "weak agreement"
    return "no real agreement"


def _places(places: list[int]) -> str:
    """[2, 3, 5] -> "places 2-3 and 5"; [4] -> "place 4"."""
    runs: list[list[int]] = []
    for place in places:
        if runs and place == runs[-1][-1] + 1:
            runs[-1].append(place)
        else:
            runs.append([place])
    words = [str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs]
    listed = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
    return ("place " if len(places) == 1 else "places ") + listed


def agreement_sentence(orders: Sequence[Sequence[str]], consensus: Sequence[str],
                       w: float | None) -> str:
    """A sentence on the room's rankings: `orders` are the evaluators' vendor
    names best first, `consensus` the agreed order. Names the leader when most
    evaluators put it first, and the places where they split."""
    if w is None or not consensus or len(orders) < 2:
        return "Not enough evaluators' rankings to measure agreement."
    leader = consensus[0]
    firsts = sum(1 for order in orders if order and order[0] == leader)
    parts = [f"{strength(w)} (Kendall's W {w:.2f})"]
    if firsts * 2 > len(orders):
        parts[0] += f" that {leader} ranks first ({firsts} of {len(orders)} evaluators)"
    start = 1 if firsts * 2 > len(orders) else 0
    split = [place + 1 for place in range(start, len(consensus))
             if len({order[place] for order in orders if len(order) > place}) > 1]
    if split:
        parts.append(f"the room splits on {_places(split)}")
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."
