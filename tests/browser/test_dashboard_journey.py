"""A rapporteur filters the dashboard and the chart redraws without a reload."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from tests.browser.support import (
    TIMEOUT_MS,
    skip_module_without_browser,
)

skip_module_without_browser()

from playwright.sync_api import Page, expect

from thbhub.demo.generator import DEMO_PASSWORD

pytestmark = pytest.mark.browser
expect.set_options(timeout=TIMEOUT_MS)


def test_rapporteur_changes_a_filter_and_the_chart_changes(
    site: str, page: Page, snap: Callable[..., None]
) -> None:
    from tests.statistics.report_builders import publish_year
    from thbhub.accounts.models import User

    secretariat = User.objects.get(username="secretariat")
    publish_year(secretariat, 2006)
    publish_year(secretariat, 2007, scale=2)
    # The dashboard opens on the newest published year: the demo's, if any.
    from thbhub.statistics.models import Publication

    latest = max(Publication.objects.values_list("round__year", flat=True))

    page.goto(f"{site}/accounts/login/")
    page.locator("#id_username").fill("rs.rapporteur")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.locator("nav.modules").get_by_role("link", name="Dashboards").click()
    expect(page.locator("h1")).to_have_text("Dashboards")
    title = page.locator("#chart-dashboard-by-country > title")
    expect(title).to_have_text(f"Registered victims by member, {latest}")
    bars_before = page.locator("#chart-dashboard-by-country rect").count()
    url_before = page.url

    page.get_by_label("Measure", exact=True).select_option(label="Suspects")
    page.get_by_label("Breakdown", exact=True).select_option(label="Sex")
    expect(title).to_have_text(f"Suspects by member, {latest}")
    # Stacked by sex now: more bar segments than one per member.
    assert page.locator("#chart-dashboard-by-country rect").count() > bars_before
    expect(page).to_have_url(re.compile(r"measure=SUSPECTS"))
    assert url_before.split("?")[0] == page.url.split("?")[0]

    page.get_by_label("Year", exact=True).select_option("2006")
    expect(title).to_have_text("Suspects by member, 2006")
    page.locator("#chart-dashboard-by-country rect[data-tip]").first.hover()
    expect(page.locator("#dashboard-tooltip")).to_contain_text(":")
    snap(page, "dashboard")
