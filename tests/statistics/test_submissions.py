"""Rounds and submissions through the services: storing, versions, statuses, scope."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from tests.statistics.builders import STANDARD_TOTALS, build_rows, to_csv, totals_row
from tests.statistics.rounds import (
    YEAR,
    invalid_csv,
    open_round,
    submission_of,
    valid_csv,
    valid_row_count,
)
from thbhub.access.policies import PermissionDenied
from thbhub.audit.models import AuditEvent
from thbhub.statistics import services
from thbhub.statistics.models import StoredObservation, SubmissionStatus, SubmissionVersion
from thbhub.statistics.selectors import (
    access_submission,
    access_version,
    rounds_visible_to,
    submissions_visible_to,
)

pytestmark = pytest.mark.django_db


def upload(users, round_, data: bytes, *, who: str = "rs.statistician", country: str = "RS"):  # type: ignore[no-untyped-def]
    return services.submission_upload_csv(
        actor=users[who], round=round_, country_id=country, data=data, filename="rs.csv"
    )


def test_opening_a_round_creates_a_draft_per_member(users) -> None:  # type: ignore[no-untyped-def]
    round_ = open_round(users["secretariat"])
    assert sorted(round_.submissions.values_list("country_id", flat=True)) == ["AL", "HR", "RS"]
    assert set(round_.submissions.values_list("status", flat=True)) == {"draft"}
    opened = AuditEvent.objects.filter(action="statistics.round.open", object_id=str(round_.pk))
    assert opened.exists()


def test_only_the_secretariat_opens_rounds_once_per_year(users) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        open_round(users["rs.coordinator"])
    open_round(users["secretariat"])
    with pytest.raises(ValidationError, match="exists already"):
        open_round(users["secretariat"])


def test_a_valid_csv_becomes_version_1_with_every_row(users) -> None:  # type: ignore[no-untyped-def]
    round_ = open_round(users["secretariat"])
    result = upload(users, round_, valid_csv())
    assert result.report.ok
    assert result.version is not None
    assert result.version.number == 1
    stored = StoredObservation.objects.filter(version=result.version)
    assert stored.count() == valid_row_count()
    total = stored.get(
        measure="VICTIMS",
        status="TOTAL",
        sex="TOTAL",
        age="TOTAL",
        citizenship="TOTAL",
        exploitation="TOTAL",
        exploitation_country="TOTAL",
        identified_in="TOTAL",
    )
    assert total.value == STANDARD_TOTALS["VICTIMS"]
    event = AuditEvent.objects.get(action="statistics.submission.upload", detail__year=YEAR)
    assert (event.outcome, event.country_id, event.detail["version"]) == ("success", "RS", 1)


def test_an_unknown_value_stays_empty_not_zero(users) -> None:  # type: ignore[no-untyped-def]
    round_ = open_round(users["secretariat"])
    rows = [totals_row("SUSPECTS", year=YEAR, value=None), totals_row("CONVICTED", year=YEAR)]
    result = upload(users, round_, to_csv(rows))
    assert result.version is not None
    values = dict(result.version.observations.values_list("measure", "value"))
    assert values == {"SUSPECTS": None, "CONVICTED": 0}


def test_an_invalid_csv_stores_nothing_and_names_row_and_column(users) -> None:  # type: ignore[no-untyped-def]
    round_ = open_round(users["secretariat"])
    result = upload(users, round_, invalid_csv())
    assert result.version is None
    assert not SubmissionVersion.objects.filter(submission__round__year=YEAR).exists()
    assert not StoredObservation.objects.filter(year=YEAR).exists()
    (error,) = result.report.errors
    assert (error.sheet, error.row, error.column, error.value) == ("rs.csv", 4, "value", "-3")
    assert "negative" in error.message
    event = AuditEvent.objects.get(action="statistics.submission.upload", detail__year=YEAR)
    assert (event.outcome, event.detail["errors"]) == ("failed", 1)


def test_a_file_that_is_not_csv_gives_one_error(users) -> None:  # type: ignore[no-untyped-def]
    round_ = open_round(users["secretariat"])
    result = upload(users, round_, b"PK\x03\x04 a workbook")
    assert result.version is None
    assert len(result.report.errors) == 1
    assert not SubmissionVersion.objects.filter(submission__round__year=YEAR).exists()


def test_a_resubmission_is_version_2_and_version_1_stays(users) -> None:  # type: ignore[no-untyped-def]
    round_ = open_round(users["secretariat"])
    first = upload(users, round_, valid_csv(seed=1)).version
    second = upload(users, round_, valid_csv(seed=2), who="rs.coordinator").version
    assert first is not None and second is not None
    assert (first.number, second.number) == (1, 2)
    submission = submission_of(round_, "RS")
    again = access_version(users["rs.rapporteur"], submission, 1)
    assert again.observations.count() == valid_row_count(seed=1)
    assert second.uploaded_by == users["rs.coordinator"]


def test_status_moves_draft_submitted_returned_accepted_published(users) -> None:  # type: ignore[no-untyped-def]
    secretariat, statistician = users["secretariat"], users["rs.statistician"]
    round_ = open_round(secretariat)
    submission = submission_of(round_, "RS")
    with pytest.raises(ValidationError, match="Upload a file"):
        services.submission_submit(actor=statistician, submission=submission)
    upload(users, round_, valid_csv())
    with pytest.raises(ValidationError, match="only a submitted one can be accepted"):
        services.submission_accept(actor=secretariat, submission=submission)
    services.submission_submit(actor=statistician, submission=submission)
    assert submission.status == SubmissionStatus.SUBMITTED
    with pytest.raises(ValidationError, match="uploaded only to a draft or a returned"):
        upload(users, round_, valid_csv())
    with pytest.raises(ValidationError, match="Say what to correct"):
        services.submission_return(actor=secretariat, submission=submission, comment=" ")
    services.submission_return(
        actor=secretariat, submission=submission, comment="Check the children."
    )
    assert (submission.status, submission.comment) == ("returned", "Check the children.")
    assert upload(users, round_, valid_csv(seed=3)).version is not None
    services.submission_submit(actor=statistician, submission=submission)
    with pytest.raises(PermissionDenied):
        services.submission_accept(actor=statistician, submission=submission)
    services.submission_accept(actor=secretariat, submission=submission)
    with pytest.raises(ValidationError, match="only a draft or a returned"):
        services.submission_submit(actor=statistician, submission=submission)
    services.submission_publish(actor=secretariat, submission=submission)
    assert submission.status == SubmissionStatus.PUBLISHED
    actions = set(
        AuditEvent.objects.filter(object_id=str(submission.pk)).values_list("action", flat=True)
    )
    assert {
        "statistics.submission.submitted",
        "statistics.submission.returned",
        "statistics.submission.accepted",
        "statistics.submission.published",
    } <= actions


def test_a_large_change_from_the_accepted_previous_year_is_a_warning(users) -> None:  # type: ignore[no-untyped-def]
    secretariat = users["secretariat"]
    earlier = open_round(secretariat, year=YEAR - 1)
    before = [totals_row("SUSPECTS", year=YEAR - 1, value=10)]
    upload(users, earlier, to_csv(before))
    services.submission_submit(
        actor=users["rs.statistician"], submission=submission_of(earlier, "RS")
    )
    services.submission_accept(actor=secretariat, submission=submission_of(earlier, "RS"))
    current = open_round(secretariat)
    result = upload(users, current, to_csv([totals_row("SUSPECTS", year=YEAR, value=40)]))
    assert result.version is not None
    (warning,) = result.report.warnings
    assert warning.rule == "change"
    assert result.version.warning_count == 1


def test_another_countrys_statistician_can_neither_see_nor_upload(users) -> None:  # type: ignore[no-untyped-def]
    round_ = open_round(users["secretariat"])
    upload(users, round_, valid_csv())
    rs = submission_of(round_, "RS")
    albanian = users["al.statistician"]
    assert list(
        submissions_visible_to(albanian, round_year=YEAR).values_list("country_id", flat=True)
    ) == ["AL"]
    with pytest.raises(Http404):
        access_submission(albanian, rs.pk)
    with pytest.raises(PermissionDenied):
        upload(users, round_, valid_csv(), who="al.statistician")
    assert AuditEvent.objects.filter(
        action="access.refused", actor_username="al.statistician"
    ).exists()


def test_rounds_are_seen_by_the_members_they_address(users) -> None:  # type: ignore[no-untyped-def]
    open_round(users["secretariat"], members=["AL", "HR"])
    assert not rounds_visible_to(users["rs.statistician"]).filter(year=YEAR).exists()
    assert rounds_visible_to(users["al.rapporteur"]).get(year=YEAR).submitted_count == 0
    assert not rounds_visible_to(users["de.partner"]).exists()


def test_rows_for_another_country_or_year_are_errors(users) -> None:  # type: ignore[no-untyped-def]
    round_ = open_round(users["secretariat"])
    rows = build_rows({"SUSPECTS": 3}, country="AL", year=YEAR - 1)
    result = upload(users, round_, to_csv(rows))
    assert result.version is None
    assert {error.column for error in result.report.errors} == {"country", "year"}


def test_the_demo_has_last_years_round_with_two_accepted_members(users) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from thbhub.statistics.synthetic import member_year

    year = timezone.localdate().year - 1
    shown = rounds_visible_to(users["secretariat"]).get(year=year)
    assert (shown.status, shown.member_count, shown.submitted_count) == ("open", 11, 2)
    accepted = submissions_visible_to(users["secretariat"], round_year=year).filter(
        status="accepted"
    )
    assert sorted(accepted.values_list("country_id", flat=True)) == ["AL", "RS"]
    version = access_version(users["rs.rapporteur"], accepted.get(country_id="RS"), 1)
    total = version.observations.get(
        measure="VICTIMS",
        status="TOTAL",
        sex="TOTAL",
        age="TOTAL",
        citizenship="TOTAL",
        exploitation="TOTAL",
        exploitation_country="TOTAL",
        identified_in="TOTAL",
    )
    # Every victim of Serbia's demo register for that year, identified or presumed.
    assert total.value == len(member_year("RS", year).victims)
