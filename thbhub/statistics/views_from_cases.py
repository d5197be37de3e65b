"""The submission page's button that counts the tables from the country's cases."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thbhub.access.permissions import Perm
from thbhub.access.policies import PermissionDenied
from thbhub.accounts.models import User
from thbhub.cases.statistics_from_cases import submission_from_cases
from thbhub.core.web import forbidden, permission_required
from thbhub.statistics.selectors import access_submission
from thbhub.statistics.views import _submission_page


@require_POST
@permission_required(Perm.STATS_FROM_CASES)
def submission_from_cases_view(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    submission = access_submission(user, pk, perm=Perm.STATS_SUBMIT)
    try:
        result = submission_from_cases(
            actor=user, country_id=submission.country_id, year=submission.round.year
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("statistics:submission", pk=pk)
    except PermissionDenied as denied:
        return forbidden(request, denied)
    if result.version is None:
        return _submission_page(request, pk, report=result.report)
    messages.success(
        request,
        _(
            "Version %(number)d is computed from the cases, with %(rows)d rows and %(warnings)d "
            "warnings. Review it, then submit it."
        )
        % {
            "number": result.version.number,
            "rows": len(result.report.observations),
            "warnings": len(result.report.warnings),
        },
    )
    return redirect("statistics:submission", pk=pk)
