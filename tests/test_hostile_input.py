"""Hostile input (issue 6): arbitrary text and extreme numbers in every field.

Property-based tests (hypothesis) that push markup (`<b>`, `<img src=...>`,
`&copy;`, `<font name=X>`), every script, emoji, combining marks, control
characters, lone surrogates, very long strings and words, and huge, tiny,
negative, NaN and infinite numbers through the domain commands into every
editable field of every section, the workshop details and the thresholds.

What must hold:

1. A command applies or raises `ValidationError` with a readable message,
   never anything else; a refused command leaves the workshop as it was.
2. What was accepted survives a real `.workshop` file (closed and reopened)
   and the JSON interchange, unchanged.
3. The PDF minutes build for anything accepted and lose no text: every
   string people typed is either found in the PDF (for the alphabets whose
   extraction is reliable) or is shown to survive the one markup layer
   (`export/markup.py`) exactly, with only its documented transformations,
   and every character no font can draw is named in `missing_characters`.

Examples are derandomized and there is no example database, so CI runs the
same examples every time.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import json
import re
import tempfile
import types
import typing
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pypdf
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph

from desktop_app.domain.commands import (
    AddItem,
    Command,
    EditDetails,
    EditField,
    EditThresholds,
    RemoveItem,
)
from desktop_app.domain.model import (
    REFERENCES,
    SECTIONS,
    Action,
    Assignment,
    Criterion,
    Customer,
    Decision,
    Details,
    Function,
    Gate,
    GateStatus,
    Item,
    Metric,
    ParkingItem,
    Participant,
    Risk,
    Role,
    Score,
    Sourcing,
    Stage,
    Thresholds,
    Vendor,
    Wave,
    Workshop,
)
from desktop_app.domain.money import Money
from desktop_app.domain.stages import new_workshop
from desktop_app.domain.validation import ValidationError, checked, coerce, field_types
from desktop_app.export import fonts
from desktop_app.export.markup import PLACEHOLDER, Markup
from desktop_app.export.minutes import MARGIN_BOTTOM, STYLES, build_minutes, fmt_date
from desktop_app.files import paths
from desktop_app.storage import interchange
from desktop_app.storage.document import WorkshopDocument
from desktop_app.storage.errors import InterchangeError


def profile(examples: int) -> settings:
    """Deterministic settings: the same examples on every run, nothing stored."""
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        print_blob=False,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                               HealthCheck.filter_too_much, HealthCheck.large_base_example],
    )


# --- hostile values ------------------------------------------------------------------

MARKUP = [
    "<b>", "</b>", "<i>x</i>", "<b>bold", '<img src="/etc/hostname"/>', "<img src=x.png>",
    "&copy;", "&amp;", "&lt;", "&#169;", "&#x1F600;", "&nbsp;", "&", "<", ">", "&&;",
    "<font name=X>", '<font name="Helvetica" size="99">', "</font>", "<br/>", "<br>",
    "<para>", "</para>", "<![CDATA[x]]>", "<!-- c -->", "<?xml version='1.0'?>",
    '<a href="file:///etc/passwd">link</a>', "<link href=x>", "<super>", "<seq id=a/>",
    "<onDraw name=x/>", "<u>", "<strike>", "<span style=s>", "<bullet>", '"', "'", "]]>",
    "\\", "%s", "{0}", "=1+1", "-", "\u2014",
]
SCRIPTS = [
    "Ελληνικά", "Кириллица", "Tiếng Việt", "Zażółć gęślą jaźń", "Straße", "שלום", "مرحبا",
    "فارسی", "中文漢字", "日本語のテキスト", "한국어", "हिन्दी", "தமிழ்", "ไทย", "ქართული",
    "Հայերեն", "ᚠᚢᚦ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "𓀀", "😀", "🚀", "👩‍👩‍👧‍👦", "🏳️‍🌈", "🇬🇧", "❤️",
    "e\u0301", "\u0301", "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇", "ﬁ", "\u212b", "\u1e9b\u0323", "ǅ", "½",
    "\ufeff", "\u200b", "\u200d", "\u202e", "\u2066", "\u00ad", "\u00a0", "\u2028",
    "\u2029", "\u3000", "\ue000", "\U000f0000", "\U0010fffd", "\ufffe", "\uffff",
    "\U000e0001", "\ufe0f", "\ufffd", "\u0378", "\u034f",
]
CONTROLS = [chr(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA0))]
SPACING = [" ", "  ", "\n", "\r\n", "\r", "\t", "\n\n", " \n "]

fragment = st.sampled_from(MARKUP + SCRIPTS + CONTROLS + SPACING)

# Any text Python allows in a str except lone surrogates (those come below).
short_text = st.one_of(
    st.text(max_size=24),
    st.lists(st.one_of(fragment, st.text(max_size=3)), max_size=8).map("".join),
)
long_text = st.one_of(
    # one very long word
    st.builds(lambda unit, n: unit * n,
              st.sampled_from(["x", "W", "Ω", "中", "😀", "e\u0301", "&lt;", "<b>", "\ue000"]),
              st.integers(800, 4000)),
    # very long text of hostile words
    st.builds(lambda words, n: " ".join(words * n),
              st.lists(short_text, min_size=1, max_size=4),
              st.integers(50, 250)),
)
surrogate_text = st.tuples(short_text, st.characters(categories=["Cs"]), short_text).map(
    "".join)

EXTREME_NUMBERS = [
    0, -1, 1, 5, 6, 100, 101, 1440, 1441, 100_000, 100_001, 10**6, 2**53 + 1, 2**63,
    -(2**63) - 1, 2**64, 10**19, 10**400, -(10**400),
    float("nan"), float("inf"), float("-inf"), -0.0, 0.0, 5e-324, -5e-324,
    2.2250738585072014e-308, 1.7976931348623157e308, 0.1, 2.5, 4.999999999999999,
    5.000000000000001, 1e-300, 99_999.99999999999,
]
numbers = st.one_of(st.sampled_from(EXTREME_NUMBERS), st.integers(), st.floats())
numeric_text = st.one_of(
    st.sampled_from(["", " ", "0", " 3 ", "3.0", "3,5", "1e3", "1e400", "-1e400", "nan", "NaN",
                     "inf", "-inf", "Infinity", "1_000", "٣", "３", "0x10", "+4", "-0", "½",
                     "Ⅻ", "4\x00", "9" * 5000, "1" + "0" * 400, "5e-324"]),
    st.integers().map(str),
    st.floats().map(str),
)
offsets = st.builds(
    timezone,
    st.timedeltas(min_value=-timedelta(hours=23, minutes=59, seconds=59, microseconds=999_999),
                  max_value=timedelta(hours=23, minutes=59, seconds=59, microseconds=999_999)))
EXTREME_DATES = [date.min, date.max, date(9999, 12, 1), date(1, 1, 31), date(2000, 2, 29)]
dates = st.one_of(st.sampled_from(EXTREME_DATES), st.dates())
aware_datetimes = st.datetimes(timezones=offsets)
temporal = st.one_of(
    dates, aware_datetimes, st.datetimes(),
    dates.map(date.isoformat), aware_datetimes.map(datetime.isoformat),
    st.sampled_from(["2027-02-30", "2027-1-1", "20270111", "2027-W01-1", "2027-01-11Z",
                     "2027-01-11T10:42:00Z", "2027-01-11 10:42", "10000-01-01",
                     "2027-01-11T10:42:00+24:00", "0000-01-01", "\x00"]),
)


scalars = st.one_of(short_text, numbers, st.none(), st.booleans(), st.lists(short_text, max_size=1),
                    st.dictionaries(st.text(max_size=4), short_text, max_size=1))


@st.composite
def gate_values(draw: Any) -> Any:
    """A wave's gates as a UI or a script might hand them over, well formed or not."""
    status = st.one_of(st.sampled_from(GateStatus), st.sampled_from(["open", "met", "waived"]),
                       short_text, scalars)
    gate = st.one_of(
        st.builds(Gate, short_text, st.sampled_from(GateStatus)),
        st.builds(Gate, scalars, status),  # a ready-made Gate gets no pass
        st.fixed_dictionaries({"name": short_text}, optional={"status": status}),
        st.fixed_dictionaries({}, optional={"name": scalars, "status": status}),
        st.dictionaries(st.one_of(st.text(max_size=6), st.integers(), st.none()), scalars,
                        max_size=2),
        scalars,
    )
    odd = st.sampled_from([{}, {1: "a", "b": 2}, {None: 1, 2.5: 3}, {"\ud800": "x"},
                           {"name": "G", "status": "open", "extra": 1}, {"name": None}])
    return draw(st.one_of(st.lists(gate, max_size=3), st.tuples(gate), st.tuples(odd), scalars))


anything = st.one_of(
    short_text, short_text, surrogate_text, long_text, numbers, numeric_text, temporal,
    st.none(), st.booleans(), st.binary(max_size=4),
    st.lists(st.one_of(short_text, numbers), max_size=3),
    st.dictionaries(st.one_of(st.text(max_size=5), st.integers()), short_text, max_size=2),
    gate_values(), st.sampled_from([object(), {1, 2}, 1j, b"", (), [], {}]),
)


def _strip_optional(hint: Any) -> tuple[Any, bool]:
    args = typing.get_args(hint)
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and type(None) in args:
        return next(a for a in args if a is not type(None)), True
    return hint, False


def allowed(cls: type, name: str) -> st.SearchStrategy[Any]:
    """Values of the field's own type and range (text of any kind), edges included."""
    hint, optional = _strip_optional(field_types(cls)[name])
    bounds = getattr(cls, "RANGES", {}).get(name)
    none = [st.none()] if optional else []
    if hint is str:
        return st.one_of(short_text, short_text, short_text, short_text, long_text)
    if hint is bool:
        return st.one_of(st.booleans(), *none)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return st.sampled_from(hint)
    if hint is int:
        low, high = int(bounds.low), int(bounds.high)
        return st.one_of(st.integers(low, high), st.sampled_from([low, high]), *none)
    if hint is float:
        low, high = bounds.low, bounds.high
        return st.one_of(st.floats(low, high), st.sampled_from([low, high, 5e-324, -0.0]),
                         *none)
    if hint is Money:  # cents, up to the trillion the app takes
        return st.one_of(st.integers(0, 10**14).map(Money), st.sampled_from([0, 10**14]).map(Money),
                         *none)
    if hint is date:
        return st.one_of(dates, *none)
    if hint is datetime:
        return st.one_of(aware_datetimes, *none)
    if hint == tuple[str, ...]:
        return st.one_of(st.lists(short_text, max_size=4), st.lists(long_text, max_size=1))
    if hint == tuple[Gate, ...]:
        return st.lists(st.builds(Gate, short_text, st.sampled_from(GateStatus)), max_size=3)
    raise AssertionError(f"no strategy for {cls.__name__}.{name}: {hint}")


def typed(cls: type, name: str) -> st.SearchStrategy[Any]:
    """Values of the field's type: allowed ones, the edges just outside, and
    the other forms a UI or JSON may hand over (strings, whole floats...)."""
    hint, optional = _strip_optional(field_types(cls)[name])
    bounds = getattr(cls, "RANGES", {}).get(name)
    other: list[st.SearchStrategy[Any]] = [st.just("")] if optional else []
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        other += [st.sampled_from([m.value for m in hint]), short_text]
    elif hint is int:
        low, high = int(bounds.low), int(bounds.high)
        inside = st.integers(low, high)
        other += [st.sampled_from([low - 1, high + 1]), inside.map(float), inside.map(str),
                  inside.map(lambda v: f" {v} "), numbers, numeric_text]
    elif hint is float:
        low, high = bounds.low, bounds.high
        other += [st.sampled_from([high - 1e-9, high + 1e-9, low - 5e-324]),
                  st.integers(int(low), int(high)), st.floats(low, high).map(repr), numbers,
                  numeric_text]
    elif hint is Money:  # as typed, as the interchange gives them, and the edges outside
        other += [st.integers(0, 10**12).map(str), st.integers(0, 10**12).map("{:,}".format),
                  st.decimals(allow_nan=True, places=3), st.sampled_from(
                      ["-1", "1e5", "1,000,000,000,000.01", "12,5", " 7 ", "€ 9"]),
                  numbers, numeric_text]
    elif hint is date:
        other += [dates.map(date.isoformat), st.datetimes(), temporal]
    elif hint is datetime:
        other += [aware_datetimes.map(datetime.isoformat), st.datetimes(), temporal]
    elif hint == tuple[str, ...]:
        other += [st.tuples(short_text), st.lists(anything, max_size=2)]
    elif hint == tuple[Gate, ...]:
        other += [gate_values()]
    return st.one_of(allowed(cls, name), allowed(cls, name), *other)


def value_for(cls: type, name: str) -> st.SearchStrategy[Any]:
    return st.one_of(typed(cls, name), typed(cls, name), anything)


def reference_value(ws: Workshop, section: str, name: str,
                    plausible: bool = False) -> st.SearchStrategy[Any]:
    target = REFERENCES[(section, name)]
    ids = [item.id for item in ws.section(target)]
    existing = st.sampled_from(ids) if ids else st.just("f-none")
    if name == "functions":  # a wave's list of function ids
        valid = st.lists(existing, max_size=3, unique=True)
        return valid if plausible else st.one_of(
            valid, st.lists(existing, max_size=3), st.lists(short_text, max_size=2), anything)
    return existing if plausible else st.one_of(existing, existing, existing, short_text,
                                                anything)


def item_value(ws: Workshop, section: str, name: str,
               plausible: bool = False) -> st.SearchStrategy[Any]:
    if (section, name) in REFERENCES:
        return reference_value(ws, section, name, plausible)
    cls = SECTIONS[section].item_type
    return allowed(cls, name) if plausible else value_for(cls, name)


ITEM_FIELDS = [(section, name) for section, spec in SECTIONS.items()
               for name in field_types(spec.item_type)]
DETAIL_FIELDS = list(field_types(Details))
THRESHOLD_FIELDS = list(field_types(Thresholds))


# --- workshops --------------------------------------------------------------------------

DEMO = interchange.read_json(paths.demo_json_path())


def demo(locked: bool) -> Workshop:
    """A fresh copy of the demo; its criteria agreed (locked) or reopened."""
    ws = DEMO.snapshot()
    if not locked:
        EditDetails("criteria_agreed_at", None).apply(ws)
    return ws


def small_workshop() -> Workshop:
    """One item in every section, each added through the commands."""
    ws = new_workshop("Hostile input")
    for section, item in [
        ("participants", Participant("p1", "P")),
        ("functions", Function("f1", "F", customer_facing=True, sourcing=Sourcing.OUTSOURCE)),
        ("criteria", Criterion("c1", "C", weight=60, knockout_min=3)),
        ("vendors", Vendor("v1", "V", available_fte=1)),
        ("vendors", Vendor("v2", "V2", available_fte=5)),
        ("scores", Score("v1", "c1", 2, "E")),
        ("scores", Score("v2", "c1", 4)),
        ("assignments", Assignment("f1", "v1", 2)),
        ("customers", Customer("k1", "K", "f1")),
        ("metrics", Metric("m1", "M")),
        ("waves", Wave("w1", "W", date(2027, 2, 1), date(2027, 3, 1), ("f1",),
                       gates=(Gate("G"),))),
        ("roles", Role("r1", "f1", "R")),
        ("risks", Risk("x1", "X")),
        ("decisions", Decision("d1", Stage.FUNCTIONS, "D")),
        ("actions", Action("t1", Stage.VENDORS, "A")),
        ("parking_lot", ParkingItem("q1", Stage.SETUP, "Q")),
    ]:
        AddItem(section, item).apply(ws)
    return ws


# --- applying commands ----------------------------------------------------------------------


def assert_readable(error: ValidationError, bounded: bool = True) -> None:
    """A message for people: a sentence that can be shown and printed anywhere
    and, when it is about a value typed into a field, does not repeat all of it."""
    message = str(error)
    assert message.strip(), "empty message"
    assert message.rstrip().endswith("."), message
    message.encode("utf-8")  # no lone surrogate: it can be printed and logged
    assert "Traceback" not in message
    if bounded:
        assert len(message) <= 300, f"a message of {len(message)} characters: {message[:80]}"


def attempt(ws: Workshop, make: Callable[[], Command],
            apply: Callable[[Command], Any] | None = None) -> Command | None:
    """Build and apply a command: it applies, or it is refused with a
    ValidationError and nothing changes. Any other exception fails the test."""
    before = ws.snapshot()
    try:
        command = make()  # the value is checked here
    except ValidationError as error:
        assert_readable(error)
        assert ws == before, "a refused command changed the workshop"
        event("refused: the value")
        return None
    try:
        if apply is None:
            command.apply(ws)  # references, keys and the criteria lock are checked here
        else:
            apply(command)
    except ValidationError as error:
        # These messages name the id referred to, whatever its length (commands.py).
        assert_readable(error, bounded=False)
        assert ws == before, "a refused command changed the workshop"
        event("refused: in the workshop")
        return None
    event("accepted")
    return command


def assert_valid(ws: Workshop) -> None:
    """Everything in the workshop passes validation again, unchanged."""
    assert checked(ws.details) == ws.details
    assert checked(ws.thresholds) == ws.thresholds
    for name in SECTIONS:
        for item in ws.section(name):
            assert checked(item) == item


@st.composite
def commands(draw: Any, ws: Workshop) -> Callable[[], Command]:
    """A factory of one hostile command against `ws` (building it may already refuse)."""
    kind = draw(st.sampled_from(["field"] * 6 + ["details", "thresholds", "add", "add",
                                                 "remove"]))
    if kind == "details":
        name = draw(st.sampled_from(DETAIL_FIELDS))
        value = draw(value_for(Details, name))
        return functools.partial(EditDetails, name, value)
    if kind == "thresholds":
        name = draw(st.sampled_from(THRESHOLD_FIELDS))
        value = draw(value_for(Thresholds, name))
        return functools.partial(EditThresholds, name, value)
    if kind == "add":
        section = draw(st.sampled_from(list(SECTIONS)))
        item = draw(new_items(ws, section))
        return functools.partial(AddItem, section, item)
    candidates = [(s, n) for s, n in ITEM_FIELDS if ws.section(s)]
    if kind == "remove" or not candidates:
        sections = [s for s in SECTIONS if ws.section(s)] or list(SECTIONS)
        section = draw(st.sampled_from(sections))
        keys = [item.key for item in ws.section(section)] or ["nothing"]
        key = draw(st.sampled_from(keys))
        return functools.partial(RemoveItem, section, key)
    section, name = draw(st.sampled_from(candidates))
    key = draw(st.sampled_from([item.key for item in ws.section(section)]))
    value = draw(item_value(ws, section, name))
    return functools.partial(EditField, section, key, name, value)


@st.composite
def new_items(draw: Any, ws: Workshop, section: str) -> Item:
    """An item of `section` with every field hostile (or, often, plausible)."""
    spec = SECTIONS[section]
    plausible = draw(st.booleans())  # every value allowed (text of any kind), or anything
    values = {}
    for name in field_types(spec.item_type):
        if name == "id":
            fresh = st.just(ws.new_id(section))
            taken = [str(item.key) for item in ws.section(section)] or ["x"]
            values[name] = draw(fresh if plausible else st.one_of(
                fresh, fresh, short_text, st.sampled_from(taken), anything))
        else:
            values[name] = draw(item_value(ws, section, name, plausible))
    if draw(st.integers(0, 20)) == 0:  # now and then, an item of another section
        other = draw(st.sampled_from(list(SECTIONS.values())))
        if other.item_type is not spec.item_type:
            return draw(new_items(ws, other.name))
    return spec.item_type(**values)


ALL_FIELDS = [(cls, name) for cls in (*(spec.item_type for spec in SECTIONS.values()),
                                      Details, Thresholds, Gate)
              for name in field_types(cls)]
LISTS = [(cls, name) for cls, name in ALL_FIELDS  # objectives, a wave's functions and gates
         if typing.get_origin(field_types(cls)[name]) is tuple]


@profile(1500)
@given(data=st.data())
def test_every_field_takes_a_value_or_refuses_it(data) -> None:
    """The check under every command: any value for any field is coerced to
    an allowed one or refused with a readable ValidationError."""
    cls, name = data.draw(st.one_of(st.sampled_from(ALL_FIELDS), st.sampled_from(LISTS)),
                          label="field")
    strategy = st.one_of(anything, scalars, gate_values()) if cls is Gate else value_for(cls, name)
    value = data.draw(strategy, label="value")
    try:
        result = coerce(cls, name, value)
    except ValidationError as error:
        assert_readable(error)
        event("refused")
        return
    event("accepted")
    assert coerce(cls, name, result) == result  # what is accepted is accepted again as is


@pytest.mark.parametrize(("section", "name"), ITEM_FIELDS,
                         ids=[f"{section}.{name}" for section, name in ITEM_FIELDS])
@profile(15)
@given(data=st.data(), locked=st.booleans())
def test_edit_field_applies_or_refuses(section, name, data, locked) -> None:
    """Every field of every section, on the demo (criteria locked or not)."""
    ws = demo(locked)
    item = data.draw(st.sampled_from(ws.section(section)))
    value = data.draw(item_value(ws, section, name))
    before = ws.snapshot()
    command = attempt(ws, lambda: EditField(section, item.key, name, value))
    if command is None:
        return
    assert isinstance(command, EditField)
    index = before.index_of(section, item.key)
    changed = ws.section(section)[index]
    assert getattr(changed, name) == command.value
    assert checked(changed) == changed  # what was accepted is valid
    command.revert(ws)
    assert ws == before


WORKSHOP_FIELDS = ([("details", name) for name in DETAIL_FIELDS]
                   + [("thresholds", name) for name in THRESHOLD_FIELDS])


@pytest.mark.parametrize(("kind", "name"), WORKSHOP_FIELDS,
                         ids=[f"{kind}.{name}" for kind, name in WORKSHOP_FIELDS])
@profile(30)
@given(data=st.data(), locked=st.booleans())
def test_edit_details_and_thresholds_apply_or_refuse(kind, name, data, locked) -> None:
    ws = demo(locked)
    cls, edit = (Details, EditDetails) if kind == "details" else (Thresholds, EditThresholds)
    value = data.draw(value_for(cls, name))
    before = ws.snapshot()
    command = attempt(ws, lambda: edit(name, value))
    if command is None:
        return
    assert getattr(getattr(ws, kind), name) == command.value
    assert_valid(ws)
    command.revert(ws)
    assert ws == before


@pytest.mark.parametrize("section", list(SECTIONS))
@profile(25)
@given(data=st.data(), locked=st.booleans())
def test_add_item_applies_or_refuses(section, data, locked) -> None:
    ws = demo(locked)
    item = data.draw(new_items(ws, section))
    before = ws.snapshot()
    command = attempt(ws, lambda: AddItem(section, item))
    if command is None:
        return
    assert len(ws.section(section)) == len(before.section(section)) + 1
    assert_valid(ws)
    command.revert(ws)
    assert ws == before


@profile(200)
@given(value=st.one_of(surrogate_text, st.lists(surrogate_text, min_size=1, max_size=2)),
       target=st.sampled_from(
           [(s, n) for s, n in ITEM_FIELDS
            if field_types(SECTIONS[s].item_type)[n] in (str, tuple[str, ...])]
           + [("details", n) for n in ("title", "organisation", "scope", "objectives")]))
def test_lone_surrogates_are_refused_everywhere(value, target) -> None:
    """Text with a lone surrogate cannot be stored as UTF-8: refused, readably."""
    section, name = target
    ws = demo(locked=False)
    if section == "details":
        make: Callable[[], Command] = functools.partial(EditDetails, name, value)
    else:
        make = functools.partial(EditField, section, ws.section(section)[0].key, name, value)
    assert attempt(ws, make) is None


# --- storing what was accepted ----------------------------------------------------------------


@profile(40)
@given(data=st.data())
def test_accepted_edits_survive_the_document_and_the_interchange(data) -> None:
    with tempfile.TemporaryDirectory(prefix="sw-hostile-") as folder:
        path = Path(folder) / "hostile.workshop"
        document = WorkshopDocument.create(path, small_workshop())
        try:
            for _ in range(data.draw(st.integers(1, 10), label="edits")):
                make = data.draw(commands(document.workshop))
                attempt(document.workshop, make, document.apply)
            expected = document.workshop.snapshot()
        finally:
            document.close()
        assert_valid(expected)

        reopened = WorkshopDocument.open(path)
        try:
            assert reopened.workshop == expected
        finally:
            reopened.close()

        target = Path(folder) / "hostile.json"
        interchange.write_json(target, expected)
        back = interchange.read_json(target)
        assert back == expected
        assert interchange.to_dict(back) == interchange.to_dict(expected)


# --- what the minutes promise ------------------------------------------------------------------

FONTSET = fonts.fontset()
PYPDF_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")  # pypdf's RTL ranges
NOT_LEFT_TO_RIGHT = {"R", "AL", "AN", "LRE", "LRO", "RLE", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}
WHITESPACE = re.compile(r"[\s\u200b]+")


def squeeze(text: str) -> str:
    return WHITESPACE.sub("", text)


def documented(text: str) -> str:
    """The transformations markup.py documents: NFC, CR LF and CR to LF, tab to
    space, control characters (C0 but LF, DEL, C1) removed."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch) != "Cc")


def invisible(ch: str) -> bool:
    """Format characters and variation selectors have no glyph of their own."""
    cp = ord(ch)
    return (unicodedata.category(ch) == "Cf" or 0xFE00 <= cp <= 0xFE0F
            or 0xE0100 <= cp <= 0xE01EF or cp == 0x034F)


def drawn(text: str) -> tuple[str, set[int]]:
    """What the minutes must draw for `text`, and the code points no font has.

    Every character is drawn, or (when no font has it) drawn as □ and named,
    except invisible characters no font has, which are left out."""
    out: list[str] = []
    missing: set[int] = set()
    for ch in documented(text):
        if ch == "\n" or FONTSET.font_for(ord(ch)) is not None:
            out.append(ch)
        elif not invisible(ch):
            out.append(PLACEHOLDER)
            missing.add(ord(ch))
    return "".join(out), missing


def extractable(text: str) -> bool:
    """Whether pypdf gives back exactly the characters drawn: left-to-right
    text in the bundled family, without combining or format characters."""
    for ch in text:
        if ch.isspace() or ch == "\u200b":
            continue
        if (unicodedata.category(ch) in ("Mn", "Mc", "Me", "Cf")
                or unicodedata.bidirectional(ch) in NOT_LEFT_TO_RIGHT
                or FONTSET.font_for(ord(ch)) not in (fonts.FAMILY, fonts.PLAIN)):
            return False
    return True


def is_subsequence(needle: str, haystack: str) -> bool:
    rest = iter(haystack)
    return all(ch in rest for ch in needle)


CODE_FIELDS = {"currency"}  # a three-letter code the app checks, not free text


def user_strings(ws: Workshop) -> Iterator[tuple[str, str]]:
    """(where, text) for every text people typed that the minutes print."""
    for name, hint in field_types(Details).items():
        if hint is str and name not in CODE_FIELDS:
            yield f"details.{name}", getattr(ws.details, name)
    for number, objective in enumerate(ws.details.objectives):
        yield f"objective {number}", objective
    for section, spec in SECTIONS.items():
        for item in ws.section(section):
            for name, hint in field_types(spec.item_type).items():
                if hint is str and name != "id" and (section, name) not in REFERENCES:
                    yield f"{section} {item.key!r}.{name}", getattr(item, name)
            if isinstance(item, Wave):
                for gate in item.gates:
                    yield f"gate of {item.key!r}", gate.name


def all_strings(ws: Workshop) -> Iterator[str]:
    """Every str in the workshop, ids and references included."""
    yield from (text for _where, text in user_strings(ws))
    for section in SECTIONS:
        for item in ws.section(section):
            for f in dataclasses.fields(item):
                value = getattr(item, f.name)
                if isinstance(value, str):
                    yield value
                elif isinstance(value, tuple):
                    yield from (v for v in value if isinstance(v, str))


def lines_of(text: str) -> list[str]:
    return [squeeze(line) for line in text.split("\n")]


def assert_markup_keeps(text: str, where: str) -> set[int]:
    """The markup layer keeps `text`: parsed by reportlab's Paragraph in the
    styles of the minutes, its fragments hold exactly what `drawn` says, in
    fonts that have every glyph. Returns the code points it reported missing."""
    markup = Markup(FONTSET)
    html = markup(text)
    expected, missing = drawn(text)
    for style in ("cell", "cell_b", "none"):
        paragraph = Paragraph(html, STYLES[style])
        lines: list[list[str]] = [[]]
        for frag in paragraph.frags:
            if getattr(frag, "lineBreak", False):
                lines.append([])
                continue
            glyphs = pdfmetrics.getFont(frag.fontName).face.charToGlyph
            blank = [ch for ch in frag.text if not ch.isspace() and ord(ch) not in glyphs]
            assert not blank, f"{where}: {blank!r} drawn in {frag.fontName}, which lacks them"
            lines[-1].append(frag.text)
        got = ["".join(parts) for parts in lines]
        assert [squeeze(line) for line in got] == lines_of(expected), where
    reported = {int(entry.split()[0][2:], 16) for entry in markup.missing_characters}
    assert reported == missing, where
    return reported


def body_text(path: Path) -> tuple[str, pypdf.PdfReader]:
    """The squeezed text of every page body (no footer, no DRAFT watermark)."""
    reader = pypdf.PdfReader(path)
    pieces: list[str] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: Any, size: float) -> None:
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if size < 50 and y > MARGIN_BOTTOM - 10:
            pieces.append(text)

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    return squeeze("".join(pieces)), reader


TEXT_TARGETS = (
    [("details", name) for name, hint in field_types(Details).items()
     if hint is str and name not in CODE_FIELDS]
    + [("details", "objectives"), ("waves", "gates")]
    + [(section, name) for section, spec in SECTIONS.items()
       for name, hint in field_types(spec.item_type).items()
       if hint is str and name != "id" and (section, name) not in REFERENCES]
)


def minutes_workshop(data: st.DataObject, long_fields: set[tuple[str, str]]) -> Workshop:
    """The small workshop with hostile text in every text field (long text in
    `long_fields`) and extreme numbers and dates, each set by a command."""
    ws = small_workshop()

    def text(target: tuple[str, str]) -> st.SearchStrategy[str]:
        return long_text if target in long_fields else short_text

    def edit(command: type[Command], *args: Any) -> None:
        attempt(ws, functools.partial(command, *args))

    for target in TEXT_TARGETS:
        section, name = target
        if target == ("details", "objectives"):
            value: Any = data.draw(st.lists(text(target), max_size=3), label="objectives")
            edit(EditDetails, "objectives", value)
        elif target == ("waves", "gates"):
            value = data.draw(st.lists(st.builds(Gate, text(target), st.sampled_from(GateStatus)),
                                       max_size=3), label="gates")
            edit(EditField, "waves", "w1", "gates", value)
        elif section == "details":
            value = data.draw(text(target), label=name)
            edit(EditDetails, name, value)
        else:
            value = data.draw(text(target), label=f"{section}.{name}")
            edit(EditField, section, ws.section(section)[0].key, name, value)

    numeric = [("functions", "f1", "fte"), ("functions", "f1", "votes"),
               ("functions", "f1", "strategic_importance"), ("vendors", "v1", "available_fte"),
               ("assignments", ("f1", "v1"), "fte_required"), ("agenda", "a1", "planned_minutes"),
               ("agenda", "a2", "actual_minutes"), ("parking_lot", "q1", "votes"),
               ("criteria", "c1", "weight"), ("criteria", "c1", "knockout_min"),
               ("scores", ("v1", "c1"), "score"), ("scores", ("v2", "c1"), "score"),
               ("risks", "x1", "likelihood"), ("risks", "x1", "impact"),
               ("functions", "f1", "inhouse_capability"), ("functions", "f1", "sourcing"),
               ("waves", "w1", "go"), ("roles", "r1", "raci"),
               ("waves", "w1", "start"), ("waves", "w1", "end"),
               ("metrics", "m1", "review_date"), ("metrics", "m1", "outsourced_exempt"),
               ("actions", "t1", "due"), ("decisions", "d1", "recorded_at")]
    for section, key, name in numeric:
        value = data.draw(typed(SECTIONS[section].item_type, name), label=f"{section}.{name}")
        edit(EditField, section, key, name, value)
    for name in THRESHOLD_FIELDS:
        value = data.draw(typed(Thresholds, name), label=name)
        edit(EditThresholds, name, value)
    for name in ("date", "status", "votes_per_person", "criteria_agreed_at"):
        value = data.draw(typed(Details, name), label=name)
        edit(EditDetails, name, value)
    return ws


def check_minutes(ws: Workshop, long: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="sw-hostile-") as folder:
        target = Path(folder) / "minutes.pdf"
        report = build_minutes(ws, target)
        body, reader = body_text(target)
        assert report.pages == len(reader.pages) >= 2

    reported = {int(entry.split()[0][2:], 16) for entry in report.missing_characters}
    needed: set[int] = set()
    drawn_texts = [drawn(text)[0] for _where, text in user_strings(ws)]
    # After a right-to-left character pypdf reverses the neutral text that
    # follows it in the page (another cell, say) until a left-to-right one.
    in_order = not any(PYPDF_RTL.search(text) for text in drawn_texts)
    event("PDF text checked in order" if in_order else "PDF text checked as characters (RTL)")
    everything: Counter[str] = Counter()
    for where, text in user_strings(ws):
        needed |= assert_markup_keeps(text, where)
        expected = squeeze(drawn(text)[0])
        if not extractable(expected):
            event("text checked in the markup layer only")
            continue
        event("text checked in the PDF too")
        everything.update(expected)
        if not in_order:
            continue
        if long:  # rows taller than a page split, and other cells come in between
            assert is_subsequence(expected, body), f"{where} lost text in the PDF"
        else:
            assert expected in body, f"{where} is not in the PDF"
    # each text is printed in full at least once, so none of its characters is missing
    lost = everything - Counter(body)
    assert not lost, f"characters lost in the PDF: {lost}"
    # every character no font draws is named, and nothing else is
    assert needed <= reported
    possible = set().union(*(drawn(text)[1] for text in all_strings(ws)))
    assert reported <= possible
    assert len(report.missing_characters) == len(reported)

    meta = reader.metadata
    assert meta.title == (metadata(ws.details.title) or "Untitled workshop")
    assert (meta.author or "") == metadata(ws.details.facilitator)


def metadata(text: str) -> str:
    """What the document information holds for `text`: one line, no soft hyphens."""
    return " ".join(documented(text).replace("\u00ad", "").split())


@profile(25)
@given(data=st.data())
def test_minutes_keep_every_hostile_text(data) -> None:
    ws = minutes_workshop(data, long_fields=set())
    check_minutes(ws, long=False)


@profile(8)
@given(data=st.data(), long_fields=st.sets(st.sampled_from(TEXT_TARGETS), min_size=1,
                                              max_size=3))
def test_minutes_keep_very_long_text(data, long_fields) -> None:
    ws = minutes_workshop(data, long_fields)
    check_minutes(ws, long=True)


@profile(300)
@given(text=st.one_of(short_text, st.text(), surrogate_text,
                      st.lists(fragment, max_size=30).map("".join)))
def test_markup_keeps_any_text(text) -> None:
    """The one escaping function, on its own: any text, even what the domain refuses."""
    assert_markup_keeps(text, repr(text))


@profile(200)
@given(text=st.one_of(short_text, st.text(), surrogate_text),
       width=st.floats(1, 400), face=st.sampled_from([fonts.REGULAR, fonts.BOLD]))
def test_canvas_runs_keep_text_and_fit_cuts_only_the_end(text, width, face) -> None:
    """Charts and the footer draw `runs`/`fit`: the same characters, in fonts
    that have them; `fit` keeps a prefix and marks the cut with an ellipsis."""
    markup = Markup(FONTSET)
    runs = markup.runs(text, face)
    expected, missing = drawn(text)
    joined = "".join(piece for _font, piece in runs)
    assert squeeze(joined) == squeeze(expected)
    for font, piece in runs:
        glyphs = pdfmetrics.getFont(font).face.charToGlyph
        assert all(ch.isspace() or ord(ch) in glyphs for ch in piece), (font, piece)
    fitted = markup.fit(text, width, 7.5, face)
    if fitted == runs:
        return
    assert fitted[-1] == (face, "…")
    kept = squeeze("".join(piece for _font, piece in fitted[:-1]))
    assert squeeze(joined).startswith(kept)
    assert {int(e.split()[0][2:], 16) for e in markup.missing_characters} == missing


# --- the bugs these properties found, as plain examples -------------------------------------------


@pytest.mark.parametrize("make", [
    lambda: EditField("functions", "f1", "fte", 10**400),
    lambda: EditField("vendors", "v1", "available_fte", -(10**400)),
    lambda: EditThresholds("min_vendor_score", 10**400),
], ids=["fte", "available_fte", "threshold"])
def test_a_number_beyond_any_float_is_refused(make) -> None:
    """An int too large for a float raised OverflowError instead of a refusal."""
    with pytest.raises(ValidationError, match="far too large"):
        make()


@pytest.mark.parametrize("make", [
    lambda: EditField("functions", "f1", "votes", "9" * 5000),
    lambda: EditField("functions", "f1", "fte", "x" * 5000),
    lambda: EditField("functions", "f1", "sourcing", "x" * 5000),
    lambda: EditDetails("date", "x" * 5000),
    lambda: EditDetails("criteria_agreed_at", "x" * 5000),
], ids=["whole number", "number", "choice", "date", "timestamp"])
def test_a_refusal_does_not_repeat_a_whole_page(make) -> None:
    """A page pasted into a number field came back in full in the message."""
    with pytest.raises(ValidationError) as refused:
        make()
    assert len(str(refused.value)) < 200
    assert "…" in str(refused.value)


@pytest.mark.parametrize(("gates", "message"), [
    ([{}], "Gates needs the field: name."),
    ([{"status": "met"}], "Gates needs the field: name."),
    ([{1: "a", "b": 2}], "Gates has unknown fields: 'b', 1."),
    ([{"name": "G", "\ud800": 1}], "Gates has unknown field: '\\ud800'."),
])
def test_gates_given_as_odd_mappings_are_refused(gates, message) -> None:
    """A gate without a name raised TypeError; unknown keys of mixed types raised
    TypeError while sorting them, and a lone surrogate key made the message
    unprintable."""
    with pytest.raises(ValidationError) as refused:
        EditField("waves", "w1", "gates", gates)
    assert str(refused.value) == message
    str(refused.value).encode("utf-8")


@pytest.mark.parametrize(("start", "end"), [
    (date(9999, 12, 1), date(9999, 12, 31)),
    (date(1, 1, 1), date(9999, 12, 31)),
    (date(9999, 12, 31), date(9999, 12, 31)),
    (date(1, 1, 1), date(1, 1, 1)),
])
def test_minutes_of_waves_at_the_ends_of_the_calendar(tmp_path, start, end) -> None:
    """A wave ending in December 9999 crashed the timeline of the minutes
    (date(10000, 1, 1) for the next month tick, 9999-12-31 plus one day)."""
    ws = small_workshop()
    EditField("waves", "w1", "start", start).apply(ws)
    EditField("waves", "w1", "end", end).apply(ws)
    report = build_minutes(ws, tmp_path / "minutes.pdf")
    assert report.pages >= 2
    pages = pypdf.PdfReader(tmp_path / "minutes.pdf").pages
    text = squeeze("".join(page.extract_text() for page in pages))
    assert squeeze(f"{fmt_date(start, True)} – {fmt_date(end, True)}") in text


@pytest.mark.parametrize("when", [
    datetime(2000, 1, 1, tzinfo=timezone(timedelta(microseconds=1))),
    "2000-01-01T00:00:00+01:00:30",
    datetime(2000, 1, 1, tzinfo=timezone(timedelta(hours=1, seconds=30))),
], ids=["microsecond offset", "as text", "seconds offset"])
def test_a_timestamp_needs_a_time_zone_in_whole_minutes(tmp_path, when) -> None:
    """An offset of a microsecond was stored as "+00:00:00.000001", which Python
    reads back as UTC: the decision's time changed on reopening. ISO 8601 has
    no offsets below a minute."""
    with pytest.raises(ValidationError, match="whole minutes"):
        EditField("decisions", "d1", "recorded_at", when)
    minute = datetime(2000, 1, 1, tzinfo=timezone(-timedelta(hours=23, minutes=59)))
    document = WorkshopDocument.create(tmp_path / "w.workshop", small_workshop())
    try:
        document.apply(EditField("decisions", "d1", "recorded_at", minute))
    finally:
        document.close()
    reopened = WorkshopDocument.open(tmp_path / "w.workshop")
    try:
        assert reopened.workshop.decisions[0].recorded_at.utcoffset() == minute.utcoffset()
    finally:
        reopened.close()


@pytest.mark.parametrize("when", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:00:00-01:00",
                                  "0001-01-01T12:00:00+00:00"])
def test_a_timestamp_at_the_ends_of_the_calendar_is_refused(example_json, when) -> None:
    """Such a timestamp was accepted, but shown in the local time zone (as the
    close stage and quick capture do) it falls outside the calendar and raises
    OverflowError. An imported file names the field instead."""
    with pytest.raises(ValidationError, match="between 0001-01-02 and 9999-12-30"):
        EditField("decisions", "d1", "recorded_at", when)
    document = json.loads(example_json)
    document["decisions"][0]["recorded_at"] = when
    with pytest.raises(InterchangeError, match=r"decisions, item 1 .*recorded_at"):
        interchange.from_dict(document)
    assert EditField("decisions", "d1", "recorded_at", "0001-01-02T00:00:00+00:00").value


@pytest.mark.parametrize("title", ["0\u00ad", "Soft\u00adware sourcing", "\u00adX"])
def test_soft_hyphens_do_not_garble_the_pdf_title(tmp_path, title) -> None:
    """reportlab wrote U+00AD in PDFDocEncoding as 0xAD, which that encoding
    does not define: readers showed the title "0" + soft hyphen as "괰"."""
    ws = small_workshop()
    EditDetails("title", title).apply(ws)
    EditDetails("facilitator", title).apply(ws)
    build_minutes(ws, tmp_path / "minutes.pdf")
    meta = pypdf.PdfReader(tmp_path / "minutes.pdf").metadata
    assert meta.title == meta.author == title.replace("\u00ad", "")
