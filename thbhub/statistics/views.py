"""Web pages of questionnaire rounds and national submissions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thbhub.access.permissions import Perm
from thbhub.access.policies import PermissionDenied, user_has
from thbhub.accounts.models import User
from thbhub.cases.statistics_from_cases import country_manages_cases
from thbhub.core.web import add_service_errors, forbidden, permission_required
from thbhub.statistics import services, workbook
from thbhub.statistics.forms import ReviewForm, RoundForm, UploadForm
from thbhub.statistics.models import SubmissionStatus
from thbhub.statistics.round_progress import round_progress
from thbhub.statistics.selectors import (
    SUBMISSION_POLICY,
    access_round,
    access_submission,
    access_version,
    observations_of,
    rounds_visible_to,
    version_changes,
    versions_of,
)
from thbhub.statistics.standard import ValidationReport
from thbhub.statistics.views_questionnaire import submission_overview, version_comparison
from thbhub.statistics.workbook import XLSX_CONTENT_TYPE


@permission_required(Perm.STATS_VIEW)
def round_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    return render(
        request,
        "statistics/round_list.html",
        {"rounds": rounds_visible_to(user), "can_manage": user_has(user, Perm.STATS_MANAGE)},
    )


@permission_required(Perm.STATS_MANAGE)
def round_new(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            opened = services.round_open(
                actor=user,
                year=data["year"],
                deadline=data["deadline"],
                member_codes=[country.code for country in data["members"]],
                change_threshold=(
                    None if data["change_threshold"] is None else data["change_threshold"] / 100
                ),
                reminder_days=data["reminder_days"],
            )
            messages.success(request, _("The round is open."))
            return redirect("statistics:round", year=opened.year)
        except ValidationError as error:
            add_service_errors(form, error)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "heading": _("Open a questionnaire round"),
            "back_url": reverse("statistics:rounds"),
            "back_label": _("Statistics"),
        },
    )


@permission_required(Perm.STATS_VIEW)
def round_detail(request: HttpRequest, year: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    shown = access_round(user, year)
    return render(
        request,
        "statistics/round_detail.html",
        {
            "round": shown,
            "progress": round_progress(user, shown),
            "can_manage": user_has(user, Perm.STATS_MANAGE),
        },
    )


@require_POST
@permission_required(Perm.STATS_MANAGE)
def round_close(request: HttpRequest, year: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    try:
        services.round_close(actor=user, round=access_round(user, year, perm=Perm.STATS_MANAGE))
        messages.success(request, _("The round is closed."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("statistics:round", year=year)


def _submission_page(
    request: HttpRequest,
    pk: int,
    *,
    form: UploadForm | None = None,
    report: ValidationReport | None = None,
) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    submission = access_submission(user, pk)
    can_submit = SUBMISSION_POLICY.check(user, Perm.STATS_SUBMIT, submission)
    editable = submission.status in services.UPLOADABLE
    context: dict[str, Any] = {
        "submission": submission,
        "versions": versions_of(user, submission),
        "can_upload": can_submit and editable,
        "can_download_template": can_submit,
        "can_compute_from_cases": can_submit
        and editable
        and country_manages_cases(user, submission.country_id),
        "can_manage": user_has(user, Perm.STATS_MANAGE),
        "is_submitted": submission.status == SubmissionStatus.SUBMITTED,
        "can_publish": submission.status == SubmissionStatus.ACCEPTED,
        "form": form or UploadForm(),
        "review_form": ReviewForm(),
        "report": report,
        **submission_overview(submission),
    }
    return render(request, "statistics/submission_detail.html", context)


@permission_required(Perm.STATS_VIEW)
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _submission_page(request, pk)


@require_POST
@permission_required(Perm.STATS_SUBMIT)
def submission_upload(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    submission = access_submission(user, pk, perm=Perm.STATS_SUBMIT)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _submission_page(request, pk, form=form)
    upload = form.cleaned_data["file"]
    try:
        result = services.submission_upload_file(
            actor=user,
            round=submission.round,
            country_id=submission.country_id,
            data=upload.read(),
            filename=upload.name,
        )
    except ValidationError as error:
        form.add_error(None, error.messages)
        return _submission_page(request, pk, form=form)
    except PermissionDenied as denied:
        return forbidden(request, denied)
    if result.version is None:
        return _submission_page(request, pk, form=form, report=result.report)
    messages.success(
        request,
        _("Version %(number)d is stored with %(rows)d rows and %(warnings)d warnings.")
        % {
            "number": result.version.number,
            "rows": len(result.report.observations),
            "warnings": len(result.report.warnings),
        },
    )
    return redirect("statistics:submission", pk=pk)


@permission_required(Perm.STATS_SUBMIT)
def submission_template(request: HttpRequest, pk: int) -> HttpResponse:
    """The questionnaire workbook of the submission, pre-filled with its latest version."""
    user: User = request.user  # type: ignore[assignment]
    submission = access_submission(user, pk, perm=Perm.STATS_SUBMIT)
    try:
        content, filename = workbook.submission_template(actor=user, submission=submission)
    except PermissionDenied as denied:
        return forbidden(request, denied)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
@permission_required(Perm.STATS_SUBMIT)
def submission_submit(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    submission = access_submission(user, pk, perm=Perm.STATS_SUBMIT)
    try:
        services.submission_submit(actor=user, submission=submission)
        messages.success(request, _("Submitted to the secretariat for review."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("statistics:submission", pk=pk)


@require_POST
@permission_required(Perm.STATS_MANAGE)
def submission_review(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    submission = access_submission(user, pk, perm=Perm.STATS_MANAGE)
    form = ReviewForm(request.POST)
    decision = form.cleaned_data["decision"] if form.is_valid() else request.POST.get("decision")
    try:
        if decision == "accept":
            services.submission_accept(actor=user, submission=submission)
            messages.success(request, _("The submission is accepted."))
        elif decision == "return":
            services.submission_return(
                actor=user, submission=submission, comment=request.POST.get("comment", "")
            )
            messages.success(request, _("The submission is returned to the member."))
        elif decision == "publish":
            # Publishing is per round, through disclosure control with a preview.
            return redirect("statistics:round_publish", year=submission.round.year)
        else:
            messages.error(request, _("Choose to accept, return or publish the submission."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("statistics:submission", pk=pk)


@permission_required(Perm.STATS_VIEW)
def version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    submission = access_submission(user, pk)
    version = access_version(user, submission, number)
    previous, changes = version_changes(version)
    return render(
        request,
        "statistics/version_detail.html",
        {
            "submission": submission,
            "version": version,
            "observations": observations_of(version),
            "previous": previous,
            "changes": changes,
            **version_comparison(request, submission, version),
        },
    )
