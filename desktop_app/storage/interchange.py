"""The JSON interchange format (version 1): `docs/interchange.md`.

Import validates with the JSON Schema shipped beside this module, then checks
references, then builds the model through the same field validation the app
uses; every error names the section, the item and the field. Export writes
every field, so import followed by export gives back an equal document.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.domain import money
from desktop_app.domain.model import (
    REFERENCES,
    SECTIONS,
    Details,
    Gate,
    Thresholds,
    Wave,
    Workshop,
)
from desktop_app.domain.money import Money
from desktop_app.domain.printable import shown
from desktop_app.domain.validation import ValidationError, amount_problems, coerce, field_types
from desktop_app.domain.wording import plural
from desktop_app.files.atomic import atomic_write_bytes
from desktop_app.files.paths import why_missing
from desktop_app.storage.errors import InterchangeError

if TYPE_CHECKING:
    import jsonschema

FORMAT = "sourcing-workshop"
FORMAT_VERSION = 1
MAX_ERRORS = 5
MAX_JSON_BYTES = 16 * 2**20  # the large benchmark workshop is 0.74 MB; see bench_big_files.py


@functools.cache
def schema() -> dict[str, Any]:
    text = resources.files("desktop_app.storage").joinpath("interchange.schema.json").read_text(
        encoding="utf-8"
    )
    return json.loads(text)


def _is_timestamp(value: object) -> bool:
    if not isinstance(value, str):
        return True
    return datetime.fromisoformat(value).tzinfo is not None


def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    date.fromisoformat(value)
    return len(value) == 10


@functools.cache
def _validator() -> jsonschema.Draft202012Validator:
    """The schema's validator, built on first use: opening a .workshop file
    (the common start-up) never loads jsonschema."""
    import jsonschema

    checker = jsonschema.FormatChecker()
    checker.checks("date-time", raises=ValueError)(_is_timestamp)
    checker.checks("date", raises=ValueError)(_is_date)
    return jsonschema.Draft202012Validator(schema(), format_checker=checker)


# --- export ------------------------------------------------------------------


def _json_value(value: Any) -> Any:
    if isinstance(value, Money):
        return money.json_number(value)  # major units: 85000.5 is 85,000.50
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, tuple):
        return [_json_value(v) for v in value]
    if dataclasses.is_dataclass(value):
        return {f.name: _json_value(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def to_dict(workshop: Workshop) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "workshop": _json_value(workshop.details),
        "settings": _json_value(workshop.thresholds),
    }
    for name in SECTIONS:
        document[name] = [_json_value(item) for item in workshop.section(name)]
    return document


def dumps(workshop: Workshop) -> str:
    return json.dumps(to_dict(workshop), indent=2, ensure_ascii=False) + "\n"


def write_json(target: Path, workshop: Workshop) -> None:
    atomic_write_bytes(Path(target), dumps(workshop).encode("utf-8"))


# --- import ------------------------------------------------------------------


def _item_name(document: dict[str, Any], section: str, index: int) -> str:
    try:
        item = document[section][index]
    except (KeyError, IndexError, TypeError):
        return f"item {index + 1}"
    if not isinstance(item, dict):
        return f"item {index + 1}"
    ident = item.get("id")
    label = item.get("name") or item.get("title") or item.get("text")
    parts = [f"item {index + 1}"]
    if isinstance(ident, str):
        parts.append(f"id {ident!r}")
    if isinstance(label, str) and label.strip():
        short = label.strip().splitlines()[0][:40]
        parts.append(f"“{short}”")
    return parts[0] + (f" ({', '.join(parts[1:])})" if len(parts) > 1 else "")


def _where(document: dict[str, Any], path: list[Any]) -> str:
    """'functions, item 2 (id 'f2', “Project management”), field strategic_importance'."""
    if not path:
        return "the document"
    parts = [str(path[0])]
    rest = path[1:]
    if rest and isinstance(rest[0], int):
        parts.append(_item_name(document, str(path[0]), rest[0]))
        rest = rest[1:]
    if rest:
        parts.append("field " + ".".join(str(p) if not isinstance(p, int) else f"[{p + 1}]"
                                          for p in rest))
    return ", ".join(parts)


def _describe(error: jsonschema.ValidationError) -> str:
    validator = error.validator
    value = error.instance
    if validator == "required":
        missing = [name for name in error.validator_value if name not in value]
        return f"is missing the field {missing[0]!r}" if missing else error.message
    if validator == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        extra = sorted(set(value) - known) if isinstance(value, dict) else []
        return f"has an unknown field {extra[0]!r}" if extra else error.message
    if validator == "enum":
        allowed = ", ".join(json.dumps(v) for v in error.validator_value)
        return f"is {json.dumps(value, ensure_ascii=False)}, but must be one of {allowed}"
    if validator in ("minimum", "maximum"):
        bounds = error.schema
        low, high = bounds.get("minimum"), bounds.get("maximum")
        if low is not None and high is not None:
            return f"is {value}, but must be between {low} and {high}"
        return f"is {value}, but must be at least {low}" if low is not None else error.message
    if validator == "type":
        wanted = error.validator_value
        names = {"string": "text", "integer": "a whole number", "number": "a number",
                 "boolean": "true or false", "array": "a list", "object": "an object",
                 "null": "null"}
        wanted_list = wanted if isinstance(wanted, list) else [wanted]
        return "must be " + " or ".join(names.get(w, w) for w in wanted_list)
    if validator == "format":
        example = "2027-01-11" if error.validator_value == "date" else "2027-01-11T10:42:00+00:00"
        shown = json.dumps(value, ensure_ascii=False)
        return f"is {shown}, not a valid {error.validator_value} (like {example})"
    if validator == "minLength" or validator == "pattern":
        return "cannot be empty"
    return error.message


def _check_schema(document: Any) -> None:
    errors = sorted(_validator().iter_errors(document), key=lambda e: [str(p) for p in e.path])
    if not errors:
        return
    lines = [f"{_where(document, list(e.path))} {_describe(e)}." for e in errors[:MAX_ERRORS]]
    more = len(errors) - MAX_ERRORS
    if more > 0:
        lines.append(f"... and {plural(more, 'more problem')}.")
    raise InterchangeError("\n".join(lines))


def _check_header(document: Any) -> None:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InterchangeError(
            "This JSON file is not a Sourcing Workshop interchange document "
            f"(its \"format\" must be {FORMAT!r})."
        )
    version = document.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise InterchangeError(
            f"This document uses interchange format version {version}; this version of "
            f"Sourcing Workshop reads version {FORMAT_VERSION}. Update the app to import it."
        )


def _check_references(document: dict[str, Any]) -> None:
    problems = []
    ids: dict[str, set[str]] = {}
    for name in SECTIONS:
        seen: set[Any] = set()
        for index, item in enumerate(document.get(name, [])):
            key = item.get("id") if "id" in item else (
                (item.get("vendor"), item.get("criterion")) if name == "scores"
                else (item.get("function"), item.get("vendor"))
            )
            if key in seen:
                shown = key if isinstance(key, str) else " / ".join(key)
                problems.append(f"{name}, {_item_name(document, name, index)} repeats {shown!r}.")
            seen.add(key)
        ids[name] = {k for k in seen if isinstance(k, str)}
    for (section, field_name), target in REFERENCES.items():
        for index, item in enumerate(document.get(section, [])):
            value = item.get(field_name)
            for ref in value if isinstance(value, list) else [value]:
                if ref not in ids[target]:
                    problems.append(
                        f"{section}, {_item_name(document, section, index)}, field "
                        f"{field_name} refers to {ref!r}, which is not in {target}."
                    )
    if problems:
        extra = len(problems) - MAX_ERRORS
        lines = problems[:MAX_ERRORS] + ([f"... and {plural(extra, 'more problem')}."]
                                         if extra > 0 else [])
        raise InterchangeError("\n".join(lines))


_MONEY_HINTS = (Money, Money | None)


def _build(cls: type, data: dict[str, Any], where: str) -> Any:
    values = {}
    types_ = field_types(cls)
    for name in types_:
        if name not in data:
            continue
        value = data[name]
        if types_[name] in _MONEY_HINTS and isinstance(value, int | float) \
                and not isinstance(value, bool):
            value = Decimal(str(value))  # major units, exact as written
        try:
            values[name] = coerce(cls, name, value)
        except ValidationError as error:
            raise InterchangeError(f"{where}, field {name}: {error}") from None
    try:
        return cls(**values)
    except TypeError as error:
        raise InterchangeError(f"{where}: {error}") from None


def _check_wave_lists(document: dict[str, Any]) -> None:
    """A wave that lists a function twice, found before the schema check: a file
    repeating one id three million times is refused in a moment, not after
    jsonschema has looked at each of them (17 s)."""
    waves = document.get("waves")
    if not isinstance(waves, list):
        return
    for index, wave in enumerate(waves):
        functions = wave.get("functions") if isinstance(wave, dict) else None
        if not isinstance(functions, list) or not all(isinstance(f, str) for f in functions):
            continue  # the schema check says what is wrong with it
        distinct = set(functions)
        if len(distinct) < len(functions):
            repeated = _first_repeat(functions)
            raise InterchangeError(
                f"waves, {_item_name(document, 'waves', index)} lists the function "
                f"{shown(repeated)} more than once ({len(functions):,} entries for "
                f"{len(distinct):,} functions); list each function once.")


def _first_repeat(values: list[str]) -> str:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            return value
        seen.add(value)
    return ""


def from_dict(document: Any) -> Workshop:
    """A workshop from a parsed interchange document, or InterchangeError."""
    _check_header(document)
    _check_wave_lists(document)
    _check_schema(document)
    _check_references(document)
    workshop = Workshop(
        details=_build(Details, document["workshop"], "workshop"),
        thresholds=_build(Thresholds, document.get("settings", {}), "settings"),
    )
    for name, spec in SECTIONS.items():
        items = workshop.section(name)
        for index, data in enumerate(document.get(name, [])):
            where = f"{name}, {_item_name(document, name, index)}"
            if spec.item_type is Wave:
                data = dict(data)
                data["gates"] = tuple(
                    _build(Gate, gate, f"{where}, gate {number}")
                    for number, gate in enumerate(data.get("gates", []), start=1)
                )
            items.append(_build(spec.item_type, data, where))
    if problems := amount_problems(workshop, limit=1):
        raise InterchangeError(problems[0])
    return workshop


class _RepeatedKey(ValueError):
    """An object names one key twice: JSON allows it and keeps only the last value,
    so a hand-edited file could import something other than what its reader sees."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    document: dict[str, Any] = {}
    for key, value in pairs:
        if key in document:
            raise _RepeatedKey(_repeated_key_message(key, pairs))
        document[key] = value
    return document


def _repeated_key_message(key: str, pairs: list[tuple[str, Any]]) -> str:
    def short(value: str) -> str:
        quoted = json.dumps(value, ensure_ascii=False)
        return quoted if len(quoted) <= 60 else quoted[:59] + "…\""

    where = ""
    for name in ("id", "name", "title", "text"):
        value = next((v for k, v in pairs if k == name and isinstance(v, str)), None)
        if value is not None and key != name:
            where = f" (the object with {name} {short(value)})"
            break
    return (f"This JSON gives the key {short(key)} twice in one object{where}, so it is not "
            "clear which value counts. Keep one of them and import the file again.")


def loads(text: str) -> Workshop:
    try:
        document = json.loads(text, object_pairs_hook=_unique_keys)
    except _RepeatedKey as repeated:
        raise InterchangeError(str(repeated)) from None
    except json.JSONDecodeError as error:
        raise InterchangeError(
            f"This is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})."
        ) from None
    except RecursionError:
        raise InterchangeError("This JSON is nested too deeply to be a workshop.") from None
    except ValueError as error:  # e.g. an integer longer than Python converts
        raise InterchangeError(f"This JSON holds a value that cannot be read ({error}).") from None
    return from_dict(document)


def read_json(path: Path) -> Workshop:
    path = Path(path)
    if path.is_dir():
        raise InterchangeError(f"{path} is a folder, not an interchange file.")
    if path.exists() and not path.is_file():  # a pipe would wait forever, /dev/zero never end
        raise InterchangeError(f"{path} is not a regular file, so it is not an interchange file.")
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_JSON_BYTES + 1)
    except FileNotFoundError:
        raise InterchangeError(why_missing(path)) from None
    except OSError as error:
        raise InterchangeError(f"Cannot read {path}: {error.strerror or error}.") from None
    if len(data) > MAX_JSON_BYTES:
        raise InterchangeError(f"{path.name} is larger than {MAX_JSON_BYTES // 2**20} MB, far "
                               "more than any workshop; it is not an interchange file.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InterchangeError(
            f"{path.name} is not a Sourcing Workshop interchange file (it is not UTF-8 text)."
        ) from None
    try:
        return loads(text)
    except InterchangeError as error:
        raise InterchangeError(f"{path.name}: {error}") from None
