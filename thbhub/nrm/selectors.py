"""NRM monitoring across countries: the NRM indicators of every member, side by side.

Where a country manages its cases in THB Hub (it has cases first
contacted in the year), its indicators are counted from its cases and
referrals (``thbhub.cases.nrm_indicators``); where it does not, the
published statistics stand in where they can (protection coverage =
assisted / registered victims), and the other indicators are gaps with the
reason.

Who sees what (``thbhub.access.permissions``): NRM_PUBLISHED gives the
indicators from published statistics only; NRM_VIEW adds those counted
from cases and referrals, for every member, after disclosure control;
NRM_OWN_COUNTRY shows the own country's without suppression. A count of
1 to THBHUB_DISCLOSURE_THRESHOLD persons, a share whose part or remainder
is that small, or a median over that few persons is suppressed (flag c)
for anyone outside the country.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from thbhub.access.permissions import Perm, reach_of
from thbhub.access.policies import require, user_has
from thbhub.cases.nrm_indicators import (
    CASE_DEFINITIONS,
    DEFINITIONS,
    REFERRAL_DEFINITIONS,
    CaseFacts,
    NrmDefinition,
    NrmValue,
    Source,
    Unit,
    case_facts,
    case_indicators,
    guardian_deadlines,
    referral_indicators,
    referrals_available,
)
from thbhub.cases.selectors import CASE_POLICY
from thbhub.reference.models import KOSOVO_DESIGNATION_NOTE, Country
from thbhub.statistics.cells import SUPPRESSED_FLAG
from thbhub.statistics.figures import Figure
from thbhub.statistics.indicator_selectors import PUBLISHED, indicators_for
from thbhub.statistics.publishing import default_threshold

if TYPE_CHECKING:
    from thbhub.accounts.models import User

# A table of more years is too wide to read; ask for a range in parts.
MAX_YEARS = 10
KOSOVO = "XK"


@dataclass(frozen=True)
class Member:
    code: str
    label: str


@dataclass
class MonitoringTable:
    years: list[int]
    members: list[Member]
    definitions: tuple[NrmDefinition, ...]
    threshold: int
    # The country shown without disclosure control, if any.
    full_country: str | None
    sees_cases: bool
    values: dict[tuple[int, str, str], NrmValue] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def get(self, year: int, indicator: str, country: str) -> NrmValue:
        return self.values[(year, indicator, country)]


def check_years(first: int, last: int) -> list[int]:
    if last < first:
        raise ValidationError(
            {
                "to": _("The last year %(to)d is before the first %(from)d: swap them.")
                % {"to": last, "from": first}
            }
        )
    if last - first + 1 > MAX_YEARS:
        raise ValidationError(
            {"to": _("Ask for at most %(max)d years at a time.") % {"max": MAX_YEARS}}
        )
    return list(range(first, last + 1))


def _suppressed(value: NrmValue, threshold: int) -> NrmValue:
    return replace(
        value,
        value=None,
        numerator=None,
        denominator=None,
        basis=0,
        flag=SUPPRESSED_FLAG,
        reason=_(
            "Suppressed (flag c): it rests on %(threshold)d persons or fewer, who could be "
            "recognised."
        )
        % {"threshold": threshold},
    )


def disclosure_controlled(value: NrmValue, unit: str, threshold: int) -> NrmValue:
    """The value as it may be shown outside its country."""

    def small(count: int | None) -> bool:
        return count is not None and 1 <= count <= threshold

    if value.value is None:
        return value
    if unit == Unit.COUNT and small(int(value.value)):
        return _suppressed(value, threshold)
    if unit == Unit.DAYS and small(value.basis):
        return _suppressed(value, threshold)
    if unit == Unit.SHARE and value.numerator is not None and value.denominator is not None:
        remainder = value.denominator - value.numerator
        if small(value.numerator) or small(remainder) or small(value.denominator):
            return _suppressed(value, threshold)
    return value


def _from_statistics(figure: Figure | None) -> NrmValue:
    if figure is None:
        return NrmValue(None, reason=_("Not in the published statistics."))
    return NrmValue(
        figure.value,
        None if figure.numerator is None else int(figure.numerator),
        None if figure.denominator is None else int(figure.denominator),
        source=Source.STATISTICS,
        reason=figure.reason,
    )


def _referral_countries(years: Sequence[int]) -> set[tuple[str, int]]:
    """(country, year) pairs with a referral sent from or to the country."""
    from thbhub.referrals.models import Referral  # noqa: PLC0415 — optional module

    pairs: set[tuple[str, int]] = set()
    rows = Referral.objects.filter(sent_at__year__in=list(years)).values_list(
        "from_country_id", "to_country_id", "sent_at"
    )
    for sender, receiver, sent_at in rows:
        if sent_at is None:
            continue
        pairs.add((str(sender), sent_at.year))
        pairs.add((str(receiver), sent_at.year))
    return pairs


def nrm_monitoring(user: User, *, years: Sequence[int]) -> MonitoringTable:
    """The NRM indicators of every member for ``years``, as ``user`` may see them."""
    require(user, Perm.NRM_PUBLISHED)
    members = [
        Member(code, f"{name}*" if code == KOSOVO and not name.endswith("*") else name)
        for code, name in Country.objects.filter(network_member=True)
        .order_by("code")
        .values_list("code", "name")
    ]
    codes = [member.code for member in members]
    sees_cases = user_has(user, Perm.NRM_VIEW)
    own = user.country_id if reach_of(user.role, Perm.NRM_OWN_COUNTRY) else None
    table = MonitoringTable(
        years=list(years),
        members=members,
        definitions=DEFINITIONS,
        threshold=default_threshold(),
        full_country=own if own in codes else None,
        sees_cases=sees_cases,
    )
    published = indicators_for(user, years=years, source=PUBLISHED)
    facts: dict[tuple[str, int], list[CaseFacts]] = defaultdict(list)
    managing: set[str] = set()
    deadlines: dict[str, int] = {}
    active: set[tuple[str, int]] = set()
    with_referrals = sees_cases and referrals_available()
    if sees_cases:
        cases = CASE_POLICY.queryset_for(user, Perm.NRM_VIEW)
        managing = set(cases.values_list("country_id", flat=True).distinct().order_by())
        for fact in case_facts(cases, years=years):
            facts[(fact.country, fact.year)].append(fact)
        deadlines = guardian_deadlines(codes)
        if with_referrals:
            active = _referral_countries(years)
    for year in table.years:
        for member in members:
            shown = _member_values(
                member.code,
                year,
                facts=facts[(member.code, year)],
                manages_cases=member.code in managing,
                sees_cases=sees_cases,
                guardian_days=deadlines.get(member.code, 0),
                published=published.get,
                referrals=(
                    with_referrals
                    and (bool(facts[(member.code, year)]) or (member.code, year) in active)
                ),
            )
            for definition in DEFINITIONS:
                value = shown[definition.key]
                if value.source in (Source.CASES, Source.REFERRALS) and (
                    member.code != table.full_country
                ):
                    value = disclosure_controlled(value, definition.unit, table.threshold)
                table.values[(year, definition.key, member.code)] = value
    table.notes.extend(_notes(table, with_referrals=with_referrals, published=published.notes))
    return table


def _member_values(
    country: str,
    year: int,
    *,
    facts: list[CaseFacts],
    manages_cases: bool,
    sees_cases: bool,
    guardian_days: int,
    published: Callable[[str, int, str], Figure | None],
    referrals: bool,
) -> dict[str, NrmValue]:
    shown: dict[str, NrmValue] = {}
    from_cases = case_indicators(facts, guardian_days=guardian_days) if facts and sees_cases else {}
    for definition in CASE_DEFINITIONS:
        if from_cases:
            shown[definition.key] = from_cases[definition.key]
        elif definition.statistics_key:
            figure = published(country, year, definition.statistics_key)
            shown[definition.key] = _from_statistics(figure)
        else:
            reason = _gap(country, year, manages_cases=manages_cases, sees_cases=sees_cases)
            shown[definition.key] = NrmValue(None, reason=reason)
    if referrals:
        shown.update(referral_indicators(country, year))
    else:
        reason = _referral_gap(country, sees_cases=sees_cases)
        shown.update({d.key: NrmValue(None, reason=reason) for d in REFERRAL_DEFINITIONS})
    return shown


def _gap(country: str, year: int, *, manages_cases: bool, sees_cases: bool) -> str:
    if not sees_cases:
        return _(
            "Not published: indicators counted from cases are shown to the network's "
            "authorities only."
        )
    if not manages_cases:
        return _(
            "%(country)s does not manage its cases in THB Hub, and the statistics standard has "
            "no figure for this indicator."
        ) % {"country": country}
    return _(
        "%(country)s has no case in THB Hub with first contact in %(year)d, and the statistics "
        "standard has no figure for this indicator."
    ) % {"country": country, "year": year}


def _referral_gap(country: str, *, sees_cases: bool) -> str:
    if not sees_cases:
        return _("Not published: referral figures are shown to the network's authorities only.")
    if not referrals_available():
        return _("Referral figures are not available on this installation.")
    return _(
        "%(country)s sent and received no cross-border referral through THB Hub in the year."
    ) % {"country": country}


def _notes(table: MonitoringTable, *, with_referrals: bool, published: list[str]) -> list[str]:
    notes = [
        _(
            "Counted from cases and referrals where a country manages them in THB Hub; from the "
            "published statistics otherwise. Counts of %(threshold)d persons or fewer are "
            "suppressed outside the own country (flag c)."
        )
        % {"threshold": table.threshold}
    ]
    notes.extend(note for note in published if note != str(KOSOVO_DESIGNATION_NOTE))
    if any(member.code == KOSOVO for member in table.members):
        notes.append(str(KOSOVO_DESIGNATION_NOTE))
    return notes
