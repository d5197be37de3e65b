"""Loading new reference data: versions of the code lists and population.

Reference data is one set for the whole network, so only roles with
``reference.load`` (the secretariat) load it.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models, transaction

from thbhub.access.permissions import Perm
from thbhub.access.policies import require
from thbhub.audit.services import audit_record
from thbhub.reference import loading
from thbhub.reference.loading import ReferenceFileError
from thbhub.reference.models import Code, CodeListVersion, Country, Dimension, Population

if TYPE_CHECKING:
    from thbhub.accounts.models import User

T = TypeVar("T")


def _read(path: Path, parse: Callable[[Path], T]) -> T:
    """Run a parser of ``loading``, turning a file that cannot be read at
    all into a ``ReferenceFileError`` that says what to do."""
    try:
        return parse(path)
    except FileNotFoundError:
        msg = f"{path}: there is no such file."
        raise ReferenceFileError(msg) from None
    except UnicodeDecodeError as error:
        msg = (
            f"{path.name}, byte {error.start}: the file is not UTF-8 text. Save it as "
            "'CSV UTF-8' (or UTF-8 JSON) and load it again."
        )
        raise ReferenceFileError(msg) from None
    except csv.Error as error:
        msg = f"{path.name}: not a readable CSV file ({error})."
        raise ReferenceFileError(msg) from None
    except OSError as error:
        msg = f"{path}: the file cannot be read ({error.strerror})."
        raise ReferenceFileError(msg) from None


@dataclass(frozen=True)
class CodelistsLoaded:
    version: CodeListVersion
    created: bool
    codes: int


def _max_length(model: type[models.Model], name: str) -> int:
    field = model._meta.get_field(name)
    if not isinstance(field, models.CharField) or field.max_length is None:
        msg = f"{model.__name__}.{name} is not a text field of limited length."
        raise TypeError(msg)
    return field.max_length


def _check_codelists(path: Path, document: dict[str, Any]) -> None:
    """Check what ``loading.parse_codelists`` leaves to the database, so that a
    bad entry is named instead of failing half-way through with a traceback."""
    version = document["version"]
    limit = _max_length(CodeListVersion, "version")
    if not isinstance(version, str | int) or not str(version).strip() or len(str(version)) > limit:
        msg = f"{path.name}, key 'version': give a version name of 1 to {limit} characters."
        raise ReferenceFileError(msg)
    lists = document["lists"]
    if not isinstance(lists, dict) or not lists:
        msg = f"{path.name}, key 'lists': give an object of dimensions, each with its codes."
        raise ReferenceFileError(msg)
    for dimension, entries in lists.items():
        where = f"{path.name}, lists → {dimension}"
        if dimension not in Dimension.values:
            msg = f"{where}: unknown dimension; use {', '.join(Dimension.values)}."
            raise ReferenceFileError(msg)
        if not isinstance(entries, list) or not entries:
            msg = f'{where}: give a list of codes, each as {{"code": ..., "label": ...}}.'
            raise ReferenceFileError(msg)
        seen: set[str] = set()
        for number, entry in enumerate(entries, start=1):
            _check_code_entry(f"{where} → entry {number}", entry)
            if entry["code"] in seen:
                msg = f"{where} → entry {number}: the code {entry['code']!r} appears twice."
                raise ReferenceFileError(msg)
            seen.add(entry["code"])


def _check_code_entry(where: str, entry: Any) -> None:
    if not isinstance(entry, dict):
        msg = f"{where}: give an object with 'code' and 'label'."
        raise ReferenceFileError(msg)
    for key in ("code", "label"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            msg = f"{where}: the key {key!r} is missing or empty."
            raise ReferenceFileError(msg)
    for key in ("code", "label", "eurostat_group", "iccs"):
        limit = _max_length(Code, key)
        value = entry.get(key, "")
        if not isinstance(value, str) or len(value) > limit:
            msg = f"{where}, key {key!r}: give text of at most {limit} characters."
            raise ReferenceFileError(msg)


def _codes_in_file(document: dict[str, Any]) -> set[tuple[str, str, str, str, str]]:
    return {
        (dimension, e["code"], e["label"], e.get("eurostat_group", ""), e.get("iccs", ""))
        for dimension, entries in document["lists"].items()
        for e in entries
    }


def _codes_loaded(version: CodeListVersion) -> set[tuple[str, str, str, str, str]]:
    return set(version.codes.values_list("dimension", "code", "label", "eurostat_group", "iccs"))


def codelists_load(*, actor: User, path: Path) -> CodelistsLoaded:
    """Load a version of the code lists and make it the current one.

    Loading a version that is already there changes no code, only makes it
    current again; a file that gives a loaded version other codes is refused,
    because data submitted against that version must keep its meaning.
    """
    require(actor, Perm.REFERENCE_LOAD)
    document = _read(path, loading.parse_codelists)
    _check_codelists(path, document)
    name = str(document["version"])
    existing = CodeListVersion.objects.filter(version=name).first()
    if existing is not None and _codes_loaded(existing) != _codes_in_file(document):
        msg = (
            f"{path.name}, key 'version': version {name} is already loaded with other codes. "
            "A loaded version never changes: give the file a new version number."
        )
        raise ReferenceFileError(msg)
    with transaction.atomic():
        version = loading.load_codelists(CodeListVersion, Code, path)
        version.refresh_from_db()
        codes = version.codes.count()
        audit_record(
            actor=actor,
            action="reference.codelists.load",
            obj=version,
            detail={"version": name, "new": existing is None, "codes": codes, "file": path.name},
        )
    return CodelistsLoaded(version=version, created=existing is None, codes=codes)


@dataclass(frozen=True)
class PopulationLoaded:
    rows: int
    created: int
    updated: int
    unchanged: int


def population_load(*, actor: User, path: Path) -> PopulationLoaded:
    """Load population figures; a country and year already there is replaced."""
    require(actor, Perm.REFERENCE_LOAD)
    known = set(Country.objects.values_list("code", flat=True))
    rows = _read(path, lambda p: loading.parse_population(p, known))
    if not rows:
        msg = f"{path.name}: the file has a header but no rows of figures."
        raise ReferenceFileError(msg)
    first_line: dict[tuple[str, int], int] = {}
    for row in rows:
        line = int(row["_line"])
        key = (row["country"], row["year"])
        if key in first_line:
            msg = (
                f"{path.name}, line {line}: {key[0]} {key[1]} is already on line "
                f"{first_line[key]}; keep one row per country and year."
            )
            raise ReferenceFileError(msg)
        first_line[key] = line
    created = updated = unchanged = 0
    with transaction.atomic():
        current = {
            (figure.country_id, figure.year): figure
            for figure in Population.objects.select_for_update()
        }
        for row in rows:
            figure = current.get((row["country"], row["year"]))
            if figure is None:
                Population.objects.create(
                    country_id=row["country"],
                    year=row["year"],
                    population=row["population"],
                    source=row["source"],
                )
                created += 1
            elif (figure.population, figure.source) == (row["population"], row["source"]):
                unchanged += 1
            else:
                figure.population, figure.source = row["population"], row["source"]
                figure.save(update_fields=["population", "source"])
                updated += 1
        summary = PopulationLoaded(
            rows=len(rows), created=created, updated=updated, unchanged=unchanged
        )
        audit_record(
            actor=actor,
            action="reference.population.load",
            object_type="reference.population",
            detail={**summary.__dict__, "file": path.name},
        )
    return summary
