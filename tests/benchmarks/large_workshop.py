"""A large, realistic workshop for the benchmarks, built deterministically.

Built through the domain model (frozen dataclasses) from `random.Random(seed)`,
with values in the style of the bundled demo workshop: a two-day programme
workshop with 200 functions, 40 vendors scored on 12 criteria (all 480
cells), 400 customers, 80 metrics, 20 waves, 150 risks, 300 decisions, 500
actions and 100 parked topics. Not a test module: pytest does not collect it.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from desktop_app.domain.model import (
    Action,
    ActionStatus,
    AppliesTo,
    Assignment,
    Attendance,
    Criterion,
    Customer,
    Decision,
    DecisionStatus,
    Details,
    Function,
    Gate,
    GateStatus,
    GoDecision,
    Metric,
    ParkingItem,
    Participant,
    Raci,
    Risk,
    RiskStatus,
    Role,
    Score,
    Side,
    Sourcing,
    Stage,
    Vendor,
    Wave,
    Workshop,
    WorkshopStatus,
)
from desktop_app.domain.stages import new_workshop

COUNTS = {
    "participants": 36,
    "functions": 200,
    "criteria": 12,
    "vendors": 40,
    "customers": 400,
    "metrics": 80,
    "waves": 20,
    "risks": 150,
    "decisions": 300,
    "actions": 500,
    "parking_lot": 100,
}

FIRST = ("Katharina", "Jörg", "Agnieszka", "Murat", "Lan", "Sophie", "Daniel", "Birgit",
         "Inês", "Oliwia", "Markus", "Tomasz", "Aylin", "Henrik", "Zofia", "Pieter", "Ana",
         "Łukasz", "Søren", "Elif", "Rafael", "Małgorzata", "Jan", "Chiara")
LAST = ("Vogt", "Lehmann", "Wróblewska", "Yılmaz", "Nguyễn", "Martens", "Okafor", "Hansen",
        "Carvalho", "Kamińska", "Hellwig", "Nowak", "Demir", "Lindqvist", "Kowalczyk",
        "de Vries", "Moreira", "Jørgensen", "Brandt", "Rossi", "Schäfer", "Dąbrowski")
ROLES = ("CIO", "Head of IT Operations", "Service desk manager", "Head of Applications",
         "CISO", "IT procurement lead", "Head of Customer Solutions", "Works council",
         "Enterprise architect", "Finance business partner", "HR business partner",
         "Vendor manager", "Data protection officer", "Head of Infrastructure")
AREAS = ("Service desk", "Desktop & field support", "Infrastructure & server operations",
         "Network", "Hosting & cloud platform", "Application development",
         "Application maintenance", "Testing & QA", "Security operations", "Data & reporting",
         "Identity & access management", "Database administration", "SAP basis",
         "EDI & integration", "Telephony & contact centre", "Print & scanning",
         "Mobile devices", "Backup & recovery", "Licence management", "Release management")
SCOPES = ("Bremen head office", "German depots", "Poznań shared service centre",
          "key accounts", "finance systems", "warehouse systems", "transport management",
          "HR systems", "customer portal", "night shift")
VERBS = ("Check", "Agree", "Ask", "Draft", "Compare", "Confirm", "Collect", "Review",
         "Prepare", "Clarify")
OBJECTS = ("the FTE baseline", "the knowledge-transfer plan", "the exit clause",
           "two reference calls", "the runbooks", "the escalation path", "the service levels",
           "the works council position", "the licence transfer", "the pricing model",
           "the rollback plan", "the data protection agreement")
PLACES = ("Gdańsk, Poland", "Bremen, Germany", "Porto, Portugal", "Cluj-Napoca, Romania",
          "Pune, India", "Brno, Czechia", "Manila, Philippines", "Kraków, Poland",
          "Tallinn, Estonia", "Málaga, Spain")
CRITERIA = ("Skills & certifications", "Capacity & ability to scale",
            "Logistics domain experience", "Languages (German, Polish, English)",
            "Price per FTE", "Security & compliance (ISO 27001, TISAX)",
            "Cultural fit & communication", "Transition approach", "Financial stability",
            "Tooling & automation", "References in the sector", "Exit & portability")
VENDOR_KINDS = ("Nearshore", "Systemhaus", "IT Services", "Digital")
METRIC_NAMES = ("First-contact resolution", "Average handle time", "Tickets closed per day",
                "Mean time to restore", "Change success rate", "Backlog age",
                "Customer satisfaction", "Patch compliance", "Availability",
                "Release lead time")
SENTENCE = ("The room agreed to keep the relationship in-house while the vendor runs "
            "first-line support at the depots and the shared service centre, with a "
            "quarterly review of quality and a named contact on both sides.")


PEOPLE_IN_PROGRAMME = 60  # the client's and vendors' people named anywhere in the file


def _people(rng: random.Random) -> list[str]:
    names = sorted({f"{first} {last}" for first in FIRST for last in LAST})
    return rng.sample(names, PEOPLE_IN_PROGRAMME)


_PEOPLE: list[str] = []


def _person(rng: random.Random) -> str:
    return rng.choice(_PEOPLE)


def _text(rng: random.Random, low: int = 60, high: int = 200) -> str:
    words = SENTENCE.split()
    start = rng.randrange(len(words) // 2)
    text = " ".join(words[start:])
    length = rng.randint(low, high)
    while len(text) < length:
        text += " " + rng.choice(SCOPES) + ", " + rng.choice(OBJECTS)
    return text[:length].rstrip() + "."


def _stage(rng: random.Random) -> Stage:
    return rng.choice(list(Stage))


def _at(day: date, minutes: int) -> datetime:
    return datetime(day.year, day.month, day.day, 8, 0, tzinfo=UTC) + timedelta(minutes=minutes)


def build(seed: int = 7) -> Workshop:
    """The large workshop; the same seed gives the same workshop."""
    rng = random.Random(seed)
    _PEOPLE[:] = _people(rng)
    day = date(2027, 3, 9)
    ws = new_workshop("Two-day IT sourcing programme workshop – all regions", on=day)
    ws.details = replace(
        ws.details,
        organisation="Brandt-Halvorsen Logistik GmbH",
        location="Bremen, head office Überseestadt, meeting room “Weser”",
        facilitator="Inês Carvalho",
        scope=_text(rng, 200, 400),
        objectives=tuple(_text(rng, 60, 140) for _ in range(8)),
        status=WorkshopStatus.DRAFT,
        criteria_agreed_at=_at(day, 150),
    )
    assert isinstance(ws.details, Details)

    ws.participants = [
        Participant(
            id=f"p{i}", name=_PEOPLE[i - 1], role=rng.choice(ROLES),
            organisation="Brandt-Halvorsen Logistik GmbH" if i % 4 else "Wydma Nearshore",
            side=Side.FACILITATOR if i == 1 else (Side.CLIENT if i % 4 else Side.VENDOR),
            attendance=rng.choice((Attendance.PRESENT,) * 8 + (Attendance.APOLOGIES,)),
        )
        for i in range(1, COUNTS["participants"] + 1)
    ]

    sourcing_pool = (Sourcing.RETAIN,) * 4 + (Sourcing.OUTSOURCE,) * 3 + (
        Sourcing.HYBRID,) * 2 + (Sourcing.UNDECIDED,)
    ws.functions = [
        Function(
            id=f"f{i}",
            name=f"{AREAS[(i - 1) % len(AREAS)]} – {SCOPES[(i - 1) // len(AREAS)]}",
            description=_text(rng, 80, 220),
            fte=round(rng.uniform(0.5, 14), 1),
            customer_facing=rng.random() < 0.3,
            strategic_importance=rng.randint(1, 5),
            inhouse_capability=rng.randint(1, 5),
            sourcing=rng.choice(sourcing_pool),
            rationale=_text(rng, 40, 160),
            votes=rng.randint(0, 12),
        )
        for i in range(1, COUNTS["functions"] + 1)
    ]
    weights = [12, 10, 10, 9, 9, 8, 8, 8, 7, 7, 6, 6]  # sums to 100
    ws.criteria = [
        Criterion(id=f"c{i}", name=CRITERIA[i - 1], weight=weights[i - 1],
                  knockout_min=3 if i in (1, 6) else None)
        for i in range(1, COUNTS["criteria"] + 1)
    ]
    ws.vendors = [
        Vendor(id=f"v{i}", name=f"{rng.choice(LAST)} {rng.choice(VENDOR_KINDS)} {i}",
               location=rng.choice(PLACES), available_fte=float(rng.randint(5, 60)),
               notes=_text(rng, 60, 180))
        for i in range(1, COUNTS["vendors"] + 1)
    ]
    ws.scores = [
        Score(vendor=v.id, criterion=c.id, score=rng.randint(1, 5), evidence=_text(rng, 30, 120))
        for v in ws.vendors for c in ws.criteria
    ]
    sourced = [f for f in ws.functions if f.is_outsourced]
    ws.assignments = [
        Assignment(function=f.id, vendor=rng.choice(ws.vendors).id,
                   fte_required=round(f.fte * rng.uniform(0.5, 1.0), 1))
        for f in sourced
    ]
    facing = [f for f in ws.functions if f.customer_facing] or ws.functions[:40]
    ws.customers = [
        Customer(
            id=f"k{i}", name=f"Customer {i}: {rng.choice(SCOPES)} ({rng.choice(PLACES)})",
            function=rng.choice(facing).id,
            internal_owner=_person(rng) if rng.random() < 0.9 else "",
            sales_rep=_person(rng) if rng.random() < 0.7 else "",
            outsourced_supporter=_person(rng) if rng.random() < 0.8 else "",
            offshore_team=f"{rng.choice(PLACES)} team" if rng.random() < 0.8 else "",
            escalation="Service desk manager → Head of IT Operations → CIO",
        )
        for i in range(1, COUNTS["customers"] + 1)
    ]
    ws.metrics = [
        Metric(
            id=f"m{i}", name=f"{METRIC_NAMES[(i - 1) % 10]} ({AREAS[(i - 1) % len(AREAS)]})",
            baseline=f"{rng.randint(50, 90)} %", target=f"{rng.randint(70, 99)} %",
            applies_to=rng.choice(list(AppliesTo)),
            outsourced_exempt=rng.choice((True, False, None)),
            exemption_reason=_text(rng, 20, 120) if rng.random() < 0.4 else "",
            review_date=day + timedelta(days=rng.randint(30, 400)) if rng.random() < 0.5
            else None,
        )
        for i in range(1, COUNTS["metrics"] + 1)
    ]
    per_wave = -(-len(sourced) // COUNTS["waves"])
    waves = []
    for i in range(1, COUNTS["waves"] + 1):
        start = date(2027, 4, 12) + timedelta(weeks=6 * (i - 1))
        chunk = sourced[(i - 1) * per_wave: i * per_wave]
        waves.append(Wave(
            id=f"w{i}", name=f"Wave {i} – {rng.choice(AREAS)}", start=start,
            end=start + timedelta(weeks=rng.choice((5, 6, 8))),
            functions=tuple(f.id for f in chunk),
            go=rng.choice(list(GoDecision)),
            gates=tuple(Gate(name=g, status=rng.choice(list(GateStatus))) for g in (
                "Knowledge transfer signed off", "Runbooks written", "Shadow pilot passed",
                "Rollback plan agreed")),
        ))
    ws.waves = waves
    roles = []
    for f in ws.functions:
        if f.is_outsourced and rng.random() < 0.85:
            roles.append(Role(id=f"r{len(roles) + 1}", function=f.id,
                              role=f"Service owner, {f.name}", person=_person(rng),
                              raci=Raci.ACCOUNTABLE))
        if rng.random() < 0.6:
            roles.append(Role(id=f"r{len(roles) + 1}", function=f.id, role="Vendor manager",
                              person=_person(rng), raci=rng.choice(list(Raci))))
    ws.roles = roles
    ws.risks = [
        Risk(id=f"x{i}", title=_text(rng, 40, 110), likelihood=rng.randint(1, 5),
             impact=rng.randint(1, 5), owner=_person(rng), mitigation=_text(rng, 40, 200),
             status=RiskStatus.OPEN if rng.random() < 0.8 else RiskStatus.CLOSED,
             stage=_stage(rng))
        for i in range(1, COUNTS["risks"] + 1)
    ]
    ws.decisions = [
        Decision(id=f"d{i}", stage=_stage(rng), text=_text(rng, 40, 200),
                 status=rng.choice(list(DecisionStatus)), recorded_at=_at(day, i * 3))
        for i in range(1, COUNTS["decisions"] + 1)
    ]
    ws.actions = [
        Action(id=f"t{i}", stage=_stage(rng),
               text=f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} for {rng.choice(AREAS)}: "
                    + _text(rng, 20, 120),
               owner=_person(rng), due=day + timedelta(days=rng.randint(3, 120)),
               status=ActionStatus.OPEN if rng.random() < 0.8 else ActionStatus.DONE)
        for i in range(1, COUNTS["actions"] + 1)
    ]
    ws.parking_lot = [
        ParkingItem(id=f"q{i}", stage=_stage(rng), text=_text(rng, 30, 140),
                    votes=rng.randint(0, 6))
        for i in range(1, COUNTS["parking_lot"] + 1)
    ]
    return ws


def sizes(ws: Workshop) -> dict[str, int]:
    from desktop_app.domain.model import SECTIONS

    return {name: len(ws.section(name)) for name in SECTIONS}
