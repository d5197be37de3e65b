"""Quality and speed of privacy-preserving record linkage, without Django.

    python benchmarks/bench_linkage.py [--shared 2000] [--only 1000] [--compare 20000]
    python benchmarks/bench_linkage.py --speed-only [--repeats 5]

With anonlink installed beside THB Hub, the comparison speed is also measured
side by side with anonlink's C++ candidate generation on the same encodings.

Two synthetic registers (thbhub/linkage/synthetic.py): `shared` people in
both, `only` more in each; one in Serbian Cyrillic, one in noisy Latin.
Prints Markdown tables; copy them into benchmarks/RESULTS.md with the machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import numpy.typing as npt

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from thbhub.linkage.encoding import DEFAULT_FLIP_PROBABILITY, Encoder
from thbhub.linkage.files import (
    EncodingSet,
    RegisterRow,
    identity_of,
    read_register,
    write_encodings,
)
from thbhub.linkage.keys import generate_key
from thbhub.linkage.linking import DEFAULT_THRESHOLD, candidate_pairs, link
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
                    RegisterRow(r["record_id"], r["year_identified"], r["status"], identity_of(r))
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


def random_encodings(count: int) -> npt.NDArray[np.uint8]:
    rng = np.random.default_rng(1)
    # Random encodings with the fill of real ones (about a quarter of the bits set).
    bits: npt.NDArray[np.uint8] = np.packbits(rng.random((count, 1024)) < 0.25, axis=1)
    return bits


def realistic_encodings(count: int) -> npt.NDArray[np.uint8]:
    """Half the people twice: clean Cyrillic first, noisy Latin second."""
    rng = random.Random(7)
    crowd = people(count // 2, rng)
    encoder = Encoder(generate_key())
    halves = []
    for noise, prefix in ((CLEAN_CYRILLIC, "A"), (NOISY_LATIN, "B")):
        rows = [register_row(p, f"{prefix}{i}", noise, rng) for i, p in enumerate(crowd)]
        halves.append(encoder.encode_many(identity_of(r) for r in rows))
    return np.concatenate(halves)


def comparison_speed(bits: npt.NDArray[np.uint8]) -> float:
    """Comparisons/s of the embedded engine, every record against every other."""
    count = len(bits)
    started = time.perf_counter()
    candidate_pairs(bits, bits, DEFAULT_THRESHOLD, same=True)
    return count * (count - 1) / 2 / (time.perf_counter() - started)


def side_by_side(bits: npt.NDArray[np.uint8], repeats: int) -> tuple[float, float | None]:
    """Median comparisons/s of the engine and of anonlink, first half against second half.

    anonlink (``find_candidate_pairs`` with ``dice_coefficient_accelerated``,
    its C++ code) computes the plain Dice of the whole 1024 bits at the same
    threshold: less work per pair than the hub's two-segment score, and the
    same inputs. None when anonlink is not installed (it is no dependency of
    THB Hub; ``pip install anonlink`` beside it for this comparison). The two
    take turns, so that a change in the machine's load weighs on both.
    """
    left, right = bits[: len(bits) // 2], bits[len(bits) // 2 :]
    comparisons = len(left) * len(right)
    try:
        with warnings.catch_warnings():
            # anonlink 0.15 imports the deprecated pkg_resources.
            warnings.simplefilter("ignore")
            import anonlink  # optional, for this comparison only
            from bitarray import bitarray  # installed with anonlink
    except ImportError:
        anonlink = None

    def engine_run() -> float:
        started = time.perf_counter()
        candidate_pairs(left, right, DEFAULT_THRESHOLD)
        return comparisons / (time.perf_counter() - started)

    if anonlink is None:
        return statistics.median(engine_run() for _ in range(repeats)), None

    def clk(row: npt.NDArray[np.uint8]) -> bitarray:
        packed = bitarray(endian="big")
        packed.frombytes(row.tobytes())
        return packed

    clks = [[clk(row) for row in left], [clk(row) for row in right]]
    engine, reference = [], []
    for _ in range(repeats):
        engine.append(engine_run())
        started = time.perf_counter()
        anonlink.candidate_generation.find_candidate_pairs(
            clks, anonlink.similarities.dice_coefficient_accelerated, DEFAULT_THRESHOLD
        )
        reference.append(comparisons / (time.perf_counter() - started))
    return statistics.median(engine), statistics.median(reference)


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
        identities = [identity_of(r) for r in rows]
        bits = encoder.encode_many(identities)
        sets.append(
            EncodingSet(
                Path(code), "0" * 16, [code] * len(rows), [r["record_id"] for r in rows], bits
            )
        )
    started = time.perf_counter()
    result = link(sets)
    return time.perf_counter() - started, result.total, len(result.matches)


def side_by_side_table(count: int, repeats: int) -> str:
    lines = [
        (
            f"\nSide by side, {count // 2:,} x {count // 2:,} encodings, threshold "
            f"{DEFAULT_THRESHOLD}, median of {repeats} runs, load average "
            f"{os.getloadavg()[0]:.1f} at the start:\n"
        ),
        "| encodings | THB Hub engine, comparisons/s | anonlink, comparisons/s | ratio |",
        "|---|---|---|---|",
    ]
    for name, bits in (
        ("random", random_encodings(count)),
        ("realistic", realistic_encodings(count)),
    ):
        engine, reference = side_by_side(bits, repeats)
        if reference is None:
            lines.append(f"| {name} | {engine:,.0f} | not installed | |")
        else:
            lines.append(
                f"| {name} | {engine:,.0f} | {reference:,.0f} | {engine / reference:.2f} |"
            )
    lines.append(f"\nLoad average at the end: {os.getloadavg()[0]:.1f}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=int, default=2000)
    parser.add_argument("--only", type=int, default=1000)
    parser.add_argument("--compare", type=int, default=20000)
    parser.add_argument("--regional", type=int, default=0, help="also link this many records")
    parser.add_argument("--repeats", type=int, default=5, help="runs of each side-by-side speed")
    parser.add_argument(
        "--speed-only", action="store_true", help="only the side-by-side comparison speed"
    )
    args = parser.parse_args()
    if args.speed_only:
        print(f"Machine: {machine()}")
        print(side_by_side_table(args.compare, args.repeats))
        return
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
    rate = comparison_speed(random_encodings(args.compare))
    real_rate = comparison_speed(realistic_encodings(args.compare))
    print("\n| speed | value |\n|---|---|")
    print(f"| encoding, records/s (normalise + Bloom filter + hardening) | {encode_only:,.0f} |")
    print(
        f"| encode command end to end, records/s (read CSV, check, encode, write) | {whole:,.0f} |"
    )
    print(
        f"| comparisons/s ({args.compare:,} records against each other, "
        f"two-segment Dice, threshold {DEFAULT_THRESHOLD}) | {rate:,.0f} |"
    )
    print(
        f"| comparisons/s, the same on {args.compare:,} realistic encodings "
        f"(synthetic people, half of them twice) | {real_rate:,.0f} |"
    )
    print(side_by_side_table(args.compare, args.repeats))
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
