"""The PDF minutes (issue 4): real files, read back with pypdf.

Built for the demo, the interchange example, an empty workshop and a workshop
with hostile text in every text field; checked for text, outline, footers,
watermark, metadata, fonts, the missing-character report, cancel and failed
writes.
"""

from __future__ import annotations

import dataclasses
import os
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pypdf
import pytest

from desktop_app.domain.model import (
    Action,
    AgendaItem,
    Assignment,
    Criterion,
    Customer,
    Decision,
    Details,
    Function,
    Gate,
    GateStatus,
    GoDecision,
    Metric,
    ParkingItem,
    Participant,
    Risk,
    Role,
    Score,
    Sourcing,
    Stage,
    Vendor,
    Wave,
    Workshop,
    WorkshopStatus,
)
from desktop_app.export import fonts
from desktop_app.export.markup import PLACEHOLDER, Markup
from desktop_app.export.minutes import MinutesCancelled, MinutesReport, build_minutes
from desktop_app.storage import interchange
from desktop_app.storage.errors import WriteFailed

# --- reading a PDF ------------------------------------------------------------------


@dataclasses.dataclass
class Pdf:
    reader: pypdf.PdfReader
    pages: list[str]

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    @property
    def squeezed(self) -> str:
        """All text without any whitespace: wrapping and split words vanish."""
        return re.sub(r"\s+", "", self.text)

    def outline(self) -> list[str]:
        titles: list[str] = []

        def walk(items) -> None:
            for item in items:
                if isinstance(item, list):
                    walk(item)
                else:
                    titles.append(item.title)

        walk(self.reader.outline)
        return titles

    def fonts(self) -> dict[str, bool]:
        """BaseFont name -> embedded, for every font any page uses."""
        found: dict[str, bool] = {}
        for page in self.reader.pages:
            resources = page.get("/Resources") or {}
            for font in (resources.get("/Font") or {}).values():
                font = font.get_object()
                descendants = font.get("/DescendantFonts")
                target = descendants[0].get_object() if descendants else font
                descriptor = target.get("/FontDescriptor")
                descriptor = descriptor.get_object() if descriptor else {}
                embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2",
                                                              "/FontFile3"))
                found[str(font["/BaseFont"])] = embedded
        return found


def read(path: Path) -> Pdf:
    reader = pypdf.PdfReader(path)
    return Pdf(reader, [page.extract_text() or "" for page in reader.pages])


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def build(workshop: Workshop, path: Path, **kw) -> tuple[MinutesReport, Pdf]:
    report = build_minutes(workshop, path, **kw)
    return report, read(path)


TOP_LEVEL = ["Cover", "1 Setup & objectives", "2 Functions & sourcing fit",
             "3 Vendors: skills & capacity", "4 Business case", "5 Customers & one team",
             "6 Working rules & metrics", "7 Pace & transition",
             "8 Retained team & governance", "9 Risks, decisions & close", "Sign-off"]


def assert_well_formed(report: MinutesReport, pdf: Pdf, title: str) -> None:
    """Footers, outline, fonts: what every export must have."""
    total = len(pdf.pages)
    assert report.pages == total
    for number, text in enumerate(pdf.pages, start=1):
        assert f"Page {number} of {total}" in text
    outline = pdf.outline()
    for entry in TOP_LEVEL:
        assert entry in outline
    assert "9.5 Health check" in outline
    used = pdf.fonts()
    assert used, "no fonts found"
    assert all(used.values()), f"fonts not embedded: {used}"
    assert not [name for name in used if "Helvetica" in name or "Times" in name]
    assert all("DejaVu" in name or "SWFallback" in name or "+" in name for name in used)
    assert squeeze(title[:60]) in pdf.squeezed


# --- workshops ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo() -> Workshop:
    return interchange.read_json(Path(__file__).resolve().parent.parent / "resources" / "demo"
                                 / "demo-workshop.json")


@pytest.fixture(scope="module")
def demo_pdf(demo, tmp_path_factory) -> tuple[MinutesReport, Pdf]:
    path = tmp_path_factory.mktemp("demo") / "demo-minutes.pdf"
    return build(demo, path)


MARKUP = 'Use the <b> tag & <img src="/etc/hostname"/> &copy; <font name=X> "dq" \'sq\''
ALWAYS = "Ελληνικά αβγ Кириллица Привет Tiếng Việt có dấu"  # must always be drawable
RTL = "שלום עולם"
CJK = "中文漢字"
LONG_WORD = "Ω" + "x" * 4998 + "Ω"


def hostile(marker: str) -> str:
    """Text for one field: markup, scripts, emoji, a private-use character,
    control characters and a newline."""
    return (f"{marker} {MARKUP} {ALWAYS}\nline two {RTL} {CJK} 😀 🚀 \ue000 "
            f"ctl\x00\x07\x1b\x7fend")


def expected(marker: str) -> str:
    """What the extracted text must contain for `hostile(marker)` (without whitespace)."""
    return squeeze(f"{marker} {MARKUP} {ALWAYS} line two")


def hostile_workshop() -> tuple[Workshop, list[str]]:
    markers: list[str] = []

    def h(name: str) -> str:
        marker = f"F{len(markers):02d}{name}"
        markers.append(marker)
        return hostile(marker)

    f1 = Function(id="f1", name=h("function"), description=h("description") + " " + LONG_WORD,
                  fte=4, customer_facing=True, strategic_importance=2, inhouse_capability=2,
                  sourcing=Sourcing.OUTSOURCE, rationale=h("rationale"), votes=3)
    f2 = Function(id="f2", name="Project management", sourcing=Sourcing.RETAIN,
                  strategic_importance=5, inhouse_capability=5)
    ws = Workshop(
        details=Details(
            title=h("title"), organisation=h("organisation"), date=date(2027, 1, 11),
            location=h("location"), facilitator=h("facilitator"), scope=h("scope"),
            objectives=(h("objective"), "Second objective"),
            criteria_agreed_at=datetime(2027, 1, 11, 10, 5, tzinfo=UTC),
        ),
        participants=[Participant(id="p1", name=h("pname"), role=h("prole"),
                                  organisation=h("porg"))],
        agenda=[AgendaItem(id="a1", stage=Stage.SETUP, title=h("agenda"), planned_minutes=30)],
        functions=[f1, f2],
        criteria=[Criterion(id="c1", name=h("criterion"), weight=60, knockout_min=3),
                  Criterion(id="c2", name="Cost", weight=40)],
        vendors=[Vendor(id="v1", name=h("vendor"), location=h("vlocation"), available_fte=2,
                        notes=h("vnotes") + " " + LONG_WORD),
                 Vendor(id="v2", name="Plain vendor", available_fte=10)],
        scores=[Score(vendor="v1", criterion="c1", score=2, evidence=h("evidence")),
                Score(vendor="v1", criterion="c2", score=5),
                Score(vendor="v2", criterion="c1", score=4),
                Score(vendor="v2", criterion="c2", score=3)],
        assignments=[Assignment(function="f1", vendor="v1", fte_required=4)],
        customers=[Customer(id="k1", name=h("customer"), function="f1",
                            internal_owner=h("owner"), sales_rep=h("salesrep"),
                            outsourced_supporter=h("supporter"), offshore_team=h("offshore"),
                            escalation=h("escalation"))],
        metrics=[Metric(id="m1", name=h("metric"), baseline=h("baseline"), target=h("target"),
                        outsourced_exempt=True, exemption_reason=h("reason"),
                        review_date=date(2027, 6, 30))],
        waves=[Wave(id="w1", name=h("wave"), start=date(2027, 2, 1), end=date(2027, 4, 30),
                    functions=("f1",), go=GoDecision.GO,
                    gates=(Gate(h("gate"), GateStatus.OPEN), Gate("Rollback", GateStatus.MET)))],
        roles=[Role(id="r1", function="f1", role=h("role"), person=h("person"))],
        risks=[Risk(id="x1", title=h("risk"), owner=h("riskowner"),
                    mitigation=h("mitigation") + " " + LONG_WORD)],
        decisions=[Decision(id="d1", stage=Stage.FUNCTIONS, text=h("decision"),
                            recorded_at=datetime(2027, 1, 11, 10, 42, tzinfo=UTC))],
        actions=[Action(id="t1", stage=Stage.VENDORS, text=h("action") + " " + LONG_WORD,
                        owner=h("actionowner"), due=date(2027, 1, 25))],
        parking_lot=[ParkingItem(id="q1", stage=Stage.SETUP, text=h("parked"))],
    )
    return ws, markers


def marker_of(markers: list[str], field: str) -> str:
    return next(marker for marker in markers if marker[3:] == field)


@pytest.fixture(scope="module")
def hostile_pdf(tmp_path_factory) -> tuple[Workshop, list[str], MinutesReport, Pdf]:
    ws, markers = hostile_workshop()
    path = tmp_path_factory.mktemp("hostile") / "hostile.pdf"
    report, pdf = build(ws, path)
    return ws, markers, report, pdf


# --- the demo and the interchange example --------------------------------------------


def test_demo_minutes_are_complete(demo, demo_pdf) -> None:
    report, pdf = demo_pdf
    assert_well_formed(report, pdf, demo.details.title)
    assert report.missing_characters == []
    text = pdf.squeezed
    for item in (*demo.participants, *demo.functions, *demo.vendors, *demo.criteria):
        assert squeeze(item.label) in text, item.label
    for action in demo.actions:
        assert squeeze(action.text) in text
        assert squeeze(action.owner) in text
    for wave in demo.waves:
        for gate in wave.gates:
            assert squeeze(gate.name) in text
    for heading in ("1.1 Attendance", "1.2 Objectives and scope", "1.3 Agenda",
                    "2.1 Sourcing matrix", "3.1 Criteria and weights",
                    "3.4 Capacity against demand", "4.1 The plan in figures",
                    "4.3 Function by function: a year's costs", "7.1 Timeline", "9.1 Risk register",
                    "9.2 Decisions", "9.3 Actions", "9.4 Parking lot"):
        assert heading in pdf.outline()
    assert "Page 1 of" in pdf.pages[0]
    assert all("DRAFT" in page for page in pdf.pages)  # the demo is a draft
    meta = pdf.reader.metadata
    assert meta.title == demo.details.title
    assert meta.author == demo.details.facilitator
    assert "Minutes" in meta.subject and demo.details.organisation in meta.subject
    assert "sourcing workshop" in meta["/Keywords"]


def test_demo_says_when_the_criteria_were_agreed(demo_pdf) -> None:
    _report, pdf = demo_pdf
    assert "Agreed on 9 March 2027, 11:05" in pdf.text


def test_interchange_example_minutes(example_json, tmp_path) -> None:
    ws = interchange.loads(example_json)
    report, pdf = build(ws, tmp_path / "example.pdf")
    assert_well_formed(report, pdf, ws.details.title)
    for text in ("Example Manufacturing plc", "Leeds, board room 2", "Vendor A", "Kraków",
                 "Knowledge transfer signed off", "Ask Vendor A for CVs of the named team",
                 "Data residency for the Polish plant", "Not yet agreed"):
        assert squeeze(text) in pdf.squeezed, text


def test_final_minutes_have_no_watermark(tmp_path, example_json) -> None:
    ws = interchange.loads(example_json)
    ws.details = dataclasses.replace(ws.details, status=WorkshopStatus.FINAL)
    _report, pdf = build(ws, tmp_path / "final.pdf")
    assert not any("DRAFT" in page for page in pdf.pages)
    assert "Final" in pdf.pages[0]


def test_empty_workshop(tmp_path) -> None:
    report, pdf = build(Workshop(), tmp_path / "empty.pdf")
    assert_well_formed(report, pdf, "Untitled workshop")
    for text in ("No participants recorded.", "No functions recorded.", "No vendors recorded.",
                 "No risks recorded.", "No actions recorded.", "Nothing parked."):
        assert text in pdf.text
    assert report.missing_characters == []


# --- hostile text --------------------------------------------------------------------


def test_hostile_text_appears_verbatim(hostile_pdf) -> None:
    _ws, markers, report, pdf = hostile_pdf
    assert_well_formed(report, pdf, marker_of(markers, "title"))
    text = pdf.squeezed
    missing = [marker for marker in markers if expected(marker) not in text]
    assert not missing, f"fields not verbatim in the PDF: {missing}"
    assert "©" not in pdf.text  # &copy; stays literal
    assert "ctlend" in text  # control characters removed, neighbours kept
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", pdf.text)
    # a 5000-character word in four fields: wrapped (and split across pages), nothing lost
    assert text.count("Ω") == 8
    assert text.count("x") >= 4 * 4998
    # RTL is drawn in logical order (no bidi in reportlab without rlbidi)
    assert squeeze(RTL) in text or squeeze(RTL)[::-1] in text or "שלום" in pdf.text


def test_hostile_text_cjk_and_emoji_drawn_or_reported(hostile_pdf) -> None:
    _ws, _markers, report, pdf = hostile_pdf
    named = " ".join(report.missing_characters)
    for ch in CJK + "😀🚀":
        code = f"U+{ord(ch):04X}"
        assert (ch in pdf.text) != (code in named), f"{code} neither drawn nor reported"
    assert PLACEHOLDER in pdf.text


def test_missing_characters_are_named(hostile_pdf) -> None:
    _ws, _markers, report, _pdf = hostile_pdf
    assert "U+E000 <private use character>" in report.missing_characters
    assert len(set(report.missing_characters)) == len(report.missing_characters)
    codes = [int(name.split()[0][2:], 16) for name in report.missing_characters]
    assert codes == sorted(codes)
    assert not [n for n in report.missing_characters if n.startswith(("U+0000", "U+0007"))]


def test_hostile_metadata_is_clean_text(hostile_pdf) -> None:
    _ws, markers, _report, pdf = hostile_pdf
    meta = pdf.reader.metadata
    assert meta.title.startswith(f"{marker_of(markers, 'title')} {MARKUP} {ALWAYS} line two")
    assert meta.title.endswith("ctlend")  # control characters and newlines gone
    assert meta.author.startswith(f"{marker_of(markers, 'facilitator')} {MARKUP}")


# --- markup, in the one place ----------------------------------------------------------


def test_markup_escapes_and_keeps_lines() -> None:
    m = Markup(fonts.make_fontset())
    assert m('<b>x</b> & &copy;') == "&lt;b&gt;x&lt;/b&gt; &amp; &amp;copy;"
    assert m("one\r\ntwo\rthree\nfour") == "one<br/>two<br/>three<br/>four"
    assert m("a\x00b\x1bc\x7fd\tz") == "abcd z"
    assert m.missing_characters == []


def test_markup_without_fallback_reports_cjk() -> None:
    m = Markup(fonts.make_fontset())  # no fallback fonts at all
    out = m("abc 中文 😀")
    assert "中" not in out and PLACEHOLDER * 2 in out
    assert m.missing_characters == ["U+4E2D CJK UNIFIED IDEOGRAPH-4E2D (中)",
                                    "U+6587 CJK UNIFIED IDEOGRAPH-6587 (文)"]


def test_markup_routes_regular_only_characters_to_the_plain_face() -> None:
    m = Markup(fonts.make_fontset())
    assert f'<font name="{fonts.PLAIN}">مرحبا</font>' in m("مرحبا")  # no bold Arabic in DejaVu


def test_markup_uses_a_system_fallback_when_there_is_one() -> None:
    fontset = fonts.fontset()
    m = Markup(fontset)
    out = m("中")
    if fontset.font_for(ord("中")) is None:
        pytest.skip("no CJK fallback font on this system")
    assert '<font name="SWFallback' in out and "中" in out


# --- cancel, progress and failed writes --------------------------------------------------


def test_progress_reaches_the_total(tmp_path, example_json) -> None:
    calls: list[tuple[int, int]] = []
    build_minutes(interchange.loads(example_json), tmp_path / "p.pdf",
                  progress=lambda done, total: calls.append((done, total)))
    dones = [done for done, _ in calls]
    assert dones == sorted(dones) and dones[0] == 0
    assert calls[-1][0] == calls[-1][1] and len({total for _, total in calls}) == 1


@pytest.mark.parametrize("after", [0, 5, 40])
def test_cancel_leaves_no_file(tmp_path, example_json, after) -> None:
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > after

    target = tmp_path / "cancelled.pdf"
    with pytest.raises(MinutesCancelled):
        build_minutes(interchange.loads(example_json), target, cancelled=cancelled)
    assert list(tmp_path.iterdir()) == []


def test_cancel_keeps_an_existing_file(tmp_path, example_json) -> None:
    target = tmp_path / "old.pdf"
    target.write_bytes(b"old minutes")
    with pytest.raises(MinutesCancelled):
        build_minutes(interchange.loads(example_json), target, cancelled=lambda: True)
    assert target.read_bytes() == b"old minutes"
    assert [p.name for p in tmp_path.iterdir()] == ["old.pdf"]


def test_unwritable_target_raises_write_failed(tmp_path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(WriteFailed):
        build_minutes(Workshop(), blocker / "minutes.pdf")
    with pytest.raises(WriteFailed):
        build_minutes(Workshop(), tmp_path / "missing-folder" / "minutes.pdf")
    with pytest.raises(WriteFailed):
        build_minutes(Workshop(), tmp_path)  # a folder, not a file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_build_works_on_a_snapshot(tmp_path, example_json) -> None:
    ws = interchange.loads(example_json)

    def edit_while_exporting(done: int, total: int) -> None:
        ws.functions.clear()

    _report, pdf = build(ws, tmp_path / "snap.pdf", progress=edit_while_exporting)
    assert "Service desk" in pdf.text


def test_agenda_shows_actual_minutes_once_items_have_them(tmp_path) -> None:
    @dataclasses.dataclass(frozen=True)
    class TimedItem(AgendaItem):
        actual_minutes: int | None = None

    ws = Workshop(agenda=[TimedItem(id="a1", stage=Stage.SETUP, title="Welcome",
                                    planned_minutes=20, actual_minutes=35),
                          TimedItem(id="a2", stage=Stage.FUNCTIONS, title="Functions",
                                    planned_minutes=60)])
    _report, pdf = build(ws, tmp_path / "timed.pdf")
    assert "Actual" in pdf.text and "35 min" in pdf.text
    _report, pdf = build(Workshop(agenda=[AgendaItem(id="a1", stage=Stage.SETUP, title="Welcome",
                                                     planned_minutes=20)]), tmp_path / "p.pdf")
    assert "Actual" not in pdf.text


def test_minutes_print_votes_and_actual_minutes(tmp_path, demo_workshop):
    import dataclasses

    from pypdf import PdfReader

    from desktop_app.export.minutes import build_minutes

    ws = demo_workshop
    ws.parking_lot[0] = dataclasses.replace(ws.parking_lot[0], votes=17)
    ws.agenda[0] = dataclasses.replace(ws.agenda[0], actual_minutes=41)
    target = tmp_path / "m.pdf"
    build_minutes(ws, target)
    text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Actual" in text and "41 min" in text
    assert "Votes" in text and "17" in text


LABELS = {"Scope", "Objectives", "Ranking", "Evidence behind the scores"}


def _last_block_of_each_page(path) -> list[str]:
    """The text of each page's last block above its footer, from pdftotext."""
    import html
    import re
    import shutil
    import subprocess

    tool = shutil.which("pdftotext")
    if tool is None:
        if os.environ.get("CI") == "true":
            pytest.fail("pdftotext is not installed (Debian package: poppler-utils)")
        pytest.skip("pdftotext is not installed (Debian package: poppler-utils)")
    layout = subprocess.run([tool, "-bbox-layout", str(path), "-"], capture_output=True,
                            text=True, check=True).stdout
    found = []
    for page in re.findall(r"<page .*?</page>", layout, re.S):
        height = float(re.search(r'height="([\d.]+)"', page).group(1))
        blocks = []
        for block in re.findall(r"<block (.*?)>(.*?)</block>", page, re.S):
            y_max = float(re.search(r'yMax="([\d.]+)"', block[0]).group(1))
            words = [html.unescape(w) for w in re.findall(r">([^<]+)</word>", block[1])]
            if y_max < height - 60:  # above the footer
                blocks.append((y_max, " ".join(words)))
        if blocks:
            found.append(max(blocks)[1])
    return found


def test_no_page_of_the_demo_minutes_ends_with_a_heading(demo_workshop, tmp_path) -> None:
    """A heading ("Ranking") was left alone at a page foot."""
    target = tmp_path / "minutes.pdf"
    build_minutes(demo_workshop, target)
    headings = {item.title for item in pypdf.PdfReader(target).outline
                if not isinstance(item, list)}
    headings |= {child.title for item in pypdf.PdfReader(target).outline
                 if isinstance(item, list) for child in item}
    for last in _last_block_of_each_page(target):
        assert last not in headings | LABELS, f"a page ends with the heading {last!r}"


def test_a_duration_never_wraps() -> None:
    from desktop_app.export.minutes.layout import fmt_minutes

    assert fmt_minutes(200) == "3\u00a0h\u00a020\u00a0min"
    assert " " not in fmt_minutes(445)


def test_the_dot_vote_says_the_question_and_the_results_most_votes_first(demo, demo_pdf):
    _report, pdf = demo_pdf
    assert "2.3 Dot vote" in pdf.outline()
    text = pdf.squeezed
    asked = demo.details.function_vote_question
    assert asked.endswith("?")
    assert squeeze(f"The room was asked: “{asked}” 46 dots placed") in text  # no “…?”.
    ranked = sorted(demo.functions, key=lambda f: -f.votes)
    firsts = [squeeze(f"{f.label} ({f.votes})") for f in ranked[:3]]
    places = [text.index(first) for first in firsts]
    assert places == sorted(places)


def test_a_vote_without_a_question_says_so(demo, tmp_path):
    workshop = demo.snapshot()
    workshop.details = dataclasses.replace(workshop.details, function_vote_question="")
    _report, pdf = build(workshop, tmp_path / "m.pdf")
    assert squeeze("No question was recorded for this vote.") in pdf.squeezed
