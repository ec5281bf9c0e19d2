"""Every edit is a command: it applies, it undoes exactly, and a value the
field cannot take is refused with a readable message before anything moves."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from desktop_app.domain.commands import (
    AddItem,
    Batch,
    Command,
    EditDetails,
    EditField,
    EditThresholds,
    MoveItem,
    RemoveItem,
)
from desktop_app.domain.model import (
    REFERENCES,
    SECTIONS,
    Assignment,
    Criterion,
    Customer,
    Function,
    Gate,
    GateStatus,
    Metric,
    Participant,
    Risk,
    Role,
    Score,
    Side,
    Sourcing,
    Vendor,
    Wave,
    Workshop,
    WorkshopStatus,
)
from desktop_app.domain.validation import ValidationError
from desktop_app.storage import interchange


@pytest.fixture
def demo_workshop(demo_workshop):
    """The demo with its agreed criteria reopened, so every section is editable."""
    demo_workshop.details = dataclasses.replace(demo_workshop.details, criteria_agreed_at=None)
    return demo_workshop



def small_workshop() -> Workshop:
    """Three functions and two vendors, with something pointing at each."""
    return Workshop(
        functions=[
            Function("f1", "Service desk", customer_facing=True, sourcing=Sourcing.HYBRID),
            Function("f2", "Hosting", sourcing=Sourcing.OUTSOURCE),
            Function("f3", "Network", sourcing=Sourcing.RETAIN),
        ],
        criteria=[Criterion("c1", "Skills", 60, 3), Criterion("c2", "Cost", 40)],
        vendors=[Vendor("v1", "Alpha", available_fte=20), Vendor("v2", "Beta", available_fte=5)],
        scores=[
            Score("v1", "c1", 4), Score("v2", "c1", 3), Score("v1", "c2", 2),
            Score("v2", "c2", 5),
        ],
        assignments=[
            Assignment("f1", "v1", 6), Assignment("f2", "v2", 3), Assignment("f2", "v1", 1),
            Assignment("f3", "v2", 1),
        ],
        customers=[
            Customer("k1", "Plant Leeds", "f1", internal_owner="Tom"),
            Customer("k2", "Finance", "f2"),
            Customer("k3", "Plant Kraków", "f1"),
        ],
        waves=[
            Wave("w1", "Pilot", date(2027, 2, 1), date(2027, 4, 30), ("f1", "f2"),
                 gates=(Gate("Runbooks"), Gate("Rollback", GateStatus.MET))),
            Wave("w2", "Second", functions=("f2", "f3")),
            Wave("w3", "Third", functions=("f3",)),
        ],
        roles=[
            Role("r1", "f1", "Service owner", "Tom"),
            Role("r2", "f2", "Platform owner", "Ann"),
            Role("r3", "f1", "CIO", "Kate"),
        ],
        metrics=[Metric("m1", "Handle time")],
        risks=[Risk("x1", "Attrition"), Risk("x2", "Slippage"), Risk("x3", "Cost")],
        participants=[Participant("p1", "Ana")],
    )


def dump(ws: Workshop) -> dict:
    return interchange.to_dict(ws)


def assert_refused(ws: Workshop, make_command, fragment: str = "") -> None:
    """Building or applying the command raises ValidationError; nothing changed."""
    before = dump(ws)
    with pytest.raises(ValidationError) as raised:
        make_command().apply(ws)
    assert str(raised.value).strip(), "the message must say what is wrong"
    if fragment:
        assert fragment.lower() in str(raised.value).lower()
    assert dump(ws) == before


def dangling_references(ws: Workshop) -> list[str]:
    problems = []
    for (section, field_name), target in REFERENCES.items():
        for item in ws.section(section):
            value = getattr(item, field_name)
            for ref in value if isinstance(value, tuple) else (value,):
                if ws.find(target, ref) is None:
                    problems.append(f"{section} {item.key!r}.{field_name} -> {ref!r}")
    return problems


# --- AddItem ------------------------------------------------------------------


def test_adding_an_item_appends_it_and_undo_takes_it_away():
    ws = small_workshop()
    before = dump(ws)
    command = AddItem("functions", Function("f4", "Testing"))
    change = command.apply(ws)
    assert [f.id for f in ws.functions] == ["f1", "f2", "f3", "f4"]
    assert change.sections == {"functions"}
    assert command.revert(ws).sections == {"functions"}
    assert dump(ws) == before


def test_adding_an_item_at_a_position_inserts_it_there():
    ws = small_workshop()
    AddItem("risks", Risk("x9", "New"), index=1).apply(ws)
    assert [r.id for r in ws.risks] == ["x1", "x9", "x2", "x3"]
    AddItem("risks", Risk("x10", "Far"), index=99).apply(ws)
    assert ws.risks[-1].id == "x10"


def test_adding_an_item_with_a_key_already_taken_is_refused():
    ws = small_workshop()
    assert_refused(ws, lambda: AddItem("functions", Function("f2", "Again")), "f2")
    assert_refused(ws, lambda: AddItem("scores", Score("v1", "c1", 1)))
    assert_refused(ws, lambda: AddItem("assignments", Assignment("f1", "v1", 2)))


@pytest.mark.parametrize(
    ("section", "item", "missing"),
    [
        ("assignments", Assignment("f1", "v9", 1), "v9"),
        ("assignments", Assignment("f9", "v1", 1), "f9"),
        ("scores", Score("v1", "c9", 3), "c9"),
        ("customers", Customer("k9", "Ghost", "f9"), "f9"),
        ("roles", Role("r9", "f9", "Owner"), "f9"),
        ("waves", Wave("w9", "Ghost wave", functions=("f1", "f9")), "f9"),
    ],
)
def test_adding_an_item_that_points_at_nothing_is_refused(section, item, missing):
    assert_refused(small_workshop(), lambda: AddItem(section, item), missing)


def test_an_item_of_the_wrong_kind_cannot_go_in_a_section():
    assert_refused(small_workshop(), lambda: AddItem("vendors", Function("f9", "Oops")))


def test_an_unknown_section_is_refused_with_a_validation_error():
    assert_refused(small_workshop(), lambda: AddItem("gadgets", Function("f9", "X")))


@pytest.mark.parametrize(
    ("section", "item"),
    [
        ("functions", Function("f9", "Too important", strategic_importance=9)),
        ("functions", Function("f9", "Negative", fte=-3)),
        ("risks", Risk("x9", "Impossible", likelihood=0)),
        ("scores", Score("v1", "c9", 7)),
        ("participants", Participant("p9", "Alien", side="alien")),
        ("functions", Function("f9", "Maybe", sourcing="maybe")),
        ("functions", Function("f9", "   ")),
        ("participants", Participant("p9", "")),
    ],
    ids=["importance-9", "negative-fte", "likelihood-0", "score-7", "side-alien",
         "sourcing-maybe", "blank-name", "empty-name"],
)
def test_adding_an_item_with_an_impossible_value_is_refused(section, item):
    """The UI builds items and hands them to AddItem: the command is the last
    place a bad value can be caught before it reaches the document (where it
    would make the file refuse to open again)."""
    ws = small_workshop()
    if section == "scores":
        AddItem("criteria", Criterion("c9", "Extra", 10)).apply(ws)
    assert_refused(ws, lambda: AddItem(section, item))


# --- EditField ----------------------------------------------------------------


def test_editing_a_field_changes_only_that_field_and_undo_restores_it():
    ws = small_workshop()
    before = dump(ws)
    command = EditField("functions", "f2", "rationale", "Commodity")
    assert command.apply(ws).sections == {"functions"}
    assert ws.find("functions", "f2").rationale == "Commodity"
    assert ws.find("functions", "f2").name == "Hosting"
    command.revert(ws)
    assert dump(ws) == before


def test_editing_converts_what_a_form_naturally_gives():
    ws = small_workshop()
    EditField("functions", "f1", "strategic_importance", "4").apply(ws)
    EditField("functions", "f1", "fte", "3,5").apply(ws)
    EditField("functions", "f1", "sourcing", "outsource").apply(ws)
    EditField("functions", "f1", "votes", 2.0).apply(ws)
    EditField("metrics", "m1", "review_date", "2027-06-30").apply(ws)
    EditField("metrics", "m1", "outsourced_exempt", True).apply(ws)
    EditField("waves", "w1", "gates", [{"name": "Pilot passed", "status": "waived"}]).apply(ws)
    function = ws.find("functions", "f1")
    assert function.strategic_importance == 4
    assert function.fte == 3.5
    assert function.sourcing is Sourcing.OUTSOURCE
    assert function.votes == 2 and isinstance(function.votes, int)
    assert ws.find("metrics", "m1").review_date == date(2027, 6, 30)
    assert ws.find("metrics", "m1").outsourced_exempt is True
    assert ws.find("waves", "w1").gates == (Gate("Pilot passed", GateStatus.WAIVED),)


def test_clearing_an_optional_field_stores_nothing():
    ws = small_workshop()
    EditField("waves", "w1", "start", "").apply(ws)
    EditField("criteria", "c1", "knockout_min", None).apply(ws)
    assert ws.find("waves", "w1").start is None
    assert ws.find("criteria", "c1").knockout_min is None


@pytest.mark.parametrize(
    ("section", "key", "field_name", "value", "fragment"),
    [
        ("functions", "f1", "strategic_importance", 0, "between 1 and 5"),
        ("functions", "f1", "strategic_importance", 6, "between 1 and 5"),
        ("functions", "f1", "inhouse_capability", 9, "between 1 and 5"),
        ("functions", "f1", "fte", -1, "between"),
        ("functions", "f1", "fte", float("nan"), "finite"),
        ("functions", "f1", "votes", True, "whole number"),
        ("functions", "f1", "votes", "many", "whole number"),
        ("functions", "f1", "customer_facing", "yes", "yes or no"),
        ("scores", ("v1", "c1"), "score", 7, "between 0 and 5"),
        ("scores", ("v1", "c1"), "score", -1, "between 0 and 5"),
        ("criteria", "c1", "weight", 101, "between 0 and 100"),
        ("criteria", "c1", "knockout_min", 6, "between 0 and 5"),
        ("risks", "x1", "likelihood", 0, "between 1 and 5"),
        ("risks", "x1", "impact", 6, "between 1 and 5"),
        ("functions", "f1", "sourcing", "maybe", "retain"),
        ("participants", "p1", "side", "alien", "client"),
        ("risks", "x1", "stage", "lunch", "setup"),
        ("functions", "f1", "name", "", "cannot be empty"),
        ("functions", "f1", "name", "  \t\n", "cannot be empty"),
        ("functions", "f1", "name", None, "required"),
        ("participants", "p1", "name", "", "cannot be empty"),
        ("risks", "x1", "title", " ", "cannot be empty"),
        ("functions", "f1", "name", "bad \udc80 surrogate", "invalid character"),
        ("metrics", "m1", "review_date", "2027-02-30", "date"),
        ("waves", "w1", "gates", [{"name": "X", "status": "done"}], "open"),
        ("waves", "w1", "gates", [Gate("X", "done")], ""),
        ("risks", "x1", "id", "", ""),
        ("risks", "x1", "id", "   ", ""),
        ("functions", "f1", "colour", "red", "no field"),
    ],
)
def test_an_impossible_value_is_refused_and_nothing_changes(
    section, key, field_name, value, fragment
):
    assert_refused(
        small_workshop(), lambda: EditField(section, key, field_name, value), fragment
    )


@pytest.mark.parametrize(
    ("section", "key", "field_name", "value", "missing"),
    [
        ("customers", "k1", "function", "f9", "f9"),
        ("assignments", ("f1", "v1"), "vendor", "v9", "v9"),
        ("scores", ("v1", "c1"), "criterion", "c9", "c9"),
        ("roles", "r1", "function", "f9", "f9"),
        ("waves", "w1", "functions", ["f1", "f9"], "f9"),
    ],
)
def test_pointing_an_item_at_something_that_does_not_exist_is_refused(
    section, key, field_name, value, missing
):
    assert_refused(small_workshop(), lambda: EditField(section, key, field_name, value), missing)


@pytest.mark.parametrize(
    ("section", "key", "field_name", "value"),
    [
        ("functions", "f1", "id", "f2"),
        ("scores", ("v1", "c1"), "vendor", "v2"),
        ("assignments", ("f2", "v2"), "vendor", "v1"),
    ],
)
def test_editing_a_key_into_one_already_taken_is_refused(section, key, field_name, value):
    assert_refused(small_workshop(), lambda: EditField(section, key, field_name, value))


def test_editing_an_item_that_does_not_exist_is_refused():
    assert_refused(small_workshop(), lambda: EditField("functions", "f9", "name", "X"), "f9")


def test_a_wave_cannot_list_the_same_function_twice():
    """A function moves once per wave; the file stores one row per (wave,
    function), so a repeated entry could not be kept anyway."""
    assert_refused(small_workshop(), lambda: EditField("waves", "w1", "functions", ["f1", "f1"]))


def test_renaming_the_id_of_a_function_others_point_at_leaves_no_dangling_reference():
    """Either the rename is refused, or everything that pointed at the old id
    follows it; never an assignment or customer pointing at nothing."""
    ws = small_workshop()
    before = dump(ws)
    try:
        EditField("functions", "f1", "id", "f100").apply(ws)
    except ValidationError:
        assert dump(ws) == before
        return
    assert dangling_references(ws) == []


# --- RemoveItem and its cascade -------------------------------------------------


def test_removing_a_function_removes_what_belongs_to_it_and_nothing_else():
    ws = small_workshop()
    change = RemoveItem("functions", "f1").apply(ws)
    assert [f.id for f in ws.functions] == ["f2", "f3"]
    assert [a.key for a in ws.assignments] == [("f2", "v2"), ("f2", "v1"), ("f3", "v2")]
    assert [c.id for c in ws.customers] == ["k2"]
    assert [r.id for r in ws.roles] == ["r2"]
    assert [w.functions for w in ws.waves] == [("f2",), ("f2", "f3"), ("f3",)]
    assert [w.id for w in ws.waves] == ["w1", "w2", "w3"], "waves themselves stay"
    assert ws.find("waves", "w1").gates == small_workshop().waves[0].gates
    assert len(ws.scores) == 4 and len(ws.vendors) == 2
    assert {"functions", "assignments", "customers", "waves", "roles"} <= change.sections
    assert dangling_references(ws) == []


def test_undoing_a_function_removal_brings_everything_back_in_its_original_order():
    ws = small_workshop()
    before = dump(ws)
    command = RemoveItem("functions", "f1")
    command.apply(ws)
    command.revert(ws)
    assert dump(ws) == before
    assert [a.key for a in ws.assignments] == [a.key for a in small_workshop().assignments]
    assert [c.id for c in ws.customers] == ["k1", "k2", "k3"]
    assert [r.id for r in ws.roles] == ["r1", "r2", "r3"]
    assert ws.waves == small_workshop().waves


def test_removing_a_vendor_removes_its_scores_and_assignments():
    ws = small_workshop()
    before = dump(ws)
    command = RemoveItem("vendors", "v1")
    command.apply(ws)
    assert [v.id for v in ws.vendors] == ["v2"]
    assert [s.key for s in ws.scores] == [("v2", "c1"), ("v2", "c2")]
    assert [a.key for a in ws.assignments] == [("f2", "v2"), ("f3", "v2")]
    assert len(ws.functions) == 3 and len(ws.customers) == 3
    assert dangling_references(ws) == []
    command.revert(ws)
    assert dump(ws) == before


def test_removing_a_criterion_removes_its_scores_and_undo_restores_them():
    ws = small_workshop()
    before = dump(ws)
    command = RemoveItem("criteria", "c1")
    command.apply(ws)
    assert [s.key for s in ws.scores] == [("v1", "c2"), ("v2", "c2")]
    command.revert(ws)
    assert dump(ws) == before


def test_removing_a_score_or_an_assignment_by_its_pair_key():
    ws = small_workshop()
    RemoveItem("scores", ("v2", "c1")).apply(ws)
    RemoveItem("assignments", ("f2", "v1")).apply(ws)
    assert ws.find("scores", ("v2", "c1")) is None
    assert ws.find("assignments", ("f2", "v1")) is None
    assert len(ws.vendors) == 2 and len(ws.functions) == 3


def test_removing_something_that_is_not_there_is_refused():
    assert_refused(small_workshop(), lambda: RemoveItem("functions", "f9"), "f9")


def test_removing_every_function_of_the_demo_and_undoing_all_gives_it_back(demo_workshop):
    ws = demo_workshop
    before = dump(ws)
    done = []
    for function in list(ws.functions):
        command = RemoveItem("functions", function.id)
        command.apply(ws)
        done.append(command)
    assert ws.functions == [] and ws.assignments == [] and ws.customers == []
    assert ws.roles == [] and all(w.functions == () for w in ws.waves)
    for command in reversed(done):
        command.revert(ws)
    assert dump(ws) == before


# --- MoveItem -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "to_index", "order"),
    [
        ("x3", 0, ["x3", "x1", "x2"]),
        ("x1", 2, ["x2", "x3", "x1"]),
        ("x1", 1, ["x2", "x1", "x3"]),
        ("x2", 99, ["x1", "x3", "x2"]),
        ("x2", -5, ["x2", "x1", "x3"]),
    ],
)
def test_moving_an_item_reorders_the_list_and_undo_restores_the_order(key, to_index, order):
    ws = small_workshop()
    before = dump(ws)
    command = MoveItem("risks", key, to_index)
    assert command.apply(ws).sections == {"risks"}
    assert [r.id for r in ws.risks] == order
    command.revert(ws)
    assert dump(ws) == before


def test_moving_a_missing_item_is_refused():
    assert_refused(small_workshop(), lambda: MoveItem("risks", "x9", 0))


# --- EditDetails / EditThresholds -----------------------------------------------


def test_editing_the_workshop_details_and_undoing_it():
    ws = small_workshop()
    before = dump(ws)
    commands = [
        EditDetails("title", "Sourcing day"),
        EditDetails("date", "2027-01-11"),
        EditDetails("objectives", ["Cut cost", "Cover 24x7"]),
        EditDetails("status", "final"),
    ]
    for command in commands:
        assert command.apply(ws).sections == {"details"}
    assert ws.details.title == "Sourcing day"
    assert ws.details.date == date(2027, 1, 11)
    assert ws.details.objectives == ("Cut cost", "Cover 24x7")
    assert ws.details.status is WorkshopStatus.FINAL
    for command in reversed(commands):
        command.revert(ws)
    assert dump(ws) == before


@pytest.mark.parametrize(
    ("field_name", "value"),
    [
        ("title", ""),
        ("title", "   "),
        ("title", None),
        ("date", "11/01/2027"),
        ("status", "published"),
        ("objectives", "not a list"),
        ("objectives", ["ok", 3]),
        ("venue", "Leeds"),
    ],
)
def test_impossible_workshop_details_are_refused(field_name, value):
    assert_refused(small_workshop(), lambda: EditDetails(field_name, value))


def test_editing_a_threshold_and_undoing_it():
    ws = small_workshop()
    command = EditThresholds("max_functions_per_wave", 5)
    assert command.apply(ws).sections == {"thresholds"}
    assert ws.thresholds.max_functions_per_wave == 5
    command.revert(ws)
    assert ws.thresholds.max_functions_per_wave == 3


@pytest.mark.parametrize(
    ("field_name", "value"),
    [
        ("min_vendor_score", 5.5),
        ("close_call_margin", 1.5),
        ("close_call_margin", -0.1),
        ("max_functions_per_wave", 0),
        ("min_wave_weeks", -1),
        ("strategic_importance_limit", 6),
        ("strategic_importance_limit", "high"),
        ("coffee_breaks", 2),
    ],
)
def test_impossible_thresholds_are_refused(field_name, value):
    assert_refused(small_workshop(), lambda: EditThresholds(field_name, value))


# --- Batch ------------------------------------------------------------------------


def test_a_batch_applies_as_one_step_and_undoes_as_one_step():
    ws = small_workshop()
    before = dump(ws)
    batch = Batch("Outsource testing", [
        AddItem("functions", Function("f4", "Testing")),
        EditField("functions", "f4", "sourcing", "outsource"),
        AddItem("assignments", Assignment("f4", "v1", 2)),
        EditDetails("title", "After"),
    ])
    change = batch.apply(ws)
    assert change.sections == {"functions", "assignments", "details"}
    assert ws.find("functions", "f4").sourcing is Sourcing.OUTSOURCE
    assert ws.find("assignments", ("f4", "v1")) is not None
    assert batch.revert(ws).sections == {"functions", "assignments", "details"}
    assert dump(ws) == before


def test_a_batch_that_fails_half_way_leaves_the_workshop_as_it_was():
    ws = small_workshop()
    before = dump(ws)
    batch = Batch("Half", [
        EditField("functions", "f1", "name", "Renamed"),
        RemoveItem("vendors", "v1"),
        AddItem("assignments", Assignment("f1", "v1", 2)),  # v1 is gone by now
    ])
    with pytest.raises(ValidationError):
        batch.apply(ws)
    assert dump(ws) == before


def test_an_empty_batch_changes_nothing():
    ws = small_workshop()
    before = dump(ws)
    batch = Batch("Nothing")
    assert batch.apply(ws).sections == frozenset()
    batch.revert(ws)
    assert dump(ws) == before


# --- apply then revert, across the board ---------------------------------------------


def demo_commands() -> list[Command]:
    return [
        AddItem("participants", Participant("p99", "Guest", side=Side.OTHER)),
        AddItem("waves", Wave("w9", "Late", functions=("f4",), gates=(Gate("KT"),))),
        EditField("functions", "f9", "sourcing", "outsource"),
        EditField("waves", "w2", "functions", ["f3"]),
        EditField("waves", "w1", "gates", []),
        EditField("scores", ("v2", "c3"), "score", 0),
        EditField("decisions", "d1", "recorded_at", "2027-03-09T09:00:00+02:00"),
        MoveItem("agenda", "a8", 0),
        MoveItem("scores", ("v1", "c1"), 10),
        RemoveItem("functions", "f12"),
        RemoveItem("vendors", "v2"),
        RemoveItem("criteria", "c1"),
        RemoveItem("waves", "w2"),
        RemoveItem("parking_lot", "q1"),
        EditDetails("objectives", []),
        EditDetails("date", None),
        EditThresholds("close_call_margin", 0.25),
        Batch("Two", [RemoveItem("functions", "f1"), EditDetails("title", "T")]),
    ]


@pytest.mark.parametrize("index", range(len(demo_commands())))
def test_apply_then_undo_gives_back_an_equal_workshop(demo_workshop, index):
    ws = demo_workshop
    before = dump(ws)
    command = demo_commands()[index]
    command.apply(ws)
    assert dump(ws) != before, "the command should have changed something"
    command.revert(ws)
    assert dump(ws) == before


def test_undo_then_redo_then_undo_again(demo_workshop):
    ws = demo_workshop
    before = dump(ws)
    command = RemoveItem("functions", "f1")
    command.apply(ws)
    after = dump(ws)
    command.revert(ws)
    command.apply(ws)
    assert dump(ws) == after
    command.revert(ws)
    assert dump(ws) == before


def test_a_series_of_edits_undone_in_reverse_order_restores_the_start(demo_workshop):
    ws = demo_workshop
    before = dump(ws)
    done = []
    for command in demo_commands():
        command.apply(ws)
        done.append(command)
    for command in reversed(done):
        command.revert(ws)
    assert dump(ws) == before


def test_undo_before_apply_is_a_programming_error():
    with pytest.raises(RuntimeError):
        EditDetails("title", "X").revert(small_workshop())


def test_every_section_can_take_an_added_item_and_give_it_back(example_json):
    """One AddItem per section, so no section is missing from the machinery."""
    template = interchange.loads(example_json)
    for name in SECTIONS:
        ws = interchange.loads(example_json)
        before = dump(ws)
        item = template.section(name)[0]
        RemoveItem(name, item.key).apply(ws)
        command = AddItem(name, item, index=0)
        command.apply(ws)
        assert ws.section(name)[0] == item
        command.revert(ws)
        assert ws.find(name, item.key) is None
        assert dump(ws) != before
