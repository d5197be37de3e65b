"""Publications for the report and dashboard tests, written as rows directly.

A publication here is what publishing leaves behind: frozen national rows
with small values suppressed (value None, flag c), region sums, published
submissions whose latest version holds the methodology and answers.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from tests.statistics.builders import STANDARD_TOTALS, build_rows
from thbhub.accounts.models import User
from thbhub.reference.models import Country, EUStatus
from thbhub.statistics.aggregates import region_aggregates
from thbhub.statistics.models import (
    Answer,
    Publication,
    PublishedObservation,
    Round,
    RoundQuestion,
    Submission,
    SubmissionStatus,
    SubmissionVersion,
)
from thbhub.statistics.services import round_open
from thbhub.statistics.standard import BREAKDOWNS, Observation

THRESHOLD = 3
ALL_MEMBERS = ["AL", "BA", "BG", "HR", "XK", "MD", "ME", "MK", "RO", "RS", "SI"]

METHODOLOGY: dict[str, dict[str, str]] = {
    "RS": {
        "data_authority": "Центар за заштиту жртава трговине људима",
        "includes_presumed": "yes",
        "returned_nationals_domestic": "yes",
        "series_breaks": "Нови регистар од 2022.",
    },
    "AL": {
        "data_authority": "Ministria e Brendshme, Zyra e Koordinatorit Kombëtar",
        "includes_presumed": "yes",
        "returned_nationals_domestic": "no",
    },
    "HR": {
        "data_authority": "Ministarstvo unutarnjih poslova, Ured za ljudska prava",
        "includes_presumed": "no",
        "returned_nationals_domestic": "no",
    },
    "RO": {
        "data_authority": "Agenția Națională împotriva Traficului de Persoane",
        "includes_presumed": "no",
        "returned_nationals_domestic": "yes",
    },
}

ANSWERS: dict[str, str] = {
    "RS": "Жртве су идентификоване у заједничкој операцији са Хрватском.",  # noqa: RUF001 — Cyrillic on purpose
    "AL": "Bashkëpunimi me Europol-in u forcua gjatë vitit.",
    "HR": "Suradnja s Europolom i zajednički istražni timovi (ZIT) u dva slučaja.",
    "RO": "Cooperarea cu Eurojust a continuat în trei cazuri.",
}


def _observation(row: dict[str, str]) -> Observation:
    value = row["value"]
    return Observation(
        country=row["country"],
        year=int(row["year"]),
        measure=row["measure"],
        value=int(value) if value != "" else None,
        flag=row.get("flag", ""),
        note=row.get("note", ""),
        source_row=0,
        source_sheet="",
        **{column: row[column] for column in BREAKDOWNS},
    )


def member_rows(
    country: str, year: int, *, scale: int = 1, totals_only: bool = False
) -> list[Observation]:
    """A member's full submission, or only its total of registered victims."""
    totals = {measure: value * scale for measure, value in STANDARD_TOTALS.items()}
    seed = sum(map(ord, country)) + year
    rows = build_rows(totals, country=country, year=year, seed=seed)
    if totals_only:
        rows = [
            r
            for r in rows
            if r["measure"] == "VICTIMS" and all(r[c] == "TOTAL" for c in BREAKDOWNS)
        ]
    return [_observation(row) for row in rows]


def _frozen(observation: Observation, publication: Publication) -> PublishedObservation:
    value, flag = observation.value, observation.flag
    if value is not None and 0 < value <= publication.threshold:
        value, flag = None, "c"
    return PublishedObservation(
        publication=publication,
        country=observation.country,
        year=observation.year,
        measure=observation.measure,
        value=value,
        flag=flag,
        note=observation.note,
        **{column: getattr(observation, column) for column in BREAKDOWNS},
    )


def publish_year(
    secretariat: User,
    year: int,
    *,
    members: Sequence[str] = ("RS", "AL", "HR", "XK"),
    addressed: Sequence[str] | None = None,
    totals_only: Sequence[str] = (),
    scale: int = 1,
) -> Publication:
    """A round for ``year`` whose ``members`` are published (``addressed`` may add others)."""
    round_ = Round.objects.filter(year=year).first() or round_open(
        actor=secretariat,
        year=year,
        deadline=datetime.date(year + 1, 6, 30),
        member_codes=list(addressed or members),
    )
    question = RoundQuestion.objects.filter(round=round_).order_by("number").first()
    if question is None:
        question = RoundQuestion.objects.create(
            round=round_,
            number=1,
            theme="cooperation",
            text="How did cooperation with Europol work?",
        )
    observations: list[Observation] = []
    for code in members:
        observations += member_rows(code, year, scale=scale, totals_only=code in totals_only)
        submission, _created = Submission.objects.get_or_create(round=round_, country_id=code)
        Submission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.PUBLISHED)
        number = submission.versions.count() + 1
        version = SubmissionVersion.objects.create(
            submission=submission,
            number=number,
            uploaded_by=secretariat,
            source_name=f"{code.lower()}-{year}.csv",
            interface="web",
            codelist_version="1",
            methodology=METHODOLOGY.get(code, {}),
        )
        if code in ANSWERS:
            Answer.objects.create(version=version, question=question, text=ANSWERS[code])
    network = Country.objects.filter(network_member=True).values_list("code", flat=True)
    eu = frozenset(Country.objects.filter(eu_status=EUStatus.MEMBER).values_list("code", flat=True))
    regions = region_aggregates(observations, members=list(network), eu_members=eu)
    number = Publication.objects.filter(round=round_).count() + 1
    publication = Publication.objects.create(
        round=round_,
        number=number,
        published_by=secretariat,
        threshold=THRESHOLD,
        countries=sorted(members),
    )
    PublishedObservation.objects.bulk_create(
        [_frozen(observation, publication) for observation in [*observations, *regions]]
    )
    return publication
