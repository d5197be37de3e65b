"""Web pages of victims' cases."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thbhub.access.permissions import Perm
from thbhub.access.policies import PermissionDenied, user_has
from thbhub.accounts.models import User
from thbhub.cases import care, services
from thbhub.cases.codes import CaseStatus, Exploitation, Sex
from thbhub.cases.forms import (
    BestInterestsForm,
    CaseFilterForm,
    CaseForm,
    CaseRulesForm,
    CloseForm,
    ConsentForm,
    FamilyContactForm,
    GuardianForm,
    IdentifiersForm,
    IdentifyForm,
    PlanForm,
    ReflectionForm,
    ServiceForm,
    routes_text,
)
from thbhub.cases.models import Case, CaseErasure
from thbhub.cases.retention import hold_in_force
from thbhub.cases.selectors import (
    CASE_POLICY,
    CaseFilters,
    access_case,
    can_read_identifiers,
    case_counts,
    cases_visible_to,
    identifiers_of,
    settings_for,
    tasks_due_for,
)
from thbhub.core.concurrency import EditConflictError
from thbhub.core.paging import LIST_CAP, CappedPaginator
from thbhub.core.web import add_service_errors, forbidden, permission_required

# 25 rows: rendering a row costs about a millisecond, and a page of 50 took
# half the time of a request on the 2-core reference machine.
PAGE_SIZE = 25
# Counted and reachable rows of the list; beyond them filters and search
# narrow it down (see thbhub.core.paging).
CASE_LIST_CAP = LIST_CAP


def _filters(form: CaseFilterForm) -> CaseFilters:
    if not form.is_valid():
        return CaseFilters(open=True)
    data = form.cleaned_data
    state = data.get("state") or "open"
    child = data.get("child") or ""
    return CaseFilters(
        status=data.get("status") or "",
        exploitation=data.get("exploitation") or "",
        child=None if not child else child == "yes",
        open=None if state == "all" else state == "open",
        query=data.get("query") or "",
    )


@permission_required(Perm.CASES_VIEW)
def case_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = CaseFilterForm(request.GET or None)
    cases = cases_visible_to(user, _filters(form))
    page = CappedPaginator(cases, PAGE_SIZE, cap=CASE_LIST_CAP).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
            "page": page,
            "query_string": query.urlencode(),
            "due": tasks_due_for(user)[:20],
            "can_edit": user_has(user, Perm.CASES_EDIT),
        },
    )


@permission_required(Perm.CASES_AGGREGATE)
def case_summary(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() else None
    counts = case_counts(user, year=year)
    labels = {**dict(CaseStatus.choices), **dict(Exploitation.choices)}
    sex_labels = dict(Sex.choices)
    return render(
        request,
        "cases/case_summary.html",
        {
            "counts": counts,
            "year": year,
            "by_status": [(labels.get(k, k), v) for k, v in sorted(counts.by_status.items())],
            "by_exploitation": [
                (labels.get(k, k), v) for k, v in sorted(counts.by_exploitation.items())
            ],
            "by_sex": [(sex_labels.get(k, k), v) for k, v in sorted(counts.by_sex.items())],
            "country": user.country,
            "can_configure": user_has(user, Perm.CASES_CONFIGURE),
        },
    )


def _case_data(form: CaseForm) -> services.CaseData:
    data = form.cleaned_data
    institution = data["identifying_institution"]
    return services.CaseData(
        first_contact_on=data["first_contact_on"],
        sex=data["sex"],
        age_at_identification=data["age_at_identification"],
        age_uncertain=data["age_uncertain"],
        citizenship=data["citizenship"],
        languages=data["languages"],
        exploitation=list(data["exploitation"]),
        indicators=list(data["indicators"]),
        identified_by=data["identified_by"],
        identifying_institution_id=institution.pk if institution else None,
        identification_context=data["identification_context"],
        routes=data["routes"],
    )


def _identifier_data(form: IdentifiersForm) -> services.IdentifierData:
    return services.IdentifierData(
        **{name: form.cleaned_data[name].strip() for name in services.IDENTIFIER_FIELDS}
    )


def _form_page(
    request: HttpRequest, form: forms.Form, heading: str, case: Case | None
) -> HttpResponse:
    back = reverse("cases:detail", args=[case.pk]) if case else reverse("cases:list")
    return render(
        request,
        "cases/case_form.html",
        {
            "form": form,
            "heading": heading,
            "case": case,
            "back_url": back,
            "back_label": case.number if case else _("Cases"),
        },
    )


@permission_required(Perm.CASES_EDIT)
def case_new(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    country_id = user.agency.country_id if user.agency else (user.country_id or "")
    form = CaseForm(
        request.POST or None,
        country_id=country_id,
        initial={"first_contact_on": timezone.localdate()},
        prefix="case",
    )
    names = IdentifiersForm(request.POST or None, prefix="person")
    if request.method == "POST" and form.is_valid() and names.is_valid():
        try:
            case = services.case_create(
                actor=user, data=_case_data(form), identifiers=_identifier_data(names)
            )
            messages.success(request, _("Case %(number)s is open.") % {"number": case.number})
            return redirect("cases:detail", pk=case.pk)
        except ValidationError as error:
            add_service_errors(form, error)
    return render(
        request,
        "cases/case_new.html",
        {
            "form": form,
            "names": names,
            "heading": _("Open a case"),
            "back_url": reverse("cases:list"),
            "back_label": _("Cases"),
        },
    )


@permission_required(Perm.CASES_VIEW)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = access_case(user, pk)
    can_edit = CASE_POLICY.check(user, Perm.CASES_EDIT, case) and case.is_open
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "can_edit": can_edit,
            "can_read_identifiers": can_read_identifiers(user, case),
            "routes": case.routes.all(),
            "services": case.services.select_related("provider"),
            "consents": case.consents.select_related("recipient"),
            "overrides": case.consent_overrides.select_related("by"),
            "determinations": case.best_interests.select_related("decided_by"),
            "events": case.events.select_related("actor")[:200],
            "tasks": case.tasks.filter(done_on__isnull=True),
            "settings": settings_for(case.country_id),
            "today": timezone.localdate(),
            "permits": case.permits.all(),
            "inclusion": case.inclusion.select_related("provider"),
            "reviews": case.reviews.all()[:20],
            "proceedings": case.proceedings.select_related("authority"),
            "legal_hold": hold_in_force(case),
            "erasure": CaseErasure.objects.filter(case=case).select_related("by").first(),
            "can_retain": CASE_POLICY.check(user, Perm.CASES_RETENTION, case)
            and case.anonymised_on is None,
        },
    )


@permission_required(Perm.CASES_EDIT)
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = access_case(user, pk, Perm.CASES_EDIT)
    initial = {name: getattr(case, name) for name in services.CASE_FIELDS}
    initial.update(
        identifying_institution=case.identifying_institution_id,
        languages=", ".join(case.languages),
        routes=routes_text(case.routes.all()),
        version=case.version,
    )
    form = CaseForm(request.POST or None, initial=initial, country_id=case.country_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(
                actor=user,
                case=case,
                data=_case_data(form),
                expected_version=form.cleaned_data["version"] or 0,
            )
            messages.success(request, _("The case is saved."))
            return redirect("cases:detail", pk=case.pk)
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflictError as conflict:
            form.add_error(None, str(conflict))
    return _form_page(request, form, _("Edit case %(number)s") % {"number": case.number}, case)


@permission_required(Perm.VICTIM_DATA)
def case_identifiers(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = access_case(user, pk)
    identifiers = identifiers_of(user, case)
    return render(
        request,
        "cases/case_identifiers.html",
        {
            "case": case,
            "identifiers": identifiers,
            "can_edit": CASE_POLICY.check(user, Perm.CASES_EDIT, case) and case.is_open,
        },
    )


@permission_required(Perm.VICTIM_DATA)
def case_identifiers_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = access_case(user, pk, Perm.CASES_EDIT)
    identifiers = identifiers_of(user, case, purpose="edit")
    initial: dict[str, Any] = {
        name: getattr(identifiers, name) for name in services.IDENTIFIER_FIELDS
    }
    initial["version"] = identifiers.version
    form = IdentifiersForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_identifiers_update(
                actor=user,
                case=case,
                data=_identifier_data(form),
                expected_version=form.cleaned_data["version"] or 0,
            )
            messages.success(request, _("The personal identifiers are saved."))
            return redirect("cases:identifiers", pk=case.pk)
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflictError as conflict:
            form.add_error(None, str(conflict))
    return _form_page(
        request, form, _("Personal identifiers of %(number)s") % {"number": case.number}, case
    )


def _action(
    request: HttpRequest,
    pk: int,
    *,
    form_class: type[forms.Form],
    heading: str,
    done: str,
    call: Callable[[User, Case, dict[str, Any]], object],
    country_form: bool = False,
    versioned: bool = True,
) -> HttpResponse:
    """A form on a case that calls one service and returns to the case page."""
    user: User = request.user  # type: ignore[assignment]
    case = access_case(user, pk, Perm.CASES_EDIT)
    kwargs: dict[str, Any] = {"country_id": case.country_id} if country_form else {}
    initial: dict[str, Any] = {"version": case.version} if versioned else {}
    form = form_class(request.POST or None, initial=initial, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            call(user, case, form.cleaned_data)
            messages.success(request, done)
            return redirect("cases:detail", pk=case.pk)
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflictError as conflict:
            form.add_error(None, str(conflict))
        except PermissionDenied as denied:
            return forbidden(request, denied)
    return _form_page(request, form, f"{heading} — {case.number}", case)


@permission_required(Perm.CASES_EDIT)
def case_identify(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        form_class=IdentifyForm,
        country_form=True,
        heading=_("Identification decision"),
        done=_("The decision is recorded."),
        call=lambda user, case, data: services.case_identify(
            actor=user,
            case=case,
            decision=data["decision"],
            decided_on=data["decided_on"],
            authority_id=data["authority"].pk,
            reasons=data["reasons"],
            expected_version=data["version"],
        ),
    )


@permission_required(Perm.CASES_EDIT)
def case_reflection(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        form_class=ReflectionForm,
        heading=_("Recovery and reflection period"),
        done=_("The recovery and reflection period is running."),
        call=lambda user, case, data: care.case_reflection_period_start(
            actor=user,
            case=case,
            start=data["start"],
            days=data["days"],
            expected_version=data["version"],
        ),
    )


@permission_required(Perm.CASES_EDIT)
def case_plan(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        form_class=PlanForm,
        heading=_("Individual assistance plan"),
        done=_("The assistance plan is recorded; its review is on the task list."),
        call=lambda user, case, data: care.case_assistance_plan_agree(
            actor=user,
            case=case,
            agreed_on=data["agreed_on"],
            plan=data["plan"],
            expected_version=data["version"],
        ),
    )


@permission_required(Perm.CASES_EDIT)
def case_service_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        form_class=ServiceForm,
        country_form=True,
        versioned=False,
        heading=_("Record a service"),
        done=_("The service is recorded."),
        call=lambda user, case, data: care.case_service_add(
            actor=user,
            case=case,
            service=data["service"],
            provider_id=data["provider"].pk,
            started_on=data["started_on"],
            ended_on=data["ended_on"],
            notes=data["notes"],
            override_reason=data["override_reason"],
        ),
    )


@permission_required(Perm.CASES_EDIT)
def case_consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        form_class=ConsentForm,
        versioned=False,
        heading=_("Record consent"),
        done=_("The consent is recorded."),
        call=lambda user, case, data: care.case_consent_record(
            actor=user,
            case=case,
            purpose=data["purpose"],
            given_on=data["given_on"],
            recipient_id=data["recipient"].pk if data["recipient"] else None,
        ),
    )


@require_POST
@permission_required(Perm.CASES_EDIT)
def case_consent_withdraw(request: HttpRequest, pk: int, consent_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = access_case(user, pk, Perm.CASES_EDIT)
    try:
        care.case_consent_withdraw(
            actor=user, case=case, consent_id=consent_id, withdrawn_on=timezone.localdate()
        )
        messages.success(request, _("The consent is withdrawn as of today."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("cases:detail", pk=case.pk)


@permission_required(Perm.CASES_EDIT)
def case_guardian(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        form_class=GuardianForm,
        country_form=True,
        heading=_("Guardian appointed"),
        done=_("The guardian's appointment is recorded."),
        call=lambda user, case, data: care.case_guardian_appoint(
            actor=user,
            case=case,
            appointed_on=data["appointed_on"],
            institution_id=data["institution"].pk,
            expected_version=data["version"],
        ),
    )


@permission_required(Perm.CASES_EDIT)
def case_best_interests(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        form_class=BestInterestsForm,
        country_form=True,
        versioned=False,
        heading=_("Best-interests determination"),
        done=_("The best-interests determination is recorded."),
        call=lambda user, case, data: care.case_best_interests_record(
            actor=user,
            case=case,
            purpose=data["purpose"],
            decided_on=data["decided_on"],
            decided_by_id=data["decided_by"].pk,
            outcome=data["outcome"],
            child_heard=data["child_heard"],
        ),
    )


@permission_required(Perm.CASES_EDIT)
def case_family_contact(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        form_class=FamilyContactForm,
        versioned=False,
        heading=_("Family contacted"),
        done=_("The contact with the family is recorded."),
        call=lambda user, case, data: care.case_family_contact_record(
            actor=user, case=case, on=data["on"], override_reason=data["override_reason"]
        ),
    )


@permission_required(Perm.CASES_EDIT)
def case_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        form_class=CloseForm,
        heading=_("Close the case"),
        done=_("The case is closed."),
        call=lambda user, case, data: services.case_close(
            actor=user,
            case=case,
            closed_on=data["closed_on"],
            reason=data["reason"],
            override_reason=data["override_reason"],
            expected_version=data["version"],
        ),
    )


@require_POST
@permission_required(Perm.CASES_EDIT)
def case_task_done(request: HttpRequest, pk: int, task_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = access_case(user, pk, Perm.CASES_EDIT)
    try:
        services.case_task_done(actor=user, case=case, task_id=task_id)
        messages.success(request, _("The task is done."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("cases:detail", pk=case.pk)


@permission_required(Perm.CASES_CONFIGURE)
def case_rules(request: HttpRequest) -> HttpResponse:
    """The coordinator's page for the country's case rules."""
    user: User = request.user  # type: ignore[assignment]
    current = settings_for(user.country_id or "")
    initial = {name: getattr(current, name) for name in CaseRulesForm.base_fields}
    form = CaseRulesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_settings_update(
                actor=user, country_id=user.country_id or "", **form.cleaned_data
            )
            messages.success(request, _("The country's case rules are saved."))
            return redirect("cases:summary")
        except ValidationError as error:
            add_service_errors(form, error)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "heading": _("Case rules of %(country)s") % {"country": user.country_id or "-"},
            "back_url": reverse("cases:summary"),
            "back_label": _("Cases in figures"),
        },
    )
