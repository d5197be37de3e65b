"""Web pages of the recommendations tracker."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thbhub.access.permissions import Perm
from thbhub.access.policies import user_has
from thbhub.accounts.models import User
from thbhub.core.web import add_service_errors, permission_required
from thbhub.recommendations import services
from thbhub.recommendations.exports import write_export
from thbhub.recommendations.forms import (
    CommentForm,
    ReviewOpenForm,
    StatusForm,
    TrackerFilterForm,
)
from thbhub.recommendations.models import Review
from thbhub.recommendations.progress import country_label, progress_report
from thbhub.recommendations.report_pdf import build_progress_pdf
from thbhub.recommendations.selectors import (
    TrackerFilters,
    access_recommendation,
    access_review,
    assessable_countries,
    commentable_countries,
    comments_for,
    country_choices_for,
    documents_visible_to,
    history_for,
    open_review,
    reviews_visible_to,
    tracker_rows,
)


def _filters(request: HttpRequest, user: User) -> tuple[TrackerFilterForm, TrackerFilters]:
    form = TrackerFilterForm(
        request.GET or None,
        countries=country_choices_for(user),
        documents=documents_visible_to(user),
    )
    if form.is_valid():
        data = form.cleaned_data
        return form, TrackerFilters(
            country=data["country"].code if data.get("country") else "",
            theme=data.get("theme") or "",
            status=data.get("status") or "",
            source=data["source"].key if data.get("source") else "",
            query=data.get("query") or "",
        )
    return form, TrackerFilters()


@permission_required(Perm.RECOMMENDATIONS_VIEW)
def tracker(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form, filters = _filters(request, user)
    rows = tracker_rows(user, filters)
    return render(
        request,
        "recommendations/tracker.html",
        {
            "form": form,
            "rows": rows,
            "review": open_review(),
            "query_string": request.GET.urlencode(),
            "can_manage": user_has(user, Perm.RECOMMENDATIONS_MANAGE),
            "names_kosovo": any(row.country and row.country.code == "XK" for row in rows),
        },
    )


@permission_required(Perm.RECOMMENDATIONS_VIEW)
def tracker_export(request: HttpRequest, fmt: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    _form, filters = _filters(request, user)
    body, content_type = write_export(tracker_rows(user, filters), fmt)
    response = HttpResponse(body, content_type=content_type)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="recommendations-{stamp}.{fmt}"'
    return response


@permission_required(Perm.RECOMMENDATIONS_VIEW)
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    recommendation = access_recommendation(user, pk)
    review = open_review()
    assess = assessable_countries(user, recommendation) if review else []
    comment = commentable_countries(user, recommendation) if review else []
    rows = [row for row in tracker_rows(user) if row.recommendation.pk == recommendation.pk]
    return render(
        request,
        "recommendations/detail.html",
        {
            "recommendation": recommendation,
            "rows": [(country_label(row.country), row) for row in rows],
            "history": history_for(user, recommendation),
            "comments": comments_for(user, recommendation),
            "review": review,
            "status_form": StatusForm(countries=assess) if assess else None,
            "comment_form": CommentForm(countries=comment) if comment else None,
            "names_kosovo": any(row.country and row.country.code == "XK" for row in rows),
        },
    )


def _form_page(heading: str, back_url: str) -> dict[str, str]:
    return {"heading": heading, "back_url": back_url, "back_label": _("Back to the recommendation")}


@permission_required(Perm.RECOMMENDATIONS_ASSESS)
def status_new(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    recommendation = access_recommendation(user, pk, perm=Perm.RECOMMENDATIONS_ASSESS)
    back = reverse("recommendations:detail", args=[recommendation.pk])
    form = StatusForm(request.POST or None, countries=assessable_countries(user, recommendation))
    if request.method == "POST" and form.is_valid():
        try:
            services.status_record(
                actor=user,
                recommendation_id=recommendation.pk,
                status=form.cleaned_data["status"],
                evidence=form.cleaned_data["evidence"],
                country_code=form.cleaned_data.get("country") or "",
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The status is recorded."))
            return redirect(back)
    context = {"form": form, **_form_page(_("Report the status"), back)}
    return render(request, "form_page.html", context)


@permission_required(Perm.RECOMMENDATIONS_COMMENT)
def comment_new(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    recommendation = access_recommendation(user, pk, perm=Perm.RECOMMENDATIONS_COMMENT)
    back = reverse("recommendations:detail", args=[recommendation.pk])
    form = CommentForm(request.POST or None, countries=commentable_countries(user, recommendation))
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_add(
                actor=user,
                recommendation_id=recommendation.pk,
                text=form.cleaned_data["text"],
                country_code=form.cleaned_data.get("country") or "",
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The comment is saved."))
            return redirect(back)
    context = {"form": form, **_form_page(_("Comment on the progress"), back)}
    return render(request, "form_page.html", context)


@permission_required(Perm.RECOMMENDATIONS_VIEW)
def review_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    return render(
        request,
        "recommendations/reviews.html",
        {
            "reviews": reviews_visible_to(user),
            "can_manage": user_has(user, Perm.RECOMMENDATIONS_MANAGE),
            "review": open_review(),
        },
    )


@permission_required(Perm.RECOMMENDATIONS_MANAGE)
def review_new(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = ReviewOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_open(
                actor=user,
                title=form.cleaned_data["title"],
                deadline=form.cleaned_data["deadline"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The review is open: countries can now report their progress.")
            )
            return redirect("recommendations:reviews")
    context = {
        "form": form,
        "heading": _("Open a review"),
        "back_url": reverse("recommendations:reviews"),
        "back_label": _("Reviews"),
    }
    return render(request, "form_page.html", context)


@require_POST
@permission_required(Perm.RECOMMENDATIONS_MANAGE)
def review_close(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    try:
        services.review_close(actor=user, review_id=pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The review is closed."))
    return redirect("recommendations:reviews")


def _report_review(request: HttpRequest, user: User) -> Review | None:
    """The review asked for by ?review=, else the latest one."""
    wanted = request.GET.get("review")
    if wanted:
        return access_review(user, wanted)
    return reviews_visible_to(user).order_by("-opened_at").first()


@permission_required(Perm.RECOMMENDATIONS_VIEW)
def report(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    review = _report_review(request, user)
    return render(
        request,
        "recommendations/report.html",
        {
            "report": progress_report(user, review),
            "reviews": reviews_visible_to(user),
        },
    )


@permission_required(Perm.RECOMMENDATIONS_VIEW)
def report_pdf(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    review = _report_review(request, user)
    body = build_progress_pdf(progress_report(user, review))
    response = HttpResponse(body, content_type="application/pdf")
    name = f"recommendations-progress-{review.pk if review else 'current'}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
