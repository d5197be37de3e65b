"""What the regional state-of-play report says, built from a year's publication.

One ``ReportContent`` feeds the web page, the standalone HTML file and the
PDF, so the three always say the same. Every number comes from the
publication's disclosure-controlled rows: a suppressed cell stays "c".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from thbhub.reference.models import KOSOVO_DESIGNATION_NOTE
from thbhub.statistics import methodology
from thbhub.statistics.aggregates import NATC_SEE, NATC_SEE_EU, NATC_SEE_NON_EU
from thbhub.statistics.models import QuestionTheme, SubmissionVersion
from thbhub.statistics.report.charts import ChartData, Series
from thbhub.statistics.report.deduplication import Deduplicated, deduplicated_victims
from thbhub.statistics.report.sources import (
    KOSOVO,
    Cell,
    PublishedCells,
    country_label,
    country_names,
    earlier_publications,
    latest_publication,
    published_answers,
    published_versions,
)
from thbhub.statistics.standard import TOTAL
from thbhub.statistics.tables import CATEGORIES

if TYPE_CHECKING:
    from thbhub.accounts.models import User

REGION_ROWS = (NATC_SEE, NATC_SEE_EU, NATC_SEE_NON_EU)


def _measure_columns() -> list[tuple[str, str, dict[str, str]]]:
    """The table's columns: (label, measure, coordinates)."""
    return [
        (_("Registered victims"), "VICTIMS", {}),
        (_("Formally identified"), "VICTIMS", {"status": "IDENTIFIED"}),
        (_("Presumed"), "VICTIMS", {"status": "PRESUMED"}),
        (_("Children"), "VICTIMS", {"age": "CHILD"}),
        (_("Women and girls"), "VICTIMS", {"sex": "F"}),
        (_("Assisted"), "VICTIMS_ASSISTED", {}),
        (_("Suspects"), "SUSPECTS", {}),
        (_("Prosecuted"), "PROSECUTED", {}),
        (_("Convicted"), "CONVICTED", {}),
    ]


def category_labels() -> dict[str, str]:
    return {
        "F": _("Women and girls"),
        "M": _("Men and boys"),
        "UNK": _("Not known"),
        "CHILD": _("Children"),
        "ADULT": _("Adults"),
        "SEXUAL": _("Sexual exploitation"),
        "LABOUR": _("Forced labour or services"),
        "BEGGING": _("Forced begging"),
        "CRIMINAL_ACTIVITIES": _("Forced criminal activities"),
        "ORGAN_REMOVAL": _("Removal of organs"),
        "FORCED_MARRIAGE": _("Forced marriage"),
        "OTHER": _("Other forms"),
        "NATIONAL": _("Nationals"),
        "OTHER_EU": _("Citizens of other EU states"),
        "NON_EU": _("Citizens of non-EU states"),
        "IDENTIFIED": _("Formally identified"),
        "PRESUMED": _("Presumed"),
    }


@dataclass(frozen=True)
class Headline:
    label: str
    cell: Cell
    previous: Cell | None = None

    @property
    def change(self) -> str:
        """The change on the year before, or "" when either year is not a number."""
        if self.previous is None or not (self.cell.known and self.previous.known):
            return ""
        before = self.previous.value or 0
        now = self.cell.value or 0
        if before == 0:
            return ""
        percent = round(100 * (now - before) / before)
        return f"{percent:+d} %"


@dataclass(frozen=True)
class CountryRow:
    code: str
    name: str
    cells: tuple[Cell, ...]
    is_region: bool = False


@dataclass(frozen=True)
class MethodologyRow:
    code: str
    name: str
    includes_presumed: str
    returned_nationals_domestic: str
    data_authority: str
    legal_definition: str
    series_breaks: str
    remarks: str


@dataclass(frozen=True)
class Divergence:
    topic: str
    groups: tuple[tuple[str, tuple[str, ...]], ...]  # (answer, member names)


@dataclass(frozen=True)
class QuestionAnswers:
    number: int
    text: str
    answers: tuple[tuple[str, str], ...]  # (member name, answer as written)


@dataclass(frozen=True)
class ThemeAnswers:
    theme: str
    questions: tuple[QuestionAnswers, ...]


@dataclass(frozen=True)
class Fiche:
    code: str
    name: str
    figures: tuple[Headline, ...]
    charts: tuple[ChartData, ...]
    methodology: MethodologyRow | None
    notes: tuple[str, ...]


@dataclass
class ReportContent:
    year: int
    edition: int
    published_at: datetime
    threshold: int
    members: list[str]
    headline: list[Headline]
    deduplicated: Deduplicated | None
    columns: list[str]
    table: list[CountryRow]
    charts: list[ChartData]
    methodology: list[MethodologyRow]
    divergences: list[Divergence]
    caveats: list[str]
    themes: list[ThemeAnswers]
    fiches: list[Fiche]
    names_kosovo: bool = False
    designation_note: str = field(default_factory=lambda: str(KOSOVO_DESIGNATION_NOTE))

    @property
    def title(self) -> str:
        return _("Trafficking in human beings in South-East Europe: state of play %(year)d") % {
            "year": self.year
        }


def report_content(actor: User, year: int) -> ReportContent:
    """The whole report for ``year``; raises NoPublicationError when there is none."""
    publication = latest_publication(actor, year)
    cells = PublishedCells(publication)
    history = [
        PublishedCells(edition) if edition.pk != publication.pk else cells
        for edition in earlier_publications(actor, year)
    ]
    previous = next((h for h in reversed(history) if h.year == year - 1), None)
    members = sorted(publication.countries, key=str)
    names = country_names(members + _cited_countries(cells))
    versions = published_versions(publication)
    method_rows = [
        _methodology_row(code, names, versions[code].methodology)
        for code in members
        if code in versions
    ]
    charts = [
        _chart_by_country(cells, members, names),
        _chart_sex_age(cells, members, names),
        _chart_exploitation(cells),
        _chart_trends(history),
        _chart_flows(cells, members, names),
    ]
    return ReportContent(
        year=year,
        edition=publication.number,
        published_at=publication.published_at,
        threshold=publication.threshold,
        members=members,
        headline=_headline(cells, previous, NATC_SEE),
        deduplicated=deduplicated_victims(actor, year),
        columns=[label for label, _m, _c in _measure_columns()],
        table=_table(cells, members, names),
        charts=charts,
        methodology=method_rows,
        divergences=_divergences(method_rows),
        caveats=_caveats(cells, publication.round.members.values_list("code", flat=True), names),
        themes=_themes(publication, names),
        fiches=[
            _fiche(code, cells, history, names, versions)
            for code in sorted(members, key=lambda c: country_label(c, names))
        ],
        names_kosovo=KOSOVO in members or KOSOVO in names,
    )


def _cited_countries(cells: PublishedCells) -> list[str]:
    """ISO codes named in citizenship or exploitation details (for the flows chart)."""
    codes = {
        code
        for row in cells.rows
        for code in (row.citizenship, row.exploitation_country)
        if len(code) == 2 and code.isalpha() and code.isupper()
    }
    return sorted(codes)


def _headline(cells: PublishedCells, previous: PublishedCells | None, area: str) -> list[Headline]:
    figures = [
        (_("Registered victims"), {}),
        (_("Formally identified victims"), {"status": "IDENTIFIED"}),
        (_("Presumed victims"), {"status": "PRESUMED"}),
        (_("Children"), {"age": "CHILD"}),
        (_("Women and girls"), {"sex": "F"}),
    ]
    return [
        Headline(
            label,
            cells.get(area, "VICTIMS", **coordinates),
            previous.get(area, "VICTIMS", **coordinates) if previous else None,
        )
        for label, coordinates in figures
    ]


def _table(cells: PublishedCells, members: list[str], names: dict[str, str]) -> list[CountryRow]:
    columns = _measure_columns()
    rows = [
        CountryRow(
            code,
            country_label(code, names),
            tuple(cells.get(code, measure, **coords) for _l, measure, coords in columns),
        )
        for code in sorted(members, key=lambda c: country_label(c, names))
    ]
    for region in REGION_ROWS:
        if cells.has(region, "VICTIMS"):
            rows.append(
                CountryRow(
                    region,
                    country_label(region, names),
                    tuple(cells.get(region, measure, **coords) for _l, measure, coords in columns),
                    is_region=True,
                )
            )
    return rows


def _chart_by_country(
    cells: PublishedCells, members: list[str], names: dict[str, str]
) -> ChartData:
    ordered = sorted(members, key=lambda c: country_label(c, names))
    return ChartData(
        key="by-country",
        kind="bar",
        title=_("Registered victims by member, %(year)d") % {"year": cells.year},
        description=_(
            "One bar per member: the victims it registered in the year. "
            "A suppressed value is marked c and has no bar."
        ),
        category_header=_("Member"),
        categories=tuple(country_label(code, names) for code in ordered),
        series=(Series(_("Registered victims"), tuple(cells.get(c, "VICTIMS") for c in ordered)),),
    )


def _chart_sex_age(cells: PublishedCells, members: list[str], names: dict[str, str]) -> ChartData:
    ordered = sorted(members, key=lambda c: country_label(c, names))
    segments = [
        (_("Girls"), "F", "CHILD"),
        (_("Women"), "F", "ADULT"),
        (_("Boys"), "M", "CHILD"),
        (_("Men"), "M", "ADULT"),
    ]
    return ChartData(
        key="sex-age",
        kind="stacked",
        title=_("Victims by sex and age, %(year)d") % {"year": cells.year},
        description=_(
            "Per member, victims split into girls, women, boys and men. Members that give "
            "only a total, and suppressed cells (c), are shown in the table below the chart."
        ),
        category_header=_("Member"),
        categories=tuple(country_label(code, names) for code in ordered),
        series=tuple(
            Series(label, tuple(cells.get(c, "VICTIMS", sex=sex, age=age) for c in ordered))
            for label, sex, age in segments
        ),
    )


def _chart_exploitation(cells: PublishedCells) -> ChartData:
    labels = category_labels()
    forms = [code for code in CATEGORIES["exploitation"] if code != "UNK"]
    return ChartData(
        key="exploitation",
        kind="hbar",
        title=_("Victims in the region by form of exploitation, %(year)d") % {"year": cells.year},
        description=_(
            "Victims registered by all members together, by form of exploitation; "
            "a victim exploited in several forms may be counted under each."
        ),
        category_header=_("Form of exploitation"),
        categories=tuple(labels.get(code, code) for code in forms),
        series=(
            Series(
                _("Registered victims"),
                tuple(cells.get(NATC_SEE, "VICTIMS", exploitation=code) for code in forms),
            ),
        ),
    )


def _chart_trends(history: list[PublishedCells]) -> ChartData:
    years = [h.year for h in history]
    lines = [
        (_("Registered victims"), {}),
        (_("Formally identified"), {"status": "IDENTIFIED"}),
        (_("Presumed"), {"status": "PRESUMED"}),
        (_("Children"), {"age": "CHILD"}),
    ]
    return ChartData(
        key="trends",
        kind="lines",
        title=_("Victims in the region, %(first)d to %(last)d")
        % {"first": years[0], "last": years[-1]},
        description=_(
            "Region totals from the newest publication of each year; a gap is a year "
            "without a published or known value."
        ),
        category_header=_("Year"),
        categories=tuple(str(year) for year in years),
        series=tuple(
            Series(label, tuple(h.get(NATC_SEE, "VICTIMS", **coords) for h in history))
            for label, coords in lines
        ),
    )


def flows(cells: PublishedCells, members: list[str]) -> dict[tuple[str, str], Cell]:
    """Victims by country of origin and country of exploitation, between two countries.

    Read from the published cells that name the countries: a member's
    victims by citizenship detail (origin X, registered and exploited in the
    member) and by country of exploitation detail (the member's victims
    exploited in Y). NATIONAL and DOMESTIC stand for the reporting member.
    """
    found: dict[tuple[str, str], Cell] = {}
    for code in members:
        for row in cells.for_country(code):
            if row.measure != "VICTIMS" or row.status != TOTAL:
                continue
            others = (row.sex, row.age, row.exploitation, row.identified_in)
            if any(value != TOTAL for value in others):
                continue
            origin = code if row.citizenship == "NATIONAL" else row.citizenship
            place = code if row.exploitation_country == "DOMESTIC" else row.exploitation_country
            if origin == TOTAL and _is_iso(place):
                origin = code
            if place == TOTAL and _is_iso(origin):
                place = code
            if not (_is_iso(origin) and _is_iso(place)) or origin == place:
                continue
            found[(origin, place)] = Cell(row.value, row.flag)
    return found


def _is_iso(code: str) -> bool:
    return len(code) == 2 and code.isalpha() and code.isupper()


def _chart_flows(cells: PublishedCells, members: list[str], names: dict[str, str]) -> ChartData:
    matrix = flows(cells, members)
    origins = sorted({o for o, _p in matrix}, key=lambda c: country_label(c, names))
    places = sorted({p for _o, p in matrix}, key=lambda c: country_label(c, names))
    return ChartData(
        key="flows",
        kind="matrix",
        title=_("From countries of origin to countries of exploitation, %(year)d")
        % {"year": cells.year},
        description=_(
            "Rows: the victims' country of citizenship; columns: the country where they were "
            "exploited, as members report them. Victims exploited in their own country are "
            "not shown."
        ),
        category_header=_("Origin / exploitation"),
        categories=tuple(country_label(c, names) for c in places),
        series=tuple(
            Series(
                country_label(origin, names),
                tuple(matrix.get((origin, place), Cell(None)) for place in places),
            )
            for origin in origins
        ),
    )


def _answer_label(value: str) -> str:
    labels = {
        methodology.YES: _("Yes"),
        methodology.NO: _("No"),
        methodology.UNKNOWN: _("Not known"),
    }
    return str(labels.get(value or methodology.UNKNOWN, value))


def _methodology_row(code: str, names: dict[str, str], values: dict[str, str]) -> MethodologyRow:
    cleaned, _errors = methodology.clean(values or {})
    return MethodologyRow(
        code=code,
        name=country_label(code, names),
        includes_presumed=_answer_label(cleaned["includes_presumed"]),
        returned_nationals_domestic=_answer_label(cleaned["returned_nationals_domestic"]),
        data_authority=cleaned["data_authority"],
        legal_definition=cleaned["legal_definition"],
        series_breaks=cleaned["series_breaks"],
        remarks=cleaned["remarks"],
    )


def _divergences(rows: list[MethodologyRow]) -> list[Divergence]:
    topics = [
        (_("Presumed victims included in the total"), "includes_presumed"),
        (
            _("Nationals identified abroad counted as domestic victims"),
            "returned_nationals_domestic",
        ),
    ]
    found = []
    for topic, attribute in topics:
        groups: dict[str, list[str]] = defaultdict(list)
        for row in rows:
            groups[getattr(row, attribute)].append(row.name)
        found.append(Divergence(topic, tuple((answer, tuple(n)) for answer, n in groups.items())))
    breaks = tuple(row.name for row in rows if row.series_breaks)
    if breaks:
        found.append(Divergence(_("Breaks in series reported"), ((_("Yes"), breaks),)))
    return found


def _caveats(cells: PublishedCells, addressed: object, names: dict[str, str]) -> list[str]:
    members = set(cells.publication.countries)
    caveats = [
        _(
            "c: a value from 1 to %(threshold)d, suppressed so that no victim can be "
            "recognised. A colon (:) marks a value that is not available."
        )
        % {"threshold": cells.publication.threshold}
    ]
    left_out = sorted(set(addressed) - members)  # type: ignore[call-overload]
    names.update(country_names(left_out))
    if left_out:
        caveats.append(
            _("Not included (no published submission): %(members)s.")
            % {"members": ", ".join(country_label(c, names) for c in left_out)}
        )
    totals_only = [
        code
        for code in sorted(members)
        if cells.has(code, "VICTIMS")
        and not any(
            row.measure == "VICTIMS"
            and (row.sex != TOTAL or row.age != TOTAL or row.status != TOTAL)
            for row in cells.for_country(code)
        )
    ]
    if totals_only:
        caveats.append(
            _("Totals only, no breakdown: %(members)s.")
            % {"members": ", ".join(country_label(c, names) for c in totals_only)}
        )
    for region in REGION_ROWS:
        note = cells.get(region, "VICTIMS").note
        if note:
            caveats.append(f"{country_label(region, names)}: {note}.")
    if cells.publication.note:
        caveats.append(cells.publication.note)
    return caveats


def _themes(publication: object, names: dict[str, str]) -> list[ThemeAnswers]:
    by_theme: dict[str, dict[int, tuple[str, list[tuple[str, str]]]]] = defaultdict(dict)
    for answer in published_answers(publication):  # type: ignore[arg-type]
        question = answer.question
        code = answer.version.submission.country_id
        entry = by_theme[question.theme].setdefault(question.number, (question.text, []))
        entry[1].append((country_label(code, names | country_names([code])), answer.text))
    themes = []
    for theme in QuestionTheme:
        if theme.value not in by_theme:
            continue
        questions = tuple(
            QuestionAnswers(number, text, tuple(answers))
            for number, (text, answers) in sorted(by_theme[theme.value].items())
        )
        themes.append(ThemeAnswers(str(theme.label), questions))
    return themes


def _fiche(
    code: str,
    cells: PublishedCells,
    history: list[PublishedCells],
    names: dict[str, str],
    versions: Mapping[str, SubmissionVersion],
) -> Fiche:
    previous = next((h for h in reversed(history) if h.year == cells.year - 1), None)
    figures = [
        *_headline(cells, previous, code),
        Headline(_("Suspects"), cells.get(code, "SUSPECTS")),
        Headline(_("Prosecuted"), cells.get(code, "PROSECUTED")),
        Headline(_("Convicted"), cells.get(code, "CONVICTED")),
    ]
    labels = category_labels()
    name = country_label(code, names)
    forms = [c for c in CATEGORIES["exploitation"] if cells.has(code, "VICTIMS", exploitation=c)]
    charts = []
    if forms:
        charts.append(
            ChartData(
                key=f"fiche-{code}-exploitation",
                kind="hbar",
                title=_("%(name)s: victims by form of exploitation") % {"name": name},
                description=_("Victims the member registered, by form of exploitation."),
                category_header=_("Form of exploitation"),
                categories=tuple(labels.get(c, c) for c in forms),
                series=(
                    Series(
                        _("Registered victims"),
                        tuple(cells.get(code, "VICTIMS", exploitation=c) for c in forms),
                    ),
                ),
            )
        )
    charts.append(
        ChartData(
            key=f"fiche-{code}-trend",
            kind="lines",
            title=_("%(name)s: registered victims by year") % {"name": name},
            description=_("From the newest publication of each year."),
            category_header=_("Year"),
            categories=tuple(str(h.year) for h in history),
            series=(
                Series(_("Registered victims"), tuple(h.get(code, "VICTIMS") for h in history)),
            ),
        )
    )
    version = versions.get(code)
    method = _methodology_row(code, names, version.methodology) if version is not None else None
    notes = tuple(
        sorted(
            {
                f"{row.measure}: {row.note}"
                for row in cells.for_country(code)
                if row.note and row.flag != "c"
            }
        )
    )[:6]
    return Fiche(code, name, tuple(figures), tuple(charts), method, notes)
