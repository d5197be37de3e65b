"""The dashboards: published figures for everyone, own unpublished ones on request."""

from __future__ import annotations

import json

import pytest

from tests.statistics.report_builders import publish_year
from tests.statistics.rounds import open_round
from thbhub.statistics.models import Publication, Submission, SubmissionStatus
from thbhub.statistics.services import submission_upload_csv

pytestmark = pytest.mark.django_db

YEAR = 2016


def _data(response):  # type: ignore[no-untyped-def]
    body = response.content.decode()
    start = body.index('<script id="dashboard-data" type="application/json">') + len(
        '<script id="dashboard-data" type="application/json">'
    )
    return json.loads(body[start : body.index("</script>", start)])


@pytest.fixture
def published(users):  # type: ignore[no-untyped-def]
    publish_year(users["secretariat"], YEAR - 1)
    return publish_year(users["secretariat"], YEAR)


def test_every_role_sees_published_figures_for_all_members(published, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("de.partner").get("/statistics/dashboard/")
    assert response.status_code == 200
    data = _data(response)
    assert {YEAR - 1, YEAR} <= set(data["years"])
    codes = {c["code"] for c in data["countries"]}
    assert {"RS", "AL", "HR", "XK", "NATC_SEE"} <= codes
    assert "Kosovo*" in {c["name"] for c in data["countries"]}
    # Suppressed cells travel as value null with flag c, never as a number.
    assert all(row[5] is None for row in data["rows"] if row[6] == "c")
    assert 'id="f-own"' not in response.content.decode()


def test_filters_work_as_a_plain_get_form(published, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("rs.caseworker").get(
        f"/statistics/dashboard/?year={YEAR - 1}&measure=SUSPECTS&breakdown=sex"
        "&country=RS&country=AL"
    )
    body = response.content.decode()
    assert f"Suspects by member, {YEAR - 1}" in body
    assert "Women and girls" in body  # the sex breakdown's legend


def test_own_countrys_accepted_figures_only_for_its_users(published, users, client_for) -> None:  # type: ignore[no-untyped-def]
    round_ = open_round(users["secretariat"], year=YEAR + 1, members=["RS", "AL"])
    csv = (
        "country,year,measure,status,sex,age,citizenship,exploitation,exploitation_country,identified_in,value,flag,note\n"
        f"RS,{YEAR + 1},VICTIMS,TOTAL,TOTAL,TOTAL,TOTAL,TOTAL,TOTAL,TOTAL,4321,,\n"
    ).encode()
    for code in ("RS", "AL"):
        submission_upload_csv(
            actor=users["secretariat"],
            round=round_,
            country_id=code,
            data=csv.replace(b"RS,", f"{code},".encode()),
            filename="x.csv",
        )
    Submission.objects.filter(round=round_).update(status=SubmissionStatus.ACCEPTED)

    own = _data(client_for("rs.statistician").get("/statistics/dashboard/?own=1"))
    unpublished = [row for row in own["rows"] if row[0].endswith("~")]
    assert unpublished and {row[0] for row in unpublished} == {"RS~"}
    mine = [r[5] for r in unpublished if r[1] == YEAR + 1 and r[2] == "VICTIMS" and r[3] == "total"]
    assert mine == [4321]
    # Without the toggle, or for a role without a country's statistics, nothing unpublished.
    assert not [
        r
        for r in _data(client_for("rs.statistician").get("/statistics/dashboard/"))["rows"]
        if r[0].endswith("~")
    ]
    partner = _data(client_for("de.partner").get("/statistics/dashboard/?own=1"))
    assert not [r for r in partner["rows"] if r[0].endswith("~") or r[5] == 4321]
    secretariat = _data(client_for("secretariat").get("/statistics/dashboard/?own=1"))
    assert not [r for r in secretariat["rows"] if r[5] == 4321]


def test_empty_dashboard_before_any_publication(client_for) -> None:  # type: ignore[no-untyped-def]
    Publication.objects.all().delete()  # the demo data publishes its rounds
    response = client_for("rs.rapporteur").get("/statistics/dashboard/")
    assert response.status_code == 200
    assert "No round has been published yet." in response.content.decode()
