"""Every change to the List of Contacts."""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thbhub.access.permissions import Perm
from thbhub.access.policies import PermissionDenied, country_in_reach, require
from thbhub.audit.services import audit_record
from thbhub.core.concurrency import update_versioned
from thbhub.directory.models import ContactPerson, ContactRole, Institution, InstitutionType
from thbhub.directory.selectors import access_institution
from thbhub.reference.selectors import language_codes

if TYPE_CHECKING:
    from thbhub.accounts.models import User


@dataclass
class InstitutionData:
    country_id: str
    name: str
    kind: str
    name_local: str = ""
    city: str = ""
    address: str = ""
    website: str = ""
    email: str = ""
    phone: str = ""


# The institution fields a form or an API payload carries besides the country.
INSTITUTION_FIELDS = [name for name in InstitutionData.__dataclass_fields__ if name != "country_id"]


@dataclass
class ContactData:
    institution_id: int
    given_name: str
    family_name: str
    position: str = ""
    roles: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    email: str = ""
    phone: str = ""
    last_verified: datetime.date | None = None
    active: bool = True


def _check_institution(data: InstitutionData) -> None:
    if data.kind not in InstitutionType.values:
        raise ValidationError(
            {"kind": _("Unknown institution type %(value)s.") % {"value": data.kind}}
        )
    if not data.name.strip():
        raise ValidationError({"name": _("Give the institution's name.")})


def _check_contact(data: ContactData) -> None:
    unknown_roles = [role for role in data.roles if role not in ContactRole.values]
    if unknown_roles:
        raise ValidationError(
            {"roles": _("Unknown role %(value)s.") % {"value": ", ".join(unknown_roles)}}
        )
    known_languages = language_codes()
    unknown_languages = [code for code in data.languages if code not in known_languages]
    if unknown_languages:
        raise ValidationError(
            {
                "languages": _(
                    "Unknown language code %(value)s: use two-letter ISO 639-1 codes such as "
                    "sq, bs, bg, hr, mk, ro, sr, sl, en."
                )
                % {"value": ", ".join(unknown_languages)}
            }
        )
    if data.last_verified and data.last_verified > timezone.localdate():
        raise ValidationError({"last_verified": _("The verification date is in the future.")})


def institution_create(*, actor: User, data: InstitutionData) -> Institution:
    require(actor, Perm.DIRECTORY_EDIT)
    if not country_in_reach(actor, Perm.DIRECTORY_EDIT, data.country_id):
        raise PermissionDenied(Perm.DIRECTORY_EDIT)
    _check_institution(data)
    with transaction.atomic():
        institution = Institution.objects.create(**asdict(data))
        audit_record(actor=actor, action="directory.institution.create", obj=institution)
    return institution


def institution_update(
    *, actor: User, institution: Institution, data: InstitutionData, expected_version: int
) -> Institution:
    access_institution(actor, institution.pk, for_edit=True)
    if not country_in_reach(actor, Perm.DIRECTORY_EDIT, data.country_id):
        raise PermissionDenied(Perm.DIRECTORY_EDIT)
    _check_institution(data)
    changes = _changed_fields(institution, asdict(data))
    with transaction.atomic():
        update_versioned(institution, expected_version=expected_version, **changes)
        audit_record(
            actor=actor,
            action="directory.institution.update",
            obj=institution,
            detail={"fields": sorted(changes)},
        )
    return institution


def contact_create(*, actor: User, data: ContactData) -> ContactPerson:
    require(actor, Perm.DIRECTORY_EDIT)
    institution = access_institution(actor, data.institution_id, for_edit=True)
    _check_contact(data)
    with transaction.atomic():
        contact = ContactPerson.objects.create(**asdict(data))
        contact.institution = institution
        audit_record(actor=actor, action="directory.contact.create", obj=contact)
    return contact


def contact_update(
    *, actor: User, contact: ContactPerson, data: ContactData, expected_version: int
) -> ContactPerson:
    require(actor, Perm.DIRECTORY_EDIT)
    access_institution(actor, contact.institution_id, for_edit=True)
    access_institution(actor, data.institution_id, for_edit=True)
    _check_contact(data)
    changes = _changed_fields(contact, asdict(data))
    with transaction.atomic():
        update_versioned(contact, expected_version=expected_version, **changes)
        audit_record(
            actor=actor,
            action="directory.contact.update",
            obj=contact,
            detail={"fields": sorted(changes)},
        )
    return contact


def contact_verify(*, actor: User, contact: ContactPerson, expected_version: int) -> ContactPerson:
    """Confirm that a contact's details are still correct, as of today."""
    access_institution(actor, contact.institution_id, for_edit=True)
    with transaction.atomic():
        update_versioned(
            contact, expected_version=expected_version, last_verified=timezone.localdate()
        )
        audit_record(actor=actor, action="directory.contact.verify", obj=contact)
    return contact


def _changed_fields(obj: Any, values: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in values.items() if getattr(obj, name) != value}
