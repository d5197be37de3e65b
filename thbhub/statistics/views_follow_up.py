"""Web pages of a round's follow-up: reminders and consistency queries."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from thbhub.access.permissions import Perm
from thbhub.access.policies import country_in_reach, user_has
from thbhub.accounts.models import User
from thbhub.core.web import permission_required
from thbhub.statistics.consistency import (
    COMMENT_MAX_LENGTH,
    MIN_GAP,
    RELATIVE_GAP,
    consistency_comment_add,
    consistency_of,
)
from thbhub.statistics.reminders import ReminderDeliveryError, round_reminders_send
from thbhub.statistics.selectors import access_round


@require_POST
@permission_required(Perm.STATS_MANAGE)
def round_reminders(request: HttpRequest, year: int) -> HttpResponse:
    """Send the reminders due today for every open round, as `thbhub stats remind` does."""
    user: User = request.user  # type: ignore[assignment]
    access_round(user, year, perm=Perm.STATS_MANAGE)
    try:
        sent = round_reminders_send(actor=user)
    except ReminderDeliveryError as error:
        messages.error(request, str(error))
        return redirect("statistics:round", year=year)
    if not sent:
        messages.info(
            request,
            _("No reminder is due today; a member is never sent the same reminder twice."),
        )
    else:
        countries = ", ".join(f"{reminder.country_id} ({reminder.round.year})" for reminder in sent)
        messages.success(
            request,
            ngettext(
                "%(count)d reminder sent: %(countries)s.",
                "%(count)d reminders sent: %(countries)s.",
                len(sent),
            )
            % {"count": len(sent), "countries": countries},
        )
    return redirect("statistics:round", year=year)


@permission_required(Perm.STATS_VIEW)
def round_consistency(request: HttpRequest, year: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    shown = access_round(user, year)
    comparisons = consistency_of(user, shown)
    may_comment = user_has(user, Perm.STATS_SUBMIT)
    return render(
        request,
        "statistics/round_consistency.html",
        {
            "round": shown,
            "queries": [c for c in comparisons if c.is_query],
            "others": [c for c in comparisons if not c.is_query],
            "may_comment": may_comment,
            "sees_all": country_in_reach(user, Perm.STATS_VIEW, None),
            "min_gap": MIN_GAP,
            "relative_gap": f"{RELATIVE_GAP:.0%}",
            "max_length": COMMENT_MAX_LENGTH,
        },
    )


@require_POST
@permission_required(Perm.STATS_SUBMIT)
def consistency_comment(
    request: HttpRequest, year: int, identifying: str, citizenship: str
) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    shown = access_round(user, year, perm=Perm.STATS_SUBMIT)
    try:
        consistency_comment_add(
            actor=user,
            round=shown,
            identifying_country=identifying,
            citizenship_country=citizenship,
            text=request.POST.get("text", ""),
        )
        messages.success(request, _("Your explanation is added; both countries see it."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    anchor = f"#pair-{identifying.upper()}-{citizenship.upper()}"
    return redirect(reverse("statistics:round_consistency", kwargs={"year": year}) + anchor)
