"""The methodology metadata every submission carries beside its tables.

The same fields appear in the web form, on the xlsx template's
"Methodology" sheet and in the API, so their list lives here once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Kind(StrEnum):
    TEXT = "text"
    YES_NO = "yes_no"


YES = "yes"
NO = "no"
UNKNOWN = "unknown"
# The codes alone, as the API takes them (and names their enum once).
YES_NO_CODES: tuple[str, ...] = (YES, NO, UNKNOWN)
YES_NO_CHOICES: tuple[tuple[str, Promise], ...] = (
    (YES, _("Yes")),
    (NO, _("No")),
    (UNKNOWN, _("Not known")),
)


@dataclass(frozen=True)
class Field:
    key: str
    label: Promise
    help: Promise
    kind: Kind = Kind.TEXT


FIELDS: tuple[Field, ...] = (
    Field(
        "data_authority",
        _("Authority whose data is reported"),
        _("The institution(s) that record the victims and offenders in these tables."),
    ),
    Field(
        "includes_presumed",
        _("Presumed victims included"),
        _(
            "Whether the VICTIMS TOTAL includes presumed victims, not only formally "
            "identified ones."
        ),
        Kind.YES_NO,
    ),
    Field(
        "returned_nationals_domestic",
        _("Nationals identified abroad counted as domestic victims"),
        _(
            "Whether nationals identified in another country and returned are counted here "
            "(identified_in ABROAD), so that they may also be counted by that country."
        ),
        Kind.YES_NO,
    ),
    Field(
        "legal_definition",
        _("Legal definition in national law"),
        _("The articles of the criminal code that define trafficking in human beings."),
    ),
    Field(
        "series_breaks",
        _("Breaks in series"),
        _("Changes of source, definition or method since the previous year, and their effect."),
    ),
    Field(
        "remarks",
        _("Other remarks"),
        _("Anything a reader needs to compare these figures with other members'."),
    ),
)

KEYS: tuple[str, ...] = tuple(field.key for field in FIELDS)


def clean(values: Mapping[str, object]) -> tuple[dict[str, str], dict[str, str]]:
    """The known keys as stripped text, and a message per key that is wrong.

    Yes/no fields take yes, no or unknown (any case); empty means unknown.
    """
    cleaned: dict[str, str] = {}
    errors: dict[str, str] = {}
    for field in FIELDS:
        value = str(values.get(field.key) or "").strip()
        if field.kind == Kind.YES_NO:
            value = value.lower() or UNKNOWN
            if value not in {YES, NO, UNKNOWN}:
                errors[field.key] = str(
                    _("“%(value)s” is not an answer here: write yes, no or unknown.")
                    % {"value": value}
                )
        cleaned[field.key] = value
    return cleaned, errors
