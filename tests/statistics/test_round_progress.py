"""Who has submitted to a round: the page, the API and their scope."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from thbhub.accounts.services import api_token_create
from thbhub.statistics.models import Round
from thbhub.statistics.reminders import round_reminders_send
from thbhub.statistics.round_progress import round_progress
from thbhub.statistics.services import (
    round_open,
    submission_accept,
    submission_submit,
    submission_upload_csv,
)

pytestmark = pytest.mark.django_db

YEAR = 2014
DEADLINE = datetime.date(2015, 6, 30)
HEADER = (
    "country,year,measure,status,sex,age,citizenship,exploitation,"
    "exploitation_country,identified_in,value,flag,note"
)


def totals_csv(country: str, value: int = 30) -> bytes:
    row = f"{country},{YEAR},VICTIMS,TOTAL,TOTAL,TOTAL,TOTAL,TOTAL,TOTAL,TOTAL,{value},,"
    return f"{HEADER}\n{row}\n".encode()


@pytest.fixture
def round_(users) -> Round:  # type: ignore[no-untyped-def]
    """Four members: RS accepted, AL submitted, HR uploaded a draft twice, MD nothing."""
    opened = round_open(
        actor=users["secretariat"],
        year=YEAR,
        deadline=DEADLINE,
        member_codes=["RS", "AL", "HR", "MD"],
    )
    for country, uploads in [("RS", 1), ("AL", 1), ("HR", 2)]:
        for _ in range(uploads):
            submission_upload_csv(
                actor=users[f"{country.lower()}.statistician"],
                round=opened,
                country_id=country,
                data=totals_csv(country),
                filename=f"{country.lower()}.csv",
            )
    for country in ("RS", "AL"):
        submission = opened.submissions.get(country_id=country)
        submission_submit(actor=users[f"{country.lower()}.coordinator"], submission=submission)
    submission_accept(
        actor=users["secretariat"], submission=opened.submissions.get(country_id="RS")
    )
    return opened


def test_the_summary_counts_every_member(users, round_) -> None:  # type: ignore[no-untyped-def]
    progress = round_progress(users["secretariat"], round_, today=DEADLINE)
    assert progress.summary == "2 of 4 submitted, 1 accepted"
    assert (progress.addressed, progress.submitted, progress.accepted) == (4, 2, 1)


def test_each_member_row_before_the_deadline(users, round_) -> None:  # type: ignore[no-untyped-def]
    progress = round_progress(users["secretariat"], round_, today=DEADLINE - datetime.timedelta(5))
    rows = {member.country: member for member in progress.members}
    assert [m.country for m in progress.members] == ["AL", "HR", "MD", "RS"]  # by name
    assert (rows["HR"].status, rows["HR"].versions) == ("draft", 2)
    assert rows["HR"].last_upload_by.endswith(users["hr.statistician"].last_name)
    assert rows["HR"].last_upload_at is not None
    assert (rows["MD"].versions, rows["MD"].last_upload_at, rows["MD"].last_upload_by) == (
        0,
        None,
        "",
    )
    assert rows["MD"].days_to_deadline == 5
    assert not any(member.overdue for member in progress.members)


def test_after_the_deadline_waiting_members_are_overdue(users, round_) -> None:  # type: ignore[no-untyped-def]
    after = DEADLINE + datetime.timedelta(4)
    round_reminders_send(actor=users["secretariat"], today=after)
    progress = round_progress(users["secretariat"], round_, today=after)
    overdue = {member.country for member in progress.members if member.overdue}
    assert overdue == {"HR", "MD"}
    assert progress.overdue_count == 2
    rows = {member.country: member for member in progress.members}
    assert rows["MD"].days_late == 4
    assert [(r.days_before, r.recipients) for r in rows["MD"].reminders] == [(-1, 0)]
    assert rows["RS"].reminders == ()


def test_the_page_shows_progress_and_highlights_overdue_members(client_for, round_) -> None:  # type: ignore[no-untyped-def]
    page = client_for("secretariat").get(f"/statistics/rounds/{YEAR}/").content.decode()
    assert "2 of 4 submitted, 1 accepted" in page
    # The 2014 round's deadline passed long ago: drafts are overdue.
    assert '<tr class="overdue" data-country="MD">' in page
    assert '<tr class="overdue" data-country="HR">' in page
    assert '<tr data-country="RS">' in page
    assert "2 overdue" in page


def test_a_member_sees_only_its_own_row(client_for, round_) -> None:  # type: ignore[no-untyped-def]
    page = client_for("hr.coordinator").get(f"/statistics/rounds/{YEAR}/").content.decode()
    assert 'data-country="HR"' in page
    assert 'data-country="RS"' not in page and "Serbia" not in page
    assert "2 of 4 submitted, 1 accepted" in page
    assert "Send due reminders now" not in page


def api_client(user) -> Client:  # type: ignore[no-untyped-def]
    _token, key = api_token_create(actor=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def test_the_api_gives_the_progress_within_reach(users, round_) -> None:  # type: ignore[no-untyped-def]
    body = (
        api_client(users["al.statistician"])
        .get(f"/api/v1/statistics/rounds/{YEAR}/progress/")
        .json()
    )
    assert body["summary"] == "2 of 4 submitted, 1 accepted"
    assert (body["addressed"], body["submitted"], body["accepted"]) == (4, 2, 1)
    (member,) = body["members"]
    assert member["country"] == "AL"
    assert member["status"] == "submitted"
    assert member["versions"] == 1
    assert member["overdue"] is False
    every = api_client(users["secretariat"]).get(f"/api/v1/statistics/rounds/{YEAR}/progress/")
    assert [m["country"] for m in every.json()["members"]] == ["AL", "HR", "MD", "RS"]


def test_a_round_that_does_not_ask_the_country_is_not_found(users) -> None:  # type: ignore[no-untyped-def]
    round_open(actor=users["secretariat"], year=YEAR, deadline=DEADLINE, member_codes=["RS"])
    client = api_client(users["al.coordinator"])
    assert client.get(f"/api/v1/statistics/rounds/{YEAR}/progress/").status_code == 404
    assert client.get("/api/v1/statistics/rounds/1999/progress/").status_code == 404
