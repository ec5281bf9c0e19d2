"""Every change to a workshop is a command that can be applied and reverted.

A command remembers the lists it touches before it changes them; reverting
puts those lists back. Items are immutable, so that memory is a list of
references, and undo is exact whatever the edit did (a removal also removes
what pointed at the item, and undo brings all of it back).

`apply` and `revert` return a `Change`: the names of the sections that moved
("details" and "thresholds" for the workshop's own fields). Storage writes
those sections; views refresh them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from desktop_app.domain import money
from desktop_app.domain.model import (
    REFERENCES,
    SECTIONS,
    Details,
    Item,
    Score,
    Thresholds,
    Workshop,
)
from desktop_app.domain.validation import (
    ValidationError,
    amount_problems,
    checked,
    coerce,
    field_label,
)

DETAILS = "details"
THRESHOLDS = "thresholds"


@dataclass(frozen=True)
class Change:
    sections: frozenset[str]

    def __or__(self, other: Change) -> Change:
        return Change(self.sections | other.sections)

    def touches(self, *names: str) -> bool:
        return any(name in self.sections for name in names)


class Command:
    """Base class: subclasses implement `_do`; state capture is shared."""

    description: str = "Edit"
    # Undoing keeps the stage timer's state as it is now (see CLOCK_FIELDS), unless
    # the command recorded that state itself.
    keeps_clock: bool = True

    def __init__(self) -> None:
        self._saved: dict[str, Any] | None = None

    def affected(self, workshop: Workshop) -> set[str]:
        raise NotImplementedError

    def _do(self, workshop: Workshop) -> None:
        raise NotImplementedError

    def apply(self, workshop: Workshop) -> Change:
        names = self.affected(workshop)
        if "criteria" in names and workshop.details.criteria_agreed_at is not None:
            raise ValidationError(
                "The criteria and weights are agreed and locked for scoring. "
                "Reopen them first (Vendors stage) to change them."
            )
        saved = {name: _capture(workshop, name) for name in names}
        try:
            self._do(workshop)
        except BaseException:
            for name, value in saved.items():
                _restore(workshop, name, value, keep_clock=False)
            raise
        self._saved = saved
        return Change(frozenset(names))

    def revert(self, workshop: Workshop) -> Change:
        if self._saved is None:
            raise RuntimeError("revert() before apply()")
        for name, value in self._saved.items():
            _restore(workshop, name, value, keep_clock=self.keeps_clock)
        names = frozenset(self._saved)
        self._saved = None
        return Change(names)


def _capture(workshop: Workshop, name: str) -> Any:
    if name == DETAILS:
        return workshop.details
    if name == THRESHOLDS:
        return workshop.thresholds
    return list(workshop.section(name))


# The stage timer's bookkeeping: recorded as the session runs, outside the undo
# history, so undoing an edit of the details never winds the clock back.
CLOCK_FIELDS = ("session_stage", "session_seconds", "session_paused")


def _restore(workshop: Workshop, name: str, value: Any, keep_clock: bool = True) -> None:
    if name == DETAILS:
        workshop.details = value if not keep_clock else dataclasses.replace(
            value, **{field: getattr(workshop.details, field) for field in CLOCK_FIELDS})
    elif name == THRESHOLDS:
        workshop.thresholds = value
    else:
        workshop.section(name)[:] = value


def _spec(section: str):
    if section not in SECTIONS:
        raise ValidationError(f"Unknown section {section!r}.")
    return SECTIONS[section]


def dependents(section: str) -> list[tuple[str, str]]:
    """(section, field) pairs whose values point into `section`."""
    return [key for key, target in REFERENCES.items() if target == section]


def check_references(workshop: Workshop, section: str, item: Item) -> None:
    for (source, field_name), target in REFERENCES.items():
        if source != section:
            continue
        value = getattr(item, field_name)
        if isinstance(value, tuple) and len(set(value)) != len(value):
            raise ValidationError(f"{field_label(field_name)} lists the same item twice.")
        for ref in value if isinstance(value, tuple) else (value,):
            if workshop.find(target, ref) is None:
                raise ValidationError(
                    f"{field_label(field_name)} refers to {ref!r}, which is not in {target}."
                )


def _is_referenced(workshop: Workshop, section: str, key: Any) -> bool:
    for source, field_name in dependents(section):
        for other in workshop.section(source):
            value = getattr(other, field_name)
            if key == value or (isinstance(value, tuple) and key in value):
                return True
    return False


class AddItem(Command):
    def __init__(self, section: str, item: Item, index: int | None = None) -> None:
        super().__init__()
        self.section, self.item, self.index = section, item, index
        spec = _spec(section)
        if not isinstance(item, spec.item_type):
            raise ValidationError(f"A {type(item).__name__} cannot go in {section}.")
        self.item = item = checked(item)
        self.description = f"Add {spec.noun} “{item.label}”"

    def affected(self, workshop: Workshop) -> set[str]:
        return {self.section}

    def _do(self, workshop: Workshop) -> None:
        items = workshop.section(self.section)
        if workshop.find(self.section, self.item.key) is not None:
            raise ValidationError(f"{self.section} already has an item {self.item.key!r}.")
        check_references(workshop, self.section, self.item)
        index = len(items) if self.index is None else max(0, min(self.index, len(items)))
        items.insert(index, self.item)


class RemoveItem(Command):
    """Removes an item and everything that pointed at it (undo restores all)."""

    def __init__(self, section: str, key: Any) -> None:
        super().__init__()
        self.section, self.key = section, key
        self.description = f"Remove {_spec(section).title.lower()} item"

    def affected(self, workshop: Workshop) -> set[str]:
        item = workshop.find(self.section, self.key)
        if item is None:
            raise ValidationError(f"{self.section} has no item {self.key!r}.")
        self.description = f"Remove {_spec(self.section).noun} “{item.label}”"
        return {self.section} | {source for source, _ in dependents(self.section)}

    def _do(self, workshop: Workshop) -> None:
        for source, field_name in dependents(self.section):
            items = workshop.section(source)
            kept = []
            for other in items:
                value = getattr(other, field_name)
                if isinstance(value, tuple):
                    if self.key in value:
                        other = dataclasses.replace(
                            other, **{field_name: tuple(v for v in value if v != self.key)}
                        )
                    kept.append(other)
                elif value != self.key:
                    kept.append(other)
            items[:] = kept
        items = workshop.section(self.section)
        del items[workshop.index_of(self.section, self.key)]


class EditField(Command):
    def __init__(self, section: str, key: Any, field_name: str, value: Any) -> None:
        super().__init__()
        spec = _spec(section)
        self.section, self.key, self.field_name = section, key, field_name
        self.value = coerce(spec.item_type, field_name, value)
        self.description = f"Change {field_label(field_name).lower()}"

    def affected(self, workshop: Workshop) -> set[str]:
        item = workshop.find(self.section, self.key)
        if item is None:
            raise ValidationError(f"{self.section} has no item {self.key!r}.")
        self.description = f"Change {field_label(self.field_name).lower()} of “{item.label}”"
        return {self.section}

    def _do(self, workshop: Workshop) -> None:
        index = workshop.index_of(self.section, self.key)
        items = workshop.section(self.section)
        new_item = dataclasses.replace(items[index], **{self.field_name: self.value})
        if new_item.key != self.key:
            if workshop.find(self.section, new_item.key) is not None:
                raise ValidationError(f"{self.section} already has an item {new_item.key!r}.")
            if _is_referenced(workshop, self.section, self.key):
                raise ValidationError(
                    f"Other items refer to {self.key!r}, so its id cannot change."
                )
        check_references(workshop, self.section, new_item)
        if isinstance(self.value, money.Money) and (
                problem := money.currency_problem(self.value, workshop.details.currency)):
            raise ValidationError(f"{field_label(self.field_name)}: {problem}")
        items[index] = new_item


class MoveItem(Command):
    def __init__(self, section: str, key: Any, to_index: int) -> None:
        super().__init__()
        self.section, self.key, self.to_index = section, key, to_index
        self.description = "Reorder"

    def affected(self, workshop: Workshop) -> set[str]:
        item = workshop.find(self.section, self.key)
        if item is None:
            raise ValidationError(f"{self.section} has no item {self.key!r}.")
        self.description = f"Move {_spec(self.section).noun} “{item.label}”"
        return {self.section}

    def _do(self, workshop: Workshop) -> None:
        items = workshop.section(self.section)
        item = items.pop(workshop.index_of(self.section, self.key))
        items.insert(max(0, min(self.to_index, len(items))), item)


class EditDetails(Command):
    """Change one of the workshop's own fields (title, date, objectives...)."""

    def __init__(self, field_name: str, value: Any) -> None:
        super().__init__()
        self.field_name = field_name
        self.keeps_clock = field_name not in CLOCK_FIELDS
        self.value = coerce(Details, field_name, value)
        if field_name == "title" and not self.value.strip():
            raise ValidationError("Title cannot be empty.")
        self.description = f"Change workshop {field_label(field_name).lower()}"

    def affected(self, workshop: Workshop) -> set[str]:
        return {DETAILS}

    def _do(self, workshop: Workshop) -> None:
        if self.field_name == "currency" and (problems := amount_problems(workshop, self.value)):
            raise ValidationError(
                f"The currency stays {workshop.details.currency}: "
                f"{problems[0]} Change such amounts first.")
        workshop.details = dataclasses.replace(workshop.details, **{self.field_name: self.value})


class EditThresholds(Command):
    def __init__(self, field_name: str, value: Any) -> None:
        super().__init__()
        self.field_name = field_name
        self.value = coerce(Thresholds, field_name, value)
        self.description = f"Change health-check setting {field_label(field_name).lower()}"

    def affected(self, workshop: Workshop) -> set[str]:
        return {THRESHOLDS}

    def _do(self, workshop: Workshop) -> None:
        workshop.thresholds = dataclasses.replace(
            workshop.thresholds, **{self.field_name: self.value}
        )


@dataclass
class Batch(Command):
    """Several commands applied as one undoable step."""

    description: str
    commands: list[Command] = field(default_factory=list)

    def __post_init__(self) -> None:
        Command.__init__(self)

    def affected(self, workshop: Workshop) -> set[str]:
        return set()

    def apply(self, workshop: Workshop) -> Change:
        done: list[Command] = []
        change = Change(frozenset())
        try:
            for command in self.commands:
                change = change | command.apply(workshop)
                done.append(command)
        except BaseException:
            for command in reversed(done):
                command.revert(workshop)
            raise
        self._saved = {}
        return change

    def revert(self, workshop: Workshop) -> Change:
        change = Change(frozenset())
        for command in reversed(self.commands):
            change = change | command.revert(workshop)
        self._saved = None
        return change


def set_score(workshop: Workshop, vendor: str, criterion: str, field_name: str,
              value: Any) -> Command:
    """The command that sets one cell of the scoring grid (score or evidence).

    A cell without a score yet gets one (0 until scored, if evidence comes first).
    """
    if workshop.find("scores", (vendor, criterion)) is not None:
        return EditField("scores", (vendor, criterion), field_name, value)
    values = {"vendor": vendor, "criterion": criterion, "score": 0, field_name: value}
    return AddItem("scores", Score(**values))


def linked_items(workshop: Workshop, section: str, key: Any) -> dict[str, int]:
    """What else a removal of (section, key) takes with it, per section."""
    counts: dict[str, int] = {}
    for source, field_name in dependents(section):
        for other in workshop.section(source):
            value = getattr(other, field_name)
            if value == key or (isinstance(value, tuple) and key in value):
                counts[source] = counts.get(source, 0) + 1
    return counts


def agree_criteria(workshop: Workshop, when: datetime) -> Command:
    """The "criteria agreed" step: lock criteria and weights, and minute it."""
    from desktop_app.domain.derived import weight_shares
    from desktop_app.domain.model import Decision, DecisionStatus, Stage

    if not workshop.criteria:
        raise ValidationError("Add the criteria and their weights before agreeing them.")
    shares = weight_shares(workshop)
    summary = ", ".join(f"{c.name} {shares[c.id]:.0f} %" for c in workshop.criteria)
    scored = len(workshop.scores)
    text = f"Vendor criteria and weights agreed {agreement_timing(scored)}: {summary}."
    decision = Decision(workshop.new_id("decisions"), Stage.VENDORS, text,
                        DecisionStatus.ACCEPTED, when)
    return Batch("Agree the vendor criteria", [
        EditDetails("criteria_agreed_at", when),
        EditDetails("scores_when_agreed", scored),
        AddItem("decisions", decision),
    ])


def agreement_timing(scores_when_agreed: int | None) -> str:
    """'before scoring', 'after 4 scores had been entered', or '' when a release
    that did not count them recorded the agreement: never a claim the file cannot back."""
    if scores_when_agreed is None:
        return ""
    if scores_when_agreed == 0:
        return "before scoring"
    plural = "score had" if scores_when_agreed == 1 else "scores had"
    return f"after {scores_when_agreed} {plural} been entered"


def reopen_criteria() -> Command:
    return Batch("Reopen the vendor criteria", [
        EditDetails("criteria_agreed_at", None),
        EditDetails("scores_when_agreed", None),
    ])
