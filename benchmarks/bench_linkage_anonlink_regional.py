"""THB Hub against clkhash/anonlink on the synthetic regional registers.

    pip install anonlink clkhash   # optional; they pin old libraries
    python benchmarks/bench_linkage_anonlink_regional.py [--seeds 3]

FEBRL (linkage_quality_febrl.py) has English names, few namesakes, no
siblings and no partial dates. These registers have what the region's
registers have: short name lists (namesakes), Serbian Cyrillic against noisy
Latin, swapped names, day/month swaps, partial and missing dates. The
second scenario adds people known by another given or family name and
siblings of one family name and date of birth (bench_linkage_floor.py).

clkhash cannot read Cyrillic as Latin, so it is given the names as THB
Hub's own normalisation writes them (`normalise.linkage_names`): the
comparison is of the encoding and the scoring, not of transliteration. It
encodes given name, family name and date of birth with bigrams, 200 bits
each, as in the FEBRL benchmark (`CLKHASH_SCHEMA`); anonlink links across
the two registers with its greedy solver. THB Hub's pairs are counted across
the registers only, as anonlink's are. Prints Markdown.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_linkage_floor import RENAMED_LATIN, _encodings
from linkage_quality_febrl import anonlink_quality

from thbhub.linkage.encoding import Encoder
from thbhub.linkage.keys import generate_key
from thbhub.linkage.linking import DEFAULT_THRESHOLD, link
from thbhub.linkage.normalise import linkage_names
from thbhub.linkage.synthetic import NOISY_LATIN, Noise, scenario, write_register

THRESHOLDS = (0.75, 0.8, 0.85)
SCENARIOS: tuple[tuple[str, Noise, float], ...] = (
    ("noisy Latin", NOISY_LATIN, 0.0),
    ("noisy Latin, 6 % known by another name, 3 % drawn with a sibling", RENAMED_LATIN, 0.03),
)


def _normalised(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return [
        row
        | {
            "given_name": " ".join(linkage_names(row["given_name"])),
            "family_name": " ".join(linkage_names(row["family_name"])),
        }
        for row in rows
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args()
    print(
        "Register A Serbian Cyrillic, register B as named; 2,000 people in both, 1,000 more "
        f"in each; seeds 1-{args.seeds}, a new key per run; pairs across the registers.\n"
    )
    print("| register B | seed | tool, threshold | precision | recall |")
    print("|---|---|---|---|---|")
    for label, noise, siblings in SCENARIOS:
        for seed in range(1, args.seeds + 1):
            rows_a, rows_b, truth = scenario(
                2000, 1000, 1000, seed=seed, noise_b=noise, siblings=siblings
            )
            with tempfile.TemporaryDirectory() as name:
                work = Path(name)
                encoder = Encoder(generate_key())
                sets = [
                    _encodings(work, rows_a, "AA", encoder),
                    _encodings(work, rows_b, "BB", encoder),
                ]
                found = {
                    (m.record_id_a, m.record_id_b)
                    for m in link(sets).matches
                    if m.country_a != m.country_b
                }
                hits = len(found & truth)
                print(
                    f"| {label} | {seed} | THB Hub, {DEFAULT_THRESHOLD} (default) "
                    f"| {hits / len(found):.4f} | {hits / len(truth):.4f} |"
                )
                write_register(work / "a.csv", _normalised(rows_a))
                write_register(work / "b.csv", _normalised(rows_b))
                ids = {row["record_id"]: row["record_id"] for row in rows_a + rows_b}
                pairs = {frozenset(pair) for pair in truth}
                for threshold in THRESHOLDS:
                    measured = anonlink_quality(work, threshold, pairs, ids)
                    if measured is None:
                        print(f"| {label} | {seed} | anonlink not installed | | |")
                        break
                    print(
                        f"| {label} | {seed} | anonlink, {threshold} "
                        f"| {measured[0]:.4f} | {measured[1]:.4f} |",
                        flush=True,
                    )


if __name__ == "__main__":
    main()
