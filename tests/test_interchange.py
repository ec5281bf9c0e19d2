"""The JSON interchange format (docs/interchange.md): the contract's
example imports and exports back unchanged, any text survives verbatim, and a
document that breaks the rules is refused with a message that says where."""

from __future__ import annotations

import copy
import dataclasses
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from desktop_app.domain.model import REFERENCES, SECTIONS, Details, Gate
from desktop_app.domain.validation import LONG_TEXT_LIMIT, TEXT_LIMIT, field_types, text_limit
from desktop_app.storage import interchange
from desktop_app.storage.document import WorkshopDocument, write_workshop_file
from desktop_app.storage.errors import DocumentError, InterchangeError


@pytest.fixture
def example(example_json) -> dict[str, Any]:
    return json.loads(example_json)


def through_file(document: dict[str, Any], folder: Path) -> dict[str, Any]:
    """Import, store as a .workshop file, reopen, export."""
    path = folder / "trip.workshop"
    if path.exists():
        path.unlink()
    write_workshop_file(path, interchange.from_dict(document))
    doc = WorkshopDocument.open(path)
    try:
        return interchange.to_dict(doc.workshop)
    finally:
        doc.close()


def through_json(document: dict[str, Any]) -> dict[str, Any]:
    """Import, export as JSON text, parse that text back."""
    return json.loads(interchange.dumps(interchange.from_dict(document)))


def assert_every_key_kept(original: Any, exported: Any, where: str = "") -> None:
    """Every name and value of `original` is in `exported` (added defaults aside)."""
    if isinstance(original, dict):
        assert isinstance(exported, dict), where
        for key, value in original.items():
            assert key in exported, f"{where}.{key}"
            assert_every_key_kept(value, exported[key], f"{where}.{key}")
    elif isinstance(original, list):
        assert isinstance(exported, list) and len(exported) == len(original), where
        for index, (left, right) in enumerate(zip(original, exported, strict=True)):
            assert_every_key_kept(left, right, f"{where}[{index}]")
    else:
        assert exported == original, where


# --- the contract's example and the demo ------------------------------------------


def test_the_contract_example_imports_and_exports_back_equal(example):
    exported = interchange.to_dict(interchange.from_dict(example))
    assert_every_key_kept(example, exported)


def test_the_contract_example_exported_as_text_reads_back_equal(example):
    assert_every_key_kept(example, through_json(example))


def test_the_contract_example_survives_a_workshop_file(example, tmp_path):
    assert_every_key_kept(example, through_file(example, tmp_path))


def test_export_writes_the_contract_field_names_for_every_item(example):
    exported = interchange.to_dict(interchange.from_dict(example))
    for section in SECTIONS:
        for original, written in zip(example[section], exported[section], strict=True):
            assert set(original) <= set(written), section
    assert set(example["workshop"]) <= set(exported["workshop"])
    assert exported["format"] == "sourcing-workshop"
    assert exported["format_version"] == 1


def test_the_demo_round_trips_through_json_and_a_workshop_file(demo_json_path, tmp_path):
    original = json.loads(demo_json_path.read_text(encoding="utf-8"))
    assert_every_key_kept(original, through_json(original))
    assert_every_key_kept(original, through_file(original, tmp_path))


def test_a_json_file_written_by_the_app_reads_back_equal(tmp_path, demo_workshop):
    target = tmp_path / "demo.json"
    interchange.write_json(target, demo_workshop)
    assert interchange.to_dict(interchange.read_json(target)) == interchange.to_dict(demo_workshop)
    text = target.read_bytes().decode("utf-8")
    assert "Poznań" in text, "non-ASCII text is written as itself, readable in a diff"
    assert [p.name for p in tmp_path.iterdir()] == ["demo.json"]


def test_a_file_with_a_utf8_byte_order_mark_is_accepted(tmp_path, example_json):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + example_json.encode("utf-8"))
    assert interchange.read_json(path).details.title == "Service desk sourcing workshop"


def test_optional_fields_may_be_left_out_and_take_their_defaults():
    ws = interchange.from_dict({
        "format": "sourcing-workshop", "format_version": 1,
        "workshop": {"title": "Minimal"},
        "functions": [{"id": "f1", "name": "Service desk"}],
    })
    assert ws.details.title == "Minimal"
    function = ws.functions[0]
    assert (function.sourcing.value, function.strategic_importance, function.fte) == (
        "undecided", 3, 0)
    assert ws.participants == []


def test_settings_are_exported_and_imported(example):
    example["settings"] = {"min_vendor_score": 2.5, "close_call_margin": 0.2,
                           "max_functions_per_wave": 4, "min_wave_weeks": 8,
                           "strategic_importance_limit": 5, "price_rise": 0.15,
                           "transition_rise": 0.5}
    ws = interchange.from_dict(example)
    assert ws.thresholds.min_wave_weeks == 8 and ws.thresholds.transition_rise == 0.5
    assert interchange.to_dict(ws)["settings"] == example["settings"]


def test_the_shipped_json_schema_is_a_valid_schema_and_accepts_the_example(example):
    jsonschema.Draft202012Validator.check_schema(interchange.schema())
    jsonschema.Draft202012Validator(interchange.schema()).validate(example)


# --- hostile text --------------------------------------------------------------------

HOSTILE = {
    "markup": '<b>x</b> <img src="/etc/hostname"/> &copy; <font name=X>y</font> &amp;',
    "quotes": "it's \"quoted\" `back` ‘curly’ “double”",
    "backslashes": "C:\\Users\\ana\\n not a newline \\u0041 \\",
    "rtl": "مرحبا بالعالم — שלום עולם \u202eevil\u202c",
    "cjk": "外包研讨会 ソーシング 아웃소싱",
    "emoji": "😀 👩🏽‍💻 🇵🇱 ❤️",
    "vietnamese": "Nguyễn Thị Lan, Hồ Chí Minh",
    "greek-cyrillic": "Αθήνα Ελληνικά — Москва Кириллица",
    "combining": "e\u0301 a\u0308 n\u0303 Z\u0351\u0364\u036b",
    "newlines": "line one\nline two\r\nline three\rfour\n\n",
    "tabs": "\tcolumn\tcolumn\t",
    "nul": "before\x00after",
    "controls": "bell\x07 escape\x1b[31m red \x7f",
    "long": "Lorem ipsum " * 16_666 + "end!!!!!",
}
assert len(HOSTILE["long"]) >= 200_000


CODES = {"currency", "number_format", "session_stage"}  # codes: ISO 4217, a locale, a stage


def text_fields(cls: type, section: str | None) -> list[str]:
    references = {name for (sec, name) in REFERENCES if sec == section}
    return [
        name for name, hint in field_types(cls).items()
        if hint is str and name != "id" and name not in references and name not in CODES
    ]


def with_text_everywhere(document: dict[str, Any], text: str) -> dict[str, Any]:
    """The document with `text` (slightly varied per field) in every text field,
    cut to the field's length limit (the "long" text reaches every limit)."""
    document = copy.deepcopy(document)
    counter = iter(range(10_000))

    def value(name: str) -> str:
        return f"{next(counter)}:{text}"[:text_limit(name)]

    for name in text_fields(Details, None):
        document["workshop"][name] = value(name)
    document["workshop"]["objectives"] = [value("objectives"), value("objectives")]
    for section, spec in SECTIONS.items():
        for item in document[section]:
            for name in text_fields(spec.item_type, section):
                item[name] = value(name)
            for gate in item.get("gates", []):
                for name in text_fields(Gate, None):
                    gate[name] = value(name)
    return document


def test_text_one_character_over_its_field_limit_is_refused_naming_field_and_limit(example):
    for name, limit in (("title", TEXT_LIMIT), ("scope", LONG_TEXT_LIMIT)):
        document = copy.deepcopy(example)
        document["workshop"][name] = "x" * limit
        assert interchange.from_dict(document).details == dataclasses.replace(
            interchange.from_dict(example).details, **{name: "x" * limit})
        document["workshop"][name] = "x" * (limit + 1)
        message = refused(document)
        assert f"field {name}" in message and f"at most {limit:,}" in message
    document = copy.deepcopy(example)
    document["functions"][0]["description"] = "w" * 50_000_000  # a 50 MB cell
    assert "at most 200,000" in refused(document)


def test_every_text_field_type_is_covered_by_the_hostile_text_test(example):
    hostile = with_text_everywhere(example, "X")
    changed = json.dumps(hostile).count('X"')
    assert changed >= 45  # every free-text field of every section of the example
    assert hostile["scores"][0]["evidence"].endswith("X")
    assert hostile["waves"][0]["gates"][1]["name"].endswith("X")
    assert hostile["customers"][0]["escalation"].endswith("X")
    assert hostile["metrics"][0]["baseline"].endswith("X")
    assert hostile["scores"][0]["vendor"] == "v1", "references are left alone"


@pytest.mark.parametrize("text", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_text_survives_json_verbatim(example, text):
    document = with_text_everywhere(example, text)
    assert_every_key_kept(document, through_json(document))


@pytest.mark.parametrize("text", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_text_survives_a_workshop_file_verbatim(example, text, tmp_path):
    document = with_text_everywhere(example, text)
    assert_every_key_kept(document, through_file(document, tmp_path))


def test_hostile_text_survives_a_json_file_on_disk(example, tmp_path):
    everything_but_long = "".join(v for k, v in HOSTILE.items() if k != "long")
    document = with_text_everywhere(example, everything_but_long)
    path = tmp_path / "hostile.json"
    interchange.write_json(path, interchange.from_dict(document))
    assert_every_key_kept(document, interchange.to_dict(interchange.read_json(path)))


def test_timestamps_keep_their_moment_and_time_zone(example):
    stamps = ["2027-01-11T10:42:00+00:00", "2027-01-11T23:59:59-09:30",
              "2027-01-11T10:42:00.250000+05:45"]
    for stamp in stamps:
        example["decisions"][0]["recorded_at"] = stamp
        assert through_json(example)["decisions"][0]["recorded_at"] == stamp


def test_text_is_kept_exactly_with_surrounding_spaces(example):
    example["functions"][0]["name"] = "  Service desk  "
    example["functions"][0]["rationale"] = "   "
    example["workshop"]["objectives"] = ["", " x "]
    assert_every_key_kept(example, through_json(example))


# --- refused documents -------------------------------------------------------------


def refused(document: Any) -> str:
    with pytest.raises(InterchangeError) as raised:
        interchange.from_dict(document)
    message = str(raised.value)
    assert "Traceback" not in message
    return message


def assert_mentions(message: str, *fragments: str) -> None:
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in message: {message!r}"


def test_a_document_of_another_format_is_refused(example):
    example["format"] = "other-tool"
    assert_mentions(refused(example), "format", "sourcing-workshop")


def test_a_json_document_that_is_not_an_object_is_refused():
    assert_mentions(refused([1, 2, 3]), "not a Sourcing Workshop")
    assert_mentions(refused("sourcing-workshop"), "not a Sourcing Workshop")


def test_a_newer_format_version_is_refused_with_advice_to_update(example):
    example["format_version"] = 2
    assert_mentions(refused(example), "version 2", "Update")


@pytest.mark.parametrize("version", [0, "1", None, 1.5, True])
def test_a_format_version_that_is_not_1_is_refused(example, version):
    example["format_version"] = version
    assert_mentions(refused(example), "format_version")


def test_text_that_is_not_json_is_refused_with_line_and_column():
    with pytest.raises(InterchangeError) as raised:
        interchange.loads('{"format": "sourcing-workshop",\n  "workshop": {title: 1}}')
    assert_mentions(str(raised.value), "not valid JSON", "line 2", "column")


def test_a_file_that_is_not_utf8_is_refused(tmp_path, example_json):
    path = tmp_path / "latin1.json"
    path.write_bytes(example_json.encode("latin-1", errors="replace").replace(b"Krak", b"Kr\xe9k"))
    with pytest.raises(InterchangeError) as raised:
        interchange.read_json(path)
    assert_mentions(str(raised.value), "latin1.json", "UTF-8")


def test_a_missing_json_file_is_refused_and_not_created(tmp_path):
    with pytest.raises(InterchangeError) as raised:
        interchange.read_json(tmp_path / "gone.json")
    assert_mentions(str(raised.value), "gone.json", "does not exist")
    assert list(tmp_path.iterdir()) == []


def test_a_json_file_error_names_the_file(tmp_path, example):
    example["functions"][0]["strategic_importance"] = 0
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(example), encoding="utf-8")
    with pytest.raises(InterchangeError) as raised:
        interchange.read_json(path)
    assert_mentions(str(raised.value), "bad.json", "functions", "strategic_importance")


def test_deeply_nested_json_is_refused_not_a_crash():
    with pytest.raises(InterchangeError):
        interchange.loads("[" * 100_000 + "]" * 100_000)


def edit(document: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """Set (or with value=DELETE remove) document[a][b]... for path 'a.b.c'."""
    *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
    target = document
    for part in parents:
        target = target[part]
    if value is DELETE:
        del target[last]
    else:
        target[last] = value
    return document


DELETE = object()

# (what is wrong, where, value, words the message must contain: section, item, field)
INVALID = [
    ("score 7", "scores.0.score", 7, ["scores", "item 1", "score", "7", "0", "5"]),
    ("score -1", "scores.3.score", -1, ["scores", "item 4", "score"]),
    ("strategic importance 0", "functions.0.strategic_importance", 0,
     ["functions", "'f1'", "strategic_importance", "1", "5"]),
    ("in-house capability 6", "functions.1.inhouse_capability", 6,
     ["functions", "'f2'", "inhouse_capability"]),
    ("weight 101", "criteria.0.weight", 101, ["criteria", "'c1'", "weight"]),
    ("knock-out 6", "criteria.0.knockout_min", 6, ["criteria", "'c1'", "knockout_min"]),
    ("likelihood 0", "risks.0.likelihood", 0, ["risks", "'x1'", "likelihood"]),
    ("negative FTE", "vendors.1.available_fte", -5, ["vendors", "'v2'", "available_fte"]),
    ("votes beyond the model's range", "functions.0.votes", 10**9,
     ["functions", "'f1'", "votes"]),
    ("planned minutes beyond a day", "agenda.0.planned_minutes", 1441,
     ["agenda", "'a1'", "planned_minutes"]),
    ("unknown sourcing", "functions.1.sourcing", "maybe",
     ["functions", "'f2'", "sourcing", "maybe"]),
    ("unknown side", "participants.2.side", "alien",
     ["participants", "'p3'", "side", "alien"]),
    ("unknown stage", "actions.0.stage", "lunch", ["actions", "'t1'", "stage", "lunch"]),
    ("unknown raci", "roles.0.raci", "X", ["roles", "'r1'", "raci"]),
    ("unknown gate status", "waves.0.gates.0.status", "done",
     ["waves", "'w1'", "gates", "status", "done"]),
    ("unknown workshop status", "workshop.status", "published",
     ["workshop", "status", "published"]),
    ("unknown field", "functions.0.colour", "red", ["functions", "'f1'", "colour"]),
    ("unknown field in workshop", "workshop.venue", "Leeds", ["workshop", "venue"]),
    ("unknown top-level section", "gadgets", [], ["gadgets"]),
    ("missing name", "functions.1.name", DELETE, ["functions", "'f2'", "name"]),
    ("missing id", "vendors.0.id", DELETE, ["vendors", "item 1", "id"]),
    ("missing score", "scores.2.score", DELETE, ["scores", "item 3", "score"]),
    ("missing title", "workshop.title", DELETE, ["workshop", "title"]),
    ("missing workshop", "workshop", DELETE, ["workshop"]),
    ("empty name", "functions.0.name", "", ["functions", "'f1'", "name", "empty"]),
    ("blank title", "workshop.title", "   ", ["workshop", "title"]),
    ("impossible date", "waves.0.start", "2027-02-30", ["waves", "'w1'", "start", "2027-02-30"]),
    ("date in another style", "actions.0.due", "25/01/2027", ["actions", "'t1'", "due"]),
    ("timestamp as a date", "metrics.0.review_date", "2027-06-30T10:00:00+00:00",
     ["metrics", "'m1'", "review_date"]),
    ("workshop date", "workshop.date", "January 11", ["workshop", "date"]),
    ("timestamp without time zone", "decisions.0.recorded_at", "2027-01-11T10:42:00",
     ["decisions", "'d1'", "recorded_at"]),
    ("timestamp that is not one", "decisions.0.recorded_at", "yesterday",
     ["decisions", "'d1'", "recorded_at"]),
    ("not a number", "functions.0.fte", float("nan"), ["functions", "'f1'", "fte", "finite"]),
    ("infinite FTE", "vendors.0.available_fte", float("inf"), ["vendors", "'v1'", "available_fte"]),
    ("lone surrogate in text", "risks.0.mitigation", "bad \udc80 text",
     ["risks", "'x1'", "mitigation", "invalid character"]),
    ("string for a number", "functions.0.fte", "12", ["functions", "'f1'", "fte", "number"]),
    ("string for an integer", "scores.0.score", "4", ["scores", "item 1", "score"]),
    ("bool for an integer", "functions.0.votes", True, ["functions", "'f1'", "votes"]),
    ("bool for a score", "risks.0.impact", False, ["risks", "'x1'", "impact"]),
    ("fraction for an integer", "functions.0.strategic_importance", 2.5,
     ["functions", "'f1'", "strategic_importance"]),
    ("text for a yes/no", "functions.0.customer_facing", "yes",
     ["functions", "'f1'", "customer_facing"]),
    ("number for text", "vendors.0.notes", 42, ["vendors", "'v1'", "notes"]),
    ("null for text", "customers.0.sales_rep", None, ["customers", "'k1'", "sales_rep"]),
    ("text for a list", "workshop.objectives", "Reduce cost", ["workshop", "objectives"]),
    ("object for an item", "functions.0", "Service desk", ["functions", "item 1"]),
    ("section that is not a list", "vendors", {"v1": "Vendor A"}, ["vendors"]),
]


@pytest.mark.parametrize(
    ("path", "value", "words"),
    [(path, value, words) for _, path, value, words in INVALID],
    ids=[what for what, *_ in INVALID],
)
def test_an_invalid_document_is_refused_naming_section_item_and_field(
    example, path, value, words
):
    assert_mentions(refused(edit(example, path, value)), *words)


@pytest.mark.parametrize(
    ("path", "value", "words"),
    [
        ("assignments.0.vendor", "v9", ["assignments", "item 1", "vendor", "'v9'", "vendors"]),
        ("assignments.0.function", "f9", ["assignments", "item 1", "function", "'f9'"]),
        ("scores.4.criterion", "c9", ["scores", "item 5", "criterion", "'c9'", "criteria"]),
        ("customers.0.function", "f9", ["customers", "'k1'", "function", "'f9'"]),
        ("waves.0.functions", ["f1", "f9"], ["waves", "'w1'", "functions", "'f9'"]),
        ("roles.0.function", "f7", ["roles", "'r1'", "function", "'f7'", "functions"]),
    ],
)
def test_a_reference_to_a_missing_id_is_refused_naming_it(example, path, value, words):
    assert_mentions(refused(edit(example, path, value)), *words)


def test_a_duplicate_id_is_refused_naming_it(example):
    example["functions"][1]["id"] = "f1"
    example["assignments"][0]["function"] = "f1"
    assert_mentions(refused(example), "functions", "item 2", "'f1'", "repeats")


def test_a_duplicate_score_for_the_same_vendor_and_criterion_is_refused(example):
    example["scores"].append({"vendor": "v1", "criterion": "c1", "score": 1})
    assert_mentions(refused(example), "scores", "item 7", "v1", "c1")


def test_a_duplicate_assignment_is_refused(example):
    example["assignments"].append({"function": "f1", "vendor": "v1", "fte_required": 2})
    assert_mentions(refused(example), "assignments", "item 2")


def test_many_problems_are_listed_up_to_a_limit(example):
    for score in example["scores"]:
        score["score"] = 9
    example["functions"][0]["votes"] = -1
    example["functions"][1]["sourcing"] = "maybe"
    message = refused(example)
    lines = message.splitlines()
    assert len(lines) == interchange.MAX_ERRORS + 1
    assert "3 more problem" in lines[-1]


def test_a_refused_document_is_not_partly_imported(example, tmp_path):
    """Import is all or nothing: a refused document leaves no file behind."""
    example["scores"][5]["score"] = 7
    target = tmp_path / "out.workshop"
    with pytest.raises(InterchangeError):
        write_workshop_file(target, interchange.from_dict(example))
    assert list(tmp_path.iterdir()) == []


def test_interchange_errors_are_document_errors():
    assert issubclass(InterchangeError, DocumentError)


def test_a_wave_listing_a_function_twice_is_refused_or_survives_a_workshop_file(
    example, tmp_path
):
    """The same function twice in one wave: either refused on import, or kept
    as it is through a .workshop file. Never silently changed."""
    example["functions"].append(dict(example["functions"][0], id="f3", name="Desktop"))
    example["waves"][0]["functions"] = ["f1", "f3", "f1"]
    try:
        interchange.from_dict(example)
    except InterchangeError as error:
        assert_mentions(str(error), "waves", "'w1'", "functions")
        return
    assert through_file(example, tmp_path)["waves"] == example["waves"]


# --- keys given twice ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ('"title": "Service desk sourcing workshop",',
         '"title": "A", "title": "B",', ['key "title" twice']),
        ('"fte": 12,', '"fte": 12, "fte": 99,', ['key "fte" twice', 'id "f1"']),
        ('{"name": "Knowledge transfer signed off", "status": "open"}',
         '{"name": "Knowledge transfer signed off", "status": "open", "status": "met"}',
         ['key "status" twice', 'name "Knowledge transfer signed off"']),
        ('"format": "sourcing-workshop",',
         '"format": "sourcing-workshop", "format": "sourcing-workshop",', ['"format"']),
    ],
    ids=["workshop-title", "function-fte", "gate-status", "same-value-twice"],
)
def test_a_key_given_twice_is_refused_naming_it(example_json, tmp_path, old, new, words):
    assert old in example_json
    text = example_json.replace(old, new, 1)
    with pytest.raises(InterchangeError) as raised:
        interchange.loads(text)
    for word in words:
        assert word in str(raised.value)
    path = tmp_path / "twice.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InterchangeError, match="twice in one object"):
        interchange.read_json(path)
    assert path.read_text(encoding="utf-8") == text


def test_the_same_key_in_different_objects_is_fine(example_json):
    assert interchange.loads(example_json).functions[1].id == "f2"


# --- the contract in docs/interchange.md -----------------------------------------------


def test_the_documented_example_is_the_one_kept_in_test_data(example_json) -> None:
    kept = (Path(__file__).parent / "data" / "interchange-example.json").read_text(
        encoding="utf-8")
    assert json.loads(example_json) == json.loads(kept)


def test_every_field_the_schema_knows_beyond_the_example_is_documented(example) -> None:
    """A field added to the schema must be listed among the optional fields."""
    doc = (Path(__file__).resolve().parent.parent / "docs" / "interchange.md").read_text(
        encoding="utf-8")
    properties = interchange.schema()["properties"]
    shown = set(example)
    undocumented = [name for name in properties if name not in shown
                    and f"`{name}`" not in doc]
    for section, definition in properties.items():
        items = definition.get("items", definition)
        example_value = example.get(section)
        example_item = (example_value[0] if isinstance(example_value, list) and example_value
                        else example_value if isinstance(example_value, dict) else {})
        for field_name in items.get("properties", {}):
            if field_name not in example_item and f"`{field_name}`" not in doc:
                undocumented.append(f"{section}.{field_name}")
    assert undocumented == []
