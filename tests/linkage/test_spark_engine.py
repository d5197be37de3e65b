"""The Spark engine gives the embedded engine's matches on the same input.

Runs Spark in local mode. On a machine without Java the Spark session
cannot start; the test then fails with the engine's own message, unless
THBHUB_SKIP_SPARK=1 says the machine is known to lack Java.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator

import pytest

from tests.linkage.test_linking import encodings
from thbhub.linkage.cli import main
from thbhub.linkage.keys import LinkageKey, generate_key, write_key
from thbhub.linkage.linking import link, row_blocks
from thbhub.linkage.synthetic import scenario, write_register

pytestmark = pytest.mark.skipif(
    os.environ.get("THBHUB_SKIP_SPARK") == "1", reason="THBHUB_SKIP_SPARK=1: no Java here"
)

pyspark = pytest.importorskip("pyspark", reason="pyspark is a development dependency")

from thbhub.linkage.spark_engine import SparkEngine  # noqa: E402 — after the import check


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkEngine]:
    engine = SparkEngine("local[2]")
    yield engine
    engine.stop()


def test_same_matches_across_and_within_countries(spark: SparkEngine) -> None:
    key = generate_key()
    rows_a, rows_b, truth = scenario(300, 150, 150, seed=7)
    # A few people entered twice in A, so the within-country rule is exercised too.
    rng = random.Random(3)  # noqa: S311 — which records repeat, not a secret
    rows_a += [{**row, "record_id": f"{row['record_id']}-again"} for row in rng.sample(rows_a, 20)]
    sets = [encodings(key, rows_a, "RS"), encodings(key, rows_b, "BA")]
    embedded = link(sets)
    distributed = link(sets, engine=spark)
    assert distributed.matches == embedded.matches
    assert distributed.overlap == embedded.overlap
    assert distributed.deduplicated == embedded.deduplicated
    found = {
        frozenset((m.record_id_a, m.record_id_b))
        for m in embedded.matches
        if m.country_a != m.country_b
    }
    assert len(found & {frozenset(pair) for pair in truth}) > 0.9 * len(truth)
    assert embedded.overlap[("RS", "RS")] >= 15


def test_blocks_split_over_tasks_give_the_same_pairs(spark: SparkEngine, monkeypatch) -> None:
    # Small blocks force many tasks, finishing in any order.
    monkeypatch.setattr("thbhub.linkage.linking.ROWS_PER_BLOCK", 64)
    monkeypatch.setattr("thbhub.linkage.linking.COLUMNS_PER_BLOCK", 100)
    key = LinkageKey(b"\x01" * 32)
    rows_a, rows_b, _truth = scenario(200, 100, 100, seed=11)
    sets = [encodings(key, rows_a, "AL"), encodings(key, rows_b, "XK")]
    assert len(row_blocks(len(rows_a))) > 4
    assert link(sets, engine=spark).matches == link(sets).matches


def test_cli_links_with_the_spark_engine(tmp_path, capsys) -> None:
    key = generate_key()
    write_key(key, tmp_path / "key")
    rows_a, rows_b, truth = scenario(40, 10, 10, seed=5)
    write_register(tmp_path / "a.csv", rows_a)
    write_register(tmp_path / "b.csv", rows_b)
    for name, country in (("a", "RS"), ("b", "BA")):
        assert (
            main(
                [
                    "encode",
                    str(tmp_path / f"{name}.csv"),
                    "--key-file",
                    str(tmp_path / "key"),
                    "--country",
                    country,
                    "--out",
                    str(tmp_path / f"{name}.enc.csv"),
                ]
            )
            == 0
        )
    outputs = {}
    for engine in ("embedded", "spark"):
        out = tmp_path / f"matches-{engine}.csv"
        code = main(
            [
                "link",
                str(tmp_path / "a.enc.csv"),
                str(tmp_path / "b.enc.csv"),
                "--out",
                str(out),
                "--engine",
                engine,
                "--spark-master",
                "local[2]",
            ]
        )
        assert code == 0, capsys.readouterr().err
        outputs[engine] = out.read_text(encoding="utf-8")
    assert outputs["spark"] == outputs["embedded"]
    assert len(outputs["spark"].splitlines()) - 1 >= 0.9 * len(truth)
