"""Large changes from the year before must be explained before a submission
goes to the secretariat.

Validation warns about each one (rule "change") when the version is
stored; a note on the row turns the warning into information. Submitting
is refused while the latest version still has such a warning, because a
regional report built on an unexplained drop (Moldova's identified victims
halved in 2020) or jump (Montenegro's single operation with 37 victims)
misleads its readers.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thbhub.statistics.models import SubmissionVersion
from thbhub.statistics.standard import Severity

CHANGE_RULE = "change"
# The refusal names this many rows; the version's page lists them all.
NAMED_AT_MOST = 10


def unexplained_changes(version: SubmissionVersion) -> list[dict[str, Any]]:
    """The stored change warnings of ``version`` (Issue.as_dict() entries)."""
    return [
        issue
        for issue in version.issues
        if issue.get("rule") == CHANGE_RULE and issue.get("severity") == Severity.WARNING
    ]


def unexplained_changes_refusal(version: SubmissionVersion) -> str | None:
    """Why ``version`` cannot be submitted yet, or None when every change is explained."""
    found = unexplained_changes(version)
    if not found:
        return None
    named = "; ".join(
        _("%(sheet)s, row %(row)d (value %(value)s)")
        % {"sheet": issue["sheet"], "row": issue["row"], "value": issue["value"] or "—"}
        for issue in found[:NAMED_AT_MOST]
    )
    if len(found) > NAMED_AT_MOST:
        named += " " + _("and %(count)d more") % {"count": len(found) - NAMED_AT_MOST}
    return ngettext(
        "Version %(number)d has %(count)d change from the year before without an "
        "explanation: %(rows)s. Explain it in the note column (or the note field of the web "
        "form) and upload again.",
        "Version %(number)d has %(count)d changes from the year before without an "
        "explanation: %(rows)s. Explain each in the note column (or the note field of the web "
        "form) and upload again.",
        len(found),
    ) % {"number": version.number, "count": len(found), "rows": named}
