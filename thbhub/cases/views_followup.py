"""Web pages of long-term assistance, proceedings, retention and what is due."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thbhub.access.permissions import Perm
from thbhub.accounts.models import User
from thbhub.cases import longterm, proceedings, retention
from thbhub.cases.forms_followup import (
    ErasureForm,
    InclusionForm,
    LegalHoldForm,
    PermitForm,
    ProceedingForm,
    ReviewForm,
)
from thbhub.cases.selectors import CASE_POLICY, access_case, tasks_due_now
from thbhub.cases.views import _action, _form_page
from thbhub.core.concurrency import EditConflictError
from thbhub.core.web import add_service_errors, permission_required

DUE_PAGE_SIZE = 50


@permission_required(Perm.CASES_VIEW)
def case_due(request: HttpRequest) -> HttpResponse:
    """The tasks due for the user's cases, overdue first."""
    user: User = request.user  # type: ignore[assignment]
    page = Paginator(tasks_due_now(user), DUE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cases/case_due.html", {"page": page, "today": timezone.localdate()})


@permission_required(Perm.CASES_EDIT)
def case_permit(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        form_class=PermitForm,
        versioned=False,
        heading=_("Residence permit"),
        done=_("The residence permit is recorded."),
        call=lambda user, case, data: longterm.case_permit_record(
            actor=user,
            case=case,
            kind=data["kind"],
            valid_from=data["valid_from"],
            valid_until=data["valid_until"],
        ),
    )


@permission_required(Perm.CASES_EDIT)
def case_inclusion(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        form_class=InclusionForm,
        country_form=True,
        versioned=False,
        heading=_("Education, work or housing"),
        done=_("The measure is recorded."),
        call=lambda user, case, data: longterm.case_inclusion_record(
            actor=user,
            case=case,
            area=data["area"],
            kind=data["kind"],
            started_on=data["started_on"],
            ended_on=data["ended_on"],
            provider_id=data["provider"].pk if data["provider"] else None,
            notes=data["notes"],
        ),
    )


@require_POST
@permission_required(Perm.CASES_EDIT)
def case_inclusion_end(request: HttpRequest, pk: int, measure_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = access_case(user, pk, Perm.CASES_EDIT)
    try:
        longterm.case_inclusion_end(
            actor=user, case=case, measure_id=measure_id, ended_on=timezone.localdate()
        )
        messages.success(request, _("The measure ended today."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("cases:detail", pk=case.pk)


@permission_required(Perm.CASES_EDIT)
def case_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        form_class=ReviewForm,
        versioned=False,
        heading=_("Review of the case"),
        done=_("The review is recorded; the next one is on the task list."),
        call=lambda user, case, data: longterm.case_review_record(
            actor=user,
            case=case,
            reviewed_on=data["reviewed_on"],
            outcome=data["outcome"],
            notes=data["notes"],
            next_review_on=data["next_review_on"],
        ),
    )


def proceeding_data(data: dict[str, object]) -> proceedings.ProceedingData:
    authority = data["authority"]
    values = {name: data[name] for name in proceedings.PROCEEDING_FIELDS}
    values["protection_measures"] = list(data["protection_measures"])  # type: ignore[call-overload]
    values["notes"] = data["notes"] or ""
    values["file_reference"] = data["file_reference"] or ""
    return proceedings.ProceedingData(
        authority_id=authority.pk if authority is not None else None,  # type: ignore[attr-defined]
        **values,  # type: ignore[arg-type]
    )


@permission_required(Perm.CASES_EDIT)
def case_proceeding_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        form_class=ProceedingForm,
        country_form=True,
        versioned=False,
        heading=_("Criminal or civil proceedings"),
        done=_("The proceedings are recorded."),
        call=lambda user, case, data: proceedings.case_proceeding_record(
            actor=user, case=case, data=proceeding_data(data)
        ),
    )


@permission_required(Perm.CASES_EDIT)
def case_proceeding_edit(request: HttpRequest, pk: int, proceeding_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = access_case(user, pk, Perm.CASES_EDIT)
    found = case.proceedings.filter(pk=proceeding_id).first()
    if found is None:
        messages.error(request, _("These proceedings are not of this case."))
        return redirect("cases:detail", pk=case.pk)
    initial = {name: getattr(found, name) for name in proceedings.PROCEEDING_FIELDS}
    initial.update(authority=found.authority_id, version=found.version)
    form = ProceedingForm(request.POST or None, initial=initial, country_id=case.country_id)
    if request.method == "POST" and form.is_valid():
        try:
            proceedings.case_proceeding_update(
                actor=user,
                case=case,
                proceeding_id=found.pk,
                data=proceeding_data(form.cleaned_data),
                expected_version=form.cleaned_data["version"] or 0,
            )
            messages.success(request, _("The proceedings are saved."))
            return redirect("cases:detail", pk=case.pk)
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflictError as conflict:
            form.add_error(None, str(conflict))
    return _form_page(request, form, _("Proceedings — %(number)s") % {"number": case.number}, case)


@permission_required(Perm.CASES_RETENTION)
def case_legal_hold(request: HttpRequest, pk: int) -> HttpResponse:
    """Place the case on legal hold, or lift the hold in force."""
    user: User = request.user  # type: ignore[assignment]
    case = CASE_POLICY.get(user, Perm.CASES_RETENTION, pk)
    held = retention.hold_in_force(case)
    form = LegalHoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if held is None:
                retention.legal_hold_set(actor=user, case=case, reason=form.cleaned_data["reason"])
                messages.success(request, _("The case is on legal hold."))
            else:
                retention.legal_hold_lift(actor=user, case=case, reason=form.cleaned_data["reason"])
                messages.success(request, _("The legal hold is lifted."))
            return redirect("cases:detail", pk=case.pk)
        except ValidationError as error:
            add_service_errors(form, error)
    heading = _("Lift the legal hold") if held else _("Place on legal hold")
    return _form_page(request, form, f"{heading} — {case.number}", case)


@permission_required(Perm.CASES_RETENTION)
def case_erase(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = CASE_POLICY.get(user, Perm.CASES_RETENTION, pk)
    form = ErasureForm(request.POST or None, initial={"requested_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            retention.case_erase(
                actor=user,
                case=case,
                legal_basis=form.cleaned_data["legal_basis"],
                requested_on=form.cleaned_data["requested_on"],
                request_reference=form.cleaned_data["request_reference"],
            )
            messages.success(request, _("The person's data is erased from the case."))
            return redirect("cases:detail", pk=case.pk)
        except ValidationError as error:
            add_service_errors(form, error)
    return _form_page(
        request, form, _("Erase on a lawful request — %(number)s") % {"number": case.number}, case
    )
