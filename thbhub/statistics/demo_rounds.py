"""The demo's questionnaire rounds, filled through the real services.

Every past round is opened, answered by every member's statistician,
accepted by the secretariat, closed and published, in year order, so that
each upload is checked against the year before exactly as a real one is.
Last year's round stays open with two members accepted and the others in
draft.

A demo submission that does not validate is a bug in the generator, never
a user's mistake: it stops the demo with the first error instead of
storing bad data.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.utils import timezone

from thbhub.accounts.models import User
from thbhub.statistics.change_explanations import CHANGE_RULE
from thbhub.statistics.demo_profiles import PROFILES
from thbhub.statistics.methodology import clean
from thbhub.statistics.models import Round, Submission, SubmissionVersion
from thbhub.statistics.publishing import round_publish
from thbhub.statistics.services import (
    previous_values,
    round_close,
    round_open,
    shipped_codes,
    submission_accept,
    submission_submit,
    submission_version_create,
)
from thbhub.statistics.standard import RawRow, SeriesKey, ValidationReport
from thbhub.statistics.synthetic import (
    MemberYear,
    answer_texts,
    change_note,
    member_year,
    methodology,
    submission_rows,
)
from thbhub.statistics.validation import validate

# The closed rounds: the years the network's documents describe. Later
# years up to last year would add seconds to every `thbhub demo` for little.
HISTORY = range(2018, 2023)
# Members whose submission to last year's round the secretariat has accepted.
OPEN_ROUND_ACCEPTED = ("RS", "AL")


def demo_statistics(*, members: Sequence[str], today: datetime.date) -> None:
    """Closed rounds for the HISTORY years, every member published, and last
    year's round open; a round that exists is left as it is, so running the
    demo again changes nothing."""
    secretariat = User.objects.get(username="secretariat")
    last_year = today.year - 1
    for year in HISTORY:
        if year >= last_year or Round.objects.filter(year=year).exists():
            continue
        closed = _round(secretariat, year, members, datetime.date(year + 1, 6, 30))
        for code in members:
            _accepted_submission(secretariat, closed, code)
        round_close(actor=secretariat, round=closed)
        round_publish(actor=secretariat, round=closed)
    if not Round.objects.filter(year=last_year).exists():
        opened = _round(secretariat, last_year, members, today + datetime.timedelta(days=60))
        for code in OPEN_ROUND_ACCEPTED:
            if code in members:
                _accepted_submission(secretariat, opened, code)


def _round(secretariat: User, year: int, members: Sequence[str], deadline: datetime.date) -> Round:
    opened = round_open(actor=secretariat, year=year, deadline=deadline, member_codes=list(members))
    # Dated as the round would have been, so its history reads right.
    opened_at = _moment(min(datetime.date(year + 1, 1, 15), timezone.localdate()))
    Round.objects.filter(pk=opened.pk).update(opened_at=opened_at)
    return opened


def _moment(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC)


def demo_report(
    code: str,
    year: int,
    *,
    previous: dict[SeriesKey, int] | None = None,
    change_threshold: float = 0.5,
) -> ValidationReport:
    """The checked report of the member's demo submission for ``year``.

    Like a statistician answering the year-on-year check, every figure it
    questions gets a note, and the file is checked again; anything still
    found is a generator bug and raises ValueError.
    """
    return _checked_report(member_year(code, year), previous, change_threshold)


def _checked_report(
    member: MemberYear, previous: dict[SeriesKey, int] | None, change_threshold: float
) -> ValidationReport:
    code, year = member.code, member.year
    rows = submission_rows(member, shipped_codes())
    name = f"{code.lower()}-{year}.csv"

    def check() -> ValidationReport:
        raw = [RawRow(name, line, row) for line, row in enumerate(rows, start=2)]
        return validate(
            raw,
            shipped_codes(),
            previous=previous,
            change_threshold=change_threshold,
            country=code,
            year=year,
        )

    report = check()
    questioned = {issue.row for issue in report.issues if issue.rule == CHANGE_RULE}
    if questioned - {issue.row for issue in report.infos}:
        before = previous or {}
        for observation in report.observations:
            if observation.source_row in questioned and not observation.note:
                row = rows[observation.source_row - 2]
                value = observation.value or 0
                row["note"] = change_note(member, before.get(observation.series_key), value)
        report = check()
    if report.errors or report.warnings:
        first = (report.errors or report.warnings)[0]
        msg = f"Demo submission {name} does not pass the checks: {first}"
        raise ValueError(msg)
    return report


def _accepted_submission(secretariat: User, round_: Round, code: str) -> None:
    statistician = User.objects.get(username=f"{code.lower()}.statistician")
    submission = Submission.objects.get(round=round_, country_id=code)
    year = round_.year
    member = member_year(code, year)
    report = _checked_report(member, previous_values(code, year), float(round_.change_threshold))
    metadata, problems = clean(methodology(member))
    if problems:
        msg = f"Demo methodology of {code} {year} is wrong: {problems}"
        raise ValueError(msg)
    questions = round_.questions.values_list("pk", "theme")
    result = submission_version_create(
        actor=statistician,
        submission=submission,
        report=report,
        source_name=f"{code.lower()}-{year}.csv",
        methodology=metadata,
        answers=answer_texts(member, questions),
    )
    if result.version is None:
        msg = f"Demo submission {code} {year} was not stored."
        raise ValueError(msg)
    submission_submit(actor=statistician, submission=submission)
    submission_accept(actor=secretariat, submission=submission)
    # Uploaded in spring after the reference year, one member a few days after another.
    offset = sorted(PROFILES).index(code) * 5
    day = min(datetime.date(year + 1, 3, 1) + datetime.timedelta(days=offset), timezone.localdate())
    SubmissionVersion.objects.filter(pk=result.version.pk).update(uploaded_at=_moment(day))
