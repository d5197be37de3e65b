"""A consultation end to end on a phone: the secretariat opens it and issues
links, respondents answer (the first in Serbian), and the results appear
once the group is large enough."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from tests.browser.support import (
    PHONE,
    TIMEOUT_MS,
    skip_module_without_browser,
)

skip_module_without_browser()

from playwright.sync_api import Page, expect

from tests.browser.test_journeys import log_in_with_authenticator, submit_main_form

pytestmark = pytest.mark.browser
expect.set_options(timeout=TIMEOUT_MS)


def _phone_page(browser: Any, contexts: list[Any], locale: str = "en-GB") -> Page:
    context = browser.new_context(viewport=PHONE, locale=locale, is_mobile=True, has_touch=True)
    context.set_default_timeout(TIMEOUT_MS)
    contexts.append(context)
    new: Page = context.new_page()
    return new


def _answer(browser: Any, contexts: list[Any], link: str, choice: str) -> None:
    page = _phone_page(browser, contexts)
    page.goto(link)
    page.get_by_label(choice, exact=True).check()
    submit_main_form(page)
    expect(page.locator("h1")).to_have_text("Thank you: your answers were received")
    assert not page.context.cookies()


def test_a_consultation_from_opening_to_results_on_a_phone(
    site: str, browser: Any, page: Page, snap: Callable[..., None]
) -> None:
    contexts: list[Any] = []
    page.set_viewport_size({"width": PHONE["width"], "height": PHONE["height"]})
    log_in_with_authenticator(page, site, "secretariat")

    # The secretariat opens a consultation, in English and Serbian.
    page.goto(f"{site}/consultations/new/")
    today = timezone.localdate()
    page.locator("#id_title_en").fill("Funding priorities for shelters")
    page.locator("#id_title_sr_latn").fill("Prioriteti finansiranja skloništa")
    page.locator("#id_purpose_en").fill("Tell donors what matters before they decide.")
    page.locator("#id_purpose_sr_latn").fill("Recite donatorima šta je važno pre odluke.")
    page.locator("#id_opens_on").fill(today.isoformat())
    page.locator("#id_closes_on").fill((today + datetime.timedelta(days=14)).isoformat())
    expect(page.locator("#id_minimum_group_size")).to_have_value("5")
    submit_main_form(page)
    expect(page.locator("h1")).to_have_text("Funding priorities for shelters")
    consultation_url = page.url

    # One question, in both languages.
    page.get_by_role("link", name="Add a question").click()
    page.locator("#id_kind").select_option("single")
    page.locator("#id_text_en").fill("What should come first?")
    page.locator("#id_text_sr_latn").fill("Šta treba da bude prvo?")
    page.locator("#id_options_en").fill("Safe housing\nWork")
    page.locator("#id_options_sr_latn").fill("Bezbedan smeštaj\nPosao")
    submit_main_form(page)
    expect(page.locator("main")).to_contain_text("What should come first?")
    expect(page.locator("main")).to_contain_text("en, sr-latn")

    # Five single-use links, shown this once.
    page.get_by_role("link", name="Invitation links").click()
    page.locator("#id_count").fill("5")
    submit_main_form(page)
    expect(page.locator("h1")).to_have_text("New invitation links")
    links = [text.strip() for text in page.locator("#issued-links code").all_inner_texts()]
    assert len(links) == 5
    assert all(re.fullmatch(rf"{re.escape(site)}/c/[A-Za-z0-9_\-]+/", link) for link in links)
    snap(page, "links")

    # The first respondent chooses Serbian on the phone and answers.
    respondent = _phone_page(browser, contexts)
    respondent.goto(links[0])
    expect(respondent.locator("#anonymity")).to_contain_text(
        "Your answers cannot be traced to you."
    )
    respondent.locator("nav.languages a[hreflang='sr-latn']").click()
    expect(respondent.locator("html")).to_have_attribute("lang", "sr-latn")
    expect(respondent.locator("h1")).to_have_text("Prioriteti finansiranja skloništa")
    expect(respondent.locator("main")).to_contain_text("Šta treba da bude prvo?")
    # Nothing overflows the phone's width.
    width = respondent.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    snap(respondent, "respondent-serbian")
    respondent.get_by_label("Bezbedan smeštaj", exact=True).check()
    submit_main_form(respondent)
    expect(respondent.locator("html")).to_have_attribute("lang", "sr-latn")
    assert "/c/done/" in respondent.url
    assert not respondent.context.cookies()
    snap(respondent, "respondent-done")

    # The link cannot be used twice.
    respondent.goto(links[0])
    expect(respondent.locator("h1")).to_have_text("This link has already been used")

    # One answer is not enough to show anything.
    page.goto(f"{consultation_url}results/")
    expect(page.locator("#results-hidden")).to_contain_text("Fewer than 5 people have answered")

    # Four more members answer; now the group is large enough.
    for link, choice in zip(
        links[1:], ["Safe housing", "Safe housing", "Work", "Safe housing"], strict=True
    ):
        _answer(browser, contexts, link, choice)
    page.reload()
    expect(page.locator("#respondents")).to_have_text("5 respondents")
    table = page.locator(".question-result table").first
    expect(table).to_contain_text("Safe housing")
    rows = table.locator("tbody tr")
    expect(rows.nth(0).locator("td").nth(1)).to_have_text("4")
    expect(rows.nth(1).locator("td").nth(1)).to_have_text("1")
    snap(page, "results")
    for context in contexts:
        context.close()
