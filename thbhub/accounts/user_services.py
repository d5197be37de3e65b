"""Creating and changing user accounts."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thbhub.access.permissions import ASSIGNABLE_ROLES, Perm
from thbhub.access.policies import country_in_reach, require
from thbhub.access.roles import Role
from thbhub.accounts.models import TOTPDevice, User
from thbhub.accounts.selectors import access_user
from thbhub.audit.services import audit_record
from thbhub.directory.models import Institution

# Roles that work for one country; the secretariat works for the network.
COUNTRY_ROLES = frozenset(Role) - {Role.SECRETARIAT}


@dataclass
class AccountData:
    username: str
    role: str
    country_id: str | None
    agency_id: int | None
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    is_active: bool = True


def _check(actor: User, data: AccountData) -> None:
    require(actor, Perm.USERS_MANAGE)
    errors: dict[str, str] = {}
    actor_role = Role(actor.role)
    try:
        role = Role(data.role)
    except ValueError:
        errors["role"] = _("Unknown role %(value)s.") % {"value": data.role}
    else:
        if role not in ASSIGNABLE_ROLES.get(actor_role, frozenset()):
            errors["role"] = _("Only the secretariat can give the role %(role)s.") % {
                "role": role.label
            }
        if role in COUNTRY_ROLES and not data.country_id:
            errors["country"] = _("This role works for one country: choose it.")
        if role == Role.SECRETARIAT and data.country_id:
            errors["country"] = _("The secretariat works for the whole network: leave it empty.")
    if data.country_id and not country_in_reach(actor, Perm.USERS_MANAGE, data.country_id):
        errors["country"] = _("You can manage accounts of your own country only.")
    if data.agency_id is not None:
        agency = Institution.objects.filter(pk=data.agency_id).first()
        if agency is None or agency.country_id != data.country_id:
            errors["agency"] = _("The agency must be an institution of the account's country.")
    if errors:
        raise ValidationError(errors)


def temporary_password() -> str:
    """A password to hand over once; the user must replace it at first login."""
    return "-".join(secrets.token_urlsafe(4) for _ in range(4))


def user_create(*, actor: User, data: AccountData) -> tuple[User, str]:
    _check(actor, data)
    if User.objects.filter(username__iexact=data.username).exists():
        raise ValidationError({"username": _("This user name is taken; choose another.")})
    password = temporary_password()
    with transaction.atomic():
        user = User(
            username=data.username,
            role=data.role,
            country_id=data.country_id,
            agency_id=data.agency_id,
            first_name=data.first_name,
            last_name=data.last_name,
            email=data.email,
            is_active=data.is_active,
            must_change_password=True,
        )
        user.set_password(password)
        user.save()
        audit_record(actor=actor, action="users.create", obj=user, detail={"role": data.role})
    return user, password


def user_update(*, actor: User, user: User, data: AccountData) -> User:
    access_user(actor, user.pk, for_edit=True)
    _check(actor, data)
    if user.pk == actor.pk and (data.role != actor.role or not data.is_active):
        raise ValidationError(
            {"role": _("You cannot change your own role or deactivate yourself.")}
        )
    fields = ["role", "country_id", "agency_id", "first_name", "last_name", "email", "is_active"]
    changed = [name for name in fields if getattr(user, name) != getattr(data, name)]
    with transaction.atomic():
        for name in changed:
            setattr(user, name, getattr(data, name))
        user.save(update_fields=[name.removesuffix("_id") for name in changed])
        audit_record(actor=actor, action="users.update", obj=user, detail={"fields": changed})
    return user


def user_reset_password(*, actor: User, user: User) -> str:
    access_user(actor, user.pk, for_edit=True)
    password = temporary_password()
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = True
        user.save(update_fields=["password", "must_change_password"])
        audit_record(actor=actor, action="users.reset_password", obj=user)
    return password


def user_reset_authenticator(*, actor: User, user: User) -> None:
    """Remove a user's authenticator, e.g. after a lost phone: they enrol again."""
    access_user(actor, user.pk, for_edit=True)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        audit_record(actor=actor, action="users.reset_authenticator", obj=user)


def password_change(*, user: User, new_password: str) -> None:
    validate_password(new_password, user)
    with transaction.atomic():
        user.set_password(new_password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        audit_record(actor=user, action="auth.password.change", obj=user)
