"""Loading the recommendations shipped with THB Hub.

``seed_data/recommendations.json`` holds every area of improvement the 2018
non-paper lists per Western Balkan country, the 2021 non-paper's Short Term
Action Recommendations (STAR 1-5) and the priorities of the network's
Strategy Paper 2020-2024, each with its place in the source. Loading again
changes only what differs, so it can run on every start of the demo.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thbhub.access.permissions import Perm
from thbhub.access.policies import require
from thbhub.audit.services import audit_record
from thbhub.recommendations.codes import IssuingBody, Theme
from thbhub.recommendations.models import Recommendation, RecommendationTheme, SourceDocument
from thbhub.reference.models import Country

if TYPE_CHECKING:
    from thbhub.accounts.models import User

SEED_FILE = Path(__file__).resolve().parent / "seed_data" / "recommendations.json"
TITLE_LENGTH = 120


@dataclass
class SeedResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    documents: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def read_seed_file(path: Path = SEED_FILE) -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ValidationError(
            _("Cannot read the seed file %(path)s: %(error)s") % {"path": path, "error": error}
        ) from None
    return data


def short_title(text: str) -> str:
    """The first sentence of a recommendation, cut at a word, as its title."""
    first = text.strip().rstrip(";.").split(". ")[0]
    if len(first) <= TITLE_LENGTH:
        return first
    return first[:TITLE_LENGTH].rsplit(" ", 1)[0] + "…"


def _check(data: dict[str, Any]) -> None:
    documents = {entry["key"] for entry in data.get("documents", [])}
    known_countries = set(Country.objects.values_list("code", flat=True))
    problems: list[str] = []
    for entry in data.get("recommendations", []):
        code = entry.get("code", "?")
        if entry.get("source") not in documents:
            problems.append(_("%(code)s: unknown source document.") % {"code": code})
        if entry.get("issuing_body") not in IssuingBody.values:
            problems.append(_("%(code)s: unknown issuing body.") % {"code": code})
        for country in entry.get("countries", []):
            if country not in known_countries:
                problems.append(
                    _("%(code)s: unknown country %(country)s; load the reference data first.")
                    % {"code": code, "country": country}
                )
        for theme in entry.get("themes", []):
            if theme not in Theme.values:
                problems.append(
                    _("%(code)s: unknown theme %(theme)s.") % {"code": code, "theme": theme}
                )
    if problems:
        raise ValidationError(problems)


def seeds_load(*, actor: User | None, path: Path = SEED_FILE) -> SeedResult:
    """Create or update the shipped recommendations; the demo loads them
    without an acting user, a person needs the right to keep the tracker."""
    if actor is not None:
        require(actor, Perm.RECOMMENDATIONS_MANAGE)
    data = read_seed_file(path)
    _check(data)
    result = SeedResult()
    with transaction.atomic():
        documents: dict[str, SourceDocument] = {}
        for entry in data["documents"]:
            document, _created = SourceDocument.objects.update_or_create(
                key=entry["key"],
                defaults={
                    "title": entry["title"],
                    "issuing_body": entry["issuing_body"],
                    "issued_on": datetime.date.fromisoformat(entry["issued_on"]),
                    "file_name": entry.get("file_name", ""),
                },
            )
            documents[document.key] = document
        result.documents = len(documents)
        for entry in data["recommendations"]:
            _load_one(entry, documents, result)
        audit_record(
            actor=actor,
            actor_username="" if actor is not None else "system",
            action="recommendations.seeds_loaded",
            object_type="recommendations.recommendation",
            detail={
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            },
        )
    return result


def _load_one(
    entry: dict[str, Any], documents: dict[str, SourceDocument], result: SeedResult
) -> None:
    fields = {
        "source": documents[entry["source"]],
        "issuing_body": entry["issuing_body"],
        "attribution": entry.get("attribution", ""),
        "section": entry.get("section", ""),
        "paragraph": entry.get("paragraph", ""),
        "page": entry.get("page", ""),
        "title": entry.get("title") or short_title(entry["text"]),
        "text": entry["text"],
    }
    recommendation = Recommendation.objects.filter(code=entry["code"]).first()
    created = recommendation is None
    changed = False
    if recommendation is None:
        recommendation = Recommendation.objects.create(code=entry["code"], **fields)
    else:
        differing = {
            name: value for name, value in fields.items() if getattr(recommendation, name) != value
        }
        if differing:
            changed = True
            for name, value in differing.items():
                setattr(recommendation, name, value)
            recommendation.save(update_fields=list(differing))
    countries = sorted(entry.get("countries", []))
    if sorted(recommendation.countries.values_list("code", flat=True)) != countries:
        changed = True
        recommendation.countries.set(countries)
    themes = set(entry.get("themes", []))
    current = set(recommendation.themes.values_list("theme", flat=True))
    if themes != current:
        changed = True
        recommendation.themes.exclude(theme__in=themes).delete()
        RecommendationTheme.objects.bulk_create(
            RecommendationTheme(recommendation=recommendation, theme=theme)
            for theme in sorted(themes - current)
        )
    if created:
        result.created += 1
    elif changed:
        result.updated += 1
    else:
        result.unchanged += 1
