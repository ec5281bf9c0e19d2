"""The live health check: each known outsourcing mistake is flagged when the
plan repeats it, and only then."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, timedelta

import pytest

from desktop_app.domain import health
from desktop_app.domain.model import (
    AppliesTo,
    Assignment,
    Criterion,
    Customer,
    Function,
    Gate,
    GateStatus,
    GoDecision,
    Metric,
    Raci,
    Role,
    Score,
    Sourcing,
    Stage,
    Thresholds,
    Vendor,
    Wave,
    Workshop,
    WorkshopStatus,
)
from desktop_app.domain.money import Money, from_major
from desktop_app.storage import interchange

START = date(2027, 2, 1)


def money(major: int) -> Money:
    return from_major(major)


def healthy() -> Workshop:
    """A small plan that follows every rule: one outsourced, customer-facing
    function done properly, and one retained function."""
    return Workshop(
        functions=[
            Function("f1", "Service desk", fte=8, customer_facing=True, strategic_importance=2,
                     inhouse_capability=2, sourcing=Sourcing.OUTSOURCE,
                     cost_per_fte=money(60_000)),  # 480,000 a year today
            Function("f2", "Network", fte=4, strategic_importance=3, inhouse_capability=4,
                     sourcing=Sourcing.RETAIN, cost_per_fte=money(80_000)),
        ],
        criteria=[Criterion("c1", "Skills", 60, knockout_min=3), Criterion("c2", "Cost", 40)],
        vendors=[Vendor("v1", "Alpha", available_fte=10), Vendor("v2", "Beta", available_fte=10)],
        # Alpha 5.0, Beta 1.8: a clear winner
        scores=[Score("v1", "c1", 5), Score("v1", "c2", 5), Score("v2", "c1", 3),
                Score("v2", "c2", 0)],
        assignments=[Assignment("f1", "v1", 8, annual_price=money(300_000))],
        customers=[Customer("k1", "Plant Leeds", "f1", internal_owner="Tom Reid",
                            outsourced_supporter="Piotr N.", offshore_team="Kraków L1 team")],
        metrics=[Metric("m1", "Handle time", applies_to=AppliesTo.BOTH, outsourced_exempt=False)],
        waves=[Wave("w1", "Pilot", START, date(2027, 4, 30), ("f1",), GoDecision.GO,
                    (Gate("Knowledge transfer", GateStatus.MET),
                     Gate("Rollback plan", GateStatus.WAIVED)),
                    transition_cost=money(150_000))],  # saves 120,000 from month 2: back in 16
        roles=[Role("r1", "f1", "Service owner", "Tom Reid", Raci.ACCOUNTABLE,
                    annual_cost=money(60_000))],
    )


Mutation = Callable[[Workshop], None]


def change(section: str, key, **values) -> Mutation:
    def mutate(ws: Workshop) -> None:
        items = ws.section(section)
        index = ws.index_of(section, key)
        items[index] = dataclasses.replace(items[index], **values)

    return mutate


def add(section: str, item) -> Mutation:
    return lambda ws: ws.section(section).append(item)


def remove(section: str, key) -> Mutation:
    return lambda ws: ws.section(section).pop(ws.index_of(section, key))


def thresholds(**values) -> Mutation:
    def mutate(ws: Workshop) -> None:
        ws.thresholds = dataclasses.replace(ws.thresholds, **values)

    return mutate


def status_final(ws: Workshop) -> None:
    ws.details = dataclasses.replace(ws.details, status=WorkshopStatus.FINAL)


def both(*mutations: Mutation) -> Mutation:
    def mutate(ws: Workshop) -> None:
        for m in mutations:
            m(ws)

    return mutate


def extra_functions(count: int) -> Mutation:
    """Retained functions f3.. so a wave can list more functions."""
    return both(*(add("functions", Function(f"f{n}", f"Extra {n}", sourcing=Sourcing.RETAIN))
                  for n in range(3, 3 + count)))


def codes(ws: Workshop) -> list[str]:
    return [f.code for f in health.check(ws)]


def wave_days(days: int) -> Mutation:
    return change("waves", "w1", end=START + timedelta(days=days))


# (code, what the room did, the mistake, the same plan fixed)
SCENARIOS: list[tuple[str, str, Mutation, Mutation]] = [
    ("vendor-skills", "no vendor assigned",
     remove("assignments", ("f1", "v1")), lambda ws: None),
    ("vendor-skills", "hybrid function with no vendor",
     both(change("functions", "f1", sourcing=Sourcing.HYBRID), remove("assignments", ("f1", "v1"))),
     change("functions", "f1", sourcing=Sourcing.HYBRID)),
    ("vendor-skills", "vendor misses a knock-out minimum",
     change("scores", ("v1", "c1"), score=2), change("scores", ("v1", "c1"), score=3)),
    ("vendor-skills", "weighted score under 3.0",
     both(change("scores", ("v1", "c1"), score=3), change("scores", ("v1", "c2"), score=2)),
     both(change("scores", ("v1", "c1"), score=3), change("scores", ("v1", "c2"), score=3))),
    ("vendor-capacity", "vendor asked for more FTE than it has",
     change("assignments", ("f1", "v1"), fte_required=10.5),
     change("assignments", ("f1", "v1"), fte_required=10)),
    ("vendor-capacity", "two functions together exceed the vendor",
     both(extra_functions(1), add("assignments", Assignment("f3", "v1", 3))),
     both(extra_functions(1), add("assignments", Assignment("f3", "v1", 2)))),
    ("close-call", "runner-up within 10 %",
     both(change("scores", ("v2", "c1"), score=5), change("scores", ("v2", "c2"), score=4)),
     both(change("scores", ("v2", "c1"), score=4), change("scores", ("v2", "c2"), score=4))),
    ("pace", "too many functions in one wave",
     both(extra_functions(3), change("waves", "w1", functions=("f1", "f3", "f4", "f5"))),
     both(extra_functions(3), change("waves", "w1", functions=("f1", "f3", "f4")))),
    ("pace", "wave shorter than 6 weeks",
     wave_days(41), wave_days(42)),
    ("pace", "waves overlap",
     add("waves", Wave("w2", "Second", date(2027, 4, 30), date(2027, 7, 31), ("f2",))),
     add("waves", Wave("w2", "Second", date(2027, 5, 1), date(2027, 7, 31), ("f2",)))),
    ("pace", "go with a gate still open",
     change("waves", "w1", gates=(Gate("Knowledge transfer", GateStatus.OPEN),)),
     change("waves", "w1", gates=(Gate("Knowledge transfer", GateStatus.OPEN),),
            go=GoDecision.PENDING)),
    ("pace", "wave ends before it starts",
     wave_days(-1), wave_days(60)),
    ("function-choice", "project management outsourced",
     change("functions", "f1", name="Project management"),
     change("functions", "f1", name="Project management", sourcing=Sourcing.RETAIN)),
    ("function-choice", "PMO outsourced",
     change("functions", "f1", name="Group PMO"),
     change("functions", "f1", name="Group PMO", sourcing=Sourcing.RETAIN)),
    ("function-choice", "strategic importance 4 outsourced",
     change("functions", "f1", strategic_importance=4),
     change("functions", "f1", strategic_importance=3)),
    ("function-choice", "strategic importance 5 outsourced",
     change("functions", "f1", strategic_importance=5),
     change("functions", "f1", strategic_importance=5, sourcing=Sourcing.HYBRID)),
    ("black-box", "customer-facing function with no customers",
     remove("customers", "k1"),
     both(remove("customers", "k1"), change("functions", "f1", customer_facing=False))),
    ("black-box", "customer without an in-house owner",
     change("customers", "k1", internal_owner=""), lambda ws: None),
    ("black-box", "customer whose owner is only spaces",
     change("customers", "k1", internal_owner="  \t"), lambda ws: None),
    ("one-team", "no named outsourced supporter",
     change("customers", "k1", outsourced_supporter=""), lambda ws: None),
    ("one-team", "no link to the offshore team",
     change("customers", "k1", offshore_team=" "), lambda ws: None),
    ("metrics-exemption", "metric for both with no exemption decision",
     change("metrics", "m1", outsourced_exempt=None),
     change("metrics", "m1", outsourced_exempt=True)),
    ("metrics-exemption", "metric for outsourced staff with no exemption decision",
     change("metrics", "m1", outsourced_exempt=None, applies_to=AppliesTo.OUTSOURCED),
     change("metrics", "m1", outsourced_exempt=False, applies_to=AppliesTo.OUTSOURCED)),
    ("metrics-exemption", "in-house-only metric needs no decision",
     change("metrics", "m1", outsourced_exempt=None, applies_to=AppliesTo.OUTSOURCED),
     change("metrics", "m1", outsourced_exempt=None, applies_to=AppliesTo.IN_HOUSE)),
    ("retained-owner", "no retained role at all",
     remove("roles", "r1"), lambda ws: None),
    ("retained-owner", "only a Responsible role, nobody Accountable",
     change("roles", "r1", raci=Raci.RESPONSIBLE), lambda ws: None),
    ("retained-owner", "Accountable role with nobody named",
     change("roles", "r1", person=" "), lambda ws: None),
    ("undecided", "function with no sourcing decision",
     change("functions", "f2", sourcing=Sourcing.UNDECIDED), lambda ws: None),
    ("business-case", "outsourced function without today's cost",
     change("functions", "f1", cost_per_fte=None), lambda ws: None),
    ("business-case", "assigned vendor without a price",
     change("assignments", ("f1", "v1"), annual_price=None),
     change("assignments", ("f1", "v1"), annual_price=None, rate_per_fte=money(37_500))),
    ("business-case", "pays back after the five-year horizon",
     change("waves", "w1", transition_cost=money(700_000)),  # month 71
     # The pilot runs in months 0 and 1, so 10,000 a month is saved from month 2:
     change("waves", "w1", transition_cost=money(580_000))),  # month 59
    ("business-case", "a longer horizon would hide it: the setting counts",
     both(change("waves", "w1", transition_cost=money(700_000)),
          lambda ws: setattr(ws, "details", dataclasses.replace(ws.details, horizon_years=3))),
     lambda ws: setattr(ws, "details", dataclasses.replace(ws.details, horizon_years=7))),
    ("business-case", "saving gone once vendor prices rise 10 %",
     both(change("assignments", ("f1", "v1"), annual_price=money(385_000)),
          change("waves", "w1", transition_cost=None)),  # 35,000 a year; 1.1 x 385,000 > 420,000
     both(change("assignments", ("f1", "v1"), annual_price=money(380_000)),
          change("waves", "w1", transition_cost=None))),
    ("hidden-cost", "retained roles eat the vendor's saving",
     both(change("roles", "r1", annual_cost=money(180_000)),
          change("waves", "w1", transition_cost=None), thresholds(price_rise=0)),
     both(change("roles", "r1", annual_cost=money(170_000)),
          change("waves", "w1", transition_cost=None), thresholds(price_rise=0))),
]


def test_the_healthy_plan_has_no_findings():
    assert health.check(healthy()) == []


def test_every_rule_code_has_a_scenario_that_triggers_it():
    assert {code for code, *_ in SCENARIOS} == set(health.RULES)
    assert set(health.RULE_STAGES) == set(health.RULES)


@pytest.mark.parametrize(
    ("code", "mistake", "fixed"),
    [(code, mistake, fixed) for code, _, mistake, fixed in SCENARIOS],
    ids=[f"{code}: {what}" for code, what, _, _ in SCENARIOS],
)
def test_rule_flags_the_mistake_and_not_the_fixed_plan(code, mistake, fixed):
    ws = healthy()
    mistake(ws)
    found = health.check(ws)
    assert found, f"expected a {code} finding"
    assert {f.code for f in found} == {code}, [f.message for f in found]
    for finding in found:
        # It points at a real item, or (a finding about the whole business case)
        # at the workshop's own settings.
        assert (finding.section, finding.key) == health.PLAN[:2] \
            or ws.find(finding.section, finding.key) is not None
        assert finding.message.strip()
        assert finding.stage is health.RULE_STAGES[code]

    ws = healthy()
    fixed(ws)
    assert health.check(ws) == []


# --- details of individual rules ----------------------------------------------


def test_a_customer_missing_both_supporter_and_offshore_team_is_one_finding_naming_both():
    ws = healthy()
    change("customers", "k1", outsourced_supporter="", offshore_team="")(ws)
    (finding,) = health.check(ws)
    assert finding.code == "one-team"
    assert "supporter" in finding.message and "offshore" in finding.message
    assert (finding.section, finding.key) == ("customers", "k1")


def test_black_box_points_at_the_customer_without_owner_and_the_function_without_customers():
    ws = healthy()
    change("customers", "k1", internal_owner="")(ws)
    assert [(f.section, f.key) for f in health.check(ws)] == [("customers", "k1")]
    ws = healthy()
    remove("customers", "k1")(ws)
    assert [(f.section, f.key) for f in health.check(ws)] == [("functions", "f1")]


def test_project_management_hybrid_is_not_the_articles_warning():
    ws = healthy()
    change("functions", "f1", name="Project management", sourcing=Sourcing.HYBRID)(ws)
    assert "function-choice" not in codes(ws)


def test_a_wave_marked_no_go_with_open_gates_is_fine():
    ws = healthy()
    change("waves", "w1", go=GoDecision.NO_GO, gates=(Gate("KT", GateStatus.OPEN),))(ws)
    assert codes(ws) == []


def test_go_with_open_gates_names_the_open_gates():
    ws = healthy()
    change("waves", "w1", gates=(Gate("Runbooks written", GateStatus.OPEN),
                                 Gate("Rollback plan", GateStatus.MET),
                                 Gate("Pilot passed", GateStatus.OPEN)))(ws)
    (finding,) = health.check(ws)
    assert "Runbooks written" in finding.message and "Pilot passed" in finding.message
    assert "Rollback plan" not in finding.message
    assert finding.severity is health.Severity.HIGH


def test_a_wave_ending_before_it_starts_is_not_also_called_too_short_or_overlapping():
    ws = healthy()
    wave_days(-10)(ws)
    add("waves", Wave("w2", "Second", START - timedelta(days=30), START + timedelta(days=60)))(ws)
    found = health.check(ws)
    assert [(f.code, f.key) for f in found] == [("pace", "w1")]
    assert "ends before it starts" in found[0].message


def test_undated_waves_are_not_judged_on_length_or_overlap():
    ws = healthy()
    change("waves", "w1", start=None, end=None)(ws)
    add("waves", Wave("w2", "Later", None, date(2027, 3, 1)))(ws)
    # Not the pace rule's concern; the business case says what it assumed for the
    # pilot (moving nothing and costing nothing, "Later" needs no word).
    assert codes(ws) == ["business-case"]
    assert "Pilot has no dates" in health.check(ws)[0].message


def test_three_overlapping_waves_give_one_finding_per_overlapping_pair():
    ws = healthy()
    for n in (2, 3):
        add("waves", Wave(f"w{n}", f"Wave {n}", START + timedelta(days=n), date(2027, 6, 30)))(ws)
    assert codes(ws) == ["pace", "pace", "pace"]


def test_undecided_is_a_low_note_in_a_draft_and_high_at_close():
    ws = healthy()
    change("functions", "f2", sourcing=Sourcing.UNDECIDED)(ws)
    (draft,) = health.check(ws)
    assert draft.severity is health.Severity.LOW
    status_final(ws)
    (final,) = health.check(ws)
    assert final.severity is health.Severity.HIGH


def test_capacity_finding_gives_demand_and_availability():
    ws = healthy()
    change("assignments", ("f1", "v1"), fte_required=12.5)(ws)
    (finding,) = health.check(ws)
    assert (finding.section, finding.key) == ("vendors", "v1")
    assert "12.5" in finding.message and "10" in finding.message


def test_close_call_is_on_the_leading_vendor_and_gives_the_margin():
    ws = healthy()
    both(change("scores", ("v2", "c1"), score=5), change("scores", ("v2", "c2"), score=4))(ws)
    (finding,) = health.check(ws)
    assert (finding.section, finding.key) == ("vendors", "v1")
    assert "8.0 %" in finding.message


# --- thresholds are settings of the workshop ------------------------------------


@pytest.mark.parametrize(
    ("mistake", "relaxed"),
    [
        (both(change("scores", ("v1", "c1"), score=3), change("scores", ("v1", "c2"), score=2)),
         {"min_vendor_score": 2.5}),
        (both(change("scores", ("v2", "c1"), score=5), change("scores", ("v2", "c2"), score=4)),
         {"close_call_margin": 0.05}),
        (both(extra_functions(3), change("waves", "w1", functions=("f1", "f3", "f4", "f5"))),
         {"max_functions_per_wave": 4}),
        (wave_days(41), {"min_wave_weeks": 5}),
        (change("functions", "f1", strategic_importance=4), {"strategic_importance_limit": 5}),
    ],
    ids=["min_vendor_score", "close_call_margin", "max_functions_per_wave", "min_wave_weeks",
         "strategic_importance_limit"],
)
def test_relaxing_a_threshold_clears_the_finding(mistake, relaxed):
    ws = healthy()
    mistake(ws)
    assert codes(ws), "the default threshold flags it"
    thresholds(**relaxed)(ws)
    assert codes(ws) == []


@pytest.mark.parametrize(
    ("strict", "expected"),
    [
        ({"min_vendor_score": 5.0}, None),  # Alpha scores exactly 5.0: still passes
        ({"min_vendor_score": 5.0, "close_call_margin": 1.0}, "close-call"),
        ({"min_vendor_score": 5.0, "close_call_margin": 0.5}, None),  # Beta is 64 % behind
        ({"max_functions_per_wave": 1}, None),  # the pilot moves one function
        ({"min_wave_weeks": 13}, "pace"),  # the pilot lasts 12.6 weeks
        ({"strategic_importance_limit": 2}, "function-choice"),
        ({"strategic_importance_limit": 3}, None),
    ],
)
def test_tightening_a_threshold_changes_what_is_flagged(strict, expected):
    ws = healthy()
    thresholds(**strict)(ws)
    assert set(codes(ws)) == ({expected} if expected else set())


def test_default_thresholds_are_the_ones_of_the_method():
    assert Thresholds() == Thresholds(
        min_vendor_score=3.0, close_call_margin=0.10, max_functions_per_wave=3,
        min_wave_weeks=6, strategic_importance_limit=4,
    )


# --- the shipped documents -----------------------------------------------------------


def test_the_interchange_example_has_no_findings(example_json):
    assert health.check(interchange.loads(example_json)) == []


def test_the_demo_shows_the_designed_findings(demo_workshop):
    found = [(f.code, f.section, f.key) for f in health.check(demo_workshop)]
    assert sorted(found) == sorted([
        ("undecided", "functions", "f10"),
        ("vendor-capacity", "vendors", "v1"),
        ("black-box", "customers", "k6"),
        ("one-team", "customers", "k3"),
        ("metrics-exemption", "metrics", "m3"),
        ("pace", "waves", "w1"),
        ("retained-owner", "functions", "f8"),
        ("business-case", "functions", "f12"),  # EDI: assigned to a vendor with no price
        ("hidden-cost", "functions", "f5"),  # hosting: retained architects eat the saving
    ])


def test_findings_come_in_the_order_of_the_stages(demo_workshop):
    order = list(Stage)
    stages = [order.index(f.stage) for f in health.check(demo_workshop)]
    assert stages == sorted(stages)


def test_finding_as_json_has_code_severity_message_and_item(demo_workshop):
    for finding in health.check(demo_workshop):
        data = finding.as_json()
        assert data["code"] == finding.code and data["code"] in health.RULES
        assert data["severity"] in {s.value for s in health.Severity}
        assert data["message"] == finding.message and data["message"].strip()
        assert data["stage"] == finding.stage.value
        assert data["item"] == {"section": finding.section, "id": finding.key,
                                "name": finding.label}
        assert demo_workshop.find(data["item"]["section"], data["item"]["id"]) is not None


def test_finding_as_json_for_a_vendor_names_the_vendor(demo_workshop):
    (capacity,) = [f for f in health.check(demo_workshop) if f.code == "vendor-capacity"]
    assert capacity.as_json()["item"] == {
        "section": "vendors", "id": "v1", "name": "Wydma Nearshore sp. z o.o."
    }
    assert capacity.as_json()["severity"] == "high"


def test_the_check_does_not_change_the_workshop(demo_workshop):
    before = interchange.to_dict(demo_workshop)
    health.check(demo_workshop)
    assert interchange.to_dict(demo_workshop) == before


def test_checking_some_rules_gives_exactly_their_findings(demo_workshop) -> None:
    everything = health.check(demo_workshop)
    for code in health.RULES:
        assert health.check(demo_workshop, codes={code}) == [
            f for f in everything if f.code == code]
