"""Linkage quality of encoding scheme 1 against scheme 2 on Albanian names in Cyrillic.

    python benchmarks/bench_linkage_scheme.py [--shared 2000] [--only 1000] [--albanian 0.15]

Scheme 1 folded names letter by letter (normalise.name_parts); scheme 2
writes them as they sound (normalise.linkage_names), so Albanian names that
Serbian and Macedonian registers write in Cyrillic (Hoxha → Хоџа, Krasniqi
→ Краснићи or Красниќи) meet their Latin spelling. Register A is written in
Serbian or in Macedonian Cyrillic, register B in noisy Latin; a share of the
people have Albanian names. Everything else (dates, sex, weights, layout,
hardening, threshold) is the same for both schemes. Prints Markdown.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from thbhub.linkage.encoding import Encoder, Identity
from thbhub.linkage.files import EncodingSet
from thbhub.linkage.keys import generate_key
from thbhub.linkage.linking import link
from thbhub.linkage.normalise import linkage_names, name_parts, parse_date, parse_sex
from thbhub.linkage.synthetic import (
    ALBANIAN_FAMILY,
    ALBANIAN_FEMALE,
    ALBANIAN_MALE,
    CLEAN_CYRILLIC,
    CLEAN_MACEDONIAN,
    Noise,
    people,
    scenario,
)

SEEDS = (1, 2, 3, 4, 5)
Names = Callable[..., tuple[str, ...]]


def scheme_1_names(*texts: str) -> tuple[str, ...]:
    return tuple(part for text in texts for part in name_parts(text))


def _encodings(
    rows: list[dict[str, str]], code: str, names: Names, encoder: Encoder
) -> EncodingSet:
    identities = [
        Identity(
            names(row["given_name"], row["family_name"]),
            parse_date(row["date_of_birth"]),
            parse_sex(row["sex"]),
        )
        for row in rows
    ]
    return EncodingSet(
        Path(code),
        encoder.key.key_id,
        [code] * len(rows),
        [row["record_id"] for row in rows],
        encoder.encode_many(identities),
    )


def measure(
    noise_a: Noise, names: Names, *, shared: int, only: int, albanian: float, seed: int
) -> tuple[float, float, float, int]:
    """Precision, recall, recall of the people with Albanian names, and their number."""
    rows_a, rows_b, truth = scenario(
        shared, only, only, seed=seed, noise_a=noise_a, albanian=albanian
    )
    # scenario() draws its people first from the same seed, so they are these.
    crowd = people(shared + 2 * only, random.Random(seed), albanian=albanian)
    albanian_names = {*ALBANIAN_FEMALE, *ALBANIAN_MALE, *ALBANIAN_FAMILY}
    of_albanians = {pair for pair in truth if crowd[int(pair[0][1:])].family in albanian_names}
    encoder = Encoder(generate_key())
    sets = [_encodings(rows_a, "AA", names, encoder), _encodings(rows_b, "BB", names, encoder)]
    found = {(m.record_id_a, m.record_id_b) for m in link(sets).matches}
    hits = len(found & truth)
    return (
        hits / max(1, len(found)),
        hits / len(truth),
        len(found & of_albanians) / max(1, len(of_albanians)),
        len(of_albanians),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--shared", type=int, default=2000)
    parser.add_argument("--only", type=int, default=1000)
    parser.add_argument("--albanian", type=float, default=0.15)
    args = parser.parse_args()
    print(
        f"{args.shared} people in both registers, {args.only} more in each, "
        f"{args.albanian:.0%} with Albanian names; default threshold and hardening; "
        "a new random key per run.\n"
    )
    print(
        "| register A | scheme | precision per seed | recall per seed | mean P / R "
        "| recall, Albanian names |"
    )
    print("|---|---|---|---|---|---|")
    for label, noise in (
        ("Serbian Cyrillic", CLEAN_CYRILLIC),
        ("Macedonian Cyrillic", CLEAN_MACEDONIAN),
    ):
        for scheme, names in (("1", scheme_1_names), ("2", linkage_names)):
            runs = [
                measure(
                    noise, names, shared=args.shared, only=args.only, albanian=args.albanian, seed=s
                )
                for s in SEEDS
            ]
            precision = " ".join(f"{run[0]:.3f}" for run in runs)
            recall = " ".join(f"{run[1]:.3f}" for run in runs)
            mean_p = sum(run[0] for run in runs) / len(runs)
            mean_r = sum(run[1] for run in runs) / len(runs)
            albanian = sum(run[2] for run in runs) / len(runs)
            count = sum(run[3] for run in runs) // len(runs)
            print(
                f"| {label} | {scheme} | {precision} | {recall} | {mean_p:.3f} / {mean_r:.3f} "
                f"| {albanian:.3f} (of {count} true pairs) |",
                flush=True,
            )


if __name__ == "__main__":
    main()
