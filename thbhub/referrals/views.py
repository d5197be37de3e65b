"""Web pages of cross-border referrals: inbox, outbox, the referral page and its actions.

Every action is a POST that calls one service and returns to the referral
page, with the service's message when it refused.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thbhub.access.permissions import Perm
from thbhub.access.policies import PermissionDenied, require, user_has
from thbhub.accounts.models import User
from thbhub.cases.selectors import cases_visible_to
from thbhub.core.concurrency import EditConflictError
from thbhub.core.web import forbidden, permission_required
from thbhub.directory.models import Institution
from thbhub.reference.models import Country
from thbhub.referrals import returns, services
from thbhub.referrals.codes import ReferralStatus, ShareItem
from thbhub.referrals.forms import (
    AcceptForm,
    DateNoteForm,
    MessageForm,
    ReasonForm,
    RequestForm,
    RiskForm,
    ShareForm,
    TimelineForm,
    VersionForm,
)
from thbhub.referrals.models import Referral, ReferralEvent, ReturnPlan
from thbhub.referrals.selectors import (
    RECEIVER,
    SENDER,
    access_referral,
    follow_ups_due_for,
    inbox_for,
    outbox_for,
    shared_content_for,
    side_of,
    with_labels,
)
from thbhub.referrals.sharing import cross_border_consent

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _box(request: HttpRequest, referrals: Any, *, box: str) -> HttpResponse:
    user = _user(request)
    page = Paginator(with_labels(referrals), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "referrals/referral_list.html",
        {
            "page": page,
            "box": box,
            "can_request": user_has(user, Perm.REFERRALS_REQUEST),
            "can_send": user_has(user, Perm.REFERRALS_SEND),
            "follow_ups": follow_ups_due_for(user)[:20] if box == "in" else [],
        },
    )


@permission_required(Perm.REFERRALS_VIEW)
def inbox(request: HttpRequest) -> HttpResponse:
    return _box(request, inbox_for(_user(request)), box="in")


@permission_required(Perm.REFERRALS_VIEW)
def outbox(request: HttpRequest) -> HttpResponse:
    return _box(request, outbox_for(_user(request)), box="out")


@permission_required(Perm.REFERRALS_OVERSEE)
def escalated(request: HttpRequest) -> HttpResponse:
    """The coordinator's view: references and dates, never the content."""
    user = _user(request)
    referrals = (
        Referral.objects.filter(to_country_id=user.country_id, escalated_at__isnull=False)
        .select_related("from_country", "to_country")
        .order_by("-escalated_at")
    )
    return render(request, "referrals/escalated.html", {"referrals": referrals[:200]})


@permission_required(Perm.REFERRALS_REQUEST)
def new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    cases = cases_visible_to(user, perm=Perm.CASES_EDIT).filter(closed_on__isnull=True)
    case_choices = [(str(case.pk), case.number) for case in cases[:500]]
    countries = [
        (country.code, country.name)
        for country in Country.objects.exclude(code=user.country_id).order_by("name")
    ]
    initial = {"case": request.GET.get("case", "")}
    form = RequestForm(
        request.POST or None, initial=initial, cases=case_choices, countries=countries
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.referral_request(
                actor=user,
                case_id=int(data["case"]),
                to_country=data["to_country"],
                purpose=data["purpose"],
                kind=data["kind"],
                needs=list(data["needs"]),
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Referral asked for. Now choose what it shares."))
            return redirect("referrals:detail", pk=referral.pk)
    return render(request, "referrals/referral_new.html", {"form": form})


def _form_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


@permission_required(Perm.REFERRALS_VIEW)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    referral = access_referral(user, pk)
    side = side_of(user, referral)
    content = shared_content_for(user, referral)
    events = ReferralEvent.objects.filter(referral=referral).select_related("actor", "country")
    plan = (
        ReturnPlan.objects.filter(referral=referral)
        .prefetch_related(Prefetch("follow_ups"))
        .first()
    )
    is_draft = referral.status == ReferralStatus.DRAFT
    can_send = user_has(user, Perm.REFERRALS_SEND)
    can_follow = can_send or user_has(user, Perm.REFERRALS_REQUEST)
    item_labels = dict(ShareItem.choices)
    context = {
        "referral": referral,
        "side": side,
        "is_sender": side == SENDER,
        "is_receiver": side == RECEIVER,
        "content": content,
        "content_items": [
            (item_labels.get(key, key), _fields(value))
            for key, value in content.get("items", {}).items()
        ],
        "events": events,
        "thread": referral.messages.select_related("author", "country") if can_send else [],
        "plan": plan,
        "blockers": services.child_blockers(referral) if side == SENDER else [],
        "departure_missing": (
            returns.return_missing_before_departure(referral, plan)
            if plan is not None and side == SENDER and plan.departed_on is None
            else []
        ),
        "consent": cross_border_consent(referral) if is_draft else None,
        "can_prepare": is_draft and side == SENDER and can_follow,
        "can_send": can_send,
        "can_follow": can_follow,
        # One prefix per form: the page holds several, and ids must stay unique.
        "share_form": ShareForm(
            prefix="share",
            initial={"items": referral.shared_items, "version": referral.version},
        ),
        "send_form": VersionForm(prefix="send", initial={"version": referral.version}),
        "acknowledge_form": VersionForm(
            prefix="acknowledge", initial={"version": referral.version}
        ),
        "revoke_form": ReasonForm(prefix="revoke"),
        "decline_form": ReasonForm(prefix="decline"),
        "accept_form": AcceptForm(prefix="accept", agencies=_agencies(referral)),
        "timeline_form": TimelineForm(prefix="timeline"),
        "risk_form": RiskForm(prefix="risk"),
        "message_form": MessageForm(prefix="message"),
        "decision_form": DateNoteForm(prefix="decision"),
        "departure_form": DateNoteForm(prefix="departure"),
        "handover_form": DateNoteForm(prefix="handover"),
    }
    return render(request, "referrals/referral_detail.html", context)


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(_text(entry) for entry in value) or "—"
    if isinstance(value, dict):
        return ", ".join(f"{key}: {_text(entry)}" for key, entry in value.items() if entry)
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _fields(item: dict[str, Any]) -> list[tuple[str, str]]:
    """One shared item as (field, text) pairs, for the page."""
    return [(key.replace("_", " "), _text(value)) for key, value in item.items()]


def _agencies(referral: Referral) -> list[tuple[str, str]]:
    return [
        (str(pk), name)
        for pk, name in Institution.objects.filter(country_id=referral.to_country_id)
        .order_by("name")
        .values_list("pk", "name")
    ]


def _act(
    request: HttpRequest,
    pk: int,
    form_class: Callable[..., Any],
    action: Callable[[User, Referral, dict[str, Any]], object],
    done: str,
    *,
    prefix: str,
    **form_kwargs: Any,
) -> HttpResponse:
    """Parse the form, call the service, and return to the referral page."""
    user = _user(request)
    referral = access_referral(user, pk)
    form = form_class(request.POST, prefix=prefix, **form_kwargs)
    if not form.is_valid():
        for field, problems in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(problems)}" if label else problems[0])
        return redirect("referrals:detail", pk=referral.pk)
    try:
        action(user, referral, form.cleaned_data)
    except PermissionDenied as denied:
        return forbidden(request, denied)
    except (ValidationError, EditConflictError) as error:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text)
    else:
        messages.success(request, done)
    return redirect(reverse("referrals:detail", kwargs={"pk": referral.pk}))


@require_POST
@permission_required(Perm.REFERRALS_VIEW)
def share(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        ShareForm,
        lambda user, referral, data: services.referral_share_choose(
            actor=user,
            referral=referral,
            items=list(data["items"]),
            expected_version=data["version"],
            override_reason=data["override_reason"],
        ),
        _("What the referral shares is saved. Check the preview below."),
        prefix="share",
    )


@require_POST
@permission_required(Perm.REFERRALS_SEND)
def send(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        VersionForm,
        lambda user, referral, data: services.referral_send(
            actor=user, referral=referral, expected_version=data["version"]
        ),
        _("Referral sent: it is now in the receiving contact point's inbox."),
        prefix="send",
    )


@require_POST
@permission_required(Perm.REFERRALS_SEND)
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        ReasonForm,
        lambda user, referral, data: services.referral_revoke(
            actor=user, referral=referral, reason=data["reason"]
        ),
        _("Referral revoked."),
        prefix="revoke",
    )


@require_POST
@permission_required(Perm.REFERRALS_SEND)
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        VersionForm,
        lambda user, referral, _data: services.referral_acknowledge(actor=user, referral=referral),
        _("Receipt acknowledged."),
        prefix="acknowledge",
    )


@require_POST
@permission_required(Perm.REFERRALS_SEND)
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    referral = access_referral(_user(request), pk)
    return _act(
        request,
        pk,
        AcceptForm,
        lambda user, referral, data: services.referral_accept(
            actor=user, referral=referral, receiving_agency_id=int(data["receiving_agency"])
        ),
        _("Referral accepted: the receiving agency has its own case now."),
        prefix="accept",
        agencies=_agencies(referral),
    )


@require_POST
@permission_required(Perm.REFERRALS_SEND)
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        ReasonForm,
        lambda user, referral, data: services.referral_decline(
            actor=user, referral=referral, reason=data["reason"]
        ),
        _("Referral declined; the sender sees your reason."),
        prefix="decline",
    )


@require_POST
@permission_required(Perm.REFERRALS_VIEW)
def timeline_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        TimelineForm,
        lambda user, referral, data: services.referral_event_add(
            actor=user,
            referral=referral,
            kind=data["kind"],
            on=data["on"],
            note=data["note"],
            escorted=data["escorted"],
        ),
        _("Added to the timeline."),
        prefix="timeline",
    )


@require_POST
@permission_required(Perm.REFERRALS_VIEW)
def risk(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        RiskForm,
        lambda user, referral, data: services.risk_assessment_record(
            actor=user, referral=referral, on=data["on"], level=data["level"], note=data["note"]
        ),
        _("Risk assessment recorded."),
        prefix="risk",
    )


@require_POST
@permission_required(Perm.REFERRALS_SEND)
def message_post(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        MessageForm,
        lambda user, referral, data: services.referral_message_post(
            actor=user, referral=referral, body=data["body"]
        ),
        _("Message sent."),
        prefix="message",
    )


RETURN_STEPS: dict[str, Callable[[User, Referral, dict[str, Any]], object]] = {
    "decision": lambda user, referral, data: returns.return_voluntary_decision(
        actor=user, referral=referral, decided_on=data["on"], note=data["note"]
    ),
    "departure": lambda user, referral, data: returns.return_depart(
        actor=user, referral=referral, departed_on=data["on"], escorted=data["escorted"]
    ),
    "handover": lambda user, referral, data: returns.return_handover_confirm(
        actor=user, referral=referral, handed_over_on=data["on"], note=data["note"]
    ),
    "follow-up": lambda user, referral, data: returns.return_follow_up_done(
        actor=user,
        referral=referral,
        months=data["months"] or 0,
        done_on=data["on"],
        note=data["note"],
    ),
}


@require_POST
@permission_required(Perm.REFERRALS_VIEW)
def return_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    action = RETURN_STEPS.get(step)
    if action is None:
        raise Http404
    require(_user(request), Perm.REFERRALS_VIEW)
    return _act(request, pk, DateNoteForm, action, _("Return procedure updated."), prefix=step)
