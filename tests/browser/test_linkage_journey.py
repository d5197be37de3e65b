"""Privacy-preserving record linkage at the hub, in a real browser.

Serbia's and Albania's statisticians each encode their register on their
own computer with the key the two countries share (here: the project's own
encoder over a synthetic scenario, Serbia in Cyrillic, Albania in Latin
with typos) and upload the ENCODINGS.csv through the upload page. A file of
the other country is refused and nothing is kept. The secretariat starts a
run from the web page and reads the overlap and the de-duplicated count;
Serbia's statistician sees only the pairs involving Serbian records and
confirms one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.browser.support import (
    TIMEOUT_MS,
    skip_module_without_browser,
)

skip_module_without_browser()

from django.db.models import F
from playwright.sync_api import Locator, Page, expect

from tests.browser import test_journeys as journeys
from tests.linkage_runs.builders import encode, remove_linkage, two_registers

pytestmark = pytest.mark.browser
expect.set_options(timeout=TIMEOUT_MS)


def _message(page: Page) -> Locator:
    return page.locator(".messages")


def _upload(page: Page, site: str, file: Path) -> None:
    page.goto(site)
    page.locator("nav.modules").get_by_role("link", name="Linkage").click()
    page.get_by_role("link", name="Upload encodings").click()
    expect(page.locator("h1")).to_have_text("Encodings uploads")
    page.get_by_label("Encodings file (ENCODINGS.csv)").set_input_files(file)
    page.locator("main").get_by_role("button", name="Upload", exact=True).click()


def test_two_countries_upload_the_secretariat_links_and_serbia_confirms_a_pair(
    site: str, new_page: Callable[[], Page], snap: Callable[..., None], tmp_path: Path
) -> None:
    from thbhub.linkage_runs.models import EncodingUpload, LinkageRun, LinkedPair, PairReview

    # A hub where no country has uploaded yet: without the demo's finished run.
    remove_linkage()
    # Each statistician encodes the national register with the shared key.
    rows_rs, rows_al, truth = two_registers()
    rs_file = tmp_path / "rs-ENCODINGS.csv"
    al_file = tmp_path / "al-ENCODINGS.csv"
    rs_file.write_bytes(encode(rows_rs, "RS"))
    al_file.write_bytes(encode(rows_al, "AL"))
    rs_ids = {row["record_id"] for row in rows_rs}
    al_ids = {row["record_id"] for row in rows_al}
    assert not rs_ids & al_ids

    # Serbia's and Albania's statisticians upload their own files.
    rs = new_page()
    journeys.enter_password(rs, site, "rs.statistician")
    _upload(rs, site, rs_file)
    expect(_message(rs)).to_contain_text(f"{len(rows_rs)} records of RS stored")
    al = new_page()
    journeys.enter_password(al, site, "al.statistician")
    _upload(al, site, al_file)
    expect(_message(al)).to_contain_text(f"{len(rows_al)} records of AL stored")
    assert EncodingUpload.objects.count() == 2

    # Serbia's statistician picks Albania's file by mistake: refused, nothing kept.
    _upload(rs, site, al_file)
    refusal = rs.locator("main form .errorlist")
    expect(refusal).to_contain_text("the file is AL's")
    expect(refusal).to_contain_text("you can upload your own country's encodings only (RS)")
    expect(rs.locator("#uploads tbody tr")).to_have_count(1)
    expect(rs.locator("#uploads tbody tr")).to_contain_text("Serbia")
    assert EncodingUpload.objects.count() == 2
    assert EncodingUpload.objects.filter(country_id="RS").count() == 1
    snap(rs, "refused-upload")

    # The secretariat links the two countries' latest uploads.
    secretariat = new_page()
    journeys.log_in_with_authenticator(secretariat, site, "secretariat")
    secretariat.locator("nav.modules").get_by_role("link", name="Linkage").click()
    secretariat.get_by_role("link", name="Start a linkage run").click()
    secretariat.get_by_label(re.compile(r"Albania \(AL\)")).check()
    secretariat.get_by_label(re.compile(r"Serbia \(RS\)")).check()
    secretariat.get_by_role("button", name="Start the run").click()
    expect(secretariat).to_have_url(re.compile(r"/linkage/runs/\d+/$"))
    # The page refreshes by itself until the run ends.
    expect(secretariat.locator("#run-status")).to_contain_text("Finished", timeout=30_000)

    run = LinkageRun.objects.get()
    assert run.countries == ["AL", "RS"]
    cross = {
        (pair.record_id_a, pair.record_id_b)
        if pair.country_a_id == "RS"
        else (pair.record_id_b, pair.record_id_a)
        for pair in LinkedPair.objects.filter(run=run).exclude(country_a=F("country_b"))
    }
    # The run matched only people both registers hold, and nearly all of them
    # (the noisiest Latin spellings may fall below the threshold).
    assert cross <= truth, f"wrong matches: {cross - truth}"
    assert len(cross) >= 0.9 * len(truth)
    matched = len(cross)
    assert run.overlap == {"AL": {"RS": matched}}
    within = LinkedPair.objects.filter(run=run, country_a=F("country_b")).count()
    assert within == 0  # the scenario has no duplicates within a register
    expected_people = len(rows_rs) + len(rows_al) - matched
    assert run.deduplicated == expected_people
    assert run.deduplicated_low <= run.deduplicated <= run.deduplicated_high

    # What the secretariat reads: the overlap matrix and the de-duplicated count.
    overlap = secretariat.locator("#overlap")
    al_row = overlap.locator("tbody tr", has=secretariat.locator("th", has_text="AL"))
    rs_row = overlap.locator("tbody tr", has=secretariat.locator("th", has_text="RS"))
    # Columns: AL, RS, Records.
    expect(al_row.locator("td").nth(1)).to_have_text(str(matched))
    expect(rs_row.locator("td").nth(0)).to_have_text(str(matched))
    expect(al_row.locator("td").nth(2)).to_have_text(str(len(rows_al)))
    expect(rs_row.locator("td").nth(2)).to_have_text(str(len(rows_rs)))
    expect(secretariat.locator("#total")).to_have_text(str(len(rows_rs) + len(rows_al)))
    expect(secretariat.locator("#deduplicated")).to_have_text(
        f"{expected_people} (between {run.deduplicated_low} and {run.deduplicated_high})"
    )
    expect(secretariat.locator("#pairs")).to_have_count(0)  # counts, never pairs
    expect(secretariat.locator("main")).not_to_contain_text(next(iter(truth))[0])
    snap(secretariat, "run-finished")

    # Serbia's statistician sees only the pairs involving Serbian records.
    rs.goto(site)
    rs.locator("nav.modules").get_by_role("link", name="Linkage").click()
    rs.get_by_role("link", name=f"Run {run.pk}", exact=True).click()
    pairs = rs.locator("#pairs tbody tr")
    expect(pairs).to_have_count(matched)
    main = rs.locator("main").inner_text()
    leaked = sorted(record for record in al_ids if record in main)
    assert leaked == [], f"Albania's record ids on Serbia's page: {leaked}"
    for i in range(pairs.count()):
        own = pairs.nth(i).locator("td").nth(1).inner_text().strip()
        assert set(own.split(", ")) <= rs_ids, own

    # Serbia confirms the first pair with Albania.
    first = (
        LinkedPair.objects.filter(run=run, country_a="AL", country_b="RS")
        .order_by("number")
        .first()
    )
    assert first is not None
    row = rs.locator(f"#pair-{first.number}")
    expect(row.locator("td").nth(1)).to_have_text(first.record_id_b)
    expect(row.locator("td").nth(3)).to_have_text("AL")
    row.get_by_label("Decision").select_option(label="Same person")
    row.get_by_label("Comment").fill("Same date of birth and mother's name in our register.")
    row.get_by_role("button", name="Save").click()
    expect(_message(rs)).to_contain_text(f"Pair {first.number} reviewed.")
    row = rs.locator(f"#pair-{first.number}")
    expect(row.get_by_label("Decision")).to_have_value("confirmed")
    expect(row.get_by_label("Comment")).to_have_value(
        "Same date of birth and mother's name in our register."
    )
    review = PairReview.objects.get(pair=first)
    assert (review.country_id, review.decision) == ("RS", "confirmed")
    snap(rs, "pair-confirmed")

    # The secretariat's count takes Serbia's review into account.
    secretariat.reload()
    unreviewed = matched - 1
    expect(secretariat.locator("#review-counts")).to_have_text(
        f"1 confirmed, 0 rejected, 0 unsure, {unreviewed} not reviewed"
    )
