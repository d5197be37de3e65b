"""`thbhub linkage dedup`: one country's police, social services and NGO registers, one count."""

from __future__ import annotations

import csv
import random
import re
from collections import defaultdict
from pathlib import Path

import pytest

from thbhub.cli import main as thbhub
from thbhub.linkage.dedup import source_labels
from thbhub.linkage.synthetic import (
    FEMALE,
    Noise,
    people,
    register_row,
    to_cyrillic,
    write_register,
)

pytest.importorskip("splink", reason="thbhub linkage dedup needs Splink (pip install splink)")

PEOPLE = 60
NAMESAKE = ("Ana", "Jovanović")


def run(*args: object) -> object:
    with pytest.raises(SystemExit) as stop:
        thbhub(["linkage", *map(str, args)])
    return stop.value.code


def _with_error(kind: int, row: dict[str, str]) -> dict[str, str]:
    """One kind of error a register holds, chosen by `kind`."""
    year, month, day = (row["date_of_birth"] or "--").split("-")
    if kind == 1:
        row["family_name"] = row["family_name"][:2] + row["family_name"][3:]  # a letter dropped
    elif kind == 2 and int(day) <= 12:
        row["date_of_birth"] = f"{year}-{day}-{month}"  # day and month swapped
    elif kind == 3:
        row["date_of_birth"] = ""
    elif kind == 4:
        row["given_name"], row["family_name"] = row["family_name"], row["given_name"]
        row["sex"] = ""
    elif kind == 5:
        row["date_of_birth"] = year
    elif kind == 6:
        row["family_name"] = f"{row['family_name']}-Petrović"  # a second family name added
    elif kind == 7:
        row["given_name"] = row["given_name"][1] + row["given_name"][0] + row["given_name"][2:]
    return row


@pytest.fixture
def registers(tmp_path: Path) -> tuple[list[Path], dict[tuple[str, str], int]]:
    """Three registers of one country and the person behind each (source, record id).

    Police write Serbian Cyrillic; social services Latin, with diacritics
    dropped and one kind of error per person; the NGO Latin, and it holds
    one of its clients twice. Two different women share a common name.
    """
    rng = random.Random(7)  # noqa: S311 — synthetic people, not secrets
    crowd = people(PEOPLE, rng)
    person: dict[tuple[str, str], int] = {}
    police, social, ngo = [], [], []
    for index, someone in enumerate(crowd[:40]):
        row = register_row(someone, f"PU-{index:03d}", Noise(), rng)
        row["given_name"], row["family_name"] = (
            to_cyrillic(someone.given),
            to_cyrillic(someone.family),
        )
        police.append(row)
        person["police", row["record_id"]] = index
    for index, someone in enumerate(crowd[20:], start=20):
        row = register_row(someone, f"CSR/{2024}/{index}", Noise(drop_diacritics=1.0), rng)
        social.append(_with_error(index % 8, row))
        person["social-services", row["record_id"]] = index
    for number, index in enumerate([*range(10), 45, 46, 47, 52, 52]):
        row = register_row(crowd[index], f"N{number}", Noise(), rng)
        ngo.append(_with_error(number % 8 if index != 52 else 0, row))
        person["ngo", row["record_id"]] = index
    # Two different women of the same common name: same name, same sex, other dates.
    for number, birth in enumerate(("1990-03-05", "1972-11-20")):
        row = register_row(crowd[0], f"PU-9{number}", Noise(), rng)
        row.update(
            given_name=to_cyrillic(NAMESAKE[0]),
            family_name=to_cyrillic(NAMESAKE[1]),
            date_of_birth=birth,
            sex="F",
        )
        police.append(row)
        person["police", row["record_id"]] = PEOPLE + number
    assert NAMESAKE[0] in FEMALE
    paths = [tmp_path / "police.csv", tmp_path / "social services.csv", tmp_path / "ngo.csv"]
    write_register(paths[0], police)
    write_register(paths[1], social, delimiter=";")  # Excel in the region separates with ';'
    write_register(paths[2], ngo)
    return paths, person


def _labels() -> list[str]:
    return [
        "--source-label",
        "police",
        "--source-label",
        "social-services",
        "--source-label",
        "ngo",
    ]


def test_each_person_is_counted_once_across_the_registers(tmp_path, registers, capsys):
    paths, person = registers
    out = tmp_path / "clusters.csv"
    assert run("dedup", *paths, *_labels(), "--out", out) == 0
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["record_id", "source", "cluster_id", "match_probability"]
    # One row per record, nothing more.
    assert sorted((row["source"], row["record_id"]) for row in rows) == sorted(person)
    members: dict[str, set[int]] = defaultdict(set)
    clusters_of: dict[int, set[str]] = defaultdict(set)
    for row in rows:
        members[row["cluster_id"]].add(person[row["source"], row["record_id"]])
        clusters_of[person[row["source"], row["record_id"]]].add(row["cluster_id"])
    merged_strangers = {cluster: who for cluster, who in members.items() if len(who) > 1}
    split_people = {who: clusters for who, clusters in clusters_of.items() if len(clusters) > 1}
    assert merged_strangers == {}
    assert split_people == {}
    distinct = PEOPLE + 2
    assert len(members) == distinct
    # A merged record says how sure the merge is; a record alone has no probability.
    for row in rows:
        alone = len([r for r in rows if r["cluster_id"] == row["cluster_id"]]) == 1
        assert (row["match_probability"] == "") == alone
        if not alone:
            assert 0.9 <= float(row["match_probability"]) <= 1.0
    output = capsys.readouterr().out
    total = len(person)
    assert f"Records: {total} (police 42, social-services 40, ngo 15)." in output
    assert f"Distinct persons at match probability 0.9: {distinct} " in output
    found = re.search(r"Range: between (\d+) .* and (\d+) ", output)
    assert found is not None
    low, high = map(int, found.groups())
    assert low <= distinct <= high
    # The file says who is who by record id only: no name or date is copied into it.
    text = out.read_text(encoding="utf-8")
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            delimiter = ";" if "social" in path.name else ","
            for row in csv.DictReader(handle, delimiter=delimiter):
                for column in ("given_name", "family_name", "date_of_birth"):
                    assert not row[column] or row[column] not in text


def test_sources_are_named_after_the_files_unless_labelled(registers):
    paths, _ = registers
    assert source_labels(paths, None) == ["police", "social services", "ngo"]
    assert source_labels(paths, ["MUP", " CSR ", "Atina"]) == ["MUP", "CSR", "Atina"]


def test_a_bad_register_is_refused_with_where_and_how_and_nothing_is_written(
    tmp_path, registers, capsys
):
    paths, _ = registers
    broken = tmp_path / "broken.csv"
    with paths[0].open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    rows[2]["date_of_birth"] = "1990-13-01"
    write_register(broken, rows)
    out = tmp_path / "clusters.csv"
    assert run("dedup", broken, paths[2], "--out", out) == 1
    error = capsys.readouterr().err
    assert f"{broken}, line 4, column date_of_birth, value '1990-13-01'" in error
    assert "the month must be between 01 and 12" in error
    assert not out.exists()

    assert run("dedup", tmp_path / "missing.csv", "--out", out) == 1
    assert "missing.csv: cannot read the register" in capsys.readouterr().err
    assert run("dedup", paths[0], paths[0], "--out", out) == 1
    assert "same source label 'police'" in capsys.readouterr().err
    assert run("dedup", *paths, "--source-label", "police", "--out", out) == 1
    assert "--source-label given 1 time(s) for 3 register(s)" in capsys.readouterr().err
    assert run("dedup", *paths, "--threshold", "1.5", "--out", out) == 1
    assert "--threshold 1.5: give a match probability between 0 and 1" in capsys.readouterr().err
    assert run("dedup", *paths, "--out", tmp_path / "no such folder" / "clusters.csv") == 1
    assert "does not exist; create it" in capsys.readouterr().err
    assert not out.exists()
    assert run("dedup", "--out", out) == 2
