"""The demo's statistics: every member from 2018 to 2022, with the
irregularities real submissions have, stored through the services."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

import pytest
from django.utils import timezone

from thbhub.demo.generator import MEMBERS, generate_demo
from thbhub.statistics.consistency import Outcome, consistency_of
from thbhub.statistics.demo_rounds import demo_report
from thbhub.statistics.methodology import KEYS
from thbhub.statistics.models import (
    Publication,
    Round,
    RoundStatus,
    StoredObservation,
    Submission,
    SubmissionStatus,
    SubmissionVersion,
)
from thbhub.statistics.services import SETTLED, shipped_codes
from thbhub.statistics.standard import BREAKDOWNS, COLUMNS, SERIES, RawRow
from thbhub.statistics.synthetic import member_year, submission_rows
from thbhub.statistics.validation import validate

pytestmark = pytest.mark.django_db

HISTORY = range(2018, 2023)
OTHERS_TOTAL = dict.fromkeys(BREAKDOWNS, "TOTAL")


def latest(code: str, year: int) -> SubmissionVersion:
    submission = Submission.objects.get(round__year=year, country_id=code)
    version = submission.latest_version()
    assert version is not None, f"{code} {year} has no version"
    return version


def rows_of(version: SubmissionVersion) -> list[dict[str, str]]:
    """The stored figures written back as the rows of a 6.1 file."""
    rows = []
    for values in version.observations.order_by("source_row").values(*COLUMNS):
        row = {column: str(values[column]) for column in COLUMNS}
        row["value"] = "" if values["value"] is None else str(values["value"])
        rows.append(row)
    return rows


def previous(code: str, year: int) -> dict[tuple[str, ...], int]:
    settled = Submission.objects.filter(round__year=year - 1, country_id=code, status__in=SETTLED)
    if not settled.exists():
        return {}
    return {
        tuple(str(values[column]) for column in SERIES): values["value"]
        for values in latest(code, year - 1)
        .observations.filter(value__isnull=False)
        .values(*SERIES, "value")
    }


def value(code: str, year: int, **coordinates: str) -> int | None:
    observation = latest(code, year).observations.get(
        measure=coordinates.pop("measure", "VICTIMS"), **(OTHERS_TOTAL | coordinates)
    )
    return observation.value


def headline(code: str, year: int, status: str = "IDENTIFIED") -> StoredObservation:
    return latest(code, year).observations.get(
        measure="VICTIMS", **(OTHERS_TOTAL | {"status": status})
    )


def settled_versions() -> Iterable[tuple[str, int, SubmissionVersion]]:
    for submission in Submission.objects.filter(status__in=SETTLED).select_related("round"):
        version = submission.latest_version()
        assert version is not None
        yield submission.country_id, submission.round.year, version


def test_every_member_is_accepted_for_2018_to_2022_in_closed_rounds() -> None:
    for year in HISTORY:
        round_ = Round.objects.get(year=year)
        assert round_.status == RoundStatus.CLOSED
        statuses = dict(round_.submissions.values_list("country_id", "status"))
        assert sorted(statuses) == sorted(MEMBERS)
        assert set(statuses.values()) <= set(SETTLED), (year, statuses)
        for code in MEMBERS:
            assert latest(code, year).observations.exists()


def test_the_rounds_2018_to_2022_are_published_with_every_member() -> None:
    for year in HISTORY:
        publication = Publication.objects.filter(round__year=year).get()
        assert sorted(publication.countries) == sorted(MEMBERS)
        assert publication.observations.filter(country="NATC_SEE", measure="VICTIMS").exists()
        statuses = set(Submission.objects.filter(round__year=year).values_list("status", flat=True))
        assert statuses == {SubmissionStatus.PUBLISHED}


def test_last_years_round_is_open_with_serbia_and_albania_accepted() -> None:
    year = timezone.localdate().year - 1
    round_ = Round.objects.get(year=year)
    assert round_.status == RoundStatus.OPEN
    statuses = dict(round_.submissions.values_list("country_id", "status"))
    assert {code for code, status in statuses.items() if status in SETTLED} == {"RS", "AL"}
    assert {statuses[code] for code in MEMBERS if code not in {"RS", "AL"}} == {"draft"}


def test_every_stored_demo_submission_passes_validation_without_warnings() -> None:
    checked = 0
    for code, year, version in settled_versions():
        name = f"{code}-{year}"
        raw = [RawRow(name, line, row) for line, row in enumerate(rows_of(version), start=2)]
        report = validate(
            raw, shipped_codes(), previous=previous(code, year), country=code, year=year
        )
        assert not report.errors, f"{name}: {report.errors[0]}"
        assert not report.warnings, f"{name}: {report.warnings[0]}"
        checked += 1
    assert checked == len(MEMBERS) * len(HISTORY) + 2


def test_every_demo_submission_has_methodology_and_answers() -> None:
    for code, year, version in settled_versions():
        assert set(version.methodology) == set(KEYS)
        assert version.methodology["includes_presumed"] in {"yes", "no"}
        questions = set(version.submission.round.questions.values_list("pk", flat=True))
        answered = set(version.answers.values_list("question_id", flat=True))
        assert questions, f"the {year} round has no questions"
        assert answered == questions, (code, year)
        assert all(
            text.startswith("[Demo") for text in version.answers.values_list("text", flat=True)
        )


def test_the_2020_totals_are_those_of_the_non_paper() -> None:
    identified = {code: headline(code, 2020).value for code in MEMBERS}
    assert sum(v or 0 for v in identified.values()) == 1523
    assert (identified["RO"], identified["BG"], identified["MD"]) == (596, 457, 116)


def test_kosovo_reports_totals_only_in_2018_and_2019() -> None:
    for year in (2018, 2019):
        observations = latest("XK", year).observations.all()
        assert {obs.measure for obs in observations} == {
            "VICTIMS",
            "VICTIMS_ASSISTED",
            "SUSPECTS",
            "PROSECUTED",
            "CONVICTED",
        }
        for obs in observations:
            assert {getattr(obs, column) for column in BREAKDOWNS} <= {"TOTAL", "_Z"}
    assert latest("BA", 2019).observations.count() == 5
    # The first year with breakdowns is flagged as a break in series.
    assert headline("XK", 2020, "TOTAL").flag == "b"
    assert "2018 and 2019" in latest("XK", 2020).methodology["series_breaks"]


def test_partial_breakdowns() -> None:
    # North Macedonia: sex known, age not, up to 2020.
    observations = latest("MK", 2019).observations.filter(measure="VICTIMS")
    assert observations.filter(sex="F", age="TOTAL").exists()
    assert not observations.exclude(age="TOTAL").exists()
    assert latest("MK", 2021).observations.filter(measure="VICTIMS", age="CHILD").exists()
    # Bulgaria: the form of exploitation for identified victims only.
    by_form = (
        latest("BG", 2020).observations.filter(measure="VICTIMS").exclude(exploitation="TOTAL")
    )
    assert by_form.filter(status="IDENTIFIED", value__isnull=False).exists()
    assert by_form.filter(status="PRESUMED").exists()
    assert not by_form.filter(status="PRESUMED", value__isnull=False).exists()


def test_bosnia_2021_reports_two_sources_in_conflict() -> None:
    total = headline("BA", 2021, "TOTAL")
    assert total.flag == "d"
    assert "centres for social work recorded" in total.note
    methodology = latest("BA", 2021).methodology
    assert methodology["data_authority"].startswith("Two sources")
    assert "disagree" in methodology["remarks"]
    assert latest("BA", 2021).observations.filter(measure="VICTIMS_ASSISTED", flag="d").exists()


def test_montenegro_2020_is_one_large_operation_explained_in_a_note() -> None:
    before, spike, after = (headline("ME", year).value or 0 for year in (2019, 2020, 2021))
    assert spike > 3 * before
    assert spike > 3 * after
    note = headline("ME", 2020).note
    assert "One police operation" in note
    taiwan = value("ME", 2020, status="IDENTIFIED", citizenship="TW")
    assert taiwan == 37
    assert taiwan / spike > 0.7
    assert "single large operation" in headline("ME", 2021).note
    # Presumed victims of the operation are left out, as the methodology says.
    assert latest("ME", 2020).methodology["includes_presumed"] == "no"
    assert not latest("ME", 2020).observations.filter(status="PRESUMED").exists()


def test_moldova_2020_drop_is_explained_in_a_note() -> None:
    before, drop = headline("MD", 2019).value or 0, headline("MD", 2020).value or 0
    assert drop < before / 2
    note = headline("MD", 2020).note
    assert "COVID-19" in note
    abroad = drop - (value("MD", 2020, status="IDENTIFIED", exploitation_country="DOMESTIC") or 0)
    assert f"{abroad} of {drop} victims were exploited abroad" in note


def test_slovenia_2021_is_a_break_in_series() -> None:
    assert latest("SI", 2021).observations.filter(measure="VICTIMS").exclude(flag="b").count() == 0
    assert "NGOs" in latest("SI", 2021).methodology["series_breaks"]
    assert latest("SI", 2020).methodology["series_breaks"] == "None."


def test_members_without_presumed_victims_report_none() -> None:
    for code in MEMBERS:
        version = latest(code, 2021)
        presumed = version.observations.filter(status="PRESUMED").exists()
        assert presumed == (version.methodology["includes_presumed"] == "yes"), code


def nationals_exploited_in(origin: str, destination: str, year: int) -> int | None:
    """A's victims identified abroad and exploited in B, as A reports them."""
    return value(
        origin, year, status="IDENTIFIED", identified_in="ABROAD", exploitation_country=destination
    )


def citizens_of(origin: str, destination: str, year: int) -> int | None:
    """B's identified victims with A's citizenship, as B reports them."""
    return value(destination, year, status="IDENTIFIED", citizenship=origin)


def test_the_consistency_check_finds_agreements_and_two_gaps(users) -> None:  # type: ignore[no-untyped-def]
    comparisons = consistency_of(users["secretariat"], Round.objects.get(year=2020))
    outcomes = {(c.citizenship_country, c.identifying_country): c.outcome for c in comparisons}
    gaps = {pair for pair, outcome in outcomes.items() if outcome == Outcome.QUERY}
    assert gaps == {("MD", "RO"), ("BA", "SI")}
    agreeing = [("AL", "XK"), ("AL", "ME"), ("BA", "HR"), ("RS", "SI"), ("RO", "BG")]
    for origin, destination in agreeing:
        assert outcomes[(origin, destination)] == Outcome.CONSISTENT
        assert nationals_exploited_in(origin, destination, 2020) == citizens_of(
            origin, destination, 2020
        )
    # Slovenia counts victims identified by NGOs from 2021: the gap closes.
    later = consistency_of(users["secretariat"], Round.objects.get(year=2021))
    closed = next(
        c for c in later if (c.citizenship_country, c.identifying_country) == ("BA", "SI")
    )
    assert closed.outcome == Outcome.CONSISTENT


def test_returned_nationals_are_counted_twice() -> None:
    year = 2020
    # Serbia counts its nationals identified in Montenegro as identified abroad...
    assert latest("RS", year).methodology["returned_nationals_domestic"] == "yes"
    abroad = value("RS", year, status="IDENTIFIED", identified_in="ABROAD") or 0
    in_montenegro = nationals_exploited_in("RS", "ME", year) or 0
    assert abroad >= in_montenegro > 0
    # ...and Montenegro counts the same persons by their citizenship.
    assert citizens_of("RS", "ME", year) == in_montenegro


def test_the_demo_statistics_are_the_same_every_run() -> None:
    codes = shipped_codes()
    assert submission_rows(member_year("RO", 2019), codes) == submission_rows(
        member_year("RO", 2019), codes
    )
    # What is stored is what the generator gives, for every member and year.
    for code, year, version in settled_versions():
        expected = demo_report(code, year, previous=previous(code, year)).observations
        assert rows_of(version) == [obs.as_row() for obs in expected], (code, year)


def test_running_the_demo_again_changes_nothing() -> None:
    versions = SubmissionVersion.objects.count()
    observations = StoredObservation.objects.count()
    generate_demo()
    assert SubmissionVersion.objects.count() == versions
    assert StoredObservation.objects.count() == observations


def test_past_versions_are_dated_after_their_reference_year() -> None:
    version = latest("RS", 2019)
    assert version.uploaded_at.date() >= datetime.date(2020, 3, 1)
    assert version.uploaded_at.date() < datetime.date(2021, 1, 1)
