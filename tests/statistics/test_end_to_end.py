"""Issue 3's acceptance test, end to end through the interfaces people use.

Statisticians of four members download the questionnaire workbook, fill it
as a spreadsheet program would, upload it with mistakes, correct what the
page names and submit; the secretariat returns one submission, accepts all
and publishes the round; the report (web, HTML and PDF) and the published
export are then checked against numbers this module recomputes on its own
from the cells the statisticians typed, never from the database or from
the platform's functions.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Mapping
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from pypdf import PdfReader

from tests.statistics.workbooks import Key, fill, input_rows, open_workbook
from thbhub.statistics.models import Submission, SubmissionVersion

pytestmark = pytest.mark.django_db

# A year no demo round and no other test of this kind uses.
YEAR = 2011
THRESHOLD = 4  # the documented default
STATISTICIANS = {
    "AL": "al.statistician",
    "HR": "hr.statistician",
    "RS": "rs.statistician",
    "XK": "xk.statistician",
}
NAMES = {"AL": "Albania", "HR": "Croatia", "RS": "Serbia", "XK": "Kosovo*"}
EU_MEMBERS = {"HR"}
AREA_NAMES = {
    **NAMES,
    "NATC_SEE": "All members of the network",
    "NATC_SEE_EU": "Members that are EU member states",
    "NATC_SEE_NON_EU": "Members that are not EU member states",
}
DESIGNATION_NOTE = "This designation is without prejudice to positions on status"
SHEET = "Victims - sex, age"

STATUS = ("IDENTIFIED", "PRESUMED")
SEX = ("F", "M", "UNK")
AGE = ("CHILD", "ADULT", "UNK")
Leaf = tuple[str, str, str]  # status, sex, age

# What each statistician counts in the national register: victims by status,
# sex and age. Every other cell of the sheet is a sum of these, worked out
# below as the statistician would before typing it.
REGISTERS: dict[str, dict[Leaf, int]] = {
    "AL": {
        ("IDENTIFIED", "F", "CHILD"): 8,
        ("IDENTIFIED", "F", "ADULT"): 20,
        ("IDENTIFIED", "M", "ADULT"): 10,
        ("PRESUMED", "F", "CHILD"): 6,
        ("PRESUMED", "F", "ADULT"): 11,
        ("PRESUMED", "M", "CHILD"): 3,
        ("PRESUMED", "M", "ADULT"): 5,
    },
    "HR": {
        ("IDENTIFIED", "F", "CHILD"): 5,
        ("IDENTIFIED", "F", "ADULT"): 22,
        ("IDENTIFIED", "M", "CHILD"): 1,
        ("IDENTIFIED", "M", "ADULT"): 15,
        ("PRESUMED", "F", "ADULT"): 6,
        ("PRESUMED", "M", "ADULT"): 8,
    },
    "RS": {
        ("IDENTIFIED", "F", "CHILD"): 14,
        ("IDENTIFIED", "F", "ADULT"): 31,
        ("IDENTIFIED", "M", "CHILD"): 6,
        ("IDENTIFIED", "M", "ADULT"): 12,
        ("PRESUMED", "F", "CHILD"): 5,
        ("PRESUMED", "F", "ADULT"): 9,
        ("PRESUMED", "M", "CHILD"): 2,
        ("PRESUMED", "M", "ADULT"): 7,
    },
    "XK": {
        ("IDENTIFIED", "F", "CHILD"): 9,
        ("IDENTIFIED", "F", "ADULT"): 13,
        ("IDENTIFIED", "M", "ADULT"): 5,
        ("IDENTIFIED", "UNK", "ADULT"): 1,
        ("PRESUMED", "F", "CHILD"): 2,
        ("PRESUMED", "F", "ADULT"): 6,
    },
}
# The secretariat's question about RS, and the corrected count of version 2.
RETURNED = "RS"
CORRECTED_LEAF: Leaf = ("IDENTIFIED", "M", "ADULT")
CORRECTED_VALUE = 13


# The statistician's own arithmetic ------------------------------------------


def sheet_cells(register: Mapping[Leaf, int]) -> dict[Leaf, int]:
    """Every cell of the status x sex x age table, TOTAL rows summed by hand."""
    cells = {}
    for status, sex, age in itertools.product((*STATUS, "TOTAL"), (*SEX, "TOTAL"), (*AGE, "TOTAL")):
        cells[(status, sex, age)] = sum(
            count
            for (s, x, a), count in register.items()
            if status in ("TOTAL", s) and sex in ("TOTAL", x) and age in ("TOTAL", a)
        )
    return cells


def template_key(cell: Leaf) -> Key:
    status, sex, age = cell
    return ("VICTIMS", status, sex, age, "TOTAL", "TOTAL", "TOTAL", "TOTAL", "TOTAL")


def typed_values(register: Mapping[Leaf, int]) -> dict[Key, int]:
    return {template_key(cell): value for cell, value in sheet_cells(register).items()}


def final_registers() -> dict[str, dict[Leaf, int]]:
    registers = {code: dict(leaves) for code, leaves in REGISTERS.items()}
    registers[RETURNED][CORRECTED_LEAF] = CORRECTED_VALUE
    return registers


def expected_cells(registers: Mapping[str, Mapping[Leaf, int]]) -> dict[tuple[str, Leaf], int]:
    """(area, cell) -> value for the members and the three regions."""
    expected: dict[tuple[str, Leaf], int] = {}
    for code, register in registers.items():
        for cell, value in sheet_cells(register).items():
            expected[(code, cell)] = value
    regions = {
        "NATC_SEE": set(registers),
        "NATC_SEE_EU": set(registers) & EU_MEMBERS,
        "NATC_SEE_NON_EU": set(registers) - EU_MEMBERS,
    }
    for region, members in regions.items():
        for cell in sheet_cells({}):
            expected[(region, cell)] = sum(expected[(code, cell)] for code in members)
    return expected


# Reading pages as a person does ----------------------------------------------


class _Tables(HTMLParser):
    """The text of every cell of every table, by the table's id."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._stack: list[str] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._stack.append(dict(attrs).get("id") or f"table-{len(self.tables)}")
            self.tables.setdefault(self._stack[-1], [])
        elif tag == "tr" and self._stack:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._stack:
            self._stack.pop()
        elif tag == "tr" and self._row is not None and self._stack:
            self.tables[self._stack[-1]].append(self._row)
            self._row = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def tables_of(html: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def upload(client: Client, submission: Submission, content: bytes, name: str):  # type: ignore[no-untyped-def]
    return client.post(
        f"/statistics/submissions/{submission.pk}/upload/",
        {"file": SimpleUploadedFile(name, content)},
    )


# The steps --------------------------------------------------------------------


def open_the_round(secretariat: Client) -> None:
    response = secretariat.post(
        "/statistics/rounds/new/",
        {
            "year": YEAR,
            "deadline": f"{YEAR + 1}-06-30",
            "members": sorted(STATISTICIANS),
            "change_threshold": "50",
            "reminder_days": "14, 3",
        },
    )
    assert response.status_code == 302, text_of(response)
    assert response["Location"] == f"/statistics/rounds/{YEAR}/"


def submission_page_link(client: Client, code: str) -> tuple[Submission, str]:
    submission = Submission.objects.get(round__year=YEAR, country_id=code)
    page = text_of(client.get(f"/statistics/submissions/{submission.pk}/"))
    link = re.search(r'<a href="([^"]+)" id="download-template"', page)
    assert link, f"the submission page of {code} has no template link"
    return submission, link.group(1)


def questions_in(content: bytes) -> list[int]:
    sheet = open_workbook(content)["Questions"]
    return [
        int(sheet.cell(row=row, column=5).value)
        for row in range(4, sheet.max_row + 1)
        if isinstance(sheet.cell(row=row, column=5).value, int)
    ]


def with_mistakes(register: Mapping[Leaf, int]) -> tuple[dict[Key, object], dict[Key, object]]:
    """The typed values with one mistake of each kind, and the cells that fix them."""
    right: dict[Key, object] = dict(typed_values(register))
    wrong = dict(right)
    grand_total = template_key(("TOTAL", "TOTAL", "TOTAL"))
    wrong[grand_total] = int(right[grand_total]) + 10  # type: ignore[call-overload]
    wrong[template_key(("IDENTIFIED", "F", "ADULT"))] = "twenty"
    wrong[template_key(("PRESUMED", "F", "ADULT"))] = -2
    # Children more than their total: ADULT and UNK left empty for this row.
    for age in ("ADULT", "UNK"):
        wrong[template_key(("IDENTIFIED", "M", age))] = None
    wrong[template_key(("IDENTIFIED", "M", "CHILD"))] = 90
    fixes = {key: right[key] for key, value in wrong.items() if value != right[key]}
    return wrong, fixes


def error_rows(html: str) -> list[list[str]]:
    rows = tables_of(html).get("upload-errors")
    assert rows, "the page shows no table of errors"
    return rows[1:]


def assert_named(errors: list[list[str]], row: int, value: str, words: str) -> None:
    """An error on SHEET, ``row``, column value, showing ``value``, that says ``words``."""
    found = [e for e in errors if e[:4] == [SHEET, str(row), "value", value] and words in e[4]]
    assert found, f"no error on {SHEET} row {row} value {value!r} saying {words!r}: {errors}"


def fill_in_and_submit(client: Client, code: str) -> None:
    submission, link = submission_page_link(client, code)
    download = client.get(link)
    assert download.status_code == 200
    template = download.content
    rows = input_rows(open_workbook(template))
    wrong, fixes = with_mistakes(REGISTERS[code])
    assert all(rows[key].unlocked for key in wrong), "a typed cell is locked in the template"
    methodology = {
        "data_authority": f"Ministry of Interior ({code})",
        "includes_presumed": "Yes",
    }
    answers = {
        number: f"Answer of {code} to question {number}." for number in questions_in(template)
    }
    mistaken = fill(template, wrong, methodology=methodology, answers=answers)  # type: ignore[arg-type]

    refused = upload(client, submission, mistaken, f"{code.lower()}-{YEAR}.xlsx")
    assert refused.status_code == 200
    page = text_of(refused)
    assert "Nothing was stored" in page
    errors = error_rows(page)
    grand = template_key(("TOTAL", "TOTAL", "TOTAL"))
    assert_named(errors, rows[grand].row, str(wrong[grand]), "Correct the categories or the total")
    text_cell = template_key(("IDENTIFIED", "F", "ADULT"))
    assert_named(errors, rows[text_cell].row, "twenty", "Not a number")
    negative = template_key(("PRESUMED", "F", "ADULT"))
    assert_named(errors, rows[negative].row, "-2", "cannot be negative")
    children = template_key(("IDENTIFIED", "M", "CHILD"))
    assert_named(errors, rows[children].row, "90", "Children (90) are more than the age TOTAL")
    assert not SubmissionVersion.objects.filter(submission=submission).exists()

    corrected = fill(mistaken, fixes)  # type: ignore[arg-type]
    stored = upload(client, submission, corrected, f"{code.lower()}-{YEAR}.xlsx")
    assert stored.status_code == 302, error_rows(text_of(stored))
    version_page = text_of(client.get(f"/statistics/submissions/{submission.pk}/versions/1/"))
    observations = tables_of(version_page)["observations"][1:]
    assert len(observations) == len(typed_values(REGISTERS[code]))
    submitted = client.post(f"/statistics/submissions/{submission.pk}/submit/")
    assert submitted.status_code == 302
    submission.refresh_from_db()
    assert submission.status == "submitted"


def breakdown_text(cell: Leaf) -> str:
    """How the version page names a cell: its non-TOTAL codes, or TOTAL."""
    named = [f"{name} {code}" for name, code in zip(("status", "sex", "age"), cell, strict=True)]
    return ", ".join(text for text, code in zip(named, cell, strict=True) if code != "TOTAL") or (
        "TOTAL"
    )


def correct_returned(client: Client, code: str) -> None:
    submission, link = submission_page_link(client, code)
    page = text_of(client.get(f"/statistics/submissions/{submission.pk}/"))
    assert "Police count 13 adult men" in page
    template = client.get(link).content  # pre-filled with version 1
    changed = fill(template, typed_values(final_registers()[code]))  # type: ignore[arg-type]
    assert upload(client, submission, changed, f"{code.lower()}-{YEAR}-v2.xlsx").status_code == 302
    version = text_of(client.get(f"/statistics/submissions/{submission.pk}/versions/2/"))
    changes = tables_of(version)["changes"][1:]
    old, new = REGISTERS[code], final_registers()[code]
    moved = {cell for cell, value in sheet_cells(new).items() if sheet_cells(old)[cell] != value}
    # The corrected cell and every TOTAL row that includes it.
    assert len(moved) == 8
    shown_changes = {(breakdown, before, after) for _measure, breakdown, before, after in changes}
    assert shown_changes == {
        (
            breakdown_text(cell),
            str(sheet_cells(old)[cell]),
            str(sheet_cells(new)[cell]),
        )
        for cell in moved
    }, changes
    assert client.post(f"/statistics/submissions/{submission.pk}/submit/").status_code == 302


def review(secretariat: Client, code: str, decision: str, comment: str = "") -> None:
    submission = Submission.objects.get(round__year=YEAR, country_id=code)
    response = secretariat.post(
        f"/statistics/submissions/{submission.pk}/review/",
        {"decision": decision, "comment": comment},
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == {"return": "returned", "accept": "accepted"}[decision]


def publish(secretariat: Client) -> None:
    preview = text_of(secretariat.get(f"/statistics/rounds/{YEAR}/publish/"))
    assert 'id="preview"' in preview, preview
    fields = dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", preview))
    assert fields["Suppression threshold"] == str(THRESHOLD)
    assert fields["Members left out (no accepted submission)"] == "—"
    published = secretariat.post(
        f"/statistics/rounds/{YEAR}/publish/", {"threshold": str(THRESHOLD), "note": ""}
    )
    assert published.status_code == 302, text_of(published)


# Checking what was published --------------------------------------------------


def export_cells(content: str) -> dict[tuple[str, Leaf], tuple[str, str]]:
    """(area, cell) -> (value, flag) of the VICTIMS status x sex x age rows."""
    rows = list(csv.DictReader(io.StringIO(content)))
    assert rows, "the export is empty"
    cells = {}
    for row in rows:
        assert row["year"] == str(YEAR)
        if row["measure"] != "VICTIMS":
            continue
        others = (
            row["citizenship"],
            row["exploitation"],
            row["exploitation_country"],
            row["identified_in"],
        )
        if others != ("TOTAL",) * 4:
            continue
        cells[(row["country"], (row["status"], row["sex"], row["age"]))] = (
            row["value"],
            row["flag"],
        )
    return cells


def check_disclosure(
    published: Mapping[tuple[str, Leaf], tuple[str, str]],
    expected: Mapping[tuple[str, Leaf], int],
) -> None:
    assert set(published) == set(expected), set(published) ^ set(expected)
    suppressed = {key for key, (_value, flag) in published.items() if flag == "c"}
    for key, truth in expected.items():
        value, flag = published[key]
        if 1 <= truth <= THRESHOLD:
            assert flag == "c" and value == "", f"{key}: {truth} is small but shows {value!r}"
        elif key in suppressed:
            assert value == "", f"{key} is suppressed but shows {value!r}"
        else:
            assert value == str(truth), f"{key}: published {value!r}, recomputed {truth}"
    # No sum of one table may hold exactly one suppressed cell: it would be the
    # total less the published others. Sums run along each dimension and
    # across the members of each region.
    areas = {area for area, _cell in expected}
    regions = {
        "NATC_SEE": set(STATISTICIANS),
        "NATC_SEE_EU": set(STATISTICIANS) & EU_MEMBERS,
        "NATC_SEE_NON_EU": set(STATISTICIANS) - EU_MEMBERS,
    }
    groups: list[list[tuple[str, Leaf]]] = []
    for area in areas:
        for cell in {cell for _a, cell in expected}:
            for axis, categories in enumerate((STATUS, SEX, AGE)):
                if cell[axis] != "TOTAL":
                    continue
                parts = [(*cell[:axis], code, *cell[axis + 1 :]) for code in categories]
                groups.append([(area, cell), *((area, part) for part in parts)])  # type: ignore[misc]
    for region, members in regions.items():
        for cell in {cell for _a, cell in expected}:
            groups.append([(region, cell), *((code, cell) for code in sorted(members))])
    for group in groups:
        hidden = [key for key in group if key in suppressed]
        assert len(hidden) != 1, (
            f"{hidden[0]} is the only suppressed cell of the sum {group}: it can be worked out"
        )
    assert suppressed, "the data has small cells, so something must be suppressed"


def report_row(rows: list[list[str]], name: str) -> list[str]:
    found = [row for row in rows if row and row[0] == name]
    assert len(found) == 1, f"the report's table has no single row {name!r}: {rows}"
    return found[0]


def shown(truth: int, published: tuple[str, str]) -> str:
    value, flag = published
    return "c" if flag == "c" else value


def check_report_html(html: str, published, expected) -> None:  # type: ignore[no-untyped-def]
    table = tables_of(html)["country-table"]
    header = table[0]
    columns = {
        "Registered victims": ("TOTAL", "TOTAL", "TOTAL"),
        "Formally identified": ("IDENTIFIED", "TOTAL", "TOTAL"),
        "Presumed": ("PRESUMED", "TOTAL", "TOTAL"),
        "Children": ("TOTAL", "TOTAL", "CHILD"),
        "Women and girls": ("TOTAL", "F", "TOTAL"),
    }
    areas = AREA_NAMES
    for area, name in areas.items():
        row = report_row(table[1:], name)
        for label, cell in columns.items():
            text = row[header.index(label)]
            truth = expected[(area, cell)]
            assert text == shown(truth, published[(area, cell)]), (area, label, text, truth)
            if 1 <= truth <= THRESHOLD:
                assert text == "c"
    # Every member's total and the region's are published as recomputed.
    for area in (*NAMES, "NATC_SEE"):
        assert published[(area, ("TOTAL", "TOTAL", "TOTAL"))][1] != "c", area
    assert "Kosovo*" in html and DESIGNATION_NOTE in html


# The test ---------------------------------------------------------------------


def test_from_the_template_to_the_published_report(users, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    secretariat = logged_in(users["secretariat"])
    statisticians = {code: logged_in(users[name]) for code, name in STATISTICIANS.items()}

    # 1. The round.
    open_the_round(secretariat)

    # 2. Each member fills the workbook, is refused, corrects and submits.
    for code, client in statisticians.items():
        fill_in_and_submit(client, code)

    # 3. One submission goes back and comes again; all are accepted and published.
    review(secretariat, RETURNED, "return", "Police count 13 adult men identified, not 12.")
    correct_returned(statisticians[RETURNED], RETURNED)
    for code in STATISTICIANS:
        review(secretariat, code, "accept")
    publish(secretariat)

    # 5. What a reader must find, recomputed from the typed rows.
    expected = expected_cells(final_registers())

    # 4. The published export, from the web and from the command line.
    web_csv = secretariat.get(f"/statistics/published/{YEAR}.csv")
    assert web_csv.status_code == 200
    exported = tmp_path / "published.csv"
    call_command(
        "stats",
        "export",
        "--year",
        str(YEAR),
        "--format",
        "csv",
        "--published",
        "--out",
        str(exported),
        "--as",
        "secretariat",
        stdout=io.StringIO(),
    )
    assert exported.read_bytes() == web_csv.content
    published = export_cells(exported.read_text(encoding="utf-8-sig"))
    check_disclosure(published, expected)

    # The report: web page, standalone HTML file from the command line, PDF.
    page = secretariat.get(f"/statistics/report/{YEAR}/")
    assert page.status_code == 200
    check_report_html(text_of(page), published, expected)
    html_file = tmp_path / "report.html"
    call_command(
        "report",
        "build",
        "--year",
        str(YEAR),
        "--format",
        "html",
        "--out",
        str(html_file),
        "--as",
        "secretariat",
        stdout=io.StringIO(),
    )
    check_report_html(html_file.read_text(encoding="utf-8"), published, expected)
    pdf_file = tmp_path / "report.pdf"
    call_command(
        "report",
        "build",
        "--year",
        str(YEAR),
        "--format",
        "pdf",
        "--out",
        str(pdf_file),
        "--as",
        "secretariat",
        stdout=io.StringIO(),
    )
    check_report_pdf(pdf_file, published, expected)

    # The share of children, from the published indicators.
    check_children_share(tmp_path, published, expected)


def check_report_pdf(path: Path, published, expected) -> None:  # type: ignore[no-untyped-def]
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    assert "Kosovo*" in text
    assert " ".join(DESIGNATION_NOTE.split()) in " ".join(text.split())
    flat = " ".join(text.split())
    # The table by member, as a reader of the PDF finds it: each row's name, then its cells.
    start = flat.index("Figures by member Member")
    table = flat[start : flat.index("c: a value from 1", start)]
    cells = [
        ("TOTAL", "TOTAL", "TOTAL"),
        ("IDENTIFIED", "TOTAL", "TOTAL"),
        ("PRESUMED", "TOTAL", "TOTAL"),
        ("TOTAL", "TOTAL", "CHILD"),
        ("TOTAL", "F", "TOTAL"),
    ]
    for area, name in AREA_NAMES.items():
        wanted = " ".join(shown(expected[(area, c)], published[(area, c)]) for c in cells)
        assert f"{name} {wanted} " in table, (name, wanted, table)


def check_children_share(tmp_path: Path, published, expected) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "indicators.csv"
    call_command(
        "stats",
        "indicators",
        "--year",
        str(YEAR),
        "--format",
        "csv",
        "--out",
        str(target),
        "--as",
        "secretariat",
        stdout=io.StringIO(),
    )
    rows = {
        row["area"]: row
        for row in csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig")))
        if row["indicator"] == "children_share"
    }
    # Members only: the indicators recompute a region from the published
    # member rows and leave out members with a suppressed cell, so the
    # region's share is checked in the report, which shows the published
    # NATC_SEE row itself (check_report_html / check_report_pdf).
    for area in NAMES:
        children = expected[(area, ("TOTAL", "TOTAL", "CHILD"))]
        total = expected[(area, ("TOTAL", "TOTAL", "TOTAL"))]
        row = rows[area]
        hidden = any(
            published[(area, cell)][1] == "c"
            for cell in (("TOTAL", "TOTAL", "CHILD"), ("TOTAL", "TOTAL", "TOTAL"))
        )
        if hidden:
            # A share of a suppressed count would give the count away.
            assert row["value"] == "", row
            continue
        assert (row["numerator"], row["denominator"]) == (str(children), str(total)), row
        assert float(row["value"]) == pytest.approx(children / total, rel=1e-5), row
