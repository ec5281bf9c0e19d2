"""The business case on paper and in a spreadsheet (issue 15): the minutes'
section holds the room's figures and its chart, the CSV the same numbers,
and `--export NAME.csv` picks the business case when the name says so."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from decimal import Decimal

import pypdf
import pytest

from desktop_app.domain.business_case import business_case
from desktop_app.export.business_case_csv import write_business_case_csv
from desktop_app.export.minutes import build_minutes


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)


def test_the_minutes_hold_the_figures_of_the_room(demo_workshop, tmp_path) -> None:
    target = tmp_path / "minutes.pdf"
    build_minutes(demo_workshop, target)
    text = pdf_text(target)
    squeezed = re.sub(r"\s+", "", text)
    for figure in ("6,326,000EUR", "5,517,500EUR", "808,500EUR(12.8%)", "980,000EUR",
                   "Feb2029(month22)", "2,130,058.77EUR", "110.8%",  # the plan
                   "546,200EUR", "1,225,000EUR", "871,591.98EUR",  # the sensitivity line
                   "−87,500", "payback:Feb2029(month22)",  # hosting's loss, the chart's point
                   "Start:Apr2027", "5:May2031–Apr2032",  # the years
                   "vendorpricesrise2.5%andin-housecosts3.0%", "(1+rate)^−year"):
        assert figure in squeezed, figure
    assert "4 Business case" in text and "4.3 Function by function" in text
    assert "4.2 Year by year" in text
    assert "novendorprice" in squeezed  # EDI, not in the totals, says why
    outline = [item.title for item in pypdf.PdfReader(target).outline
               if not isinstance(item, list)]
    assert "4 Business case" in outline and "9 Risks, decisions & close" in outline


def test_a_workshop_without_costs_says_so(demo_workshop, tmp_path) -> None:
    import dataclasses

    demo_workshop.functions[:] = [dataclasses.replace(f, cost_per_fte=None, other_cost=None)
                                  for f in demo_workshop.functions]
    demo_workshop.waves[:] = [dataclasses.replace(w, transition_cost=None)
                              for w in demo_workshop.waves]
    demo_workshop.assignments[:] = [dataclasses.replace(a, annual_price=None, rate_per_fte=None)
                                    for a in demo_workshop.assignments]
    demo_workshop.roles[:] = [dataclasses.replace(r, annual_cost=None)
                              for r in demo_workshop.roles]
    target = tmp_path / "minutes.pdf"
    build_minutes(demo_workshop, target)
    assert "No costs recorded." in pdf_text(target)


def test_the_csv_holds_the_same_figures_and_its_totals_add_up(demo_workshop, tmp_path) -> None:
    target = tmp_path / "case.csv"
    assert write_business_case_csv(demo_workshop, target) == len(demo_workshop.functions)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads the accents right
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    header, body = rows[0], rows[1:]
    functions = body[:len(demo_workshop.functions)]
    total = body[len(functions)]
    assert total[0] == "Total in the plan"
    counted = [row for row in functions if row[header.index("in_totals")] == "yes"]
    for name in ("today", "after", "saving"):
        column = header.index(name)
        assert sum(Decimal(row[column]) for row in counted) == Decimal(total[column]), name
    assert Decimal(total[header.index("saving")]) == business_case(demo_workshop).plan.saving
    hosting = next(row for row in functions if row[0] == "Hosting & cloud platform")
    assert hosting[header.index("saving")] == "-87500.00"
    settings = dict(row for row in body if len(row) == 2)
    assert settings["npv"] == "2130058.77"
    assert (settings["payback_month"], settings["payback_calendar_month"]) == ("22", "Feb 2029")
    assert (settings["vendor_indexation"], settings["start_month"]) == ("0.025", "2027-04")
    years = body[body.index(["year", "first_month", "last_month", "as_today", "with_the_plan",
                             "one_off", "net", "cumulative", "discounted_cumulative"]) + 1:]
    years = years[:years.index([])]
    assert [row[0] for row in years] == ["Start: Apr 2027"] + [
        f"{n}: May {2026 + n} – Apr {2027 + n}" for n in range(1, 6)]
    assert sum(Decimal(row[5]) for row in years) == Decimal("980000.00")
    assert years[-1][8] == "2130058.77"  # the discounted cumulative ends at the NPV


def test_a_function_name_that_looks_like_a_formula_stays_text(demo_workshop, tmp_path) -> None:
    import dataclasses

    demo_workshop.functions[0] = dataclasses.replace(demo_workshop.functions[0],
                                                     name="=HYPERLINK(\"x\")")
    target = tmp_path / "case.csv"
    write_business_case_csv(demo_workshop, target)
    assert "'=HYPERLINK" in target.read_text(encoding="utf-8-sig")


def test_the_command_line_picks_the_business_case_by_its_name(tmp_path) -> None:
    case, actions = tmp_path / "Q3 business-case.csv", tmp_path / "Q3.csv"
    for target in (case, actions):
        result = subprocess.run([sys.executable, "-m", "desktop_app", "--demo", "--export",
                                 str(target)], capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
    assert case.read_text(encoding="utf-8-sig").startswith("function,decision,today")
    assert actions.read_text(encoding="utf-8-sig").startswith("id,action,owner")


def test_no_amount_of_the_business_case_is_broken_over_lines(demo_workshop, tmp_path) -> None:
    """Every amount the business case prints is one word where pdftotext finds the
    words and their boxes: none is cut over two lines of a narrow column."""
    import html
    import os
    import shutil
    import subprocess

    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        message = "pdftotext is not installed (Debian package: poppler-utils)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    target = tmp_path / "minutes.pdf"
    build_minutes(demo_workshop, target)
    boxes = subprocess.run([pdftotext, "-bbox", str(target), "-"], capture_output=True,
                           text=True, check=True).stdout
    words = {html.unescape(word) for word in re.findall(r"<word [^>]*>([^<]*)</word>", boxes)}
    case = business_case(demo_workshop)
    amounts = set()
    for outcome in (case.plan, case.sensitive):
        amounts |= {outcome.today, outcome.after, outcome.saving, outcome.one_off, outcome.npv}
        for year in outcome.years() if outcome is case.plan else ():
            amounts |= {year.today, year.plan, year.net, year.cumulative,
                        year.discounted_cumulative}
    for row in case.rows:
        amounts |= {value for value in (row.today, row.vendor_price, row.after, row.saving)
                    if value is not None}
        if row.one_off:
            amounts.add(row.one_off)
        outcome = case.outcome_of(row)
        if outcome is not None and row.changes:
            amounts.add(outcome.npv)
    shown = {case.money(amount, code=False) for amount in amounts if amount}
    assert len(shown) > 40
    broken = sorted(text for text in shown if text not in words)
    assert not broken, f"printed over more than one word: {broken}"


def test_the_minutes_write_amounts_in_the_workshops_number_format(demo_workshop,
                                                                   tmp_path) -> None:
    import dataclasses

    demo_workshop.details = dataclasses.replace(demo_workshop.details, number_format="de_DE")
    target = tmp_path / "minutes.pdf"
    build_minutes(demo_workshop, target)
    squeezed = re.sub(r"\s+", "", pdf_text(target))
    for figure in ("6.326.000EUR", "808.500EUR", "2.130.058,77EUR", "126.666,68"):
        assert figure in squeezed, figure
