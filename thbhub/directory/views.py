"""Web pages of the List of Contacts."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thbhub.access.permissions import Perm
from thbhub.access.policies import user_has
from thbhub.accounts.models import User
from thbhub.core.concurrency import EditConflictError
from thbhub.core.web import add_service_errors, permission_required
from thbhub.directory import services
from thbhub.directory.forms import (
    ContactFilterForm,
    ContactForm,
    ImportForm,
    InstitutionFilterForm,
    InstitutionForm,
)
from thbhub.directory.jobs import directory_import_enqueue
from thbhub.directory.selectors import (
    ContactFilters,
    access_contact,
    access_institution,
    contacts_editable_by,
    contacts_for_export,
    contacts_visible_to,
    institutions_editable_by,
    institutions_listed_for,
)
from thbhub.directory.spreadsheet import write_csv, write_xlsx
from thbhub.reference.selectors import countries_in_reach, countries_visible_to

PAGE_SIZE = 50


def _filters(request: HttpRequest, user: User) -> tuple[ContactFilterForm, ContactFilters]:
    form = ContactFilterForm(
        request.GET or None,
        countries=countries_visible_to(user, network_only=False)
        .filter(institutions__isnull=False)
        .distinct(),
    )
    if form.is_valid():
        data = form.cleaned_data
        country = data.get("country")
        return form, ContactFilters(
            country=country.code if country else "",
            role=data.get("role") or "",
            kind=data.get("kind") or "",
            query=data.get("query") or "",
            needs_verification=bool(data.get("needs_verification")),
            include_inactive=bool(data.get("include_inactive")),
        )
    return form, ContactFilters()


@permission_required(Perm.DIRECTORY_VIEW)
def contact_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form, filters = _filters(request, user)
    page = Paginator(contacts_visible_to(user, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "directory/contact_list.html",
        {
            "form": form,
            "page": page,
            "query_string": query.urlencode(),
            "can_edit": user_has(user, Perm.DIRECTORY_EDIT),
        },
    )


@permission_required(Perm.DIRECTORY_VIEW)
def institution_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = InstitutionFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        country = form.cleaned_data.get("country")
        filters = {
            "country": country.code if country else "",
            "kind": form.cleaned_data.get("kind") or "",
            "query": form.cleaned_data.get("query") or "",
        }
    page = Paginator(institutions_listed_for(user, **filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    editable = set(institutions_editable_by(user).values_list("pk", flat=True))
    return render(
        request,
        "directory/institution_list.html",
        {"form": form, "page": page, "query_string": query.urlencode(), "editable": editable},
    )


@permission_required(Perm.DIRECTORY_VIEW)
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    contact = access_contact(user, pk)
    can_edit = contacts_editable_by(user).filter(pk=contact.pk).exists()
    return render(
        request, "directory/contact_detail.html", {"contact": contact, "can_edit": can_edit}
    )


@permission_required(Perm.DIRECTORY_VIEW)
def contact_export(request: HttpRequest, fmt: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    _form, filters = _filters(request, user)
    contacts = contacts_for_export(user, filters)
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        body = write_xlsx(contacts)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = write_csv(contacts)
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="list-of-contacts-{stamp}.{fmt}"'
    return response


def _back_to_list(heading: str) -> dict[str, str]:
    return {
        "heading": heading,
        "back_url": reverse("directory:contacts"),
        "back_label": _("List of Contacts"),
    }


def _contact_data(form: ContactForm) -> services.ContactData:
    data = form.cleaned_data
    return services.ContactData(
        institution_id=data["institution"].pk,
        given_name=data["given_name"],
        family_name=data["family_name"],
        position=data["position"],
        roles=list(data["roles"]),
        languages=data["languages"],
        email=data["email"],
        phone=data["phone"],
        last_verified=data["last_verified"],
        active=data["active"],
    )


@permission_required(Perm.DIRECTORY_EDIT)
def contact_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    contact = access_contact(user, pk, for_edit=True) if pk is not None else None
    initial: dict[str, Any] = {"active": True}
    if contact is not None:
        initial = {
            "institution": contact.institution,
            "given_name": contact.given_name,
            "family_name": contact.family_name,
            "position": contact.position,
            "roles": contact.roles,
            "languages": ", ".join(contact.languages),
            "email": contact.email,
            "phone": contact.phone,
            "last_verified": contact.last_verified,
            "active": contact.active,
            "version": contact.version,
        }
    form = ContactForm(
        request.POST or None, initial=initial, institutions=institutions_editable_by(user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            if contact is None:
                contact = services.contact_create(actor=user, data=_contact_data(form))
                messages.success(request, _("The contact is added."))
            else:
                services.contact_update(
                    actor=user,
                    contact=contact,
                    data=_contact_data(form),
                    expected_version=form.cleaned_data["version"] or 0,
                )
                messages.success(request, _("The contact is saved."))
            return redirect("directory:contact", pk=contact.pk)
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflictError as conflict:
            form.add_error(None, str(conflict))
    heading = _("Edit contact") if contact else _("Add a contact")
    return render(
        request,
        "directory/contact_form.html",
        {"form": form, "contact": contact, **_back_to_list(heading)},
    )


@require_POST
@permission_required(Perm.DIRECTORY_EDIT)
def contact_verify(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    contact = access_contact(user, pk, for_edit=True)
    try:
        services.contact_verify(
            actor=user, contact=contact, expected_version=int(request.POST.get("version", 0))
        )
        messages.success(request, _("Marked as verified today."))
    except (EditConflictError, ValueError):
        messages.error(request, _("The contact changed meanwhile; check it and verify again."))
    return redirect("directory:contact", pk=pk)


@permission_required(Perm.DIRECTORY_EDIT)
def institution_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    institution = access_institution(user, pk, for_edit=True) if pk is not None else None
    countries = countries_in_reach(user, Perm.DIRECTORY_EDIT)
    initial: dict[str, Any] = {"country": user.country_id}
    if institution is not None:
        initial = {name: getattr(institution, name) for name in services.INSTITUTION_FIELDS}
        initial.update(country=institution.country_id, version=institution.version)
    form = InstitutionForm(request.POST or None, initial=initial, countries=countries)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        values = services.InstitutionData(
            country_id=data["country"].code,
            **{key: data[key] for key in services.INSTITUTION_FIELDS},
        )
        try:
            if institution is None:
                institution = services.institution_create(actor=user, data=values)
            else:
                services.institution_update(
                    actor=user,
                    institution=institution,
                    data=values,
                    expected_version=data["version"] or 0,
                )
            messages.success(request, _("The institution is saved."))
            return redirect(
                f"{reverse('directory:institutions')}?{urlencode({'query': institution.name})}"
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflictError as conflict:
            form.add_error(None, str(conflict))
    heading = _("Edit institution") if institution else _("Add an institution")
    return render(
        request,
        "directory/institution_form.html",
        {"form": form, "institution": institution, **_back_to_list(heading)},
    )


@permission_required(Perm.DIRECTORY_EDIT)
def contact_import(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = directory_import_enqueue(actor=user, filename=upload.name, chunks=upload.chunks())
        return redirect("jobs:detail", pk=job.pk)
    return render(request, "directory/import.html", {"form": form})
