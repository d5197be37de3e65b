"""`thbhub reference load-codelists|load-population`: secretariat only,
all or nothing, and a bad file is named down to its line and column."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from thbhub.audit.models import AuditEvent
from thbhub.reference.loading import CODELISTS_FILE
from thbhub.reference.models import CodeListVersion, Population

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _codelists(tmp_path: Path, change: Any = None, name: str = "codelists-3.json") -> Path:
    document = json.loads(CODELISTS_FILE.read_text(encoding="utf-8"))
    document["version"] = "3"
    document["valid_from"] = "2027-01-01"
    document["lists"]["SEX"].append({"code": "X", "label": "Other"})
    if change is not None:
        change(document)
    path = tmp_path / name
    path.write_text(json.dumps(document, indent=1, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_secretariat_loads_a_new_version_of_the_code_lists(users, tmp_path: Path):
    path = _codelists(tmp_path)
    out = run("reference", "load-codelists", str(path), "--as", "secretariat")
    version = CodeListVersion.objects.get(version="3")
    assert out.strip() == (
        f"Code lists version 3 loaded ({version.codes.count()} codes) and is now the current "
        "version."
    )
    assert version.is_current
    assert not CodeListVersion.objects.get(version="2").is_current
    assert version.codes.filter(dimension="SEX", code="X").exists()
    event = AuditEvent.objects.filter(action="reference.codelists.load").latest("id")
    assert event.actor_username == "secretariat"
    assert event.detail["version"] == "3"
    assert event.detail["new"] is True

    again = run("reference", "load-codelists", str(path), "--as", "secretariat")
    assert "was already loaded" in again
    assert CodeListVersion.objects.filter(version="3").count() == 1


def test_a_loaded_version_is_never_changed(users, tmp_path: Path):
    path = _codelists(
        tmp_path, lambda document: document.update(version="1", valid_from="2026-01-01")
    )
    with pytest.raises(CommandError, match="version 1 is already loaded with other codes"):
        run("reference", "load-codelists", str(path), "--as", "secretariat")
    assert not CodeListVersion.objects.get(version="1").codes.filter(code="X").exists()


def _break_entry(document: dict[str, Any]) -> None:
    del document["lists"]["AGE"][2]["label"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_break_entry, r"codelists-3.json, lists → AGE → entry 3: the key 'label' is missing"),
        (
            lambda document: document["lists"].update(COLOUR=[{"code": "R", "label": "Red"}]),
            "lists → COLOUR: unknown dimension",
        ),
        (
            lambda document: document["lists"]["SEX"].append({"code": "F", "label": "Again"}),
            "lists → SEX → entry 6: the code 'F' appears twice",
        ),
    ],
)
def test_a_bad_code_list_entry_is_named(users, tmp_path: Path, change, message):
    path = _codelists(tmp_path, change)
    with pytest.raises(CommandError, match=message):
        run("reference", "load-codelists", str(path), "--as", "secretariat")
    assert not CodeListVersion.objects.filter(version="3").exists()


def test_broken_json_names_the_line(users, tmp_path: Path):
    path = tmp_path / "broken.json"
    path.write_text('{\n  "version": "2",\n  "lists": {,\n}\n', encoding="utf-8")
    with pytest.raises(CommandError, match=r"broken.json, line 3: not valid JSON.*Nothing was"):
        run("reference", "load-codelists", str(path), "--as", "secretariat")


@pytest.mark.parametrize("username", ["rs.coordinator", "rs.statistician", "at.partner"])
def test_only_the_secretariat_loads_reference_data(users, tmp_path: Path, username):
    path = _codelists(tmp_path)
    with pytest.raises(CommandError) as raised:
        run("reference", "load-codelists", str(path), "--as", username)
    message = str(raised.value)
    assert "Your role does not allow: Load new code lists and population figures." in message
    assert "Run the command with --as an account whose role allows it." in message
    assert not CodeListVersion.objects.filter(version="3").exists()
    population = tmp_path / "population.csv"
    population.write_text("country,year,population,source\nRS,2024,1,x\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Your role does not allow: Load new code lists"):
        run("reference", "load-population", str(population), "--as", username)
    refusals = AuditEvent.objects.filter(action="access.refused", actor_username=username)
    assert [event.detail["command"] for event in refusals.order_by("id")] == [
        "reference load-codelists",
        "reference load-population",
    ]


def _population(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "population.csv"
    path.write_text("\n".join(["country,year,population,source", *lines]) + "\n", "utf-8")
    return path


def test_the_secretariat_loads_population_figures(users, tmp_path: Path):
    existing = Population.objects.get(country="RS", year=2020)
    path = _population(
        tmp_path,
        [
            f"RS,2020,{existing.population},{existing.source}",
            "RS,2021,6797105,Statistical Office of the Republic of Serbia (corrected)",
            "XK,2035,1700000,Kosovo Agency of Statistics projection",
        ],
    )
    out = run("reference", "load-population", str(path), "--as", "secretariat")
    assert out.strip() == "Population: 3 row(s) read, 1 added, 1 changed, 1 unchanged."
    assert Population.objects.get(country="RS", year=2021).population == 6797105
    assert Population.objects.get(country="XK", year=2035).population == 1700000
    event = AuditEvent.objects.filter(action="reference.population.load").latest("id")
    assert event.detail == {
        "rows": 3,
        "created": 1,
        "updated": 1,
        "unchanged": 1,
        "file": "population.csv",
    }


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (
            ["RS,2024,6600000,SORS", "ZZ,2024,1000,Nowhere"],
            r"population.csv, line 3, column country: 'ZZ' is not an ISO 3166-1 code\.",
        ),
        (["RS,2024,6600000,SORS", "RS,2024,6600001,SORS"], "line 3: RS 2024 is already on line 2"),
        (["RS,2024,-5,SORS"], "line 2: a population must be positive"),
        ([], "the file has a header but no rows"),
    ],
)
def test_a_bad_population_file_changes_nothing(users, tmp_path: Path, lines, message):
    before = list(Population.objects.order_by("pk").values_list("pk", "population"))
    with pytest.raises(CommandError, match=message) as raised:
        run(
            "reference", "load-population", str(_population(tmp_path, lines)), "--as", "secretariat"
        )
    assert "Nothing was loaded: fix the file and run the command again." in str(raised.value)
    assert list(Population.objects.order_by("pk").values_list("pk", "population")) == before


def test_a_population_file_that_is_not_utf8(users, tmp_path: Path):
    path = tmp_path / "population.csv"
    path.write_bytes(
        "country,year,population,source\nRS,2024,1,Zavod za statistiku Srbije é\n".encode("cp1250")
    )
    with pytest.raises(CommandError, match=r"not UTF-8 text\. Save it as 'CSV UTF-8'"):
        run("reference", "load-population", str(path), "--as", "secretariat")


def test_population_errors_count_blank_lines(users, tmp_path: Path):
    population = tmp_path / "population.csv"
    population.write_text(
        "country,year,population,source\nRS,2024,1,x\n\nRS,20x4,1,x\n", encoding="utf-8"
    )
    with pytest.raises(CommandError, match=r"population.csv, line 4, column year"):
        run("reference", "load-population", str(population), "--as", "secretariat")
