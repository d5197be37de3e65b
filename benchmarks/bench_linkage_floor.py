"""The name floors: recall on replaced names against siblings merged.

    python benchmarks/bench_linkage_floor.py [--shared 2000] [--only 1000] [--seeds 3]

The linker refuses any pair whose name segments agree less than a floor,
however well the dates agree: linking.MIN_NAME_DICE between two countries,
linking.WITHIN_COUNTRY_NAME_DICE within one. Near the floors lie two kinds
of pairs that the encodings cannot tell apart by dates: one person whose
register knows another given or family name (an alias, a married name), and
two siblings of the same family name and date of birth (twins, or siblings
whose dates of birth were estimated together). FEBRL's corruption has the
first and never the second, so FEBRL rewards low floors; this benchmark
puts both in the synthetic registers and measures each floor on them.

Register A is Serbian Cyrillic (`CLEAN_CYRILLIC`), register B noisy Latin
(`NOISY_LATIN`) knowing 3 % of people by another given name and 3 % by
another family name. A share of the people drawn come with a sibling, who
is in the same registers. Neither register holds a person twice, so every
pair within one register is false. Default threshold and hardening; a new
random key per run. Prints Markdown.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from thbhub.linkage import linking
from thbhub.linkage.encoding import Encoder
from thbhub.linkage.files import EncodingSet, read_register
from thbhub.linkage.keys import generate_key
from thbhub.linkage.synthetic import NOISY_LATIN, scenario, write_register

RENAMED_LATIN = replace(NOISY_LATIN, other_given=0.03, other_family=0.03)
# Below the lowest of these the full-date bound (threshold - date weight) /
# name weight, 0.583 at the default threshold, is the floor in effect.
ACROSS_FLOORS = (0.6, 0.65, 0.7, 0.75)
WITHIN_FLOORS = (0.7, 0.75, 0.8, 0.85)
SIBLING_SHARES = (0.0, 0.01, 0.03)


@contextmanager
def floors(across: float, within: float) -> Iterator[None]:
    """The engine with other name floors, for the benchmarks' sweeps only."""
    saved = linking.MIN_NAME_DICE, linking.WITHIN_COUNTRY_NAME_DICE
    linking.MIN_NAME_DICE, linking.WITHIN_COUNTRY_NAME_DICE = across, within
    try:
        yield
    finally:
        linking.MIN_NAME_DICE, linking.WITHIN_COUNTRY_NAME_DICE = saved


@dataclass(frozen=True)
class Outcome:
    precision: float
    recall: float
    false_across: int
    false_within: int
    deduplicated: int


def _encodings(
    folder: Path, rows: list[dict[str, str]], code: str, encoder: Encoder
) -> EncodingSet:
    path = folder / f"{code}.csv"
    write_register(path, rows)
    records = read_register(path)
    return EncodingSet(
        path,
        encoder.key.key_id,
        [code] * len(records),
        [record.record_id for record in records],
        encoder.encode_many(record.identity for record in records),
    )


def measure(
    folder: Path,
    settings: list[tuple[float, float]],
    *,
    shared: int,
    only: int,
    siblings: float,
    seed: int,
) -> list[Outcome]:
    """One outcome per (floor across, floor within), on the same registers and encodings."""
    rows_a, rows_b, truth = scenario(
        shared, only, only, seed=seed, noise_b=RENAMED_LATIN, siblings=siblings
    )
    encoder = Encoder(generate_key())
    sets = [_encodings(folder, rows_a, "AA", encoder), _encodings(folder, rows_b, "BB", encoder)]
    outcomes = []
    for across, within in settings:
        with floors(across, within):
            result = linking.link(sets)
        found = {(m.record_id_a, m.record_id_b) for m in result.matches}
        # Neither register holds a person twice: every pair within one is false.
        within_pairs = sum(1 for m in result.matches if m.country_a == m.country_b)
        hits = len(found & truth)
        outcomes.append(
            Outcome(
                hits / max(1, len(found)),
                hits / len(truth),
                len(found) - hits - within_pairs,
                within_pairs,
                result.deduplicated,
            )
        )
    return outcomes


def main() -> None:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--shared", type=int, default=2000)
    parser.add_argument("--only", type=int, default=1000)
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args()
    seeds = range(1, args.seeds + 1)
    across_default, within_default = linking.MIN_NAME_DICE, linking.WITHIN_COUNTRY_NAME_DICE
    settings = [(floor, within_default) for floor in ACROSS_FLOORS] + [
        (across_default, floor) for floor in WITHIN_FLOORS if floor != within_default
    ]
    people_in_all = args.shared + 2 * args.only
    print(
        f"{people_in_all} people: {args.shared} in both registers, {args.only} more in each; "
        "register B knows 3 % by another given name and 3 % by another family name; "
        f"threshold {linking.DEFAULT_THRESHOLD}, default hardening; sums or means of "
        f"seeds {seeds.start}-{seeds.stop - 1}, a new key per run.\n"
    )
    print(
        "| people drawn with a sibling | floor across | floor within | precision | recall "
        f"| false pairs across | false pairs within | people counted (true {people_in_all}) |"
    )
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as name:
        for share in SIBLING_SHARES:
            runs = [
                measure(
                    Path(name), settings, shared=args.shared, only=args.only, siblings=share, seed=s
                )
                for s in seeds
            ]
            for index, (across, within) in enumerate(settings):
                outcomes = [run[index] for run in runs]
                count = len(outcomes)
                marks = [
                    f"{across:.2f}" + (" (default)" if across == across_default else ""),
                    f"{within:.2f}" + (" (default)" if within == within_default else ""),
                ]
                print(
                    f"| {share:.0%} | {marks[0]} | {marks[1]} "
                    f"| {sum(o.precision for o in outcomes) / count:.4f} "
                    f"| {sum(o.recall for o in outcomes) / count:.4f} "
                    f"| {sum(o.false_across for o in outcomes)} "
                    f"| {sum(o.false_within for o in outcomes)} "
                    f"| {sum(o.deduplicated for o in outcomes) / count:.0f} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
