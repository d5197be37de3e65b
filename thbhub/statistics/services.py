"""Every change to rounds and submissions.

An upload is checked in full before anything is written: a file with any
error leaves the submission exactly as it was, and only the audit log
records the attempt.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thbhub.access.permissions import Perm
from thbhub.access.policies import PermissionDenied, country_in_reach, require
from thbhub.audit.models import Outcome
from thbhub.audit.services import audit_record
from thbhub.core.audit_context import current_origin
from thbhub.reference.models import Country
from thbhub.statistics.change_explanations import unexplained_changes_refusal
from thbhub.statistics.models import (
    Answer,
    Round,
    RoundStatus,
    StoredObservation,
    Submission,
    SubmissionStatus,
    SubmissionVersion,
)
from thbhub.statistics.questions import round_questions_seed, round_settings_clean
from thbhub.statistics.reading import MalformedFileError, read_csv_bytes
from thbhub.statistics.standard import (
    SERIES,
    CodeLists,
    Issue,
    RawRow,
    SeriesKey,
    Severity,
    ValidationReport,
)
from thbhub.statistics.validation import validate
from thbhub.statistics.workbook_reading import is_workbook, read_workbook

if TYPE_CHECKING:
    from thbhub.accounts.models import User

FIRST_YEAR = 2000
# Statuses whose figures count as the country's word for a year.
SETTLED = (SubmissionStatus.ACCEPTED, SubmissionStatus.PUBLISHED)
UPLOADABLE = (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)


@lru_cache(maxsize=1)
def shipped_codes() -> CodeLists:
    """The code lists shipped with THB Hub, read once per process."""
    return CodeLists.from_files()


@dataclass(frozen=True)
class UploadResult:
    """The validation report, and the new version when the file was valid."""

    report: ValidationReport
    version: SubmissionVersion | None


def round_open(
    *,
    actor: User,
    year: int,
    deadline: datetime.date,
    member_codes: list[str],
    change_threshold: Decimal | None = None,
    reminder_days: list[int] | None = None,
) -> Round:
    """Open a round; it starts with the questions of the round opened before
    it (the default questions for the first round). ``change_threshold`` is a
    share (0.5 = 50 %); None keeps the defaults of the model."""
    require(actor, Perm.STATS_MANAGE)
    chosen = round_settings_clean(change_threshold=change_threshold, reminder_days=reminder_days)
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= year < this_year:
        raise ValidationError(
            {
                "year": _("The reference year must be a past year between %(first)d and %(last)d.")
                % {"first": FIRST_YEAR, "last": this_year - 1}
            }
        )
    if Round.objects.filter(year=year).exists():
        raise ValidationError(
            {
                "year": _("A round for %(year)d exists already: open it from the list.")
                % {"year": year}
            }
        )
    members = list(Country.objects.filter(code__in=member_codes, network_member=True))
    unknown = sorted(set(member_codes) - {country.code for country in members})
    if unknown or not members:
        raise ValidationError(
            {
                "members": _("Choose members of the network to address; not members: %(codes)s.")
                % {"codes": ", ".join(unknown) or "—"}
            }
        )
    with transaction.atomic():
        opened = Round.objects.create(year=year, deadline=deadline, opened_by=actor, **chosen)
        opened.members.set(members)
        question_count = round_questions_seed(round=opened)
        Submission.objects.bulk_create(
            Submission(round=opened, country=country) for country in members
        )
        audit_record(
            actor=actor,
            action="statistics.round.open",
            obj=opened,
            detail={
                "year": year,
                "members": sorted(c.code for c in members),
                "questions": question_count,
                **{key: str(value) for key, value in chosen.items()},
            },
        )
    return opened


def round_close(*, actor: User, round: Round) -> Round:  # noqa: A002 — the domain's word
    require(actor, Perm.STATS_MANAGE)
    if round.status == RoundStatus.CLOSED:
        raise ValidationError(_("The round for %(year)d is closed already.") % {"year": round.year})
    with transaction.atomic():
        round.status = RoundStatus.CLOSED
        round.save(update_fields=["status"])
        audit_record(actor=actor, action="statistics.round.close", obj=round)
    return round


def _submission(actor: User, round: Round, country_id: str) -> Submission:  # noqa: A002
    require(actor, Perm.STATS_SUBMIT)
    if not country_in_reach(actor, Perm.STATS_SUBMIT, country_id):
        raise PermissionDenied(Perm.STATS_SUBMIT)
    submission = Submission.objects.filter(round=round, country_id=country_id).first()
    if submission is None:
        raise ValidationError(
            _("The round for %(year)d does not address %(country)s.")
            % {"year": round.year, "country": country_id}
        )
    return submission


def previous_values(country_id: str, year: int) -> dict[SeriesKey, int]:
    """The country's accepted figures for the year before, for the change check."""
    settled = (
        Submission.objects.filter(round__year=year - 1, country_id=country_id, status__in=SETTLED)
        .values_list("pk", flat=True)
        .first()
    )
    if settled is None:
        return {}
    latest = SubmissionVersion.objects.filter(submission_id=settled).order_by("-number").first()
    if latest is None:
        return {}
    return {
        tuple(str(row[column]) for column in SERIES): row["value"]
        for row in latest.observations.filter(value__isnull=False).values(*SERIES, "value")
    }


def _read(data: bytes | Path, filename: str) -> ValidationReport | list[RawRow]:
    try:
        raw = data.read_bytes() if isinstance(data, Path) else data
        return list(read_csv_bytes(raw, filename))
    except OSError as error:
        message = _("the file cannot be opened (%(reason)s).") % {"reason": error.strerror}
        return ValidationReport(
            issues=[Issue(Severity.ERROR, filename, 0, "", "", message, "file")]
        )
    except MalformedFileError as error:
        issue = Issue(
            Severity.ERROR, error.name, error.row, error.column, "", error.message, "file"
        )
        return ValidationReport(issues=[issue])


def submission_uploadable(
    *,
    actor: User,
    round: Round,  # noqa: A002
    country_id: str,
) -> Submission:
    """The submission a new version may be given, or a ValidationError saying why not."""
    submission = _submission(actor, round, country_id.upper())
    if round.status != RoundStatus.OPEN:
        raise ValidationError(
            _("The round for %(year)d is closed: ask the secretariat to reopen it.")
            % {"year": round.year}
        )
    if submission.status not in UPLOADABLE:
        raise ValidationError(
            _(
                "The submission is %(status)s: a new file can be uploaded only to a draft or a "
                "returned submission."
            )
            % {"status": submission.get_status_display().lower()}
        )
    return submission


def submission_upload_csv(
    *,
    actor: User,
    round: Round,  # noqa: A002
    country_id: str,
    data: bytes | Path,
    filename: str,
) -> UploadResult:
    """Check a 6.1 CSV file and, only if it has no error, store it as a new version.

    The methodology and the answers to the round's questions are not part of
    the CSV standard: the new version keeps those of the version before. The
    same as ``submission_upload_file``, which also takes the xlsx template.
    """
    return submission_upload_file(
        actor=actor, round=round, country_id=country_id, data=data, filename=filename
    )


def submission_upload_file(
    *,
    actor: User,
    round: Round,  # noqa: A002
    country_id: str,
    data: bytes | Path,
    filename: str,
) -> UploadResult:
    """Check an upload, a 6.1 CSV file or the questionnaire workbook (.xlsx,
    told by its content or name), and store it as a new version only if it
    has no error.

    A CSV file holds figures only, so the version keeps the methodology and
    answers of the version before; a workbook holds all three.
    """
    country_id = country_id.upper()
    submission = submission_uploadable(actor=actor, round=round, country_id=country_id)
    methodology: dict[str, str] | None = None
    answers: dict[int, str] | None = None
    raw = _read_bytes(data, filename)
    if isinstance(raw, ValidationReport):
        report = raw
    elif is_workbook(raw, filename):
        content = read_workbook(
            raw,
            filename,
            country=country_id,
            year=round.year,
            question_ids=list(round.questions.order_by("number").values_list("pk", flat=True)),
        )
        checked = _validate(content.rows, round, country_id)
        report = ValidationReport(
            issues=[*content.issues, *checked.issues], observations=checked.observations
        )
        methodology, answers = content.methodology, content.answers
    else:
        rows = _read(raw, filename)
        report = rows if isinstance(rows, ValidationReport) else _validate(rows, round, country_id)
    return submission_version_create(
        actor=actor,
        submission=submission,
        report=report,
        source_name=filename,
        methodology=methodology,
        answers=answers,
    )


def _read_bytes(data: bytes | Path, filename: str) -> bytes | ValidationReport:
    if not isinstance(data, Path):
        return data
    try:
        return data.read_bytes()
    except OSError as error:
        message = _("the file cannot be opened (%(reason)s).") % {"reason": error.strerror}
        return ValidationReport(
            issues=[Issue(Severity.ERROR, filename, 0, "", "", message, "file")]
        )


def _validate(rows: list[RawRow], round: Round, country_id: str) -> ValidationReport:  # noqa: A002
    """The one check of every way in, against the country's figures of the year before."""
    return validate(
        rows,
        shipped_codes(),
        previous=previous_values(country_id, round.year),
        change_threshold=float(round.change_threshold),
        country=country_id,
        year=round.year,
    )


def submission_version_create(
    *,
    actor: User,
    submission: Submission,
    report: ValidationReport,
    source_name: str,
    methodology: dict[str, str] | None = None,
    answers: dict[int, str] | None = None,
) -> UploadResult:
    """Store a checked report as the submission's next version, if it has no error.

    ``methodology`` and ``answers`` (keyed by question id) replace those of
    the latest version; None keeps them. A report with errors stores nothing
    and is only recorded in the audit log.
    """
    detail = {
        "year": submission.round.year,
        "errors": len(report.errors),
        "warnings": len(report.warnings),
        "rows": len(report.observations),
    }
    if not report.ok:
        audit_record(
            actor=actor,
            action="statistics.submission.upload",
            outcome=Outcome.FAILED,
            obj=submission,
            detail=detail,
        )
        return UploadResult(report=report, version=None)
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        previous = locked.versions.order_by("-number").first()
        number = (previous.number if previous else 0) + 1
        if methodology is None:
            methodology = dict(previous.methodology) if previous else {}
        if answers is None:
            answers = dict(previous.answers.values_list("question_id", "text")) if previous else {}
        version = SubmissionVersion.objects.create(
            submission=locked,
            number=number,
            uploaded_by=actor,
            source_name=source_name[:255],
            interface=current_origin().interface,
            codelist_version=shipped_codes().version,
            error_count=0,
            warning_count=len(report.warnings),
            issues=[issue.as_dict() for issue in report.issues],
            methodology=methodology,
        )
        StoredObservation.objects.bulk_create(
            (
                StoredObservation(
                    version=version,
                    country=obs.country,
                    year=obs.year,
                    measure=obs.measure,
                    status=obs.status,
                    sex=obs.sex,
                    age=obs.age,
                    citizenship=obs.citizenship,
                    exploitation=obs.exploitation,
                    exploitation_country=obs.exploitation_country,
                    identified_in=obs.identified_in,
                    service=obs.service,
                    value=obs.value,
                    flag=obs.flag,
                    note=obs.note,
                    source_row=obs.source_row,
                    source_sheet=obs.source_sheet[:255],
                )
                for obs in report.observations
            ),
            batch_size=500,
        )
        questions = set(locked.round.questions.values_list("pk", flat=True))
        Answer.objects.bulk_create(
            Answer(version=version, question_id=question_id, text=text)
            for question_id, text in answers.items()
            if question_id in questions and text.strip()
        )
        audit_record(
            actor=actor,
            action="statistics.submission.upload",
            obj=locked,
            detail={**detail, "version": number},
        )
    return UploadResult(report=report, version=version)


def _move(
    *,
    actor: User,
    submission: Submission,
    allowed_from: tuple[SubmissionStatus, ...],
    to: SubmissionStatus,
    refusal: str,
    comment: str = "",
) -> Submission:
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if locked.status not in allowed_from:
            raise ValidationError(refusal % {"status": locked.get_status_display().lower()})
        before = locked.status
        locked.status = to
        locked.comment = comment
        locked.save(update_fields=["status", "comment", "updated_at"])
        audit_record(
            actor=actor,
            action=f"statistics.submission.{to}",
            obj=locked,
            detail={"from": before, "to": str(to)},
        )
    submission.refresh_from_db()
    return submission


def submission_submit(*, actor: User, submission: Submission) -> Submission:
    """Hand the latest version to the secretariat for review."""
    _submission(actor, submission.round, submission.country_id)
    latest = submission.latest_version()
    if latest is None:
        raise ValidationError(_("Upload a file without errors before submitting."))
    if not latest.observations.exists():
        raise ValidationError(
            _(
                "Version %(number)d holds no figures: fill in at least one table or upload a "
                "file without errors before submitting."
            )
            % {"number": latest.number}
        )
    unexplained = unexplained_changes_refusal(latest)
    if unexplained:
        raise ValidationError(unexplained)
    return _move(
        actor=actor,
        submission=submission,
        allowed_from=UPLOADABLE,
        to=SubmissionStatus.SUBMITTED,
        refusal=_("The submission is %(status)s: only a draft or a returned one can be submitted."),
    )


def submission_return(*, actor: User, submission: Submission, comment: str) -> Submission:
    require(actor, Perm.STATS_MANAGE)
    if not comment.strip():
        raise ValidationError(
            {"comment": _("Say what to correct, so the member knows what to change.")}
        )
    return _move(
        actor=actor,
        submission=submission,
        allowed_from=(SubmissionStatus.SUBMITTED,),
        to=SubmissionStatus.RETURNED,
        refusal=_("The submission is %(status)s: only a submitted one can be returned."),
        comment=comment.strip(),
    )


def submission_accept(*, actor: User, submission: Submission) -> Submission:
    require(actor, Perm.STATS_MANAGE)
    return _move(
        actor=actor,
        submission=submission,
        allowed_from=(SubmissionStatus.SUBMITTED,),
        to=SubmissionStatus.ACCEPTED,
        refusal=_("The submission is %(status)s: only a submitted one can be accepted."),
    )


def submission_publish(*, actor: User, submission: Submission) -> Submission:
    require(actor, Perm.STATS_MANAGE)
    return _move(
        actor=actor,
        submission=submission,
        allowed_from=(SubmissionStatus.ACCEPTED,),
        to=SubmissionStatus.PUBLISHED,
        refusal=_("The submission is %(status)s: only an accepted one can be published."),
    )
