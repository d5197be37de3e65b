"""Publishing a round: what goes in, what is suppressed, what moves, what is refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tests.statistics.publications import ACCEPTED, PUBLISH_YEAR, accepted_round
from tests.statistics.rounds import open_round, submission_of
from thbhub.access.policies import PermissionDenied
from thbhub.audit.models import AuditEvent
from thbhub.statistics.aggregates import NATC_SEE, NATC_SEE_EU, NATC_SEE_NON_EU
from thbhub.statistics.deduplication import MEASURE as DEDUPLICATED
from thbhub.statistics.models import PublishedObservation, StoredObservation, SubmissionStatus
from thbhub.statistics.publishing import publication_plan, round_publish
from thbhub.statistics.standard import COORDINATES


def _national_values(year: int) -> dict[tuple[str, ...], int | None]:
    columns = (
        "country",
        "measure",
        "status",
        "sex",
        "age",
        "citizenship",
        "exploitation",
        "exploitation_country",
        "identified_in",
        "service",
    )
    rows = StoredObservation.objects.filter(version__submission__round__year=year).values_list(
        *columns, "value"
    )
    return {tuple(row[:-1]): row[-1] for row in rows}


def test_publishing_freezes_the_accepted_data_through_disclosure_control(users) -> None:
    secretariat = users["secretariat"]
    round_ = accepted_round(secretariat)
    publication = round_publish(actor=secretariat, round=round_, note="First edition.")

    assert publication.number == 1
    assert publication.threshold == 4
    assert publication.countries == sorted(ACCEPTED)
    assert "AL" in publication.note and "First edition." in publication.note
    rows = list(PublishedObservation.objects.filter(publication=publication))
    countries = {row.country for row in rows}
    assert countries == {*ACCEPTED, NATC_SEE, NATC_SEE_EU, NATC_SEE_NON_EU}
    assert any(row.measure == DEDUPLICATED for row in rows)
    original = _national_values(PUBLISH_YEAR)
    suppressed = [row for row in rows if row.flag == "c"]
    assert suppressed
    for row in rows:
        if row.flag == "c":
            assert row.value is None and row.note == ""
        elif row.value is not None:
            assert not 1 <= row.value <= 4, f"{row} is small and published"
        key = (
            row.country,
            row.measure,
            row.status,
            row.sex,
            row.age,
            row.citizenship,
            row.exploitation,
            row.exploitation_country,
            row.identified_in,
            row.service,
        )
        if row.country in ACCEPTED and row.flag != "c":
            assert row.value == original[key]
    for country in ACCEPTED:
        assert submission_of(round_, country).status == SubmissionStatus.PUBLISHED
    assert submission_of(round_, "AL").status == SubmissionStatus.DRAFT
    event = AuditEvent.objects.get(action="statistics.round.publish", object_id=str(publication.pk))
    assert event.detail["left_out"] == ["AL"]
    assert event.detail["suppressed_primary"] + event.detail["suppressed_secondary"] == len(
        suppressed
    )


def test_publishing_again_makes_a_new_edition_and_keeps_the_first(users) -> None:
    secretariat = users["secretariat"]
    round_ = accepted_round(secretariat)
    first = round_publish(actor=secretariat, round=round_)
    second = round_publish(actor=secretariat, round=round_, threshold=2)
    assert (first.number, second.number) == (1, 2)
    assert second.threshold == 2
    assert first.observations.count() == second.observations.count()
    # Cells of 3 or 4 persons, published by the edition with threshold 2,
    # are hidden by the one with threshold 4 (secondary suppression may
    # differ between the two, since each protects its own small cells).
    three_or_four = set(second.observations.filter(value__in=(3, 4)).values_list(*COORDINATES))
    assert three_or_four
    hidden_in_first = set(first.observations.filter(flag="c").values_list(*COORDINATES))
    assert three_or_four <= hidden_in_first


def test_the_preview_says_what_publishing_will_do_and_changes_nothing(users) -> None:
    secretariat = users["secretariat"]
    round_ = accepted_round(secretariat)
    plan = publication_plan(actor=secretariat, round=round_)
    assert plan.included == sorted(ACCEPTED)
    assert plan.left_out == ["AL"]
    assert plan.primary > 0 and plan.secondary > 0
    assert not round_.publications.exists()
    assert submission_of(round_, "RS").status == SubmissionStatus.ACCEPTED


def test_a_round_without_accepted_submission_is_refused(users) -> None:
    round_ = open_round(users["secretariat"], year=PUBLISH_YEAR, members=["RS", "AL"])
    with pytest.raises(ValidationError, match="accept at least one"):
        round_publish(actor=users["secretariat"], round=round_)
    assert not round_.publications.exists()


def test_a_threshold_out_of_range_is_refused(users) -> None:
    round_ = accepted_round(users["secretariat"], accepted=("RS",))
    with pytest.raises(ValidationError, match="from 1 to 100"):
        round_publish(actor=users["secretariat"], round=round_, threshold=0)
    assert not round_.publications.exists()


def test_the_threshold_comes_from_the_settings(users, settings) -> None:
    settings.THBHUB_DISCLOSURE_THRESHOLD = 2
    round_ = accepted_round(users["secretariat"], accepted=("RS",))
    assert round_publish(actor=users["secretariat"], round=round_).threshold == 2


@pytest.mark.parametrize("username", ["rs.coordinator", "rs.statistician", "de.partner"])
def test_only_the_secretariat_publishes(users, username) -> None:
    round_ = accepted_round(users["secretariat"], accepted=("RS",))
    with pytest.raises(PermissionDenied):
        round_publish(actor=users[username], round=round_)
    assert not round_.publications.exists()
    assert submission_of(round_, "RS").status == SubmissionStatus.ACCEPTED
