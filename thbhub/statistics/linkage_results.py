"""Recording what a linkage run found, for the de-duplicated regional total.

The hub keeps counts only: the MATCHES.csv written by ``thbhub linkage
link`` is read, counted and dropped. A cluster of matched records that
spans several members holds one victim counted by each of them; the
records beyond one member per cluster are the region's duplicates. Records
matched within one member are that member's own matter (its national total
is its own) and records of countries outside the network are not in the
region's sum, so neither counts here.
"""

from __future__ import annotations

import csv
import io
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thbhub.access.permissions import Perm
from thbhub.access.policies import require
from thbhub.audit.services import audit_record
from thbhub.linkage.cli import MATCH_COLUMNS
from thbhub.linkage.linking import DEFAULT_THRESHOLD
from thbhub.reference.models import Country
from thbhub.statistics.deduplication import LinkageFigures
from thbhub.statistics.models import LinkageResult

if TYPE_CHECKING:
    from thbhub.accounts.models import User

FIRST_YEAR = 2000
# More problems than this are summarised: the file is probably not a MATCHES.csv.
MAX_LISTED = 20


@dataclass(frozen=True)
class MatchCount:
    duplicates: int
    overlap: dict[str, dict[str, int]]
    clusters: int
    rows: int
    lowest_score: float | None


def _decode(data: bytes, filename: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(
            _(
                "%(file)s: byte %(position)d is not UTF-8. Upload the MATCHES.csv that "
                "`thbhub linkage link` wrote, unchanged."
            )
            % {"file": filename, "position": error.start}
        ) from None


def count_matches(
    text: str, *, filename: str, members: frozenset[str], known: frozenset[str], threshold: float
) -> MatchCount:
    """Duplicates and overlap from a MATCHES.csv; every bad row is listed."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        raise ValidationError(_("%(file)s is empty.") % {"file": filename})
    if tuple(cell.strip().lower() for cell in header) != MATCH_COLUMNS:
        raise ValidationError(
            _("%(file)s, row 1: the header must be %(expected)s, found %(found)s.")
            % {"file": filename, "expected": ",".join(MATCH_COLUMNS), "found": ",".join(header)}
        )
    problems: list[str] = []
    clusters: dict[str, set[tuple[str, str]]] = defaultdict(set)
    lowest: float | None = None
    rows = 0
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        rows += 1
        if len(cells) != len(MATCH_COLUMNS):
            problems.append(
                _("%(file)s, row %(row)d: %(found)d cells, expected %(expected)d.")
                % {
                    "file": filename,
                    "row": line,
                    "found": len(cells),
                    "expected": len(MATCH_COLUMNS),
                }
            )
            continue
        row = dict(zip(MATCH_COLUMNS, (cell.strip() for cell in cells), strict=True))
        row_problems = _row_problems(row, filename=filename, line=line, known=known)
        score = _score(row["score"])
        if score is not None and score < threshold:
            row_problems.append(
                _(
                    "%(file)s, row %(row)d, column score: %(value)s is below the threshold "
                    "%(threshold).3f. Give the threshold the linkage ran with."
                )
                % {"file": filename, "row": line, "value": row["score"], "threshold": threshold}
            )
        if row_problems:
            problems.extend(row_problems)
            continue
        lowest = score if lowest is None or (score is not None and score < lowest) else lowest
        record_a = (row["country_a"].upper(), row["record_id_a"])
        record_b = (row["country_b"].upper(), row["record_id_b"])
        clusters[row["cluster_id"]].update({record_a, record_b})
    if problems:
        listed = problems[:MAX_LISTED]
        if len(problems) > MAX_LISTED:
            listed.append(
                _("… and %(more)d more problems; nothing was recorded.")
                % {"more": len(problems) - MAX_LISTED}
            )
        raise ValidationError(listed)
    if not rows:
        raise ValidationError(
            _("%(file)s holds no matches: record a linkage that found some.") % {"file": filename}
        )
    duplicates, overlap = cross_member_duplicates(clusters.values(), members)
    return MatchCount(
        duplicates=duplicates,
        overlap=overlap,
        clusters=len(clusters),
        rows=rows,
        lowest_score=lowest,
    )


def cross_member_duplicates(
    clusters: Iterable[set[tuple[str, str]]], members: frozenset[str]
) -> tuple[int, dict[str, dict[str, int]]]:
    """Victims counted by more than one member, and by which pairs."""
    duplicates = 0
    overlap: dict[str, dict[str, int]] = defaultdict(dict)
    for records in clusters:
        countries = sorted({country for country, _record in records} & members)
        # One victim per cluster: each member beyond the first counted it again.
        duplicates += max(0, len(countries) - 1)
        for position, first in enumerate(countries):
            for second in countries[position + 1 :]:
                overlap[first][second] = overlap[first].get(second, 0) + 1
    return duplicates, {code: dict(row) for code, row in sorted(overlap.items())}


def _score(value: str) -> float | None:
    try:
        score = float(value)
    except ValueError:
        return None
    return score if math.isfinite(score) and 0 <= score <= 1 else None


def _row_problems(
    row: dict[str, str], *, filename: str, line: int, known: frozenset[str]
) -> list[str]:
    problems: list[str] = []

    def problem(column: str, message: str) -> None:
        problems.append(
            _("%(file)s, row %(row)d, column %(column)s: %(value)s — %(message)s")
            % {
                "file": filename,
                "row": line,
                "column": column,
                "value": row[column] or _("(empty)"),
                "message": message,
            }
        )

    for column in ("cluster_id", "record_id_a", "record_id_b"):
        if not row[column]:
            problem(column, _("give the value `thbhub linkage link` wrote."))
    for column in ("country_a", "country_b"):
        if row[column].upper() not in known:
            problem(column, _("not an ISO 3166-1 alpha-2 country code (XK for Kosovo*)."))
    if _score(row["score"]) is None:
        problem("score", _("give the similarity as a number from 0 to 1, e.g. 0.8123."))
    return problems


def linkage_result_record(
    *,
    actor: User,
    year: int,
    matches: Path | bytes,
    filename: str,
    threshold: Decimal | float | str | None = None,
    duplicates_low: int | None = None,
    duplicates_high: int | None = None,
) -> LinkageResult:
    """Count a MATCHES.csv and record the result for ``year``.

    ``threshold`` is the similarity the linkage accepted matches at
    (`thbhub linkage link --threshold`, 0.75 unless given). With any bad row
    nothing is recorded and every problem is named. ``duplicates_low`` and
    ``duplicates_high``, when the linkage gives them (a run at the hub
    does), bound the count of victims counted twice.
    """
    require(actor, Perm.STATS_MANAGE)
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise ValidationError(
            {
                "year": _("Give a reference year from %(first)d to %(last)d.")
                % {"first": FIRST_YEAR, "last": timezone.localdate().year}
            }
        )
    try:
        chosen = Decimal(str(DEFAULT_THRESHOLD if threshold in (None, "") else threshold))
    except InvalidOperation:
        raise ValidationError(
            {"threshold": _("Give the threshold as a number from 0 to 1, e.g. 0.75.")}
        ) from None
    if not Decimal(0) < chosen <= Decimal(1):
        raise ValidationError(
            {"threshold": _("Give the threshold as a number from 0 to 1, e.g. 0.75.")}
        )
    data = matches.read_bytes() if isinstance(matches, Path) else matches
    countries = Country.objects.values_list("code", "network_member")
    known = frozenset(code for code, _member in countries)
    members = frozenset(code for code, member in countries if member)
    counted = count_matches(
        _decode(data, filename),
        filename=filename,
        members=members,
        known=known,
        threshold=float(chosen),
    )
    with transaction.atomic():
        result = LinkageResult.objects.create(
            year=year,
            duplicates=counted.duplicates,
            duplicates_low=None
            if duplicates_low is None
            else min(duplicates_low, counted.duplicates),
            duplicates_high=None
            if duplicates_high is None
            else max(duplicates_high, counted.duplicates),
            overlap=counted.overlap,
            threshold=chosen.quantize(Decimal("0.001")),
            source_name=filename[:255],
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action="statistics.linkage_result.record",
            obj=result,
            detail={
                "year": year,
                "file": filename,
                "duplicates": counted.duplicates,
                "clusters": counted.clusters,
                "rows": counted.rows,
                "threshold": str(chosen),
            },
        )
    return result


def linkage_results_visible_to(user: User) -> list[LinkageResult]:
    """Recorded linkage results, newest first; counts only, for the secretariat."""
    require(user, Perm.STATS_MANAGE)
    return list(LinkageResult.objects.select_related("recorded_by")[:20])


def linkage_figures_of(result: LinkageResult) -> LinkageFigures:
    """What the de-duplication needs of a recorded linkage result."""
    return LinkageFigures(
        year=result.year,
        duplicates=result.duplicates,
        overlap=result.overlap,
        threshold=float(result.threshold),
        source_name=result.source_name,
        precision=None if result.precision is None else float(result.precision),
        recall=None if result.recall is None else float(result.recall),
    )
