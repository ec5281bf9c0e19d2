"""The undo history without Qt (domain/history.py): on a workshop in memory and on
a real workshop file, headless."""

from __future__ import annotations

import pytest

from desktop_app.domain.commands import Command, EditDetails, EditField
from desktop_app.domain.history import History
from desktop_app.domain.model import Workshop
from desktop_app.storage.document import WorkshopDocument, write_workshop_file
from desktop_app.storage.errors import DocumentError, WriteFailed


def in_memory(workshop: Workshop) -> History:
    return History(lambda c: c.apply(workshop), lambda c: c.revert(workshop))


def title(text: str) -> Command:
    return EditDetails("title", text)


def test_execute_undo_redo_and_their_labels() -> None:
    ws = Workshop()
    history = in_memory(ws)
    assert not history.can_undo and not history.can_redo and history.undo_label == ""
    outcome = history.execute(title("Day one"))
    assert outcome.done and "details" in outcome.change.sections
    assert ws.details.title == "Day one"
    assert history.undo_label == "Change workshop title" and history.modified
    assert history.undo().done and ws.details.title == "Untitled workshop"
    assert history.redo_label == "Change workshop title" and not history.can_undo
    assert history.redo().done and ws.details.title == "Day one"
    assert history.undo() is not None and history.undo() is None  # nothing more to undo
    assert history.redo() is not None and history.redo() is None


def test_a_new_edit_after_undo_drops_the_undone_steps() -> None:
    ws = Workshop()
    history = in_memory(ws)
    history.execute(title("A"))
    history.execute(title("B"))
    history.undo()
    history.execute(title("C"))
    assert len(history) == 2 and not history.can_redo
    history.undo()
    assert ws.details.title == "A"


def test_commands_under_one_key_are_one_step() -> None:
    ws = Workshop()
    history = in_memory(ws)
    for text in ("D", "Da", "Day"):
        history.execute(title(text), merge_key="typing the title")
    history.execute(EditDetails("scope", "Everything"), merge_key="typing the scope")
    assert len(history) == 2
    history.undo()
    history.undo()
    assert ws.details.title == "Untitled workshop" and ws.details.scope == ""
    history.redo()
    assert ws.details.title == "Day"


def test_a_key_does_not_merge_into_a_step_that_was_undone() -> None:
    ws = Workshop()
    history = in_memory(ws)
    history.execute(title("A"), merge_key="k")
    history.undo()
    history.execute(title("B"), merge_key="k")
    assert len(history) == 1 and history.undo().done and ws.details.title == "Untitled workshop"


def test_undo_if_last_takes_back_only_its_own_step() -> None:
    ws = Workshop()
    history = in_memory(ws)
    history.execute(title("A"))
    assert history.undo_if_last("typing") is None and ws.details.title == "A"
    history.execute(title("AB"), merge_key="typing")
    assert history.undo_if_last("typing").done and ws.details.title == "A"


def test_a_refused_value_is_a_problem_not_a_step() -> None:
    ws = Workshop()
    history = in_memory(ws)
    outcome = history.execute(EditField("functions", "nope", "name", "x"))
    assert not outcome.done and outcome.problem and not outcome.store_failed
    assert len(history) == 0 and not history.modified


def test_a_step_that_cannot_be_stored_leaves_the_history_where_it_was() -> None:
    ws = Workshop()
    failing = {"on": False}

    def store(command: Command):
        if failing["on"]:
            raise WriteFailed("The disk is full.")
        return command.apply(ws)

    def unstore(command: Command):
        if failing["on"]:
            raise WriteFailed("The disk is full.")
        return command.revert(ws)

    history = History(store, unstore, store_errors=(DocumentError,))
    history.execute(title("Kept"))
    failing["on"] = True
    refused = history.execute(title("Lost"))
    assert refused.store_failed and refused.problem == "The disk is full."
    undo = history.undo()
    assert not undo.done and history.can_undo and ws.details.title == "Kept"
    failing["on"] = False
    assert history.undo().done and ws.details.title == "Untitled workshop"


def test_headless_undo_on_a_real_workshop_file(tmp_path, demo_workshop) -> None:
    path = tmp_path / "plan.workshop"
    write_workshop_file(path, demo_workshop)
    document = WorkshopDocument.open(path)
    history = History(document.apply, document.revert, store_errors=(DocumentError,))
    history.execute(title("Renamed"))
    history.execute(EditField("functions", demo_workshop.functions[0].id, "fte", 7))
    history.undo()
    document.close()
    reopened = WorkshopDocument.open(path, read_only=True)
    try:
        assert reopened.workshop.details.title == "Renamed"
        assert reopened.workshop.functions[0].fte == demo_workshop.functions[0].fte
    finally:
        reopened.close()


@pytest.mark.parametrize("steps", [1, 5])
def test_modified_counts_undone_steps_too(steps) -> None:
    ws = Workshop()
    history = in_memory(ws)
    for number in range(steps):
        history.execute(title(f"T{number}"))
    for _ in range(steps):
        history.undo()
    assert history.modified and not history.can_undo
