"""Reading the shipped reference files into the database.

The functions take the model classes as arguments so that data migrations
can pass their historical models.
"""

from __future__ import annotations

import csv
import datetime
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
COUNTRIES_FILE = DATA_DIR / "countries.csv"
# The current version; earlier versions stay shipped, as the history of the standard.
CODELISTS_FILE = DATA_DIR / "codelists-2.json"
CODELISTS_V1_FILE = DATA_DIR / "codelists-1.json"
POPULATION_FILE = DATA_DIR / "population.csv"
LANGUAGES_FILE = DATA_DIR / "languages.csv"


class ReferenceFileError(ValueError):
    """A reference file is malformed; the message names the line and the fix."""


def read_csv(path: Path, required: list[str]) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in required if column not in (reader.fieldnames or [])]
        if missing:
            msg = f"{path.name}: the header lacks the column(s) {', '.join(missing)}."
            raise ReferenceFileError(msg)
        # "_line" is the row's line in the file, blank lines counted, for messages.
        return [
            {"_line": str(reader.line_num)}
            | {key: (value or "").strip() for key, value in row.items() if key}
            for row in reader
        ]


def load_countries(country_model: Any, path: Path = COUNTRIES_FILE) -> int:
    rows = read_csv(path, ["code", "alpha3", "name", "network_member", "eu_status"])
    for row in rows:
        country_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "alpha3": row["alpha3"],
                "name": row["name"],
                "network_member": row["network_member"] == "yes",
                "eu_status": row["eu_status"] or "none",
            },
        )
    return len(rows)


def parse_codelists(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        msg = f"{path.name}, line {error.lineno}: not valid JSON ({error.msg})."
        raise ReferenceFileError(msg) from None
    for key in ("version", "valid_from", "source", "lists"):
        if key not in document:
            msg = f"{path.name}: the key {key!r} is missing at the top level."
            raise ReferenceFileError(msg)
    try:
        datetime.date.fromisoformat(document["valid_from"])
    except (TypeError, ValueError):
        msg = f"{path.name}: valid_from must be a date as YYYY-MM-DD."
        raise ReferenceFileError(msg) from None
    return dict(document)


def load_codelists(
    version_model: Any, code_model: Any, path: Path = CODELISTS_FILE, *, make_current: bool = True
) -> Any:
    """Load one version of the code lists; loading the same version again
    changes nothing."""
    document = parse_codelists(path)
    version, created = version_model.objects.get_or_create(
        version=str(document["version"]),
        defaults={
            "valid_from": datetime.date.fromisoformat(document["valid_from"]),
            "source": document["source"],
        },
    )
    if created:
        for dimension, codes in document["lists"].items():
            for position, entry in enumerate(codes):
                code_model.objects.create(
                    version=version,
                    dimension=dimension,
                    code=entry["code"],
                    label=entry["label"],
                    eurostat_group=entry.get("eurostat_group", ""),
                    iccs=entry.get("iccs", ""),
                    position=position,
                )
    if make_current:
        version_model.objects.exclude(pk=version.pk).update(is_current=False)
        version_model.objects.filter(pk=version.pk).update(is_current=True)
    return version


def parse_population(path: Path, known_countries: set[str]) -> list[dict[str, Any]]:
    rows = read_csv(path, ["country", "year", "population", "source"])
    parsed: list[dict[str, Any]] = []
    for row in rows:
        number = int(row["_line"])
        where = f"{path.name}, line {number}"
        if row["country"] not in known_countries:
            msg = f"{where}, column country: {row['country']!r} is not an ISO 3166-1 code."
            raise ReferenceFileError(msg)
        try:
            year = int(row["year"])
            population = int(row["population"])
        except ValueError:
            column = "year" if not row["year"].lstrip("-").isdigit() else "population"
            msg = f"{where}, column {column}: year and population must be whole numbers."
            raise ReferenceFileError(msg) from None
        if population <= 0 or not 1900 <= year <= 2100:
            msg = f"{where}: a population must be positive and a year between 1900 and 2100."
            raise ReferenceFileError(msg)
        if not row["source"]:
            msg = f"{where}, column source: name where the figure comes from."
            raise ReferenceFileError(msg)
        parsed.append({**row, "year": year, "population": population})
    return parsed


def load_population(population_model: Any, path: Path = POPULATION_FILE) -> int:
    country_model = population_model._meta.get_field("country").related_model
    known = set(country_model.objects.values_list("code", flat=True))
    rows = parse_population(path, known)
    for row in rows:
        population_model.objects.update_or_create(
            country_id=row["country"],
            year=row["year"],
            defaults={"population": row["population"], "source": row["source"]},
        )
    return len(rows)


@lru_cache(maxsize=1)
def language_names() -> dict[str, str]:
    return {row["code"]: row["name"] for row in read_csv(LANGUAGES_FILE, ["code", "name"])}
