"""A country's 6.1 tables counted from its cases: every stored cell is
counted again here from the cases, by the rules the user guide states."""

from __future__ import annotations

import datetime
from collections import Counter
from io import StringIO
from itertools import product
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.nrm.builders import IDENTIFIED, NOT_VICTIM, Story, build_case
from tests.statistics.rounds import open_round, submission_of
from thbhub.access.policies import PermissionDenied
from thbhub.audit.models import AuditEvent
from thbhub.cases.statistics_from_cases import submission_from_cases
from thbhub.statistics.editing import table_grid
from thbhub.statistics.models import StoredObservation, SubmissionVersion
from thbhub.statistics.services import submission_upload_csv
from thbhub.statistics.standard import BREAKDOWNS
from thbhub.statistics.tables import TABLES

pytestmark = pytest.mark.django_db

YEAR = 2010
D = datetime.date

# Each story with the codes the user guide says it is counted under.
STORIES: list[tuple[Story, dict[str, str] | None, bool]] = [
    (
        Story(
            D(2010, 3, 1),
            sex="F",
            age=25,
            citizenship="RS",
            exploitation=["SEXUAL", "LABOUR"],
            exploited_in=["AT", "DE"],
            identified_by="police",
            decision=IDENTIFIED,
            decided_after=40,
            services=[("accommodation", 1)],
        ),
        {
            "status": "IDENTIFIED",
            "sex": "F",
            "age": "ADULT",
            "citizenship": "NATIONAL",
            "exploitation": "SEXUAL",
            "exploitation_country": "OTHER_EU",
            "identified_in": "REPORTING",
            "citizenship_iso": "",
            "exploitation_iso": "DE",
        },
        True,
    ),
    (
        Story(
            D(2010, 5, 2),
            sex="M",
            age=31,
            citizenship="AL",
            exploitation=["LABOUR"],
            exploited_in=["RS"],
            identified_by="abroad",
        ),
        {
            "status": "PRESUMED",
            "sex": "M",
            "age": "ADULT",
            "citizenship": "NON_EU",
            "exploitation": "LABOUR",
            "exploitation_country": "DOMESTIC",
            "identified_in": "ABROAD",
            "citizenship_iso": "AL",
            "exploitation_iso": "",
        },
        False,
    ),
    (
        Story(D(2010, 6, 1), sex="UNK", age=None, uncertain=True),
        {
            "status": "PRESUMED",
            "sex": "UNK",
            "age": "CHILD",
            "citizenship": "UNK",
            "exploitation": "UNK",
            "exploitation_country": "UNK",
            "identified_in": "UNK",
            "citizenship_iso": "",
            "exploitation_iso": "",
        },
        False,
    ),
    (
        Story(
            D(2010, 7, 1),
            sex="F",
            age=16,
            citizenship="HR",
            exploitation=["BEGGING"],
            exploited_in=["IT"],
            identified_by="ngo",
            decision=IDENTIFIED,
            decided_after=10,
            guardian_after=1,
        ),
        {
            "status": "IDENTIFIED",
            "sex": "F",
            "age": "CHILD",
            "citizenship": "OTHER_EU",
            "exploitation": "BEGGING",
            "exploitation_country": "OTHER_EU",
            "identified_in": "REPORTING",
            "citizenship_iso": "HR",
            "exploitation_iso": "IT",
        },
        False,
    ),
    # Not a victim: left out.
    (Story(D(2010, 2, 1), decision=NOT_VICTIM, decided_after=20), None, False),
    # Identified in 2011: counted in 2011, not here.
    (Story(D(2010, 12, 1), decision=IDENTIFIED, decided_after=45), None, False),
    # Presumed, first contact in 2009: another year.
    (Story(D(2009, 12, 30), exploitation=["SEXUAL"]), None, False),
]


@pytest.fixture
def counted(users: Any) -> list[tuple[dict[str, str], bool]]:
    open_round(users["secretariat"], year=YEAR, members=["RS", "AL", "HR"])
    worker = users["rs.caseworker"]
    expected = []
    for story, codes, assisted in STORIES:
        build_case(worker, story)
        if codes is not None:
            expected.append((codes, assisted))
    return expected


def recount(expected: list[tuple[dict[str, str], bool]], measure: str) -> Counter[tuple[str, ...]]:
    """Every cell each case falls in, by hand: its code or TOTAL per column;
    by type of service, every service it received (assisted cases only)."""
    tally: Counter[tuple[str, ...]] = Counter()
    for codes, assisted in expected:
        if measure == "VICTIMS_ASSISTED" and not assisted:
            continue
        options = []
        for column in BREAKDOWNS:
            if column == "service":
                received = ("ACCOMMODATION",) if measure == "VICTIMS_ASSISTED" else ()
                options.append((*received, "TOTAL"))
            else:
                options.append((codes[column], "TOTAL"))
        for key in product(*options):
            tally[key] += 1
    return tally


def at(measure: str, **codes: str) -> tuple[str, ...]:
    return (measure, *(codes.get(column, "TOTAL") for column in BREAKDOWNS))


def cells_of(version: SubmissionVersion) -> dict[tuple[str, ...], StoredObservation]:
    return {
        (obs.measure, *(getattr(obs, column) for column in BREAKDOWNS)): obs
        for obs in version.observations.all()
    }


def test_every_cell_is_the_count_of_its_cases(users: Any, counted: Any) -> None:
    result = submission_from_cases(actor=users["rs.statistician"], country_id="rs", year=YEAR)
    assert result.version is not None, [str(issue) for issue in result.report.errors]
    assert result.report.ok
    stored = cells_of(result.version)
    iso_columns = {"citizenship": "citizenship_iso", "exploitation_country": "exploitation_iso"}
    checked = 0
    for (measure, *coordinates), obs in stored.items():
        iso = [
            column
            for column in iso_columns
            if len(obs.citizenship if column == "citizenship" else obs.exploitation_country) == 2
        ]
        if iso:
            column = iso[0]
            code = getattr(obs, column)
            assert obs.value == sum(
                1
                for codes, _assisted in counted
                if codes[iso_columns[column]] == code and obs.status in ("TOTAL", codes["status"])
            ), (column, code, obs.status)
            continue
        assert obs.value == recount(counted, measure).get(tuple(coordinates), 0), (
            measure,
            coordinates,
        )
        checked += 1
    # Every cell of every victim table is there, each once.
    grid = {
        cell.key
        for table in TABLES
        for cell in table_grid(table)
        if cell.measure in ("VICTIMS", "VICTIMS_ASSISTED")
    }
    assert checked == len(grid)
    assert grid <= set(stored)
    assert stored[at("VICTIMS")].value == 4
    assert stored[at("VICTIMS_ASSISTED")].value == 1
    # The case with two forms is counted once, and the note on the total says so.
    forms = {
        code: stored[at("VICTIMS", exploitation=code)].value
        for code in (
            "SEXUAL",
            "LABOUR",
            "BEGGING",
            "CRIMINAL_ACTIVITIES",
            "ORGAN_REMOVAL",
            "FORCED_MARRIAGE",
            "OTHER",
            "UNK",
        )
    }
    assert sum(value or 0 for value in forms.values()) == 4
    assert forms["SEXUAL"] == 1 and forms["LABOUR"] == 1
    assert "1 victims with more than one form of exploitation" in stored[at("VICTIMS")].note
    # ISO details: AL as a citizenship, DE as a country of exploitation.
    assert stored[at("VICTIMS", citizenship="AL")].value == 1
    assert stored[at("VICTIMS", status="IDENTIFIED", exploitation_country="DE")].value == 1
    assert result.version.source_name.startswith("computed from 4 cases")
    assert AuditEvent.objects.filter(
        action="statistics.submission.from_cases", detail__cases=4, outcome="success"
    ).exists()


def test_offender_figures_methodology_are_kept(users: Any, counted: Any) -> None:
    header = (
        "country,year,measure,status,sex,age,citizenship,exploitation,"
        "exploitation_country,identified_in,value,flag,note\n"
    )
    rows = (
        f"RS,{YEAR},SUSPECTS,_Z,TOTAL,TOTAL,TOTAL,TOTAL,TOTAL,TOTAL,7,,\n"
        f"RS,{YEAR},VICTIMS,TOTAL,TOTAL,TOTAL,TOTAL,TOTAL,TOTAL,TOTAL,99,,\n"
    )
    round_ = Round_of(YEAR)
    submission_upload_csv(
        actor=users["rs.statistician"],
        round=round_,
        country_id="RS",
        data=(header + rows).encode(),
        filename="rs.csv",
    )
    result = submission_from_cases(actor=users["rs.coordinator"], country_id="RS", year=YEAR)
    assert result.version is not None and result.version.number == 2
    stored = cells_of(result.version)
    assert stored[at("SUSPECTS", status="_Z")].value == 7
    assert stored[at("VICTIMS")].value == 4


@pytest.mark.parametrize(
    ("username", "country", "error"),
    [
        ("secretariat", "RS", PermissionDenied),
        ("rs.caseworker", "RS", PermissionDenied),
        ("al.statistician", "RS", ValidationError),
        ("hr.statistician", "HR", ValidationError),
    ],
)
def test_refusals_change_nothing(
    users: Any, counted: Any, username: str, country: str, error: type
) -> None:
    with pytest.raises(error) as raised:
        submission_from_cases(actor=users[username], country_id=country, year=YEAR)
    assert not SubmissionVersion.objects.filter(submission__round__year=YEAR).exists()
    if username == "hr.statistician":
        assert "has no case in THB Hub" in str(raised.value)
    if username == "al.statistician":
        assert "is not your country" in str(raised.value)


def test_no_round_or_no_draft_is_explained(users: Any) -> None:
    with pytest.raises(ValidationError, match="no questionnaire round for 2011"):
        submission_from_cases(actor=users["rs.statistician"], country_id="RS", year=2011)


def test_web_button_stores_a_version(users: Any, counted: Any, client_for: Any) -> None:
    submission = submission_of(Round_of(YEAR), "RS")
    page = client_for("rs.statistician").get(f"/statistics/submissions/{submission.pk}/")
    assert b'id="from-cases"' in page.content
    response = client_for("rs.statistician").post(
        f"/statistics/submissions/{submission.pk}/from-cases/", follow=True
    )
    assert response.status_code == 200
    assert "Version 1 is computed from the cases" in response.content.decode()
    assert submission.versions.count() == 1
    # Another member's statistician sees no button and gets a 404 for the forged id.
    assert (
        b'id="from-cases"'
        not in client_for("secretariat").get(f"/statistics/submissions/{submission.pk}/").content
    )
    forged = client_for("al.statistician").post(
        f"/statistics/submissions/{submission.pk}/from-cases/"
    )
    assert forged.status_code == 404
    assert submission.versions.count() == 1


def Round_of(year: int) -> Any:  # noqa: N802 — reads like the model
    from thbhub.statistics.models import Round

    return Round.objects.get(year=year)


def test_command_stores_a_version_and_refuses_another_country(users: Any, counted: Any) -> None:
    out = StringIO()
    call_command(
        "stats",
        "from-cases",
        "--country",
        "RS",
        "--year",
        str(YEAR),
        "--as",
        "rs.statistician",
        stdout=out,
    )
    assert "Version 1 stored" in out.getvalue()
    with pytest.raises(CommandError, match="is not your country"):
        call_command(
            "stats",
            "from-cases",
            "--country",
            "RS",
            "--year",
            str(YEAR),
            "--as",
            "al.statistician",
            stdout=StringIO(),
        )
