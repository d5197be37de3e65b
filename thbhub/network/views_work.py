"""Web pages of the network's work: the chair, the work plan, meetings,
declarations and the calendar."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from thbhub.access.permissions import Perm
from thbhub.access.policies import user_has
from thbhub.core.concurrency import EditConflictError
from thbhub.core.web import add_service_errors, permission_required
from thbhub.network import services
from thbhub.network.calendar import calendar_events, write_ics
from thbhub.network.exports import XLSX_TYPE, write_work_plan_xlsx
from thbhub.network.forms import (
    ActivityForm,
    ChairForm,
    DeclarationForm,
    DocumentForm,
    MeetingForm,
    WorkPlanSummaryForm,
)
from thbhub.network.selectors import (
    access_activity,
    access_declaration,
    access_document,
    access_meeting,
    activities_of,
    chair_terms_visible_to,
    declarations_visible_to,
    meetings_visible_to,
    term_editable_by,
    term_of_year,
)
from thbhub.network.views import _form_page, _user


@permission_required(Perm.NETWORK_VIEW)
def index(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    today = timezone.localdate()
    terms = list(chair_terms_visible_to(user))
    return render(
        request,
        "network/index.html",
        {
            "terms": terms,
            "current": next((term for term in terms if term.year == today.year), None),
            "meetings": meetings_visible_to(user)[:10],
            "declarations": declarations_visible_to(user)[:10],
            "upcoming": [e for e in calendar_events(user) if e.ends_on >= today][:8],
            "can_manage": user_has(user, Perm.NETWORK_MANAGE),
        },
    )


@permission_required(Perm.NETWORK_MANAGE)
def chair_set(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ChairForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            term = services.chair_set(
                actor=user,
                year=form.cleaned_data["year"],
                country_id=form.cleaned_data["country"].code,
            )
            messages.success(request, _("The chair is set."))
            return redirect("network:work_plan", year=term.year)
        except ValidationError as error:
            add_service_errors(form, error)
    return _form_page(
        request, form, _("Set the chair of a year"), reverse("network:index"), _("The network")
    )


@permission_required(Perm.NETWORK_VIEW)
def work_plan(request: HttpRequest, year: int) -> HttpResponse:
    user = _user(request)
    term = term_of_year(user, year)
    can_edit = term_editable_by(user, term)
    summary_form = WorkPlanSummaryForm(
        request.POST or None,
        initial={"summary": term.work_plan_summary, "version": term.version},
    )
    if request.method == "POST":
        if not can_edit:
            raise Http404
        if summary_form.is_valid():
            try:
                services.work_plan_summary_update(
                    actor=user,
                    term=term,
                    summary=summary_form.cleaned_data["summary"],
                    expected_version=summary_form.cleaned_data["version"],
                )
                messages.success(request, _("The work plan is saved."))
                return redirect("network:work_plan", year=year)
            except EditConflictError as conflict:
                summary_form.add_error(None, str(conflict))
    activities = list(activities_of(term))
    return render(
        request,
        "network/work_plan.html",
        {
            "term": term,
            "activities": activities,
            "can_edit": can_edit,
            "summary_form": summary_form,
        },
    )


@permission_required(Perm.NETWORK_VIEW)
def work_plan_export(request: HttpRequest, year: int) -> HttpResponse:
    term = term_of_year(_user(request), year)
    response = HttpResponse(write_work_plan_xlsx(term, activities_of(term)), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="work-plan-{term.year}.xlsx"'
    return response


def _activity_data(form: ActivityForm) -> services.ActivityData:
    data = dict(form.cleaned_data)
    data.pop("version", None)
    return services.ActivityData(**data)


@permission_required(Perm.WORK_PLAN_EDIT)
def activity_edit(
    request: HttpRequest, year: int | None = None, pk: int | None = None
) -> HttpResponse:
    user = _user(request)
    activity = access_activity(user, pk, for_edit=True) if pk is not None else None
    term = activity.term if activity is not None else term_of_year(user, year or 0, for_edit=True)
    initial: dict[str, Any] = {"currency": "EUR"}
    if activity is not None:
        initial = {
            name: getattr(activity, name)
            for name in (
                "title",
                "description",
                "starts_on",
                "ends_on",
                "budget",
                "currency",
                "funding_sources",
                "fundraising_status",
                "version",
            )
        }
    form = ActivityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if activity is None:
                services.activity_create(actor=user, term=term, data=_activity_data(form))
            else:
                services.activity_update(
                    actor=user,
                    activity=activity,
                    data=_activity_data(form),
                    expected_version=form.cleaned_data["version"] or 0,
                )
            messages.success(request, _("The activity is saved."))
            return redirect("network:work_plan", year=term.year)
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflictError as conflict:
            form.add_error(None, str(conflict))
    heading = _("Edit activity") if activity else _("Add an activity")
    return _form_page(
        request,
        form,
        heading,
        reverse("network:work_plan", args=[term.year]),
        _("Work plan %(year)s") % {"year": term.year},
    )


@permission_required(Perm.NETWORK_VIEW)
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    meeting = access_meeting(user, pk)
    return render(
        request,
        "network/meeting_detail.html",
        {
            "meeting": meeting,
            "documents": meeting.documents.all(),
            "declarations": meeting.declarations.all(),
            "can_manage": user_has(user, Perm.NETWORK_MANAGE),
        },
    )


@permission_required(Perm.NETWORK_MANAGE)
def meeting_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = _user(request)
    meeting = access_meeting(user, pk, for_edit=True) if pk is not None else None
    initial: dict[str, Any] = {}
    if meeting is not None:
        initial = {
            name: getattr(meeting, name)
            for name in (
                "title",
                "starts_on",
                "ends_on",
                "place",
                "agenda",
                "conclusions",
                "version",
            )
        }
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version", None) or 0
        try:
            if meeting is None:
                meeting = services.meeting_create(actor=user, data=services.MeetingData(**data))
            else:
                services.meeting_update(
                    actor=user,
                    meeting=meeting,
                    data=services.MeetingData(**data),
                    expected_version=version,
                )
            messages.success(request, _("The meeting is saved."))
            return redirect("network:meeting", pk=meeting.pk)
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflictError as conflict:
            form.add_error(None, str(conflict))
    heading = _("Edit meeting") if meeting else _("Add a meeting")
    return _form_page(request, form, heading, reverse("network:index"), _("The network"))


@permission_required(Perm.NETWORK_MANAGE)
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    meeting = access_meeting(user, pk, for_edit=True)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_document_add(
                actor=user,
                meeting=meeting,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                text=form.cleaned_data["text"],
            )
            messages.success(request, _("The document is added."))
            return redirect("network:meeting", pk=meeting.pk)
        except ValidationError as error:
            add_service_errors(form, error)
    return _form_page(
        request,
        form,
        _("Add a document"),
        reverse("network:meeting", args=[meeting.pk]),
        meeting.title,
    )


@permission_required(Perm.NETWORK_VIEW)
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    document = access_document(_user(request), pk)
    if document.file:
        with document.file.open("rb") as handle:
            body = handle.read()
        response = HttpResponse(body, content_type="application/octet-stream")
        response["Content-Disposition"] = (
            content_disposition_header(as_attachment=True, filename=document.filename)
            or "attachment"
        )
        return response
    response = HttpResponse(document.text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="document-{document.pk}.txt"'
    return response


@permission_required(Perm.NETWORK_VIEW)
def declaration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = access_declaration(_user(request), pk)
    return render(request, "network/declaration_detail.html", {"declaration": declaration})


@permission_required(Perm.NETWORK_MANAGE)
def declaration_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = DeclarationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        meeting = data.pop("meeting")
        try:
            declaration = services.declaration_create(
                actor=user,
                data=services.DeclarationData(meeting_id=meeting.pk if meeting else None, **data),
            )
            messages.success(request, _("The declaration is saved."))
            return redirect("network:declaration", pk=declaration.pk)
        except ValidationError as error:
            add_service_errors(form, error)
    return _form_page(
        request, form, _("Add a declaration"), reverse("network:index"), _("The network")
    )


def _year(request: HttpRequest) -> int | None:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() else None


@permission_required(Perm.NETWORK_VIEW)
def calendar_page(request: HttpRequest) -> HttpResponse:
    year = _year(request) or timezone.localdate().year
    return render(
        request,
        "network/calendar.html",
        {
            "events": calendar_events(_user(request), year=year),
            "year": year,
            "previous_year": year - 1,
            "next_year": year + 1,
        },
    )


@permission_required(Perm.NETWORK_VIEW)
def calendar_ics(request: HttpRequest) -> HttpResponse:
    events = calendar_events(_user(request), year=_year(request))
    body = write_ics(events, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="network-calendar.ics"'
    return response
