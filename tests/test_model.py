"""Values the room reads but nobody types (derived.py), and the Workshop
container itself: fresh ids, finding items, snapshots for background work."""

from __future__ import annotations

import dataclasses
import random

import pytest

from desktop_app.domain import derived
from desktop_app.domain.commands import AddItem, EditField, RemoveItem
from desktop_app.domain.derived import Quadrant
from desktop_app.domain.model import (
    AgendaItem,
    Assignment,
    Criterion,
    Function,
    Score,
    Stage,
    Vendor,
    Workshop,
)
from desktop_app.storage import interchange


def scored_workshop(
    weights: tuple[int, ...] = (40, 35, 25),
    knockout: tuple[int | None, ...] = (3, None, None),
    scores: dict[str, tuple[int | None, ...]] | None = None,
) -> Workshop:
    """Criteria c1.. with the given weights, vendors v1.. with the given scores
    (None = not scored yet). Defaults are the interchange example's numbers."""
    scores = scores if scores is not None else {"v1": (4, 2, 3), "v2": (3, 5, 4)}
    ws = Workshop()
    for number, (weight, minimum) in enumerate(zip(weights, knockout, strict=True), start=1):
        ws.criteria.append(Criterion(f"c{number}", f"Criterion {number}", weight, minimum))
    for vendor_id, row in scores.items():
        ws.vendors.append(Vendor(vendor_id, f"Vendor {vendor_id}", available_fte=10))
        for number, score in enumerate(row, start=1):
            if score is not None:
                ws.scores.append(Score(vendor_id, f"c{number}", score))
    return ws


def by_vendor(ws: Workshop) -> dict[str, derived.VendorResult]:
    return {r.vendor_id: r for r in derived.vendor_results(ws)}


# --- weighted totals and ranking -------------------------------------------


def test_weighted_totals_match_a_hand_calculation_of_the_example(example_json):
    ws = interchange.loads(example_json)
    results = by_vendor(ws)
    # Vendor A: (4*40 + 2*35 + 3*25) / 100 ; Vendor B: (3*40 + 5*35 + 4*25) / 100
    assert results["v1"].weighted_total == pytest.approx(3.05)
    assert results["v2"].weighted_total == pytest.approx(3.95)
    assert [r.vendor_id for r in derived.vendor_results(ws)] == ["v2", "v1"]
    assert [r.rank for r in derived.vendor_results(ws)] == [1, 2]


def test_weighted_total_is_on_the_0_to_5_scale_whatever_the_weights_add_up_to():
    ws = scored_workshop(weights=(1, 1, 2), knockout=(None, None, None),
                         scores={"v1": (5, 5, 5), "v2": (0, 0, 4)})
    results = by_vendor(ws)
    assert results["v1"].weighted_total == pytest.approx(5.0)
    assert results["v2"].weighted_total == pytest.approx(2.0)


def test_a_missing_score_counts_as_zero_and_the_room_sees_how_many_are_scored():
    ws = scored_workshop(scores={"v1": (4, None, 3), "v2": (3, 5, 4)})
    result = by_vendor(ws)["v1"]
    assert result.weighted_total == pytest.approx((4 * 40 + 3 * 25) / 100)
    assert result.scored == 2
    assert result.criteria == 3
    assert not result.complete
    assert by_vendor(ws)["v2"].complete


def test_knocked_out_vendor_ranks_last_even_with_the_highest_total():
    # v2 would win on points, but scores 2 on c1 whose knock-out minimum is 3.
    ws = scored_workshop(scores={"v1": (3, 3, 3), "v2": (2, 5, 5), "v3": (3, 2, 2)})
    ranking = derived.vendor_results(ws)
    assert by_vendor(ws)["v2"].weighted_total > by_vendor(ws)["v1"].weighted_total
    assert [r.vendor_id for r in ranking] == ["v1", "v3", "v2"]
    assert ranking[-1].knocked_out
    assert ranking[-1].knocked_out_by == ("c1",)
    assert ranking[-1].rank == 3


def test_an_unscored_knockout_criterion_does_not_knock_a_vendor_out():
    ws = scored_workshop(scores={"v1": (None, 5, 5)})
    assert not by_vendor(ws)["v1"].knocked_out


def test_a_score_exactly_at_the_knockout_minimum_passes():
    ws = scored_workshop(scores={"v1": (3, 1, 1)})
    assert not by_vendor(ws)["v1"].knocked_out


def test_totals_are_zero_when_every_weight_is_zero():
    ws = scored_workshop(weights=(0, 0, 0), knockout=(None, None, None))
    assert all(r.weighted_total == 0 for r in derived.vendor_results(ws))


# --- weight shares ------------------------------------------------------------


def test_weight_shares_are_percentages_of_the_total_weight():
    ws = scored_workshop(weights=(1, 1, 2), knockout=(None, None, None))
    assert derived.weight_shares(ws) == pytest.approx({"c1": 25.0, "c2": 25.0, "c3": 50.0})


def test_weight_shares_of_weights_that_already_add_to_100_are_the_weights():
    shares = derived.weight_shares(scored_workshop())
    assert shares == pytest.approx({"c1": 40.0, "c2": 35.0, "c3": 25.0})
    assert sum(shares.values()) == pytest.approx(100.0)


def test_weight_shares_are_zero_not_a_crash_when_no_weight_is_given():
    ws = scored_workshop(weights=(0, 0, 0), knockout=(None, None, None))
    assert derived.weight_shares(ws) == {"c1": 0.0, "c2": 0.0, "c3": 0.0}


# --- close call ---------------------------------------------------------------


def test_close_call_margin_is_the_leaders_lead_as_a_share_of_its_total(example_json):
    call = derived.close_call(interchange.loads(example_json))
    assert call is not None
    assert (call.leader, call.runner_up) == ("v2", "v1")
    assert call.margin == pytest.approx((3.95 - 3.05) / 3.95)
    assert not call.is_close(0.10)
    assert call.is_close(0.25)


def test_close_call_is_close_when_the_top_two_are_within_the_margin():
    ws = scored_workshop(knockout=(None, None, None),
                         scores={"v1": (4, 4, 4), "v2": (4, 4, 3)})
    call = derived.close_call(ws)
    assert call is not None
    assert call.margin == pytest.approx((4.0 - 3.75) / 4.0)
    assert call.is_close(0.10)


def test_close_call_ignores_knocked_out_vendors():
    ws = scored_workshop(scores={"v1": (4, 4, 4), "v2": (2, 5, 5), "v3": (3, 2, 2)})
    call = derived.close_call(ws)
    assert call is not None
    assert (call.leader, call.runner_up) == ("v1", "v3")


def test_no_close_call_with_fewer_than_two_vendors_or_no_scores():
    assert derived.close_call(scored_workshop(scores={"v1": (4, 4, 4)})) is None
    assert derived.close_call(scored_workshop(scores={"v1": (), "v2": ()})) is None


# --- weight flip -----------------------------------------------------------------


def leader_by_hand(ws: Workshop) -> str:
    """The ranking rules as the facilitator reads them, apart from derived.py:
    knocked out last, then the higher weighted total (4 decimals), ties in list order."""
    total_weight = sum(c.weight for c in ws.criteria)

    def standing(vendor: Vendor) -> tuple[bool, float]:
        scores = {s.criterion: s.score for s in ws.scores if s.vendor == vendor.id}
        knocked = any(c.knockout_min is not None and c.id in scores
                      and scores[c.id] < c.knockout_min for c in ws.criteria)
        weighted = sum(scores.get(c.id, 0) * c.weight for c in ws.criteria)
        return knocked, -(round(weighted / total_weight, 4) if total_weight > 0 else 0.0)

    return min(ws.vendors, key=standing).id


def flip_by_trial(ws: Workshop) -> derived.WeightFlip | None:
    """The definition, spelled out: re-rank a copy of the workshop for every
    candidate weight, nearest first, and keep the smallest move."""
    if len(ws.vendors) < 2 or not ws.criteria:
        return None
    first = leader_by_hand(ws)
    best = None
    for index, criterion in enumerate(ws.criteria):
        for step in range(1, 101):
            if best is not None and step >= abs(best.delta):
                break
            for weight in (criterion.weight - step, criterion.weight + step):
                if not 0 <= weight <= 100:
                    continue
                trial = ws.snapshot()
                trial.criteria[index] = dataclasses.replace(criterion, weight=weight)
                leader = leader_by_hand(trial)
                if leader != first:
                    best = derived.WeightFlip(criterion.id, criterion.weight, weight, leader)
                    break
            if best is not None and best.criterion_id == criterion.id:
                break
    return best


def test_weight_flip_is_the_smallest_weight_change_that_changes_the_winner():
    # v2 leads 3.95 to 3.05; c2 (where v2 is strongest) down from 35 to 5 ties
    # them, and a tie goes to the vendor listed first. No move of c1 or c3
    # within 0-100 does it.
    flip = derived.weight_flip(scored_workshop())
    assert flip == derived.WeightFlip("c2", 35, 5, "v1") == flip_by_trial(scored_workshop())
    ws = scored_workshop()
    ws.criteria[[c.id for c in ws.criteria].index(flip.criterion_id)] = dataclasses.replace(
        next(c for c in ws.criteria if c.id == flip.criterion_id), weight=flip.new_weight)
    assert derived.vendor_results(ws)[0].vendor_id == "v1"


def random_workshops(seed: int, count: int = 150):
    """Small scored workshops with zero weights, knock-outs, gaps and ties."""
    rng = random.Random(seed)
    for _ in range(count):
        criteria = rng.randint(1, 5)
        yield scored_workshop(
            weights=tuple(rng.choice((0, 1, 5, 10, 25, 40, 100)) for _ in range(criteria)),
            knockout=tuple(rng.choice((None, None, 2, 3)) for _ in range(criteria)),
            scores={f"v{v}": tuple(rng.choice((None, 0, 1, 2, 3, 4, 5))
                                   for _ in range(criteria))
                    for v in range(1, rng.randint(1, 6) + 1)},
        )


def test_the_ranking_agrees_with_the_rules_read_by_hand():
    for ws in random_workshops(11):
        assert derived.vendor_results(ws)[0].vendor_id == leader_by_hand(ws)


def test_weight_flip_agrees_with_re_ranking_every_trial_weight():
    for ws in random_workshops(7):
        assert derived.weight_flip(ws) == flip_by_trial(ws)


def test_no_flip_when_one_vendor_wins_whatever_the_weights():
    ws = scored_workshop(scores={"v1": (5, 5, 5), "v2": (1, 1, 1)})
    assert derived.weight_flip(ws) is None


# --- answers kept between edits --------------------------------------------------


def test_rankings_follow_every_edit_and_undo_even_when_asked_for_again_at_once():
    ws = scored_workshop()
    assert [r.vendor_id for r in derived.vendor_results(ws)] == ["v2", "v1"]
    edit = EditField("scores", ("v1", "c2"), "score", 5)
    edit.apply(ws)
    assert [r.vendor_id for r in derived.vendor_results(ws)] == ["v1", "v2"]
    edit.revert(ws)
    assert [r.vendor_id for r in derived.vendor_results(ws)] == ["v2", "v1"]
    ws.criteria[1] = dataclasses.replace(ws.criteria[1], weight=0)
    assert derived.weight_shares(ws)["c2"] == 0.0
    ws.assignments.append(Assignment("f1", "v1", 3))
    assert {c.vendor_id: c.demand for c in derived.vendor_capacity(ws)}["v1"] == 3


def test_changing_a_returned_answer_does_not_change_the_next_one():
    ws = scored_workshop()
    derived.vendor_results(ws).clear()
    derived.weight_shares(ws).clear()
    assert len(derived.vendor_results(ws)) == 2
    assert set(derived.weight_shares(ws)) == {"c1", "c2", "c3"}


def test_two_workshops_with_the_same_lists_get_the_same_answer_and_others_their_own():
    first, second = scored_workshop(), scored_workshop(scores={"v1": (5, 5, 5)})
    assert derived.vendor_results(first) == derived.vendor_results(scored_workshop())
    assert [r.vendor_id for r in derived.vendor_results(second)] == ["v1"]
    assert [r.vendor_id for r in derived.vendor_results(first)] == ["v2", "v1"]


# --- capacity -----------------------------------------------------------------


def test_vendor_capacity_adds_up_the_fte_its_assigned_functions_need():
    ws = Workshop(
        functions=[Function("f1", "Service desk"), Function("f2", "Hosting"),
                   Function("f3", "Testing")],
        vendors=[Vendor("v1", "Alpha", available_fte=10), Vendor("v2", "Beta", available_fte=5),
                 Vendor("v3", "Gamma", available_fte=0)],
        assignments=[Assignment("f1", "v1", 6), Assignment("f2", "v1", 4.5),
                     Assignment("f3", "v2", 5)],
    )
    capacity = {c.vendor_id: c for c in derived.vendor_capacity(ws)}
    assert capacity["v1"].demand == pytest.approx(10.5)
    assert capacity["v1"].available == 10
    assert capacity["v1"].over
    assert capacity["v2"].demand == 5
    assert not capacity["v2"].over  # exactly at capacity is fine
    assert capacity["v3"].demand == 0
    assert not capacity["v3"].over
    assert [c.vendor_id for c in derived.vendor_capacity(ws)] == ["v1", "v2", "v3"]


# --- sourcing matrix ----------------------------------------------------------


@pytest.mark.parametrize(
    ("importance", "capability", "expected"),
    [
        (5, 5, Quadrant.CORE),
        (4, 4, Quadrant.CORE),
        (5, 1, Quadrant.BUILD_OR_PARTNER),
        (4, 3, Quadrant.BUILD_OR_PARTNER),
        (1, 5, Quadrant.COMMODITY_STRENGTH),
        (3, 4, Quadrant.COMMODITY_STRENGTH),
        (1, 1, Quadrant.OUTSOURCE),
        (3, 3, Quadrant.OUTSOURCE),
    ],
)
def test_function_falls_in_the_right_quadrant_of_the_sourcing_matrix(
    importance, capability, expected
):
    function = Function("f1", "X", strategic_importance=importance, inhouse_capability=capability)
    assert derived.quadrant(function) is expected


def test_every_quadrant_has_a_title_and_a_suggestion_for_the_room():
    for quadrant in Quadrant:
        assert quadrant.title.strip()
        assert quadrant.suggestion.strip()
    assert len({q.title for q in Quadrant}) == 4


# --- agenda -------------------------------------------------------------------


def test_planned_minutes_add_up_per_stage():
    ws = Workshop(agenda=[
        AgendaItem("a1", Stage.SETUP, "Welcome", 20),
        AgendaItem("a2", Stage.FUNCTIONS, "Inventory", 45),
        AgendaItem("a3", Stage.SETUP, "Objectives", 10),
        AgendaItem("a4", Stage.CLOSE, "Wrap up", 0),
    ])
    assert derived.planned_minutes(ws) == {"setup": 30, "functions": 45, "close": 0}


def test_planned_minutes_of_an_empty_agenda_is_empty():
    assert derived.planned_minutes(Workshop()) == {}


def test_assigned_vendors_lists_every_vendor_of_a_function():
    ws = Workshop(
        functions=[Function("f1", "A"), Function("f2", "B")],
        vendors=[Vendor("v1", "X"), Vendor("v2", "Y")],
        assignments=[Assignment("f1", "v2"), Assignment("f2", "v1"), Assignment("f1", "v1")],
    )
    assert derived.assigned_vendors(ws, "f1") == ["v2", "v1"]
    assert derived.assigned_vendors(ws, "f9") == []


# --- Workshop: ids, find, snapshot --------------------------------------------


def test_new_id_in_an_empty_section_is_the_first_in_the_interchange_style():
    ws = Workshop()
    assert ws.new_id("functions") == "f1"
    assert ws.new_id("participants") == "p1"
    assert ws.new_id("risks") == "x1"
    assert ws.new_id("parking_lot") == "q1"
    assert ws.new_id("customers") == "k1"
    assert ws.new_id("actions") == "t1"


def test_new_id_never_reuses_a_taken_id_even_after_gaps_and_removals():
    ws = Workshop(functions=[Function("f1", "A"), Function("f3", "B"), Function("f4", "C")])
    fresh = ws.new_id("functions")
    assert fresh.startswith("f")
    assert fresh not in {"f1", "f3", "f4"}
    RemoveItem("functions", "f1").apply(ws)
    again = ws.new_id("functions")
    assert again not in {"f3", "f4"}


def test_new_ids_stay_unique_when_adding_many_items_in_a_row(demo_workshop):
    ws = demo_workshop
    for _ in range(30):
        AddItem("functions", Function(ws.new_id("functions"), "More")).apply(ws)
    ids = [f.id for f in ws.functions]
    assert len(ids) == len(set(ids)) == 42


def test_find_returns_the_item_by_key_or_none(example_json):
    ws = interchange.loads(example_json)
    function = ws.find("functions", "f2")
    assert isinstance(function, Function)
    assert function.name == "Project management"
    score = ws.find("scores", ("v2", "c2"))
    assert isinstance(score, Score) and score.score == 5
    assert ws.find("assignments", ("f1", "v1")) is not None
    assert ws.find("functions", "nope") is None
    assert ws.find("scores", ("v1", "c9")) is None


def test_find_in_an_unknown_section_is_an_error_not_none():
    with pytest.raises(KeyError):
        Workshop().find("gadgets", "g1")


def test_snapshot_does_not_see_later_edits(demo_workshop):
    ws = demo_workshop
    before = interchange.to_dict(ws)
    snapshot = ws.snapshot()
    EditField("functions", "f1", "name", "Renamed").apply(ws)
    RemoveItem("vendors", "v1").apply(ws)
    AddItem("risks", extra_risk := dataclasses.replace(ws.risks[0], id="x99")).apply(ws)
    ws.details = dataclasses.replace(ws.details, title="Changed title")
    ws.participants.clear()
    assert interchange.to_dict(snapshot) == before
    assert extra_risk not in snapshot.risks


def test_edits_to_a_snapshot_do_not_reach_the_workshop(demo_workshop):
    ws = demo_workshop
    before = interchange.to_dict(ws)
    snapshot = ws.snapshot()
    snapshot.functions.pop()
    snapshot.waves.clear()
    EditField("vendors", "v2", "available_fte", 1).apply(snapshot)
    assert interchange.to_dict(ws) == before


def test_snapshot_has_equal_content(demo_workshop):
    snapshot = demo_workshop.snapshot()
    assert interchange.to_dict(snapshot) == interchange.to_dict(demo_workshop)
    for name in ("functions", "scores", "waves"):
        assert snapshot.section(name) is not demo_workshop.section(name)
