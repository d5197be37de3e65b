"""The one validation of a 6.1 submission, shared by the web form, the xlsx
template and CSV uploads.

It works on plain rows and code lists handed in by the caller and never
reads the database, so every way in reports the same problems in the same
words. Each rule is a small function. The rules on one row's cells
(``reading.parse_row``) run first, and only rows that pass them take part
in the rules across rows here, so one wrong code does not also show up as
a wrong sum.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thbhub.statistics.reading import MalformedFileError, parse_row, read_csv_path
from thbhub.statistics.standard import (
    BREAKDOWNS,
    COLUMNS,
    COORDINATES,
    NON_ADDITIVE,
    TOTAL,
    CodeLists,
    CoordinateKey,
    Issue,
    Observation,
    RawRow,
    SeriesKey,
    Severity,
    ValidationReport,
)


def validate(
    rows: Iterable[RawRow],
    codes: CodeLists,
    *,
    previous: Mapping[SeriesKey, int] | None = None,
    change_threshold: float = 0.5,
    country: str | None = None,
    year: int | None = None,
) -> ValidationReport:
    """Check a submission. ``previous`` maps each series of the previous year
    (``Observation.series_key``) to its value; ``country`` and ``year``, when
    given, are what every row must say."""
    issues: list[Issue] = []
    parsed: list[Observation] = []
    for raw in rows:
        observation, row_issues = parse_row(raw, codes, country=country, year=year)
        issues.extend(row_issues)
        if observation is not None:
            parsed.append(observation)
    unique, duplicates = _check_duplicates(parsed)
    issues.extend(duplicates)
    issues.extend(_check_breakdowns(unique, codes))
    issues.extend(_check_details(unique, codes))
    if previous:
        issues.extend(_check_changes(unique, previous, change_threshold))
    return ValidationReport(issues=_ordered(issues), observations=parsed)


def validate_csv(
    path: Path,
    codes: CodeLists,
    *,
    previous: Mapping[SeriesKey, int] | None = None,
    change_threshold: float = 0.5,
    country: str | None = None,
    year: int | None = None,
) -> ValidationReport:
    """Read and check a 6.1 CSV file; a file that cannot be read gives one error."""
    try:
        rows = read_csv_path(path)
    except MalformedFileError as error:
        issue = Issue(
            Severity.ERROR, error.name, error.row, error.column, "", error.message, "file"
        )
        return ValidationReport(issues=[issue])
    return validate(
        rows,
        codes,
        previous=previous,
        change_threshold=change_threshold,
        country=country,
        year=year,
    )


def series_values(observations: Iterable[Observation]) -> dict[SeriesKey, int]:
    """The known values of a year's observations, as ``validate`` takes them
    for ``previous``."""
    return {obs.series_key: obs.value for obs in observations if obs.value is not None}


def _ordered(issues: list[Issue]) -> list[Issue]:
    """Sheet by sheet as first met, then row by row, left to right."""
    sheets: dict[str, int] = {}
    for issue in issues:
        sheets.setdefault(issue.sheet, len(sheets))

    def key(issue: Issue) -> tuple[int, int, int]:
        column = COLUMNS.index(issue.column) if issue.column in COLUMNS else -1
        return (sheets[issue.sheet], issue.row, column)

    return sorted(issues, key=key)


# Rules across rows -----------------------------------------------------------


def _check_duplicates(
    observations: list[Observation],
) -> tuple[list[Observation], list[Issue]]:
    """The first row of each coordinate, and an error for every later one."""
    first: dict[CoordinateKey, Observation] = {}
    issues: list[Issue] = []
    for observation in observations:
        earlier = first.setdefault(observation.coordinates, observation)
        if earlier is not observation:
            issues.append(
                _issue(
                    observation,
                    _(
                        "Same country, year, measure and breakdown as row %(row)d. Keep one of "
                        "the two rows."
                    )
                    % {"row": earlier.source_row},
                    "duplicate",
                    rows=(earlier.source_row, observation.source_row),
                )
            )
    return list(first.values()), issues


def _issue(
    observation: Observation,
    message: str,
    rule: str,
    *,
    severity: Severity = Severity.ERROR,
    rows: tuple[int, ...] = (),
) -> Issue:
    value = "" if observation.value is None else str(observation.value)
    return Issue(
        severity,
        observation.source_sheet,
        observation.source_row,
        "value",
        value,
        message,
        rule,
        rows,
    )


def _replace(key: CoordinateKey, column: str, code: str) -> CoordinateKey:
    index = COORDINATES.index(column)
    return (*key[:index], code, *key[index + 1 :])


def _groups(
    observations: list[Observation], column: str, categories: frozenset[str]
) -> Iterator[tuple[Observation | None, dict[str, Observation]]]:
    """Per set of other coordinates: the TOTAL row of ``column`` and its categories."""
    totals: dict[CoordinateKey, Observation] = {}
    members: dict[CoordinateKey, dict[str, Observation]] = defaultdict(dict)
    for observation in observations:
        code = observation.coordinate(column)
        if code == TOTAL:
            totals[observation.coordinates] = observation
        elif code in categories:
            members[_replace(observation.coordinates, column, TOTAL)][code] = observation
    for key, group in members.items():
        yield totals.get(key), group


def _check_breakdowns(observations: list[Observation], codes: CodeLists) -> list[Issue]:
    issues: list[Issue] = []
    for column in BREAKDOWNS:
        categories = codes.categories(column)
        for total, members in _groups(observations, column, categories):
            if total is None:
                issues.extend(_check_total_present(column, members))
            elif column in NON_ADDITIVE:
                issues.extend(_check_each_within(column, total, members))
            elif total.value is not None:
                complete = set(members) == categories
                known = {code: obs for code, obs in members.items() if obs.value is not None}
                if complete and len(known) == len(members) and column == "status":
                    issues.extend(_check_status_sum(total, known))
                elif complete and len(known) == len(members):
                    issues.extend(_check_complete_sum(column, total, known))
                elif column == "age" and set(known) == {"CHILD"}:
                    issues.extend(_check_children(total, known["CHILD"]))
                else:
                    issues.extend(_check_partial_sum(column, total, known))
    return issues


def _rows(rows: tuple[int, ...]) -> str:
    listed = ", ".join(map(str, rows))
    return ngettext("row %(rows)s", "rows %(rows)s", len(rows)) % {"rows": listed}


def _describe(members: Mapping[str, Observation]) -> tuple[str, str, int, tuple[int, ...]]:
    """The rows, "code value" pairs and sum of a group's categories, in file order."""
    ordered = sorted(members.items(), key=lambda item: item[1].source_row)
    rows = tuple(obs.source_row for _code, obs in ordered)
    named = ", ".join(f"{code} {obs.value}" for code, obs in ordered)
    added = sum(obs.value or 0 for _code, obs in ordered)
    return _rows(rows), named, added, rows


def _check_complete_sum(
    column: str, total: Observation, members: Mapping[str, Observation]
) -> list[Issue]:
    listed, named, added, rows = _describe(members)
    if added == total.value:
        return []
    message = _(
        "The %(column)s categories in %(rows)s (%(named)s) add up to %(sum)d, but this "
        "TOTAL row says %(total)d. Correct the categories or the total."
    ) % {"column": column, "rows": listed, "named": named, "sum": added, "total": total.value}
    return [_issue(total, message, "sum", rows=tuple(sorted((*rows, total.source_row))))]


def _check_status_sum(total: Observation, members: Mapping[str, Observation]) -> list[Issue]:
    identified, presumed = members["IDENTIFIED"], members["PRESUMED"]
    added = (identified.value or 0) + (presumed.value or 0)
    if added == total.value:
        return []
    message = _(
        "Identified (row %(irow)d: %(identified)d) plus presumed (row %(prow)d: %(presumed)d) "
        "victims make %(sum)d, but this status TOTAL row says %(total)d. Correct one of the three."
    ) % {
        "irow": identified.source_row,
        "identified": identified.value,
        "prow": presumed.source_row,
        "presumed": presumed.value,
        "sum": added,
        "total": total.value,
    }
    rows = (identified.source_row, presumed.source_row, total.source_row)
    return [_issue(total, message, "sum", rows=tuple(sorted(rows)))]


def _check_children(total: Observation, children: Observation) -> list[Issue]:
    if (children.value or 0) <= (total.value or 0):
        return []
    message = _(
        "Children (%(children)d) are more than the age TOTAL in row %(row)d (%(total)d). "
        "Children are part of the total: correct one of the two."
    ) % {"children": children.value, "row": total.source_row, "total": total.value}
    return [_issue(children, message, "children", rows=(children.source_row, total.source_row))]


def _check_each_within(
    column: str, total: Observation, members: Mapping[str, Observation]
) -> list[Issue]:
    """Categories that may overlap (one person, several services): each on
    its own is at most the TOTAL, their sum may be more."""
    if total.value is None:
        return []
    issues: list[Issue] = []
    for code, obs in sorted(members.items(), key=lambda item: item[1].source_row):
        if obs.value is None or obs.value <= total.value:
            continue
        message = _(
            "%(code)s (%(value)d) is more than the %(column)s TOTAL in row %(row)d "
            "(%(total)d). The TOTAL counts every person who received any of them once: "
            "correct one of the two."
        ) % {
            "code": code,
            "value": obs.value,
            "column": column,
            "row": total.source_row,
            "total": total.value,
        }
        issues.append(_issue(obs, message, "within_total", rows=(obs.source_row, total.source_row)))
    return issues


def _check_partial_sum(
    column: str, total: Observation, members: Mapping[str, Observation]
) -> list[Issue]:
    if not members:
        return []
    listed, named, added, rows = _describe(members)
    if added <= (total.value or 0):
        return []
    message = _(
        "The %(column)s categories given in %(rows)s (%(named)s) add up to %(sum)d, more "
        "than this TOTAL row's %(total)d. They are part of the total: correct them or the total."
    ) % {"column": column, "rows": listed, "named": named, "sum": added, "total": total.value}
    return [_issue(total, message, "partial_sum", rows=tuple(sorted((*rows, total.source_row))))]


def _check_total_present(column: str, members: Mapping[str, Observation]) -> list[Issue]:
    listed, _named, _sum, rows = _describe(members)
    first = min(members.values(), key=lambda obs: obs.source_row)
    message = _(
        "The %(column)s categories in %(rows)s have no %(column)s TOTAL row with the same "
        "other columns. Add that TOTAL row so the breakdown can be checked and counted."
    ) % {"rows": listed, "column": column}
    return [_issue(first, message, "total_missing", severity=Severity.WARNING, rows=rows)]


def _check_details(observations: list[Observation], codes: CodeLists) -> list[Issue]:
    """Country details (citizenship DE...) must fit in the group that includes
    them (OTHER_EU), or in the TOTAL where that group is not given."""
    by_key = {obs.coordinates: obs for obs in observations}
    issues: list[Issue] = []
    for column in ("citizenship", "exploitation_country"):
        details: dict[CoordinateKey, dict[str, Observation]] = defaultdict(dict)
        for obs in observations:
            code = obs.coordinate(column)
            if codes.is_iso_detail(column, code) and obs.value is not None:
                group = codes.iso_group(column, code, obs.country)
                details[_replace(obs.coordinates, column, group)][code] = obs
        for key, members in details.items():
            parent = by_key.get(key) or by_key.get(_replace(key, column, TOTAL))
            listed, named, added, rows = _describe(members)
            if parent is None or parent.value is None or added <= parent.value:
                continue
            message = _(
                "The country details in %(rows)s (%(named)s) add up to %(sum)d, more than "
                "this %(group)s row's %(total)d that includes them. Correct the details or "
                "this row."
            ) % {
                "rows": listed,
                "named": named,
                "sum": added,
                "group": parent.coordinate(column),
                "total": parent.value,
            }
            every = tuple(sorted((*rows, parent.source_row)))
            issues.append(_issue(parent, message, "detail_sum", rows=every))
    return issues


# A change of fewer persons than this never needs an explanation, however
# large in per cent: 2 -> 5 victims is +150 % and says nothing.
CHANGE_MIN_PERSONS = 10


def _check_changes(
    observations: list[Observation], previous: Mapping[SeriesKey, int], threshold: float
) -> list[Issue]:
    issues: list[Issue] = []
    for obs in observations:
        before = previous.get(obs.series_key)
        if obs.value is None or before is None or abs(obs.value - before) < CHANGE_MIN_PERSONS:
            continue
        change = abs(obs.value - before) / before if before else math.inf
        if change <= threshold:
            continue
        shown = f"{(obs.value - before) / before:+.0%}" if before else _("from none")
        facts = {
            "value": obs.value,
            "before": before,
            "change": shown,
            "threshold": f"{threshold:.0%}",
        }
        if obs.note:
            message = (
                _(
                    "%(value)d against %(before)d the year before (%(change)s); the note "
                    "explains it."
                )
                % facts
            )
            issues.append(_issue(obs, message, "change", severity=Severity.INFO))
        else:
            message = (
                _(
                    "%(value)d against %(before)d the year before (%(change)s), a change over "
                    "%(threshold)s. Explain it in the note column, e.g. a new method or a single "
                    "large operation."
                )
                % facts
            )
            issue = _issue(obs, message, "change", severity=Severity.WARNING)
            issues.append(issue)
    return issues
