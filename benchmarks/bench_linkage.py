"""Quality and speed of privacy-preserving record linkage, without Django.

    python benchmarks/bench_linkage.py [--shared 2000] [--only 1000] [--compare 20000]

Two synthetic registers (thbhub/linkage/synthetic.py): `shared` people in
both, `only` more in each; one in Serbian Cyrillic, one in noisy Latin.
Prints Markdown tables; copy them into benchmarks/RESULTS.md with the machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from thbhub.linkage.encoding import DEFAULT_FLIP_PROBABILITY, Encoder, Identity
from thbhub.linkage.files import EncodingSet, RegisterRow, read_register, write_encodings
from thbhub.linkage.keys import generate_key
from thbhub.linkage.linking import DEFAULT_THRESHOLD, candidate_pairs, link
from thbhub.linkage.normalise import name_parts, parse_date, parse_sex
from thbhub.linkage.synthetic import (
    CLEAN_CYRILLIC,
    NOISY_LATIN,
    people,
    register_row,
    scenario,
    write_register,
)

SEEDS = (1, 2, 3, 4, 5)
THRESHOLDS = (0.65, 0.70, 0.72, 0.75, 0.78, 0.80, 0.85)
FLIPS = (0.0, 0.01, DEFAULT_FLIP_PROBABILITY, 0.03)


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, numpy {np.__version__}"
    )


def quality(
    rows_a: list[RegisterRow], rows_b: list[RegisterRow], truth: set[tuple[str, str]], flip: float
) -> list[tuple[float, float, float]]:
    key = generate_key()
    encoder = Encoder(key, flip_probability=flip)
    sets = [
        EncodingSet(
            Path(name),
            key.key_id,
            [name] * len(rows),
            [r.record_id for r in rows],
            encoder.encode_many(r.identity for r in rows),
        )
        for name, rows in (("AA", rows_a), ("BB", rows_b))
    ]
    result = []
    for threshold in THRESHOLDS:
        found = {(m.record_id_a, m.record_id_b) for m in link(sets, threshold).matches}
        hits = len(found & truth)
        result.append((threshold, hits / max(1, len(found)), hits / len(truth)))
    return result


def seed_quality(shared: int, only: int) -> list[tuple[int, float, float, int]]:
    """Precision, recall and within-register false matches at the defaults, per seed and key."""
    result = []
    for seed in SEEDS:
        raw_a, raw_b, truth = scenario(shared, only, only, seed=seed)
        rows = []
        for raw in (raw_a, raw_b):
            rows.append(
                [
                    RegisterRow(
                        r["record_id"],
                        r["year_identified"],
                        r["status"],
                        Identity(
                            (*name_parts(r["given_name"]), *name_parts(r["family_name"])),
                            parse_date(r["date_of_birth"]),
                            parse_sex(r["sex"]),
                        ),
                    )
                    for r in raw
                ]
            )
        key = generate_key()
        encoder = Encoder(key)
        sets = [
            EncodingSet(
                Path(name),
                key.key_id,
                [name] * len(register),
                [r.record_id for r in register],
                encoder.encode_many(r.identity for r in register),
            )
            for name, register in (("AA", rows[0]), ("BB", rows[1]))
        ]
        matches = link(sets).matches
        found = {(m.record_id_a, m.record_id_b) for m in matches}
        hits = len(found & truth)
        within = sum(1 for m in matches if m.country_a == m.country_b)
        result.append((seed, hits / max(1, len(found)), hits / len(truth), within))
    return result


def encoding_speed(rows: list[RegisterRow]) -> float:
    encoder = Encoder(generate_key())
    started = time.perf_counter()
    bits = encoder.encode_many(r.identity for r in rows)
    assert bits.shape[0] == len(rows)
    return len(rows) / (time.perf_counter() - started)


def comparison_speed(count: int) -> float:
    rng = np.random.default_rng(1)
    # Random encodings with the fill of real ones (about a quarter of the bits set).
    bits = np.packbits(rng.random((count, 1024)) < 0.25, axis=1)
    started = time.perf_counter()
    candidate_pairs(bits, bits, DEFAULT_THRESHOLD, same=True)
    return count * (count - 1) / 2 / (time.perf_counter() - started)


def regional_run(count: int, countries: int) -> tuple[float, int, int]:
    """Seconds to link `count` records spread over `countries` encodings sets."""
    rng = random.Random(7)
    crowd = people(count, rng)
    encoder = Encoder(generate_key())
    noise = (CLEAN_CYRILLIC, NOISY_LATIN)
    sets = []
    per_country = count // countries
    for number in range(countries):
        code = f"{chr(65 + number // 26)}{chr(65 + number % 26)}"
        chunk = crowd[number * per_country : (number + 1) * per_country]
        rows = [register_row(p, f"{code}{i}", noise[number % 2], rng) for i, p in enumerate(chunk)]
        identities = [
            Identity(
                (*name_parts(r["given_name"]), *name_parts(r["family_name"])),
                parse_date(r["date_of_birth"]),
                parse_sex(r["sex"]),
            )
            for r in rows
        ]
        bits = encoder.encode_many(identities)
        sets.append(
            EncodingSet(
                Path(code), "0" * 16, [code] * len(rows), [r["record_id"] for r in rows], bits
            )
        )
    started = time.perf_counter()
    result = link(sets)
    return time.perf_counter() - started, result.total, len(result.matches)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=int, default=2000)
    parser.add_argument("--only", type=int, default=1000)
    parser.add_argument("--compare", type=int, default=20000)
    parser.add_argument("--regional", type=int, default=0, help="also link this many records")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="thbhub-linkage-bench-"))
    rows_a, rows_b, truth = scenario(args.shared, args.only, args.only, seed=3)
    write_register(folder / "a.csv", rows_a)
    write_register(folder / "b.csv", rows_b, delimiter=";")
    started = time.perf_counter()
    register_a = read_register(folder / "a.csv")
    register_b = read_register(folder / "b.csv")
    key = generate_key()
    encoder = Encoder(key)
    for name, register in (("a", register_a), ("b", register_b)):
        bits = encoder.encode_many(r.identity for r in register)
        write_encodings(folder / f"{name}-enc.csv", register, "RS", key.key_id, bits)
    whole = (len(register_a) + len(register_b)) / (time.perf_counter() - started)
    encode_only = encoding_speed(register_a + register_b)
    print(f"Machine: {machine()}")
    print(
        f"Registers: {len(register_a)} (Cyrillic) and {len(register_b)} (noisy Latin) "
        f"records, {len(truth)} people in both\n"
    )
    print("| hardening (flip probability) | " + " | ".join(f"T={t}" for t in THRESHOLDS) + " |")
    print("|---|" + "---|" * len(THRESHOLDS))
    for flip in FLIPS:
        cells = " | ".join(
            f"P {p:.3f} / R {r:.3f}" for _, p, r in quality(register_a, register_b, truth, flip)
        )
        marker = " (default)" if flip == DEFAULT_FLIP_PROBABILITY else ""
        print(f"| {flip}{marker} | {cells} |")
    print("\n| seed (new random key each) | precision | recall | within-register pairs |")
    print("|---|---|---|---|")
    for seed, precision, recall, within in seed_quality(args.shared, args.only):
        print(f"| {seed} | {precision:.3f} | {recall:.3f} | {within} |")
    rate = comparison_speed(args.compare)
    print("\n| speed | value |\n|---|---|")
    print(f"| encoding, records/s (normalise + Bloom filter + hardening) | {encode_only:,.0f} |")
    print(
        f"| encode command end to end, records/s (read CSV, check, encode, write) | {whole:,.0f} |"
    )
    print(
        f"| comparisons/s ({args.compare:,} records against each other, "
        f"two-segment Dice, threshold {DEFAULT_THRESHOLD}) | {rate:,.0f} |"
    )
    if args.regional:
        seconds, total, pairs = regional_run(args.regional, 40)
        print(
            f"| regional run, {total:,} records in 40 countries, {pairs:,} pairs "
            f"| {seconds / 60:.1f} min |"
        )
    print(
        f"| estimated 100,000-record regional run (5.0e9 comparisons) | {5e9 / rate / 60:.1f} min |"
    )


if __name__ == "__main__":
    main()
