"""The document's tables, created and migrated with sqlite-utils `Migrations`.

Tables mirror the interchange sections and their field names, so a workshop
file reads naturally in Datasette or the sqlite-utils CLI. Foreign keys are
deferred to commit time: one command can remove a function and everything
that points at it in any order, inside one transaction.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from collections import Counter

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

APPLICATION_ID = 0x53575253  # "SWRS": Sourcing Workshop; also at byte 68 of the file
SCHEMA_VERSION = 10
MIGRATION_SET = "sourcing-workshop"

migrations = Migrations(MIGRATION_SET)

_FK = "DEFERRABLE INITIALLY DEFERRED"

INITIAL_DDL = f"""
CREATE TABLE workshop (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    title TEXT NOT NULL, organisation TEXT NOT NULL, date TEXT, location TEXT NOT NULL,
    facilitator TEXT NOT NULL, scope TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'final'))
);
CREATE TABLE objectives (position INTEGER PRIMARY KEY, text TEXT NOT NULL);
CREATE TABLE thresholds (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    min_vendor_score REAL NOT NULL, close_call_margin REAL NOT NULL,
    max_functions_per_wave INTEGER NOT NULL, min_wave_weeks INTEGER NOT NULL,
    strategic_importance_limit INTEGER NOT NULL
);
CREATE TABLE participants (
    id TEXT PRIMARY KEY, position INTEGER NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL,
    organisation TEXT NOT NULL, side TEXT NOT NULL, attendance TEXT NOT NULL
);
CREATE TABLE agenda (
    id TEXT PRIMARY KEY, position INTEGER NOT NULL, stage TEXT NOT NULL, title TEXT NOT NULL,
    planned_minutes INTEGER NOT NULL CHECK (planned_minutes >= 0)
);
CREATE TABLE functions (
    id TEXT PRIMARY KEY, position INTEGER NOT NULL, name TEXT NOT NULL,
    description TEXT NOT NULL, fte REAL NOT NULL, customer_facing INTEGER NOT NULL,
    strategic_importance INTEGER NOT NULL CHECK (strategic_importance BETWEEN 1 AND 5),
    inhouse_capability INTEGER NOT NULL CHECK (inhouse_capability BETWEEN 1 AND 5),
    sourcing TEXT NOT NULL, rationale TEXT NOT NULL, votes INTEGER NOT NULL
);
CREATE TABLE criteria (
    id TEXT PRIMARY KEY, position INTEGER NOT NULL, name TEXT NOT NULL,
    weight INTEGER NOT NULL CHECK (weight BETWEEN 0 AND 100),
    knockout_min INTEGER CHECK (knockout_min BETWEEN 0 AND 5)
);
CREATE TABLE vendors (
    id TEXT PRIMARY KEY, position INTEGER NOT NULL, name TEXT NOT NULL,
    location TEXT NOT NULL, available_fte REAL NOT NULL, notes TEXT NOT NULL
);
CREATE TABLE scores (
    vendor TEXT NOT NULL REFERENCES vendors(id) {_FK},
    criterion TEXT NOT NULL REFERENCES criteria(id) {_FK},
    position INTEGER NOT NULL, score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 5),
    evidence TEXT NOT NULL, PRIMARY KEY (vendor, criterion)
);
CREATE TABLE assignments (
    function TEXT NOT NULL REFERENCES functions(id) {_FK},
    vendor TEXT NOT NULL REFERENCES vendors(id) {_FK},
    position INTEGER NOT NULL, fte_required REAL NOT NULL, PRIMARY KEY (function, vendor)
);
CREATE TABLE customers (
    id TEXT PRIMARY KEY, position INTEGER NOT NULL, name TEXT NOT NULL,
    function TEXT NOT NULL REFERENCES functions(id) {_FK},
    internal_owner TEXT NOT NULL, sales_rep TEXT NOT NULL, outsourced_supporter TEXT NOT NULL,
    offshore_team TEXT NOT NULL, escalation TEXT NOT NULL
);
CREATE TABLE metrics (
    id TEXT PRIMARY KEY, position INTEGER NOT NULL, name TEXT NOT NULL, baseline TEXT NOT NULL,
    target TEXT NOT NULL, applies_to TEXT NOT NULL, outsourced_exempt INTEGER,
    exemption_reason TEXT NOT NULL, review_date TEXT
);
CREATE TABLE waves (
    id TEXT PRIMARY KEY, position INTEGER NOT NULL, name TEXT NOT NULL, start TEXT, "end" TEXT,
    go TEXT NOT NULL
);
CREATE TABLE wave_functions (
    wave TEXT NOT NULL REFERENCES waves(id) {_FK},
    function TEXT NOT NULL REFERENCES functions(id) {_FK},
    position INTEGER NOT NULL, PRIMARY KEY (wave, function)
);
CREATE TABLE gates (
    wave TEXT NOT NULL REFERENCES waves(id) {_FK},
    position INTEGER NOT NULL, name TEXT NOT NULL, status TEXT NOT NULL,
    PRIMARY KEY (wave, position)
);
CREATE TABLE roles (
    id TEXT PRIMARY KEY, position INTEGER NOT NULL,
    function TEXT NOT NULL REFERENCES functions(id) {_FK},
    role TEXT NOT NULL, person TEXT NOT NULL, raci TEXT NOT NULL
);
CREATE TABLE risks (
    id TEXT PRIMARY KEY, position INTEGER NOT NULL, title TEXT NOT NULL,
    likelihood INTEGER NOT NULL CHECK (likelihood BETWEEN 1 AND 5),
    impact INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 5),
    owner TEXT NOT NULL, mitigation TEXT NOT NULL, status TEXT NOT NULL, stage TEXT NOT NULL
);
CREATE TABLE decisions (
    id TEXT PRIMARY KEY, position INTEGER NOT NULL, stage TEXT NOT NULL, text TEXT NOT NULL,
    status TEXT NOT NULL, recorded_at TEXT
);
CREATE TABLE actions (
    id TEXT PRIMARY KEY, position INTEGER NOT NULL, stage TEXT NOT NULL, text TEXT NOT NULL,
    owner TEXT NOT NULL, due TEXT, status TEXT NOT NULL
);
CREATE TABLE parking_lot (
    id TEXT PRIMARY KEY, position INTEGER NOT NULL, stage TEXT NOT NULL, text TEXT NOT NULL
);
"""


@migrations(name="0001_initial")
def m0001_initial(db: Database) -> None:
    for statement in INITIAL_DDL.split(";"):
        if statement.strip():
            db.execute(statement)
    db.execute("PRAGMA user_version = 1")


@migrations(name="0002_criteria_agreed_at")
def m0002_criteria_agreed_at(db: Database) -> None:
    """Record when the room agreed the vendor criteria (the "criteria agreed" step)."""
    db["workshop"].add_column("criteria_agreed_at", str)
    db.execute("PRAGMA user_version = 2")


@functools.cache
def required_columns() -> dict[str, frozenset[str]]:
    """Every table and column a workshop file has had since version 1.

    Read from a scratch database built by the first migration, so this check
    can never drift from the DDL above.
    """
    scratch = Database(memory=True, execute_plugins=False)
    m0001_initial(scratch)
    return {
        table.name: frozenset(table.columns_dict)
        for table in scratch.tables
    }


@migrations(name="0003_timer_and_votes")
def m0003_timer_and_votes(db: Database) -> None:
    """Actual minutes per agenda item, dot votes on parked topics, dots per person."""
    db["agenda"].add_column("actual_minutes", int)
    db.execute("ALTER TABLE parking_lot ADD COLUMN votes INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE workshop ADD COLUMN votes_per_person INTEGER NOT NULL DEFAULT 3")
    db.execute("PRAGMA user_version = 3")


@migrations(name="0004_written_by")
def m0004_written_by(db: Database) -> None:
    """The app version that last wrote the file, so a newer file can be named.

    An app that meets a file from a newer version can then say which release
    wrote it, not only which format number it has.
    """
    db.execute(
        "CREATE TABLE written_by (id INTEGER PRIMARY KEY CHECK (id = 1), "
        "app TEXT NOT NULL, version TEXT NOT NULL)"
    )
    db.execute("PRAGMA user_version = 4")


WRITTEN_BY = "written_by"


@migrations(name="0005_scores_when_agreed")
def m0005_scores_when_agreed(db: Database) -> None:
    """How many scores existed when the criteria were agreed, so the minutes can
    say truthfully whether the criteria came before scoring (NULL: not recorded)."""
    db.execute("ALTER TABLE workshop ADD COLUMN scores_when_agreed INTEGER "
               "CHECK (scores_when_agreed >= 0)")
    db.execute("PRAGMA user_version = 5")


_AMOUNT = "INTEGER CHECK ({} >= 0)"  # money: cents until 0007, then ten-thousandths


@migrations(name="0006_business_case")
def m0006_business_case(db: Database) -> None:
    """The business case: costs of functions, vendor prices, transition and
    retained roles in cents, the workshop's currency, horizon and discount
    rate, and the sensitivity line's rises."""
    for table, column in (("functions", "cost_per_fte"), ("functions", "other_cost"),
                          ("assignments", "annual_price"), ("assignments", "rate_per_fte"),
                          ("waves", "transition_cost"), ("roles", "annual_cost")):
        db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {_AMOUNT.format(column)}")
    db.execute("ALTER TABLE workshop ADD COLUMN currency TEXT NOT NULL DEFAULT 'EUR'")
    db.execute("ALTER TABLE workshop ADD COLUMN horizon_years INTEGER NOT NULL DEFAULT 5 "
               "CHECK (horizon_years BETWEEN 1 AND 30)")
    db.execute("ALTER TABLE workshop ADD COLUMN discount_rate REAL NOT NULL DEFAULT 0.08 "
               "CHECK (discount_rate BETWEEN 0 AND 1)")
    db.execute("ALTER TABLE thresholds ADD COLUMN price_rise REAL NOT NULL DEFAULT 0.1")
    db.execute("ALTER TABLE thresholds ADD COLUMN transition_rise REAL NOT NULL DEFAULT 0.25")
    db.execute("PRAGMA user_version = 6")


MONEY_COLUMNS = (("functions", "cost_per_fte"), ("functions", "other_cost"),
                 ("assignments", "annual_price"), ("assignments", "rate_per_fte"),
                 ("waves", "transition_cost"), ("roles", "annual_cost"))


def money_scale(version: int) -> int:
    """What a stored amount of a file of `version` is multiplied by to be in
    ten-thousandths: files before 0007 keep cents."""
    return 100 if version < 7 else 1


@migrations(name="0007_exact_amounts")
def m0007_exact_amounts(db: Database) -> None:
    """Amounts in ten-thousandths of the major unit instead of cents, so every
    ISO 4217 currency keeps its own minor unit (dinars have three decimals) and
    a change of currency changes no digit; and the workshop's number format
    (a locale such as de_DE; empty: the laptop's), which decides how a typed
    "1,234" is read."""
    for table, column in MONEY_COLUMNS:
        db.execute(f"UPDATE {table} SET {column} = {column} * 100 WHERE {column} IS NOT NULL")
    db.execute("ALTER TABLE workshop ADD COLUMN number_format TEXT NOT NULL DEFAULT ''")
    db.execute("PRAGMA user_version = 7")


@migrations(name="0008_time_phased_case")
def m0008_time_phased_case(db: Database) -> None:
    """The business case month by month: each wave's parallel run, the case's
    start month and the annual rises of vendor prices and in-house costs."""
    db.execute("ALTER TABLE waves ADD COLUMN parallel_run_months INTEGER NOT NULL DEFAULT 0 "
               "CHECK (parallel_run_months BETWEEN 0 AND 24)")
    db.execute("ALTER TABLE workshop ADD COLUMN case_start TEXT")
    for column in ("vendor_indexation", "inhouse_indexation"):
        db.execute(f"ALTER TABLE workshop ADD COLUMN {column} REAL NOT NULL DEFAULT 0 "
                   f"CHECK ({column} BETWEEN 0 AND 0.5)")
    db.execute("PRAGMA user_version = 8")


@migrations(name="0009_live_session")
def m0009_live_session(db: Database) -> None:
    """Preparation kept apart from the session: when the facilitator started the
    live session, and the stage timer's state (stage, seconds not yet stored,
    paused) so that a reopen resumes where it stopped."""
    db.execute("ALTER TABLE workshop ADD COLUMN session_started_at TEXT")
    db.execute("ALTER TABLE workshop ADD COLUMN session_stage TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE workshop ADD COLUMN session_seconds INTEGER NOT NULL DEFAULT 0 "
               "CHECK (session_seconds >= 0)")
    db.execute("ALTER TABLE workshop ADD COLUMN session_paused INTEGER NOT NULL DEFAULT 0 "
               "CHECK (session_paused IN (0, 1))")
    db.execute("PRAGMA user_version = 9")


@migrations(name="0010_vote_questions")
def m0010_vote_questions(db: Database) -> None:
    """The question each dot vote asked the room, quoted on the slide and in the
    minutes beside the results."""
    for column in ("function_vote_question", "parking_vote_question"):
        db.execute(f"ALTER TABLE workshop ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")
    db.execute("PRAGMA user_version = 10")


@functools.cache
def migration_names() -> tuple[str, ...]:
    """Every migration of the app, in the order they apply."""
    return tuple(m.name for m in migrations.pending(Database(memory=True, execute_plugins=False)))


KNOWN_MIGRATIONS = frozenset(migration_names())


# --- the schema a file may have ---------------------------------------------------
#
# A file from elsewhere is trusted only if its schema is exactly what this app's
# migrations create for its version: the same tables, columns, constraints and
# indexes, by name and SQL. Anything else (a trigger of any spelling, a view, a
# generated column, an expression index, a virtual table) was put there by another
# program and could run code or cost minutes when a row is read.

SchemaObject = tuple[str, str, str, str | None]  # type, name, table, normalised SQL

_TOKEN = re.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|\[[^\]]*\]|`(?:[^`]|``)*`|[^'"\[`]+""")


def normalised_sql(sql: str | None) -> str | None:
    """`sql` with identifier quoting (`[x]`, `` `x` `` and `"x"` alike), keyword case and
    spacing made uniform, so a file written with another sqlite-utils release compares
    equal, while any change of substance does not: string literals keep their case, and
    a quoted word stays quoted (`"NOT"` is a name, not the keyword)."""
    if sql is None:
        return None
    parts = []
    for token in _TOKEN.findall(sql):
        if token[0] == "'":
            parts.append(token)  # a literal: exactly as written
        elif token[0] in '"[`':
            name = token[1:-1].replace('""', '"').replace("``", "`")
            parts.append('"' + name.lower() + '"')
        else:
            parts.append(" " + " ".join(re.sub(r"\s*([(),])\s*", r" \1 ", token).split()).lower()
                         + " ")
    return " ".join("".join(parts).split())


def schema_objects(conn: sqlite3.Connection) -> Counter[SchemaObject]:
    """What `sqlite_master` of `conn` declares. Reading it parses the schema but
    evaluates nothing and reads no row of any table."""
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return Counter(
        (str(kind), str(name), str(table), normalised_sql(sql if isinstance(sql, str) else None))
        for kind, name, table, sql in rows
    )


@functools.cache
def expected_objects(version: int) -> Counter[SchemaObject]:
    """The schema this app's migrations give a file of `version` (1..SCHEMA_VERSION),
    built in a scratch database so the allow-list never drifts from the DDL."""
    if not 1 <= version <= SCHEMA_VERSION:
        raise ValueError(f"no schema version {version}")
    scratch = Database(memory=True, execute_plugins=False)
    later = list(migration_names()[version:])
    migrations.apply(scratch, stop_before=later or None)
    return schema_objects(scratch.conn)


def unexpected_objects(found: Counter[SchemaObject], version: int) -> list[SchemaObject]:
    """Objects in `found` that the app does not create for `version`."""
    return sorted((found - expected_objects(version)).elements(),
                  key=lambda o: (o[1], o[0]))


def missing_objects(found: Counter[SchemaObject], version: int) -> list[SchemaObject]:
    return sorted((expected_objects(version) - found).elements(), key=lambda o: (o[1], o[0]))
