"""A review of recommendations end to end: the secretariat opens it, the
Serbian coordinator reports a status with evidence, the rapporteur comments,
the secretariat closes it and the progress report shows what moved."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

import pytest
from django.utils import timezone

from tests.browser.support import (
    TIMEOUT_MS,
    skip_module_without_browser,
)

skip_module_without_browser()

from playwright.sync_api import Page, expect

from tests.browser.test_journeys import enter_password, log_in_with_authenticator

pytestmark = pytest.mark.browser
expect.set_options(timeout=TIMEOUT_MS)

EVIDENCE = "Law on Foreigners amended: Article 62 gives a 90-day reflection period."
COMMENT = "Confirmed by the rapporteur: the period applies since 1 March."


def open_recommendation(page: Page, code: str) -> None:
    page.locator("nav.modules").get_by_role("link", name="Recommendations").click()
    expect(page.locator("h1")).to_have_text("Recommendations")
    page.get_by_role("link", name=code, exact=True).click()
    expect(page.locator("h1")).to_have_text(code)


def test_review_cycle_from_opening_to_the_report(
    site: str, new_page: Callable[[], Page], snap: Callable[..., None]
) -> None:
    deadline = timezone.localdate() + datetime.timedelta(days=30)

    # The secretariat opens the review.
    secretariat = new_page()
    log_in_with_authenticator(secretariat, site, "secretariat")
    secretariat.goto(f"{site}/recommendations/reviews/")
    secretariat.get_by_role("link", name="Open a review").click()
    secretariat.get_by_label("Title").fill("Review 2026")
    secretariat.get_by_label("Deadline for countries").fill(deadline.isoformat())
    secretariat.locator("main form button[type=submit]").first.click()
    expect(secretariat.locator(".messages")).to_contain_text("The review is open")
    expect(secretariat.locator("main table tbody")).to_contain_text("Review 2026")

    # The Serbian coordinator reports a status with evidence.
    coordinator = new_page()
    log_in_with_authenticator(coordinator, site, "rs.coordinator")
    open_recommendation(coordinator, "np2018-rs-05")
    coordinator.get_by_label("Status").select_option(label="Implemented")
    coordinator.get_by_label("Evidence").fill(EVIDENCE)
    coordinator.get_by_role("button", name="Record the status").click()
    expect(coordinator.locator(".messages")).to_contain_text("The status is recorded.")
    expect(coordinator.locator("main")).to_contain_text(EVIDENCE)
    snap(coordinator, "status-recorded")

    # The rapporteur comments; rapporteurs log in with a password only.
    rapporteur = new_page()
    enter_password(rapporteur, site, "rs.rapporteur")
    expect(rapporteur).to_have_url(f"{site}/")
    open_recommendation(rapporteur, "np2018-rs-05")
    rapporteur.get_by_label("Comment").fill(COMMENT)
    rapporteur.get_by_role("button", name="Save the comment").click()
    expect(rapporteur.locator(".messages")).to_contain_text("The comment is saved.")

    # The secretariat closes the review and reads the report.
    secretariat.goto(f"{site}/recommendations/reviews/")
    secretariat.get_by_role("button", name="Close the review").click()
    expect(secretariat.locator(".messages")).to_contain_text("The review is closed.")
    secretariat.get_by_role("link", name="Web page").first.click()
    expect(secretariat.locator("h1")).to_contain_text("Review 2026")
    moved = secretariat.locator("#moved tbody tr").filter(has_text="np2018-rs-05")
    expect(moved).to_have_count(1)
    expect(moved).to_contain_text("Serbia")
    expect(moved).to_contain_text("Implemented")
    expect(moved).to_contain_text(EVIDENCE)
    expect(moved).to_contain_text(COMMENT)
    expect(secretariat.locator("#moved tbody tr")).to_have_count(1)
    expect(secretariat.locator(".designation-note")).to_be_visible()
    with secretariat.expect_download() as download:
        secretariat.get_by_role("link", name="Download as PDF").click()
    assert re.fullmatch(r"recommendations-progress-\d+\.pdf", download.value.suggested_filename)
    snap(secretariat, "report")
