"""The navigation by module, built from what the user's role allows."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thbhub.access.permissions import Perm
from thbhub.access.policies import user_has

MODULES: list[tuple[str, Any, Perm | None]] = [
    ("directory:contacts", _("Directory"), Perm.DIRECTORY_VIEW),
    ("statistics:rounds", _("Statistics"), Perm.STATS_VIEW),
    ("statistics:dashboard", _("Dashboards"), Perm.STATS_PUBLISHED),
    ("statistics:published", _("Published data"), Perm.STATS_PUBLISHED),
    ("cases:list", _("Cases"), Perm.CASES_VIEW),
    ("cases:due", _("Due"), Perm.CASES_VIEW),
    ("cases:summary", _("Cases in figures"), Perm.CASES_AGGREGATE),
    ("nrm:monitoring", _("NRM monitoring"), Perm.NRM_PUBLISHED),
    ("referrals:inbox", _("Referrals"), Perm.REFERRALS_VIEW),
    ("referrals:escalated", _("Overdue referrals"), Perm.REFERRALS_OVERSEE),
    ("linkage:index", _("Linkage"), Perm.LINKAGE_VIEW),
    ("consultations:list", _("Consultations"), Perm.CONSULTATIONS_VIEW),
    ("network:index", _("The network"), Perm.NETWORK_VIEW),
    ("network:practices", _("Good practices"), Perm.PRACTICES_VIEW),
    ("recommendations:tracker", _("Recommendations"), Perm.RECOMMENDATIONS_VIEW),
    ("reference:index", _("Reference data"), Perm.REFERENCE_VIEW),
    ("audit:events", _("Audit log"), Perm.AUDIT_VIEW),
    ("jobs:list", _("Jobs"), Perm.JOBS_VIEW),
    ("accounts:users", _("Accounts"), Perm.USERS_VIEW),
    ("api-docs", _("API"), None),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    items = []
    for name, label, perm in MODULES:
        if perm is not None and not user_has(user, perm):
            continue
        url = reverse(name)
        shown = label
        if name == "cases:due":
            # The count of tasks due tells a case worker at a glance what waits.
            from thbhub.cases.selectors import (  # noqa: PLC0415 — core before apps
                DUE_COUNT_SHOWN,
                due_count,
            )

            count = due_count(user)
            if count > DUE_COUNT_SHOWN:
                shown = _("Due (%(count)s+)") % {"count": DUE_COUNT_SHOWN}
            else:
                shown = _("Due (%(count)s)") % {"count": count}
        items.append({"url": url, "label": shown, "current": request.path.startswith(url)})
    return {"navigation": items}
