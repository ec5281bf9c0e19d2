"""The room's spread and agreement (issue 27, domain): medians, spreads and
Kendall's W against hand-computed cases and, for random rankings, against an
independent reference (the mean Spearman correlation between evaluators)."""

from __future__ import annotations

import itertools
import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain.agreement import (
    agreement_sentence,
    kendalls_w,
    midranks,
    spread,
)


def test_midranks_share_tied_places():
    assert midranks([4, 3, 3, 1]) == [1, 2.5, 2.5, 4]
    assert midranks([2, 2, 2]) == [2, 2, 2]
    assert midranks([1, 5], high_first=False) == [1, 2]


def test_a_cells_spread():
    cell = spread([1, 3, 5, 5])
    assert (cell.count, cell.low, cell.high, cell.median, cell.range) == (4, 1, 5, 4.0, 4)
    assert math.isclose(cell.stdev, math.sqrt(2.75))
    assert cell.disagrees(2) and not cell.disagrees(5)
    alone = spread([4])
    assert alone.median == 4 and not alone.disagrees(0)
    assert spread([]) is None


def test_kendalls_w_by_hand():
    assert kendalls_w([[1, 2, 3], [1, 2, 3], [1, 2, 3]]) == 1
    assert kendalls_w([[1, 2, 3], [3, 2, 1]]) == 0
    # sums of ranks 4, 6, 8, 12 around a mean of 7.5: S = 35; W = 12 * 35 / (9 * 60)
    assert math.isclose(kendalls_w([[1, 2, 3, 4], [2, 1, 3, 4], [1, 3, 2, 4]]), 420 / 540)
    # one tie of two: T = 2^3 - 2 = 6; W = 12 * 6.5 / (4 * 24 - 2 * 6)
    assert math.isclose(kendalls_w([[1, 2, 3], [1.5, 1.5, 3]]), 78 / 84)


def test_w_says_nothing_without_two_evaluators_or_two_vendors():
    assert kendalls_w([[1, 2, 3]]) is None
    assert kendalls_w([[1], [1]]) is None
    assert kendalls_w([[1.5, 1.5], [1.5, 1.5]]) is None  # all ties: nothing to agree on


def mean_spearman(rankings: list[list[int]]) -> float:
    """The reference: Spearman's rho of each pair of evaluators, averaged."""
    pairs = itertools.combinations(rankings, 2)
    return float(np.mean([np.corrcoef(a, b)[0, 1] for a, b in pairs]))


@given(st.integers(min_value=3, max_value=9).flatmap(
    lambda n: st.lists(st.permutations(list(range(1, n + 1))), min_size=2, max_size=8)))
def test_w_agrees_with_the_mean_spearman_correlation(rankings):
    """Without ties, W = (1 + (m - 1) * mean rho) / m (Kendall and Gibbons)."""
    m = len(rankings)
    expected = (1 + (m - 1) * mean_spearman(rankings)) / m
    assert math.isclose(kendalls_w(rankings), expected, abs_tol=1e-9)


def test_the_sentence_a_cio_reads():
    orders = [["Wydma", "Sahyadri", "Ribeira", "Weserland"],
              ["Sahyadri", "Wydma", "Ribeira", "Weserland"],
              ["Wydma", "Ribeira", "Sahyadri", "Weserland"]]
    consensus = ["Wydma", "Sahyadri", "Ribeira", "Weserland"]
    rankings = [[order.index(name) + 1 for name in consensus] for order in orders]
    w = kendalls_w(rankings)
    assert agreement_sentence(orders, consensus, w) == (
        "Strong agreement (Kendall's W 0.78) that Wydma ranks first (2 of 3 evaluators); "
        "the room splits on places 2-3.")
    split_first = [consensus, list(reversed(consensus))]
    assert agreement_sentence(split_first, consensus, 0.0) == (
        "No real agreement (Kendall's W 0.00); the room splits on places 1-4.")
    assert agreement_sentence([consensus], consensus, None).startswith("Not enough")
