"""What the report may read: publications, and the metadata of published submissions.

Numbers come only from a Publication's frozen, disclosure-controlled rows.
The only things read beside them are the methodology and the qualitative
answers of the submissions that publication includes, which members wrote
to be published with their figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from thbhub.access.permissions import Perm
from thbhub.access.policies import require
from thbhub.reference.models import Country
from thbhub.statistics.aggregates import REGIONS, region_label
from thbhub.statistics.models import (
    Answer,
    Publication,
    PublishedObservation,
    Submission,
    SubmissionStatus,
    SubmissionVersion,
)
from thbhub.statistics.standard import BREAKDOWNS, NOT_APPLICABLE, TOTAL, VICTIM_MEASURES

if TYPE_CHECKING:
    from thbhub.accounts.models import User

SUPPRESSED = "c"
# Eurostat's sign for "not available"; a suppressed cell shows "c" instead.
NOT_AVAILABLE = ":"
KOSOVO = "XK"

CellKey = tuple[str, ...]


class NoPublicationError(Exception):
    """The year has no publication yet; the message says how to make one."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            _(
                "There is no publication for %(year)d yet: publish the round first: "
                "thbhub stats publish --year %(year)d"
            )
            % {"year": year}
        )


@dataclass(frozen=True)
class Cell:
    """One published value as a reader sees it: a number, "c" or ":"."""

    value: int | None
    flag: str = ""
    note: str = ""

    @property
    def suppressed(self) -> bool:
        return self.flag == SUPPRESSED

    @property
    def known(self) -> bool:
        return self.value is not None and not self.suppressed

    @property
    def text(self) -> str:
        if self.suppressed:
            return SUPPRESSED
        if self.value is None:
            return NOT_AVAILABLE
        number = f"{self.value:,}".replace(",", "\u202f")
        return f"{number} {self.flag}" if self.flag else number


MISSING = Cell(None)


def country_label(code: str, names: dict[str, str]) -> str:
    """A member's name as a published output writes it ("Kosovo*" with its note)."""
    if code in REGIONS:
        return region_label(code)
    name = names.get(code, code)
    return f"{name}*" if code == KOSOVO and not name.endswith("*") else name


def country_names(codes: Iterable[str] = ()) -> dict[str, str]:
    wanted = list(codes)
    queryset = Country.objects.all()
    if wanted:
        queryset = queryset.filter(code__in=wanted)
    return dict(queryset.values_list("code", "name"))


def cell_key(
    country: str,
    measure: str,
    *,
    year: int,
    status: str | None = None,
    sex: str = TOTAL,
    age: str = TOTAL,
    citizenship: str = TOTAL,
    exploitation: str = TOTAL,
    exploitation_country: str = TOTAL,
    identified_in: str = TOTAL,
    service: str = TOTAL,
) -> CellKey:
    if status is None:
        status = TOTAL if measure in VICTIM_MEASURES else NOT_APPLICABLE
    return (
        country,
        str(year),
        measure,
        status,
        sex,
        age,
        citizenship,
        exploitation,
        exploitation_country,
        identified_in,
        service,
    )


class PublishedCells:
    """The rows of one publication, found by their coordinates."""

    def __init__(self, publication: Publication) -> None:
        self.publication = publication
        self.year = publication.round.year
        self.rows: list[PublishedObservation] = list(publication.observations.all())
        self._cells: dict[CellKey, Cell] = {}
        for row in self.rows:
            key = (row.country, str(row.year), row.measure, *(getattr(row, c) for c in BREAKDOWNS))
            self._cells[key] = Cell(row.value, row.flag, row.note)

    def get(self, country: str, measure: str = "VICTIMS", **coordinates: str) -> Cell:
        year = int(coordinates.pop("year", self.year))
        return self._cells.get(cell_key(country, measure, year=year, **coordinates), MISSING)

    def has(self, country: str, measure: str = "VICTIMS", **coordinates: str) -> bool:
        year = int(coordinates.pop("year", self.year))
        return cell_key(country, measure, year=year, **coordinates) in self._cells

    def for_country(self, country: str) -> list[PublishedObservation]:
        return [row for row in self.rows if row.country == country and row.year == self.year]


def latest_publication(actor: User, year: int) -> Publication:
    """The newest edition published for ``year``; a correction supersedes the earlier one."""
    require(actor, Perm.STATS_PUBLISHED)
    publication = (
        Publication.objects.filter(round__year=year)
        .select_related("round")
        .order_by("-number")
        .first()
    )
    if publication is None:
        raise NoPublicationError(year)
    return publication


def published_years(actor: User) -> list[int]:
    require(actor, Perm.STATS_PUBLISHED)
    years = Publication.objects.values_list("round__year", flat=True).distinct()
    return sorted(set(years), reverse=True)


def earlier_publications(actor: User, year: int) -> list[Publication]:
    """The newest edition of every year up to ``year``, oldest first."""
    require(actor, Perm.STATS_PUBLISHED)
    newest: dict[int, Publication] = {}
    for publication in (
        Publication.objects.filter(round__year__lte=year)
        .select_related("round")
        .order_by("round__year", "number")
    ):
        newest[publication.round.year] = publication
    return [newest[key] for key in sorted(newest)]


def published_versions(publication: Publication) -> dict[str, SubmissionVersion]:
    """Per member in the publication, the version whose figures it holds.

    A published submission's latest version is the one that was accepted
    and published; members left out of the publication give nothing here.
    """
    versions: dict[str, SubmissionVersion] = {}
    submissions = Submission.objects.filter(
        round=publication.round,
        country_id__in=publication.countries,
        status=SubmissionStatus.PUBLISHED,
    )
    for submission in submissions:
        version = submission.latest_version()
        if version is not None:
            versions[submission.country_id] = version
    return versions


def published_answers(publication: Publication) -> list[Answer]:
    versions = published_versions(publication).values()
    return list(
        Answer.objects.filter(version__in=list(versions))
        .exclude(text="")
        .select_related("question", "version__submission")
        .order_by("question__number", "version__submission__country_id")
    )
