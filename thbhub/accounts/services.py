"""Logging in, second factors, API tokens and accounts."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass
from enum import Enum

import pyotp
from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone

from thbhub.accounts.models import ApiToken, LoginFailure, TOTPDevice, User
from thbhub.audit.models import Outcome
from thbhub.audit.services import audit_record
from thbhub.core.audit_context import current_origin

TOTP_ISSUER = "THB Hub"
TOKEN_LIFETIME = datetime.timedelta(days=90)


class CodeResult(Enum):
    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"


class LoginResult(Enum):
    OK = "ok"
    NEEDS_SECOND_FACTOR = "needs_second_factor"
    NEEDS_ENROLMENT = "needs_enrolment"
    INVALID = "invalid"
    LOCKED = "locked"


@dataclass(frozen=True)
class LoginOutcome:
    result: LoginResult
    user: User | None = None


def _recent_failures(username: str, address: str | None) -> tuple[int, int]:
    since = timezone.now() - datetime.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW)
    recent = LoginFailure.objects.filter(at__gte=since)
    per_user = recent.filter(username__iexact=username).count()
    per_address = recent.filter(address=address).count() if address else 0
    return per_user, per_address


def _forget_old_failures() -> None:
    """Failures older than both the window and the lockout no longer matter."""
    keep = max(settings.LOGIN_FAILURE_WINDOW, settings.LOGIN_LOCKOUT_SECONDS)
    LoginFailure.objects.filter(at__lt=timezone.now() - datetime.timedelta(seconds=keep)).delete()


def login_is_locked(username: str, address: str | None) -> bool:
    per_user, per_address = _recent_failures(username, address)
    if per_user >= settings.LOGIN_FAILURE_LIMIT:
        last = LoginFailure.objects.filter(username__iexact=username).order_by("-at").first()
        lock_ends = (
            last.at + datetime.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS) if last else None
        )
        if lock_ends and lock_ends > timezone.now():
            return True
    return per_address >= settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS


def login_check_password(*, username: str, password: str) -> LoginOutcome:
    """The first step of a login. Every refusal is in the audit log."""
    address = current_origin().address
    username = username.strip()
    # Failed attempts on a real account are filed under its country, so that
    # the country's coordinator sees attacks on its people.
    country_id = (
        User.objects.filter(username__iexact=username).values_list("country_id", flat=True).first()
    )
    if login_is_locked(username, address):
        audit_record(
            actor=None,
            actor_username=username,
            country_id=country_id,
            action="auth.login",
            outcome=Outcome.DENIED,
            detail={"reason": "locked"},
        )
        return LoginOutcome(LoginResult.LOCKED)
    user = authenticate(username=username, password=password)
    if not isinstance(user, User):
        with transaction.atomic():
            LoginFailure.objects.create(username=username[:150], address=address)
            _forget_old_failures()
            audit_record(
                actor=None,
                actor_username=username,
                country_id=country_id,
                action="auth.login",
                outcome=Outcome.FAILED,
                detail={"reason": "wrong username or password"},
            )
        return LoginOutcome(LoginResult.INVALID)
    if user.needs_two_factor:
        device = TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).first()
        if device is None:
            return LoginOutcome(LoginResult.NEEDS_ENROLMENT, user)
        return LoginOutcome(LoginResult.NEEDS_SECOND_FACTOR, user)
    login_succeeded(user=user, second_factor=False)
    return LoginOutcome(LoginResult.OK, user)


def login_succeeded(*, user: User, second_factor: bool) -> None:
    with transaction.atomic():
        LoginFailure.objects.filter(username__iexact=user.get_username()).delete()
        User.objects.filter(pk=user.pk).update(last_login=timezone.now())
        audit_record(actor=user, action="auth.login", detail={"second_factor": second_factor})


def logout_record(*, user: User) -> None:
    audit_record(actor=user, action="auth.logout")


def totp_start_enrolment(*, user: User) -> TOTPDevice:
    """The user's authenticator secret, made on first need.

    An unconfirmed secret is kept until it is confirmed, so reloading the
    enrolment page does not invalidate a code the user has just scanned.
    """
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, defaults={"secret": pyotp.random_base32()}
    )
    return device


def totp_provisioning_uri(device: TOTPDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(
        name=device.user.get_username(), issuer_name=TOTP_ISSUER
    )


def totp_verify(*, user: User, code: str) -> CodeResult:
    """Check a six-digit code; confirms an enrolment on first success.

    A code is accepted once: replaying it, even within its 30 seconds, fails.
    Wrong codes count as failed logins, so guessing codes locks the account
    like guessing passwords does.
    """
    code = "".join(ch for ch in code if ch.isdigit())
    if login_is_locked(user.get_username(), current_origin().address):
        audit_record(
            actor=user,
            action="auth.second_factor",
            outcome=Outcome.DENIED,
            detail={"reason": "locked"},
        )
        return CodeResult.LOCKED
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user).first()
        if device is None or len(code) != 6:
            ok = False
        else:
            totp = pyotp.TOTP(device.secret)
            now = timezone.now()
            step = totp.timecode(now)
            matched = next(
                (
                    candidate
                    for candidate in (step - 1, step, step + 1)
                    if candidate > device.last_time_step
                    and secrets.compare_digest(totp.generate_otp(candidate), code)
                ),
                None,
            )
            ok = matched is not None
            if matched is not None:
                device.last_time_step = matched
                if device.confirmed_at is None:
                    device.confirmed_at = now
                    audit_record(actor=user, action="auth.second_factor.enrol")
                device.save(update_fields=["last_time_step", "confirmed_at"])
        if not ok:
            LoginFailure.objects.create(
                username=user.get_username(), address=current_origin().address
            )
            audit_record(
                actor=user,
                action="auth.second_factor",
                outcome=Outcome.FAILED,
                detail={"reason": "wrong or reused code"},
            )
    return CodeResult.OK if ok else CodeResult.WRONG


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("ascii")).hexdigest()


def api_token_create(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """A new API key. The clear key is returned once and never stored."""
    prefix = secrets.token_hex(4)
    key = f"thb_{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=actor,
            name=name.strip()[:100] or "API",
            prefix=prefix,
            digest=_digest(key),
            expires_at=timezone.now() + TOKEN_LIFETIME,
        )
        audit_record(actor=actor, action="auth.token.create", obj=token)
    return token, key


def api_token_revoke(*, actor: User, token: ApiToken) -> None:
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk, user=actor).update(revoked_at=timezone.now())
        audit_record(actor=actor, action="auth.token.revoke", obj=token)


def api_token_authenticate(key: str) -> User | None:
    parts = key.split("_")
    if len(parts) < 3 or parts[0] != "thb":
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=parts[1]).first()
    if token is None or not token.is_usable or not token.user.is_active:
        return None
    if not secrets.compare_digest(token.digest, _digest(key)):
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def user_set_language(*, user: User, language: str) -> None:
    User.objects.filter(pk=user.pk).update(preferred_language=language)
