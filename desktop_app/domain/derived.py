"""Values the room reads but nobody types: vendor totals and ranking, FTE
demand against capacity, where a function sits on the sourcing matrix."""

from __future__ import annotations

import copy
import functools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from desktop_app.domain.model import Function, Workshop

MATRIX_MIDPOINT = 3  # scores above this are "high" on the 1-5 axes


T = TypeVar("T")


def _reused_while_unchanged(*sections: str) -> Callable[[Callable[[Workshop], T]],
                                                          Callable[[Workshop], T]]:
    """Keep the last answer of a function of these sections only.

    Table columns ask for a vendor's rank or demand once per cell; on a large
    workshop recomputing it each time made a stage take a second to show.
    Items are immutable and edits replace them, so comparing the sections'
    items (by identity first) tells whether the answer still holds. Callers
    get a copy, so they cannot change the kept answer.
    """

    def decorate(function: Callable[[Workshop], T]) -> Callable[[Workshop], T]:
        kept: list[tuple[tuple, T]] = []

        @functools.wraps(function)
        def reused(workshop: Workshop) -> T:
            inputs = tuple(tuple(workshop.section(name)) for name in sections)
            last = kept[-1] if kept else None
            if last is not None and last[0] == inputs:
                return copy.copy(last[1])
            answer = function(workshop)
            kept[:] = [(inputs, answer)]
            return copy.copy(answer)

        return reused

    return decorate


@dataclass(frozen=True)
class VendorResult:
    vendor_id: str
    name: str
    weighted_total: float  # 0-5, weights normalised to their sum
    scored: int  # how many criteria have a score
    criteria: int
    knocked_out_by: tuple[str, ...]  # ids of criteria whose minimum it misses
    rank: int

    @property
    def complete(self) -> bool:
        return self.scored == self.criteria

    @property
    def knocked_out(self) -> bool:
        return bool(self.knocked_out_by)


@_reused_while_unchanged("criteria")
def weight_shares(workshop: Workshop) -> dict[str, float]:
    """Each criterion's weight as a share of 100, whatever the weights add to."""
    total = sum(c.weight for c in workshop.criteria)
    if total <= 0:
        return {c.id: 0.0 for c in workshop.criteria}
    return {c.id: 100.0 * c.weight / total for c in workshop.criteria}


def _score_rows(workshop: Workshop) -> list[tuple[dict[int, int], tuple[str, ...]]]:
    """Per vendor, in workshop order: its scores by criterion index, and the
    ids of the criteria whose minimum it misses. Neither depends on the
    weights, so a weight trial reuses them."""
    scores = {s.key: s.score for s in workshop.scores}
    rows = []
    for vendor in workshop.vendors:
        scored: dict[int, int] = {}
        knocked: list[str] = []
        for index, criterion in enumerate(workshop.criteria):
            score = scores.get((vendor.id, criterion.id))
            if score is None:
                continue
            scored[index] = score
            if criterion.knockout_min is not None and score < criterion.knockout_min:
                knocked.append(criterion.id)
        rows.append((scored, tuple(knocked)))
    return rows


def _weighted_sums(rows, weights: list[int]) -> list[int]:
    """Score times weight, summed per vendor: whole numbers, so exact in any order."""
    return [sum(score * weights[index] for index, score in scored.items())
            for scored, _knocked in rows]


def _total(weighted: int, total_weight: int) -> float:
    """A weighted sum on the 0-5 scale, weights normalised to their sum."""
    return round(weighted / total_weight, 4) if total_weight > 0 else 0.0


def _rank_key(rows, totals: list[float]):
    """Knocked-out vendors last, then by weighted total (ties keep workshop order)."""
    return lambda position: (bool(rows[position][1]), -totals[position])


@_reused_while_unchanged("vendors", "criteria", "scores")
def vendor_results(workshop: Workshop) -> list[VendorResult]:
    """Vendors ranked: knocked-out vendors last, then by weighted total.

    A missing score counts as 0 towards the total (the room sees `scored`), and
    only a score below a criterion's knock-out minimum knocks a vendor out: a
    criterion nobody has scored yet does not.
    """
    rows = _score_rows(workshop)
    weights = [c.weight for c in workshop.criteria]
    totals = [_total(weighted, sum(weights)) for weighted in _weighted_sums(rows, weights)]
    order = sorted(range(len(rows)), key=_rank_key(rows, totals))
    vendors = workshop.vendors
    return [
        VendorResult(vendors[p].id, vendors[p].name, totals[p], len(rows[p][0]),
                     len(workshop.criteria), rows[p][1], rank)
        for rank, p in enumerate(order, start=1)
    ]


@dataclass(frozen=True)
class CloseCall:
    leader: str
    runner_up: str
    margin: float  # (leader - runner-up) / leader

    def is_close(self, threshold: float) -> bool:
        return self.margin < threshold


def score_progress(workshop: Workshop) -> tuple[int, int]:
    """(scores entered, scores a full grid has): a ranking is final only when
    every vendor has a score for every criterion."""
    results = vendor_results(workshop)
    return sum(r.scored for r in results), sum(r.criteria for r in results)


def ranking_is_final(workshop: Workshop) -> bool:
    entered, needed = score_progress(workshop)
    return needed > 0 and entered == needed


def close_call(workshop: Workshop) -> CloseCall | None:
    """The gap between the two best vendors still in the running, if two are;
    None until every score is in (one scored row "leading by 100 %" is no lead)."""
    if not ranking_is_final(workshop):
        return None
    ranked = [r for r in vendor_results(workshop) if not r.knocked_out]
    if len(ranked) < 2 or ranked[0].weighted_total <= 0:
        return None
    first, second = ranked[0], ranked[1]
    margin = (first.weighted_total - second.weighted_total) / first.weighted_total
    return CloseCall(first.vendor_id, second.vendor_id, margin)


@dataclass(frozen=True)
class Verdict:
    """What the ranking allows the room to say, in one sentence."""

    text: str
    close: bool  # a close call: check the evidence and the weights
    final: bool  # every score is in (otherwise the ranking is provisional)


def ranking_verdict(workshop: Workshop) -> Verdict | None:
    """The lead, the close call, or that the ranking is provisional: nothing of a
    lead until every score is in. None with fewer than two vendors to compare.
    The scoring grid and the presenter's slide say it in these words."""
    if not workshop.vendors or not workshop.criteria:
        return None
    entered, needed = score_progress(workshop)
    if entered < needed:
        return Verdict(f"Provisional: {entered} of {needed} scores entered, so no vendor "
                       "leads yet.", close=False, final=False)
    call = close_call(workshop)
    if call is None:
        return None
    names = {v.id: v.label for v in workshop.vendors}
    leader, runner = names[call.leader], names[call.runner_up]
    threshold = workshop.thresholds.close_call_margin * 100
    if call.is_close(workshop.thresholds.close_call_margin):
        return Verdict(f"Close call: {leader} leads {runner} by only "
                       f"{call.margin * 100:.1f} % (within {threshold:g} %). Check the "
                       "evidence and the weights before deciding.", close=True, final=True)
    return Verdict(f"{leader} leads {runner} by {call.margin * 100:.1f} %: a clear lead "
                   f"(the close-call margin is {threshold:g} %).", close=False, final=True)


@dataclass(frozen=True)
class Capacity:
    vendor_id: str
    name: str
    available: float
    demand: float

    @property
    def over(self) -> bool:
        return self.demand > self.available + 1e-9


@_reused_while_unchanged("vendors", "assignments")
def vendor_capacity(workshop: Workshop) -> list[Capacity]:
    """FTE the assigned functions need from each vendor, against what it has."""
    demand: dict[str, float] = defaultdict(float)
    for assignment in workshop.assignments:
        demand[assignment.vendor] += assignment.fte_required
    return [Capacity(v.id, v.name, v.available_fte, demand[v.id]) for v in workshop.vendors]


class Quadrant(StrEnum):
    """The 2x2 sourcing matrix: strategic importance against in-house capability."""

    CORE = "core"  # important, and we are good at it: keep and invest
    BUILD_OR_PARTNER = "build_or_partner"  # important, weak in-house: hybrid / build
    COMMODITY_STRENGTH = "commodity_strength"  # not core, strong in-house: keep if cheaper
    OUTSOURCE = "outsource"  # not core, weak in-house: the natural candidate

    @property
    def title(self) -> str:
        return QUADRANT_TITLES[self]

    @property
    def suggestion(self) -> str:
        return QUADRANT_SUGGESTIONS[self]


QUADRANT_TITLES = {
    Quadrant.CORE: "Core strength",
    Quadrant.BUILD_OR_PARTNER: "Build or partner",
    Quadrant.COMMODITY_STRENGTH: "Efficient commodity",
    Quadrant.OUTSOURCE: "Outsource candidate",
}

QUADRANT_SUGGESTIONS = {
    Quadrant.CORE: "Retain and invest",
    Quadrant.BUILD_OR_PARTNER: "Retain control; hybrid or build capability",
    Quadrant.COMMODITY_STRENGTH: "Retain while it stays cost-effective",
    Quadrant.OUTSOURCE: "Outsource to a capable vendor",
}


def quadrant(function: Function) -> Quadrant:
    important = function.strategic_importance > MATRIX_MIDPOINT
    capable = function.inhouse_capability > MATRIX_MIDPOINT
    if important:
        return Quadrant.CORE if capable else Quadrant.BUILD_OR_PARTNER
    return Quadrant.COMMODITY_STRENGTH if capable else Quadrant.OUTSOURCE


def planned_minutes(workshop: Workshop) -> dict[str, int]:
    """Planned agenda minutes per stage value."""
    minutes: dict[str, int] = defaultdict(int)
    for item in workshop.agenda:
        minutes[item.stage.value] += item.planned_minutes
    return dict(minutes)


def assigned_vendors(workshop: Workshop, function_id: str) -> list[str]:
    return [a.vendor for a in workshop.assignments if a.function == function_id]


@dataclass(frozen=True)
class WeightFlip:
    """The smallest change to one criterion's weight that changes the winner."""

    criterion_id: str
    old_weight: int
    new_weight: int
    new_leader: str

    @property
    def delta(self) -> int:
        return self.new_weight - self.old_weight


@_reused_while_unchanged("vendors", "criteria", "scores")
def weight_flip(workshop: Workshop) -> WeightFlip | None:
    """Try every criterion weight from its value outwards (0-100); report the
    smallest move that puts another vendor first, or None if none does."""
    results = vendor_results(workshop)
    if len(results) < 2 or not workshop.criteria:
        return None
    leader = results[0].vendor_id
    rows = _score_rows(workshop)
    weights = [c.weight for c in workshop.criteria]
    base, base_weight = _weighted_sums(rows, weights), sum(weights)
    best: WeightFlip | None = None
    for index, criterion in enumerate(workshop.criteria):
        for step in range(1, 101):
            if best is not None and step >= abs(best.delta):
                break
            for new_weight in (criterion.weight - step, criterion.weight + step):
                if not 0 <= new_weight <= 100:
                    continue
                move = new_weight - criterion.weight  # only this criterion's term changes
                totals = [_total(weighted + scored.get(index, 0) * move, base_weight + move)
                          for weighted, (scored, _knocked) in zip(base, rows, strict=True)]
                first = min(range(len(rows)), key=_rank_key(rows, totals))
                if workshop.vendors[first].id != leader:
                    best = WeightFlip(criterion.id, criterion.weight, new_weight,
                                      workshop.vendors[first].id)
                    break
            if best is not None and best.criterion_id == criterion.id:
                break
    return best
