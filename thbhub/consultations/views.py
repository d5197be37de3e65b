"""The secretariat's pages of consultations, and the published results."""

from __future__ import annotations

import csv
import io
import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from thbhub.access.permissions import Perm
from thbhub.accounts.models import User
from thbhub.consultations import services
from thbhub.consultations.exports import export_summary
from thbhub.consultations.forms import (
    ConsultationForm,
    Delivery,
    InvitationForm,
    QuestionForm,
    ReviewForm,
    RevokeForm,
)
from thbhub.consultations.models import Answer, Consultation, Question, QuestionKind, Review
from thbhub.consultations.privacy import RESPONDENT_PREFIX
from thbhub.consultations.results import consultation_results
from thbhub.consultations.selectors import (
    access_consultation,
    can_manage,
    complete_languages,
    consultations_visible_to,
    free_texts_to_review,
    invitation_counts,
    respondent_count,
    state_of,
)
from thbhub.core.concurrency import EditConflictError
from thbhub.core.web import add_service_errors, permission_required


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]  # the permission gate guarantees it


@permission_required(Perm.CONSULTATIONS_VIEW)
def consultation_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    consultations = consultations_visible_to(user).annotate(
        respondents=Count("responses", distinct=True)
    )
    rows = [(c, state_of(c)) for c in consultations]
    return render(
        request,
        "consultations/consultation_list.html",
        {"rows": rows, "can_manage": can_manage(user)},
    )


def _consultation_data(form: ConsultationForm) -> services.ConsultationData:
    data = form.cleaned_data
    return services.ConsultationData(
        title=form.texts(data, "title"),
        purpose=form.texts(data, "purpose"),
        opens_on=data["opens_on"],
        closes_on=data["closes_on"],
        minimum_group_size=data["minimum_group_size"],
    )


@permission_required(Perm.CONSULTATIONS_MANAGE)
def consultation_new(request: HttpRequest) -> HttpResponse:
    form = ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.consultation_create(
                actor=_user(request), data=_consultation_data(form)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Consultation opened. Now add its questions."))
            return redirect("consultations:detail", pk=consultation.pk)
    return render(
        request, "consultations/consultation_form.html", {"form": form, "consultation": None}
    )


@permission_required(Perm.CONSULTATIONS_MANAGE)
def consultation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access_consultation(_user(request), pk, Perm.CONSULTATIONS_MANAGE)
    initial = {
        "opens_on": consultation.opens_on,
        "closes_on": consultation.closes_on,
        "minimum_group_size": consultation.minimum_group_size,
        "version": consultation.version,
    }
    for name in ("title", "purpose"):
        for code, text in getattr(consultation, name).items():
            initial[f"{name}_{code.replace('-', '_')}"] = text
    form = ConsultationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_update(
                actor=_user(request),
                consultation=consultation,
                expected_version=form.cleaned_data["version"] or 0,
                data=_consultation_data(form),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflictError as conflict:
            form.add_error(None, str(conflict))
        else:
            messages.success(request, _("Consultation saved."))
            return redirect("consultations:detail", pk=consultation.pk)
    return render(
        request,
        "consultations/consultation_form.html",
        {"form": form, "consultation": consultation},
    )


@permission_required(Perm.CONSULTATIONS_VIEW)
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    consultation = access_consultation(user, pk)
    manage = can_manage(user)
    context = {
        "consultation": consultation,
        "state": state_of(consultation),
        "can_manage": manage,
        "questions": consultation.questions.prefetch_related("options"),
        "respondents": respondent_count(consultation),
    }
    if manage:
        context.update(
            {
                "invitations": invitation_counts(consultation),
                "respondent_languages": complete_languages(consultation),
                "question_form": QuestionForm(),
                "waiting": Answer.objects.filter(
                    response__consultation=consultation, review=Review.PENDING
                ).count(),
            }
        )
    return render(request, "consultations/consultation_detail.html", context)


@permission_required(Perm.CONSULTATIONS_MANAGE)
def question_new(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access_consultation(_user(request), pk, Perm.CONSULTATIONS_MANAGE)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_add(
                actor=_user(request), consultation=consultation, data=form.question_data()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Question added."))
            return redirect("consultations:detail", pk=consultation.pk)
    return render(
        request, "consultations/question_form.html", {"form": form, "consultation": consultation}
    )


@require_POST
@permission_required(Perm.CONSULTATIONS_MANAGE)
def question_delete(request: HttpRequest, pk: int, question_id: int) -> HttpResponse:
    consultation = access_consultation(_user(request), pk, Perm.CONSULTATIONS_MANAGE)
    question = get_object_or_404(Question, pk=question_id, consultation=consultation)
    try:
        services.question_delete(actor=_user(request), question=question)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Question removed."))
    return redirect("consultations:detail", pk=consultation.pk)


def _no_store(response: HttpResponse) -> HttpResponse:
    """Links are shown once: no browser or proxy cache may keep a copy."""
    response["Cache-Control"] = "no-store"
    return response


@permission_required(Perm.CONSULTATIONS_MANAGE)
def invitations(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access_consultation(_user(request), pk, Perm.CONSULTATIONS_MANAGE)
    form = InvitationForm(request.POST or None)
    revoke_form = RevokeForm()
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.invitations_issue(
                actor=_user(request), consultation=consultation, count=form.cleaned_data["count"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            links = [
                (item.reference, request.build_absolute_uri(f"{RESPONDENT_PREFIX}{item.token}/"))
                for item in issued
            ]
            if form.cleaned_data["delivery"] == Delivery.CSV:
                return _no_store(_links_csv(consultation, links))
            return _no_store(
                render(
                    request,
                    "consultations/invitations_issued.html",
                    {"consultation": consultation, "links": links},
                )
            )
    return render(
        request,
        "consultations/invitations.html",
        {
            "consultation": consultation,
            "form": form,
            "revoke_form": revoke_form,
            "counts": invitation_counts(consultation),
        },
    )


def _links_csv(consultation: Consultation, links: list[tuple[int, str]]) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_("Number"), _("Link")])
    writer.writerows(links)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="consultation-{consultation.pk}-links.csv"'
    )
    return response


@require_POST
@permission_required(Perm.CONSULTATIONS_MANAGE)
def invitations_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access_consultation(_user(request), pk, Perm.CONSULTATIONS_MANAGE)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("references", [])))
        return redirect("consultations:invitations", pk=consultation.pk)
    try:
        revoked = services.invitations_revoke(
            actor=_user(request),
            consultation=consultation,
            references=form.cleaned_data["references"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d unused link withdrawn.", "%(count)d unused links withdrawn.", revoked
            )
            % {"count": revoked},
        )
    return redirect("consultations:invitations", pk=consultation.pk)


@permission_required(Perm.CONSULTATIONS_VIEW)
def results(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    consultation = access_consultation(user, pk)
    return render(
        request,
        "consultations/results.html",
        {
            "consultation": consultation,
            "results": consultation_results(consultation),
            "can_manage": can_manage(user),
            "text_kind": QuestionKind.TEXT,
            "scale_kind": QuestionKind.SCALE,
        },
    )


@permission_required(Perm.CONSULTATIONS_MANAGE)
def review(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    consultation = access_consultation(user, pk, Perm.CONSULTATIONS_MANAGE)
    answers = free_texts_to_review(user, consultation)
    return render(
        request,
        "consultations/review.html",
        {
            "consultation": consultation,
            "items": [(answer, ReviewForm(prefix=str(answer.pk))) for answer in answers],
        },
    )


@require_POST
@permission_required(Perm.CONSULTATIONS_MANAGE)
def review_answer(request: HttpRequest, pk: int, answer_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    consultation = access_consultation(user, pk, Perm.CONSULTATIONS_MANAGE)
    try:
        answer = Answer.objects.select_related("question").get(
            pk=answer_id, response__consultation=consultation
        )
    except (Answer.DoesNotExist, ValidationError, ValueError):
        messages.error(request, _("That answer is not part of this consultation."))
        return redirect("consultations:review", pk=consultation.pk)
    form = ReviewForm(request.POST, prefix=str(answer.pk))
    if not form.is_valid():
        messages.error(request, _("Choose a decision for the answer."))
        return redirect("consultations:review", pk=consultation.pk)
    try:
        services.answer_review(
            actor=user,
            answer=answer,
            decision=form.cleaned_data["decision"],
            shown_text=form.cleaned_data["shown_text"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Review saved."))
    return redirect("consultations:review", pk=consultation.pk)


@require_POST
@permission_required(Perm.CONSULTATIONS_MANAGE)
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access_consultation(_user(request), pk, Perm.CONSULTATIONS_MANAGE)
    try:
        services.consultation_publish(actor=_user(request), consultation=consultation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Results published for coordinators, rapporteurs and partners.")
        )
    return redirect(reverse("consultations:results", kwargs={"pk": consultation.pk}))


@permission_required(Perm.CONSULTATIONS_VIEW)
def summary_export(request: HttpRequest, pk: int, extension: str) -> HttpResponse:
    user = _user(request)
    consultation = access_consultation(user, pk)
    body = export_summary(user=user, consultation=consultation, file_format=extension)
    content_type = (
        "application/pdf"
        if extension == "pdf"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="consultation-{consultation.pk}-summary.{extension}"'
    )
    return response
