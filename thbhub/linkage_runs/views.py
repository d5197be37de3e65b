"""Web pages of linkage at the hub."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thbhub.access.permissions import Perm
from thbhub.access.policies import user_has
from thbhub.accounts.models import User
from thbhub.core.concurrency import EditConflictError
from thbhub.core.web import add_service_errors, permission_required
from thbhub.linkage_runs import services
from thbhub.linkage_runs.forms import RecordForm, ReviewForm, RunForm, UploadForm
from thbhub.linkage_runs.models import LinkageRun, RunStatus
from thbhub.linkage_runs.results import after_review, by_year, overlap_matrix
from thbhub.linkage_runs.selectors import (
    access_pair,
    access_run,
    comparability_warnings,
    latest_uploads_visible_to,
    pair_view,
    pairs_visible_to,
    record_pairs_read,
    review_counts,
    run_pair_facts,
    runs_visible_to,
    sees_whole_run,
    uploads_visible_to,
)
from thbhub.reference.models import Country

PAGE_SIZE = 50


@permission_required(Perm.LINKAGE_VIEW)
def index(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    page = Paginator(runs_visible_to(user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "linkage_runs/index.html",
        {
            "page": page,
            "can_upload": user_has(user, Perm.LINKAGE_UPLOAD),
            "can_run": user_has(user, Perm.LINKAGE_RUN),
        },
    )


@permission_required(Perm.LINKAGE_UPLOAD)
def uploads(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            upload = services.encodings_upload(
                actor=user, data=upload_file.read(), filename=upload_file.name
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(records)d records of %(country)s stored (key %(key)s).")
                % {"records": upload.records, "country": upload.country_id, "key": upload.key_id},
            )
            for warning in comparability_warnings(upload):
                messages.warning(request, warning)
            return redirect("linkage:uploads")
    status = 400 if request.method == "POST" else 200
    page = Paginator(uploads_visible_to(user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "linkage_runs/uploads.html", {"form": form, "page": page}, status=status)


@permission_required(Perm.LINKAGE_RUN)
def run_new(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    latest = latest_uploads_visible_to(user)
    names = dict(Country.objects.filter(code__in=latest).values_list("code", "name"))
    choices = [
        (
            code,
            _("%(name)s (%(code)s): %(records)d records, uploaded %(date)s, key %(key)s")
            % {
                "name": names.get(code, code),
                "code": code,
                "records": upload.records,
                "date": f"{upload.uploaded_at:%Y-%m-%d}",
                "key": upload.key_id,
            },
        )
        for code, upload in sorted(latest.items())
    ]
    form = RunForm(request.POST or None, countries=choices, engines=services.engines_available())
    if request.method == "POST" and form.is_valid():
        try:
            run = services.linkage_run_start(
                actor=user,
                countries=form.cleaned_data["countries"],
                threshold=form.cleaned_data["threshold"],
                engine=form.cleaned_data["engine"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("linkage:run", pk=run.pk)
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "heading": _("Start a linkage run"),
        "back_url": reverse("linkage:index"),
        "back_label": _("Linkage"),
    }
    return render(request, "linkage_runs/run_new.html", context, status=status)


@permission_required(Perm.LINKAGE_VIEW)
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    run = access_run(user, pk)
    context: dict[str, object] = {"run": run, "whole": sees_whole_run(user)}
    if run.status == RunStatus.SUCCEEDED and sees_whole_run(user):
        context.update(_whole_run(user, run))
    if run.status == RunStatus.SUCCEEDED and user_has(user, Perm.LINKAGE_PAIRS):
        pairs = pairs_visible_to(user, run)
        page = Paginator(pairs, PAGE_SIZE).get_page(request.GET.get("page"))
        shown = [pair_view(user, pair) for pair in page]
        record_pairs_read(user, run, len(shown))
        context.update(
            {
                "page": page,
                "pairs": shown,
                "can_review": user_has(user, Perm.LINKAGE_REVIEW),
                "decisions": ReviewForm.base_fields["decision"].choices,  # type: ignore[attr-defined]
            }
        )
    return render(request, "linkage_runs/run_detail.html", context)


def _whole_run(user: User, run: LinkageRun) -> dict[str, object]:
    facts = run_pair_facts(user, run)
    years: dict[str, int] = {}
    for upload in run.uploads.all():
        for year, count in upload.years.items():
            years[year] = years.get(year, 0) + count
    counted = after_review(
        total=run.total,
        pairs=facts,
        threshold=float(run.threshold),
        margin=float(run.uncertain_margin),
        low_before=run.deduplicated_low,
        deduplicated_before=run.deduplicated,
    )
    return {
        "matrix": overlap_matrix(run.countries, run.overlap),
        "reviewed": counted,
        "review_counts": review_counts(run),
        "years": by_year(years, facts),
        "record_form": RecordForm(initial={"year": max((y for y in years if y), default="")}),
        "recorded": run.recorded.order_by("-recorded_at"),
    }


@require_POST
@permission_required(Perm.LINKAGE_REVIEW)
def pair_review(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    pair = access_pair(user, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision for the pair and keep the comment short."))
        return redirect("linkage:run", pk=pair.run_id)
    try:
        services.pair_review(
            actor=user,
            pair=pair,
            decision=form.cleaned_data["decision"],
            comment=form.cleaned_data["comment"],
            expected_version=form.cleaned_data["version"] or 0,
        )
    except EditConflictError:
        messages.error(
            request,
            _("Someone in your country reviewed pair %(number)d meanwhile; see their decision.")
            % {"number": pair.number},
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Pair %(number)d reviewed.") % {"number": pair.number})
    return redirect(f"{_run_url(pair.run_id)}#pair-{pair.number}")


def _run_url(pk: int) -> str:
    return reverse("linkage:run", kwargs={"pk": pk})


@require_POST
@permission_required(Perm.LINKAGE_RUN)
def run_record(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    run = access_run(user, pk)
    form = RecordForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reference year as four digits, e.g. 2024."))
        return redirect("linkage:run", pk=run.pk)
    try:
        services.linkage_run_record(actor=user, run=run, year=form.cleaned_data["year"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Recorded as the linkage result of %(year)d; the de-duplicated victims use it.")
            % {"year": form.cleaned_data["year"]},
        )
    return redirect("linkage:run", pk=run.pk)
