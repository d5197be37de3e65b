"""`thbhub linkage ...`: keygen, encode, link and dedup, without Django.

Exit codes: 0 done, 1 refused input (the message says where and how to fix
it; nothing was written), 2 wrong command-line usage.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import time
from pathlib import Path

from thbhub.linkage import LinkageError, dedup
from thbhub.linkage.encoding import DEFAULT_FLIP_PROBABILITY, Encoder
from thbhub.linkage.files import (
    check_country,
    read_encodings,
    read_register,
    write_atomically,
    write_encodings,
)
from thbhub.linkage.keys import generate_key, load_key, write_key
from thbhub.linkage.linking import DEFAULT_THRESHOLD, LinkResult, link

MATCH_COLUMNS = ("cluster_id", "country_a", "record_id_a", "country_b", "record_id_b", "score")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="thbhub linkage",
        description="Privacy-preserving record linkage of victim registers.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    keygen = commands.add_parser(
        "keygen", help="create the key shared by the participating countries"
    )
    keygen.add_argument("--out", type=Path, required=True, help="key file to create")
    keygen.add_argument("--force", action="store_true", help="replace an existing file")
    encode = commands.add_parser("encode", help="encode a victim register (runs at the country)")
    encode.add_argument("register", type=Path, help="the register CSV (DESIGN 6.2)")
    encode.add_argument("--key-file", type=Path, required=True)
    encode.add_argument(
        "--country", required=True, help="ISO alpha-2 code of the register's country"
    )
    encode.add_argument("--out", type=Path, required=True, help="encodings CSV to write")
    encode.add_argument(
        "--flip-probability",
        type=float,
        default=DEFAULT_FLIP_PROBABILITY,
        help=f"hardening: share of bits flipped (default {DEFAULT_FLIP_PROBABILITY})",
    )
    linker = commands.add_parser("link", help="link encodings files (runs at the hub)")
    linker.add_argument("encodings", type=Path, nargs="+")
    linker.add_argument("--out", type=Path, required=True, help="matches CSV to write")
    linker.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    linker.add_argument(
        "--engine",
        choices=("embedded", "spark"),
        default="embedded",
        help="embedded (numpy, default) or spark for EU-scale volumes; both give the same matches",
    )
    linker.add_argument(
        "--spark-master",
        default="local[*]",
        metavar="URL",
        help="with --engine spark: local[*] (this machine, default) or a cluster, "
        "e.g. spark://host:7077",
    )
    deduplicate = commands.add_parser(
        "dedup",
        help="count each person once across one country's registers (cleartext, with Splink)",
    )
    deduplicate.add_argument(
        "registers", type=Path, nargs="+", help="register CSVs (DESIGN 6.2) of one country"
    )
    deduplicate.add_argument("--out", type=Path, required=True, help="clusters CSV to write")
    deduplicate.add_argument(
        "--threshold",
        type=float,
        default=dedup.DEFAULT_THRESHOLD,
        help="match probability from which two records are one person "
        f"(default {dedup.DEFAULT_THRESHOLD})",
    )
    deduplicate.add_argument(
        "--source-label",
        action="append",
        metavar="LABEL",
        help="name of each register's source, once per register in order "
        "(default: the file names), e.g. --source-label police --source-label ngo",
    )
    return parser


def _dedup(args: argparse.Namespace) -> None:
    # Splink and DuckDB are needed by this command only; the module imports them late.
    try:
        import splink  # noqa: F401, PLC0415
    except ImportError:
        msg = "needs Splink and DuckDB: install them with `pip install splink`"
        raise LinkageError(msg) from None
    dedup.check_threshold(args.threshold)
    labels = dedup.source_labels(args.registers, args.source_label)
    dedup.check_output(args.out)
    records = dedup.read_sources(args.registers, labels)
    started = time.perf_counter()
    result = dedup.deduplicate(records, args.threshold)
    dedup.write_clusters(args.out, result)
    seconds = time.perf_counter() - started
    sys.stdout.write(
        dedup.summary(result) + f"Clusters written to {args.out} in {seconds:.1f} s.\n"
    )


def _keygen(args: argparse.Namespace) -> None:
    key = generate_key()
    write_key(key, args.out, force=args.force)
    sys.stdout.write(
        f"Key {key.key_id} written to {args.out} (readable by you only).\n"
        "Give it to the statisticians of the participating countries by a channel the hub "
        "does not see; never upload it.\n"
    )


def _encode(args: argparse.Namespace) -> None:
    country = check_country(args.country)
    key = load_key(args.key_file)
    rows = read_register(args.register)
    started = time.perf_counter()
    try:
        encoder = Encoder(key, flip_probability=args.flip_probability)
    except ValueError as error:
        msg = f"--flip-probability {args.flip_probability}: {error}"
        raise LinkageError(msg) from None
    bits = encoder.encode_many(row.identity for row in rows)
    write_encodings(args.out, rows, country, key.key_id, bits)
    seconds = time.perf_counter() - started
    sys.stdout.write(
        f"{len(rows)} records of {country} encoded with key {key.key_id} in {seconds:.1f} s; "
        f"written to {args.out}. It holds no names or dates: send this file to the hub.\n"
    )


def _progress(done: int, total: int) -> None:
    sys.stderr.write(f"\rlinking: {done:,} of {total:,} rows of comparisons done")
    if done >= total:
        sys.stderr.write("\n")


def _link(args: argparse.Namespace) -> None:
    sets = [read_encodings(path) for path in args.encodings]
    if args.engine == "spark":
        # Imported here: pyspark is an optional dependency (thbhub[spark]).
        from thbhub.linkage.spark_engine import SparkEngine  # noqa: PLC0415

        engine = SparkEngine(args.spark_master)
        try:
            result = link(sets, args.threshold, progress=_progress, engine=engine)
        finally:
            engine.stop()
    else:
        result = link(sets, args.threshold, progress=_progress)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(MATCH_COLUMNS)
    for m in result.matches:
        writer.writerow(
            (m.cluster_id, m.country_a, m.record_id_a, m.country_b, m.record_id_b, f"{m.score:.4f}")
        )
    write_atomically(args.out, buffer.getvalue())
    sys.stdout.write(summary(result) + f"Matches written to {args.out}.\n")


def summary(result: LinkResult) -> str:
    """The overlap matrix (matched pairs; the diagonal is a country's own duplicates)."""
    names = sorted(result.records)
    width = max(6, *(len(str(n)) + 1 for n in result.records.values()))
    lines = ["Matched pairs between countries (diagonal: duplicates within a country):"]
    lines.append(
        "    " + "".join(f"{name:>{width}}" for name in names) + f"{'records':>{width + 2}}"
    )
    for a in names:
        cells = []
        for b in names:
            count = result.overlap.get((a, b), 0) + (result.overlap.get((b, a), 0) if a != b else 0)
            cells.append(f"{count:>{width}}")
        lines.append(f"{a:<4}" + "".join(cells) + f"{result.records[a]:>{width + 2}}")
    merged = result.total - result.deduplicated
    lines.append(
        f"Records: {result.total}; merged as duplicates: {merged}; "
        f"de-duplicated count: {result.deduplicated}."
    )
    lines.append(
        f"Uncertainty: between {result.deduplicated_low} and {result.deduplicated_high} "
        f"({result.doubtful_pairs} matched pair(s) score less than "
        f"{result.uncertain_margin:.2f} above the threshold, {result.near_miss_pairs} "
        f"unmatched pair(s) less than {result.uncertain_margin:.2f} below it)."
    )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handlers = {"keygen": _keygen, "encode": _encode, "link": _link, "dedup": _dedup}
    try:
        handlers[args.command](args)
    except LinkageError as error:
        sys.stderr.write(f"thbhub linkage {args.command}: {error}\n")
        return 1
    return 0
