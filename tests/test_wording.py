"""One vocabulary (issue 24, part 4): counted words agree with their number,
no text names a stage by a number written by hand, and each choice has one
label for the window, the presenter and the minutes."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from desktop_app.domain.labels import LABELS, enum_label
from desktop_app.domain.model import Attendance, GoDecision, Sourcing, Stage
from desktop_app.domain.stages import STAGE_INFO, stage_ref
from desktop_app.domain.wording import attendance_text, plural

SOURCE = Path(__file__).resolve().parent.parent / "desktop_app"
STAGE_NUMBER = re.compile(r"\bstages? \d", re.IGNORECASE)
COUNTED_GUESS = re.compile(r"\w\(s\)")


def string_constants(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def test_no_text_names_a_stage_by_a_hand_written_number() -> None:
    found = [f"{path.relative_to(SOURCE)}:{line}: {text[:60]!r}"
             for path in SOURCE.rglob("*.py") for line, text in string_constants(path)
             if STAGE_NUMBER.search(text)]
    assert not found, found


def test_no_text_hedges_a_count_with_s_in_brackets() -> None:
    found = [f"{path.relative_to(SOURCE)}:{line}: {text[:60]!r}"
             for path in SOURCE.rglob("*.py") for line, text in string_constants(path)
             if COUNTED_GUESS.search(text)]
    assert not found, found


def test_a_stage_reference_follows_the_stage_list() -> None:
    assert stage_ref(Stage.GOVERNANCE) == \
        f"stage {STAGE_INFO[Stage.GOVERNANCE].number} ({STAGE_INFO[Stage.GOVERNANCE].title})"
    assert stage_ref(Stage.GOVERNANCE).startswith("stage 8 ")  # the ninth stage is Close


@pytest.mark.parametrize(("count", "noun", "text"), [
    (1, "function", "1 function"), (2, "function", "2 functions"), (0, "year", "0 years"),
    (1, "year", "1 year"), (2, "criterion", "2 criteria"), (3, "gate", "3 gates"),
    (1, "exemption", "1 exemption"), (2, "apologies", "2 apologies"),
    (1_200, "participant", "1,200 participants"), (2, "activity", "2 activities"),
])
def test_counted_words_agree_with_their_number(count, noun, text) -> None:
    assert plural(count, noun) == text


def test_attendance_reads_the_same_for_any_number() -> None:
    assert attendance_text({Attendance.PRESENT: 1, Attendance.APOLOGIES: 1,
                            Attendance.ABSENT: 0}) == "1 present, 1 sent apologies"


def test_each_choice_has_one_label_everywhere() -> None:
    from desktop_app.ui.labels import enum_label as window_label

    assert enum_label(GoDecision.NO_GO) == window_label(GoDecision.NO_GO) == "No-go"
    assert window_label("no_go") == "No-go"  # a combo's stored value reads the same
    for member in LABELS:
        assert window_label(member) == enum_label(member)
    assert enum_label(Sourcing.UNDECIDED) == "Undecided"


def test_empty_stages_say_so_in_words() -> None:
    from desktop_app.domain.model import Workshop
    from desktop_app.domain.stages import STAGES, stage_facts

    empty = Workshop()
    for info in STAGES:
        facts = stage_facts(empty, info.stage)
        assert len(facts) == 1 and facts[0].startswith("No "), (info.stage, facts)
        assert not any(char.isdigit() for char in facts[0]), facts


def test_menus_show_an_ampersand_as_typed() -> None:
    from desktop_app.ui.labels import as_typed
    from desktop_app.ui.shortcuts_dialog import plain

    assert as_typed("Desktop & field support") == "Desktop && field support"
    assert plain("&Undo Add function “Desktop && field support”") == \
        "Undo Add function “Desktop & field support”"
