"""The shipped recommendations: complete, traceable to the seed documents,
and loaded idempotently."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from thbhub.recommendations.models import Recommendation, SourceDocument
from thbhub.recommendations.seeding import SEED_FILE, read_seed_file, seeds_load

pytestmark = pytest.mark.django_db

# The seed documents sit beside the repository (../shared/seeds/) in the
# project's working layout; the shipped data file names each one.
SEEDS_DIR = Path(__file__).resolve().parents[3] / "shared" / "seeds"
NON_PAPER_2018 = "002_a02ebb41b1467616.txt"
COUNTRY_HEADINGS = {
    "Albania": "AL",
    "BiH": "BA",
    "Kosovo": "XK",
    "Macedonia": "MK",
    "Montenegro": "ME",
    "Serbia": "RS",
}


def _normalise(text: str) -> str:
    text = re.sub(r"<[^>]+>", "", text).replace("\\*", "").replace("*", "")
    return re.sub(r"\s+", "", text)


def _bullets_per_country(seed_text: str) -> dict[str, int]:
    """Count the bullets listed under each country's heading of the 2018 non-paper."""
    counts: dict[str, int] = {}
    lines = seed_text.splitlines()
    for heading, code in COUNTRY_HEADINGS.items():
        index = lines.index(f"## {heading}") + 1
        while not lines[index].startswith("- "):
            index += 1
        count = 0
        while index < len(lines) and lines[index].startswith("- "):
            count += 1
            index += 1
        counts[code] = count
    return counts


def test_counts_per_country_as_the_2018_non_paper_lists_them() -> None:
    loaded = Counter(
        code
        for code in Recommendation.objects.filter(source__key="non-paper-2018").values_list(
            "countries__code", flat=True
        )
    )
    # Read off the non-paper: Albania 7, BiH 5, Kosovo* 7, Macedonia 7, Montenegro 6, Serbia 9.
    assert loaded == {"AL": 7, "BA": 5, "XK": 7, "MK": 7, "ME": 6, "RS": 9}
    seed = SEEDS_DIR / NON_PAPER_2018
    if not seed.exists():
        pytest.skip(f"The seed documents are not at {SEEDS_DIR}; the hand count above still ran.")
    assert loaded == _bullets_per_country(seed.read_text(encoding="utf-8"))


def test_star_1_to_5_and_the_strategy_papers_priorities() -> None:
    stars = Recommendation.objects.filter(source__key="non-paper-2021")
    assert sorted(stars.values_list("code", flat=True)) == [f"np2021-star-{k}" for k in range(1, 6)]
    assert all(not star.countries.exists() for star in stars)
    priorities = Recommendation.objects.filter(source__key="strategy-paper-2020")
    by_domain = Counter(
        section.rsplit(", ", 1)[1] for section in priorities.values_list("section", flat=True)
    )
    assert by_domain == {
        "Main goal and vision": 4,
        "Prevention": 3,
        "Protection": 4,
        "Prosecution": 2,
        "International cooperation": 4,
    }
    assert Recommendation.objects.count() == 63


def test_every_recommendation_is_found_word_for_word_where_it_says() -> None:
    data = read_seed_file()
    files = {entry["key"]: entry["file_name"] for entry in data["documents"]}
    if not all((SEEDS_DIR / name).exists() for name in files.values()):
        pytest.skip(f"The seed documents are not at {SEEDS_DIR}.")
    texts = {key: (SEEDS_DIR / name).read_text(encoding="utf-8") for key, name in files.items()}
    for recommendation in Recommendation.objects.select_related("source"):
        source = texts[recommendation.source.key]
        assert _normalise(recommendation.text) in _normalise(source), recommendation.code
        assert recommendation.section and recommendation.paragraph, recommendation.code
        if recommendation.source.key == "non-paper-2018":
            # The place: the text stands under the country's own heading.
            heading = recommendation.section.rsplit(", ", 1)[1]
            start = source.index(f"## {heading}\n")
            end = source.find("\n## ", start + 1)
            country_part = source[start : end if end != -1 else len(source)]
            assert _normalise(recommendation.text) in _normalise(country_part), recommendation.code


def test_loading_again_changes_nothing() -> None:
    before = list(Recommendation.objects.values_list("pk", "code", "text").order_by("pk"))
    result = seeds_load(actor=None)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 63)
    assert list(Recommendation.objects.values_list("pk", "code", "text").order_by("pk")) == before
    assert SourceDocument.objects.count() == 3


def test_command_loads_idempotently(capsys: pytest.CaptureFixture[str]) -> None:
    import io

    out = io.StringIO()
    call_command("recommendations", "load-seeds", stdout=out)
    assert "0 new, 0 changed, 63 unchanged" in out.getvalue()


def test_a_bad_seed_file_changes_nothing(tmp_path: Path) -> None:
    data = json.loads(SEED_FILE.read_text(encoding="utf-8"))
    data["recommendations"][0]["countries"] = ["QQ"]
    data["recommendations"][1]["text"] = "Changed text that must not be stored"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValidationError) as error:
        seeds_load(actor=None, path=bad)
    assert "np2018-al-01: unknown country QQ" in " ".join(error.value.messages)
    assert not Recommendation.objects.filter(text="Changed text that must not be stored").exists()
