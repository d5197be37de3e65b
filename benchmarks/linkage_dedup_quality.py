"""Quality of `thbhub linkage dedup` on synthetic registers of one country.

    python benchmarks/linkage_dedup_quality.py [--people 1000] [--seed 1] [--no-bloom]

One country's police (Serbian Cyrillic, few errors), social services and
an NGO (Latin, noisy: dropped diacritics, typos, swapped name order, swapped
day and month, partial and missing dates, double family names; see
`thbhub.linkage.synthetic.NOISY_LATIN`) each register part of the same
people, and each register holds some people twice. The registers are
written as CSV files and deduplicated as the command does it; precision
and recall count every pair of records inside one cluster against the true
pairs, and the count of distinct persons is compared with the truth.

The same records are also encoded with a fresh key and linked by the
embedded Bloom-filter linker (`thbhub linkage encode` + `link`, all records
as one country), as the privacy-preserving reference.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

from thbhub.linkage.dedup import (
    DEFAULT_THRESHOLD,
    clusters,
    read_sources,
    score_pairs,
)
from thbhub.linkage.encoding import Encoder
from thbhub.linkage.files import EncodingSet
from thbhub.linkage.keys import generate_key
from thbhub.linkage.linking import DEFAULT_THRESHOLD as BLOOM_THRESHOLD
from thbhub.linkage.linking import link
from thbhub.linkage.synthetic import (
    CLEAN_CYRILLIC,
    NOISY_LATIN,
    Noise,
    people,
    register_row,
    write_register,
)

# Source, share of the country's victims it registers, how it writes them.
SOURCES: tuple[tuple[str, float, Noise], ...] = (
    ("police", 0.55, CLEAN_CYRILLIC),
    ("social-services", 0.45, NOISY_LATIN),
    ("ngo", 0.30, NOISY_LATIN),
)
# Share of a source's people it registers a second time.
REPEAT = 0.05
THRESHOLDS = (0.5, 0.7, 0.8, 0.9, 0.95, 0.99)


def country(count: int, seed: int) -> tuple[dict[str, list[dict[str, str]]], dict[str, int]]:
    """The registers by source, and the person behind each "source:record_id"."""
    rng = random.Random(seed)
    crowd = people(count, rng)
    registers: dict[str, list[dict[str, str]]] = {name: [] for name, _, _ in SOURCES}
    person: dict[str, int] = {}
    for index, someone in enumerate(crowd):
        chosen = [source for source in SOURCES if rng.random() < source[1]] or [SOURCES[0]]
        for name, _, noise in chosen:
            for _ in range(2 if rng.random() < REPEAT else 1):
                record_id = f"{name[:3].upper()}-{len(registers[name]):06d}"
                registers[name].append(register_row(someone, record_id, noise, rng))
                person[f"{name}:{record_id}"] = index
    for rows in registers.values():
        rng.shuffle(rows)
    return registers, person


def _pairs(groups: dict[object, list[str]]) -> set[frozenset[str]]:
    return {frozenset(pair) for members in groups.values() for pair in combinations(members, 2)}


def _quality(found: set[frozenset[str]], truth: set[frozenset[str]]) -> tuple[float, float]:
    true_positives = len(found & truth)
    precision = true_positives / len(found) if found else 1.0
    recall = true_positives / len(truth) if truth else 1.0
    return precision, recall


def _bloom(
    work: Path, keys: list[str], truth: set[frozenset[str]], threshold: float
) -> tuple[float, float, int, float]:
    """Precision, recall, persons and seconds of the embedded Bloom-filter linker."""
    from thbhub.linkage.files import read_register

    started = time.perf_counter()
    key = generate_key()
    encoder = Encoder(key)
    record_ids: list[str] = []
    chunks = []
    for name, _, _ in SOURCES:
        rows = read_register(work / f"{name}.csv")
        chunks.append(encoder.encode_many(row.identity for row in rows))
        record_ids.extend(f"{name}:{row.record_id}" for row in rows)
    import numpy as np

    encodings = EncodingSet(
        path=work / "all.csv",
        key_id=key.key_id,
        countries=["RS"] * len(record_ids),
        record_ids=record_ids,
        bits=np.concatenate(chunks),
    )
    result = link([encodings], threshold)
    seconds = time.perf_counter() - started
    groups: dict[object, list[str]] = {}
    for match in result.matches:
        members = groups.setdefault(match.cluster_id, [])
        for record in (match.record_id_a, match.record_id_b):
            if record not in members:
                members.append(record)
    precision, recall = _quality(_pairs(groups), truth)
    assert len(record_ids) == len(keys)
    return precision, recall, result.deduplicated, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-bloom", action="store_true", help="skip the Bloom-filter linker")
    args = parser.parse_args()
    registers, person = country(args.people, args.seed)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        paths = []
        for name, rows in registers.items():
            paths.append(work / f"{name}.csv")
            write_register(paths[-1], rows)
        started = time.perf_counter()
        records = read_sources(paths, [name for name, _, _ in SOURCES])
        pairs = score_pairs(records, min(THRESHOLDS))
        seconds = time.perf_counter() - started
        keys = [f"{record.source}:{record.record_id}" for record in records]
        truth_groups: dict[object, list[str]] = {}
        for key in keys:
            truth_groups.setdefault(person[key], []).append(key)
        truth = _pairs(truth_groups)
        true_persons = len(truth_groups)
        sizes = ", ".join(f"{name} {len(rows)}" for name, rows in registers.items())
        print(
            f"{len(records)} records ({sizes}) of {true_persons} persons; "
            f"{len(truth)} true pairs; seed {args.seed}"
        )
        print(f"Splink dedup: {seconds:.1f} s for reading, training and scoring")
        print()
        print("| threshold | precision | recall | persons counted | true persons |")
        print("|---|---|---|---|---|")
        for threshold in THRESHOLDS:
            chosen = clusters(len(records), pairs, threshold)
            groups: dict[object, list[str]] = {}
            for key, cluster in zip(keys, chosen, strict=True):
                groups.setdefault(cluster, []).append(key)
            precision, recall = _quality(_pairs(groups), truth)
            mark = " (default)" if threshold == DEFAULT_THRESHOLD else ""
            print(
                f"| {threshold}{mark} | {precision:.3f} | {recall:.3f} | {len(groups)} "
                f"| {true_persons} |"
            )
        if not args.no_bloom:
            precision, recall, persons, seconds = _bloom(work, keys, truth, BLOOM_THRESHOLD)
            print()
            print(
                f"Bloom-filter linker at Dice {BLOOM_THRESHOLD}: precision {precision:.3f}, "
                f"recall {recall:.3f}, persons {persons} (true {true_persons}), "
                f"{seconds:.1f} s encoding and linking"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
