"""What users do in a real browser, and what they see while doing it.

Each test walks one short journey against the live test server and takes a
screenshot of where it ends, on a laptop and on a phone (see ``snap``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyotp
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


# -- steps shared by the journeys ---------------------------------------------


def submit_main_form(page: Page) -> None:
    """Press the main form's button, the one a user would press (not the header's)."""
    page.locator("main form button[type=submit]").first.click()


def enter_password(page: Page, site: str, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{site}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    submit_main_form(page)


def enrol_authenticator(page: Page) -> pyotp.TOTP:
    """On the enrolment page: read the key as a user would type it into the app."""
    expect(page).to_have_url(re.compile(r"/accounts/login/authenticator/$"))
    expect(page.locator("h1")).to_have_text("Set up your authenticator app")
    secret = page.locator("#totp-secret").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret), f"not a base32 key: {secret!r}"
    totp = pyotp.TOTP(secret)
    page.locator("#id_code").fill(totp.now())
    submit_main_form(page)
    return totp


def log_out(page: Page) -> None:
    page.locator("header form[action$='/accounts/logout/'] button").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.locator(".messages")).to_contain_text("You are logged out.")


def log_in_with_authenticator(page: Page, site: str, username: str) -> None:
    """A first login for a role that needs a second factor: password, then enrolment."""
    enter_password(page, site, username)
    enrol_authenticator(page)
    expect(page).to_have_url(f"{site}/")


def table_rows(page: Page) -> list[list[str]]:
    rows = page.locator("main table tbody tr")
    return [
        [cell.strip() for cell in rows.nth(i).locator("td").all_inner_texts()]
        for i in range(rows.count())
    ]


# -- the journeys ---------------------------------------------------------------


def test_coordinator_logs_in_with_an_authenticator_and_out(
    site: str, page: Page, snap: Callable[..., None]
) -> None:
    # Coordinators manage their country's accounts, so they confirm logins too.
    log_in_with_authenticator(page, site, "rs.coordinator")

    expect(page).to_have_url(f"{site}/")
    expect(page.locator("h1")).to_contain_text("Welcome")
    expect(page.locator("main")).to_contain_text(
        "You are signed in as National anti-trafficking coordinator."
    )
    expect(page.locator("main")).to_contain_text("Your country: Serbia.")
    expect(page.locator("header")).to_contain_text("rs.coordinator · Serbia")
    snap(page, "home")

    log_out(page)
    page.goto(f"{site}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))


def test_case_worker_enrols_an_authenticator_then_needs_a_code(
    site: str, page: Page, snap: Callable[..., None]
) -> None:
    enter_password(page, site, "rs.caseworker")
    expect(page).to_have_url(re.compile(r"/accounts/login/authenticator/$"))
    expect(page.locator("main svg")).to_be_visible()  # the QR code to scan
    snap(page, "enrol")
    totp = enrol_authenticator(page)

    expect(page).to_have_url(f"{site}/")
    expect(page.locator(".messages")).to_contain_text("Your authenticator app is set up.")
    expect(page.locator("main")).to_contain_text("You are signed in as Case worker.")
    log_out(page)

    # The next login asks for a code, not for a new enrolment.
    enter_password(page, site, "rs.caseworker")
    expect(page).to_have_url(re.compile(r"/accounts/login/code/$"))
    expect(page.locator("h1")).to_have_text("Confirm your login")

    now = time.time()
    valid = {totp.at(now + offset * totp.interval) for offset in (-1, 0, 1)}
    wrong = next(code for code in ("000000", "111111", "222222", "333333") if code not in valid)
    page.locator("#id_code").fill(wrong)
    submit_main_form(page)
    expect(page.locator("main .errorlist")).to_contain_text("That code is not valid.")
    expect(page).to_have_url(re.compile(r"/accounts/login/code/$"))
    snap(page, "wrong-code")
    # Half logged in is not logged in: every other page sends the user back.
    page.goto(f"{site}/directory/")
    expect(page).to_have_url(re.compile(r"/accounts/login/code/$"))
    expect(page.locator("header form[action$='/accounts/logout/']")).to_have_count(0)

    # The code of the enrolment cannot be replayed; the app's next one works.
    page.locator("#id_code").fill(totp.at(time.time() + totp.interval))
    submit_main_form(page)
    expect(page).to_have_url(f"{site}/")
    expect(page.locator("main")).to_contain_text("You are signed in as Case worker.")


def _serbian_catalogue() -> Path | None:
    """The compiled Serbian catalogue Django serves, if translators have delivered one."""
    from django.conf import settings

    for directory in settings.LOCALE_PATHS:
        candidate = Path(directory) / "sr_Latn" / "LC_MESSAGES" / "django.mo"
        if candidate.exists():
            return candidate
    return None


def _translations(catalogue: Path) -> dict[str, str]:
    import polib

    return {entry.msgid: entry.msgstr for entry in polib.mofile(str(catalogue))}


def test_language_switcher_changes_the_pages_language(
    site: str, page: Page, snap: Callable[..., None]
) -> None:
    enter_password(page, site, "rs.statistician")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    nav = page.locator("nav.modules")
    expect(nav).to_contain_text("Directory")

    page.locator("#language-switch").select_option("sr-latn")
    page.get_by_role("button", name="Change language").click()

    expect(page.locator("html")).to_have_attribute("lang", "sr-latn")
    expect(page).to_have_url(f"{site}/")  # back on the page the user was on
    expect(page.locator("#language-switch")).to_have_value("sr-latn")
    # Until the catalogue is compiled only the language code changes; once
    # it is, the navigation and headings must speak Serbian.
    catalogue = _serbian_catalogue()
    if catalogue is not None:
        translations = _translations(catalogue)
        directory = translations.get("Directory", "")
        contacts = translations.get("List of Contacts", "")
        assert directory, "the Serbian catalogue has no translation of 'Directory'"
        assert contacts, "the Serbian catalogue has no translation of 'List of Contacts'"
        expect(nav).to_contain_text(directory)
        nav.locator("a").first.click()
        expect(page.locator("h1")).to_have_text(contacts)
    snap(page, "serbian")

    # And back: the switcher is found by its id, whatever language its button speaks.
    page.locator("#language-switch").select_option("en")
    page.locator("#language-switch ~ button").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(nav).to_contain_text("Directory")


def test_statistician_finds_another_countrys_trm_contact_point(
    site: str, page: Page, snap: Callable[..., None]
) -> None:
    from thbhub.directory.models import ContactPerson

    expected = {
        f"{contact.given_name} {contact.family_name}": contact.email
        for contact in ContactPerson.objects.filter(institution__country_id="RS", active=True)
        if "trm_contact_point" in contact.roles
    }
    assert expected, "the demo data has no Serbian TRM contact point"

    enter_password(page, site, "al.statistician")
    page.locator("nav.modules").get_by_role("link", name="Directory").click()
    expect(page.locator("h1")).to_have_text("List of Contacts")
    page.get_by_label("Country").select_option(label="Serbia")
    page.get_by_label("Role").select_option(label="TRM contact point")
    page.get_by_role("button", name="Filter").click()

    expect(page).to_have_url(re.compile(r"country=RS.*role=trm_contact_point"))
    expect(page.locator("main table tbody tr")).to_have_count(len(expected))
    rows = table_rows(page)
    for _name, roles, _institution, country, *_rest in rows:
        assert country == "Serbia", rows
        assert "TRM contact point" in roles, rows
    listed = {row[0].splitlines()[0].strip() for row in rows}
    assert listed == set(expected)
    expect(page.locator("main")).to_contain_text(f"{len(expected)} contacts")
    snap(page, "filtered")

    first = page.locator("main table tbody tr").first.locator("a").first
    name = first.inner_text().strip()
    first.click()
    expect(page.locator("h1")).to_have_text(name)
    email = page.locator(f"main a[href='mailto:{expected[name]}']")
    expect(email).to_have_text(expected[name])
    snap(page, "contact")


def test_coordinator_is_refused_another_countrys_edit_page_and_it_is_audited(
    site: str, new_page: Callable[[], Page], snap: Callable[..., None]
) -> None:
    from thbhub.directory.models import ContactPerson

    serbian = ContactPerson.objects.filter(institution__country_id="RS").order_by("pk").first()
    assert serbian is not None

    page = new_page()
    log_in_with_authenticator(page, site, "al.coordinator")
    expect(page).to_have_url(f"{site}/")
    response = page.goto(f"{site}/directory/contacts/{serbian.pk}/edit/")
    assert response is not None
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Not found")
    expect(page.locator("main")).to_contain_text("not within your country's")
    expect(page.locator("main")).not_to_contain_text(serbian.family_name)
    expect(page.locator("main form")).to_have_count(0)
    expect(page.locator("input[name=given_name]")).to_have_count(0)
    snap(page, "refused")

    # The secretariat finds the attempt in the audit log.
    secretariat = new_page()
    log_in_with_authenticator(secretariat, site, "secretariat")
    secretariat.goto(f"{site}/audit/?action=access.refused")
    expect(secretariat.locator("h1")).to_have_text("Audit log")
    row = secretariat.locator("main table tbody tr").filter(has_text="al.coordinator")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("access.refused")
    expect(row).to_contain_text(f"directory.contactperson {serbian.pk}")
    snap(secretariat, "audit")


def test_login_form_is_usable_with_the_keyboard_alone(
    site: str, page: Page, snap: Callable[..., None]
) -> None:
    page.goto(f"{site}/accounts/login/")
    expect(page.get_by_label("User name")).to_have_attribute("id", "id_username")
    expect(page.get_by_label("Password")).to_have_attribute("id", "id_password")

    describe = """() => {
        const el = document.activeElement;
        if (!el || el === document.body) return "body";
        return el.id ? "#" + el.id : el.tagName.toLowerCase() + ":" + el.textContent.trim();
    }"""
    order: list[str] = []
    for _ in range(12):
        page.keyboard.press("Tab")
        order.append(page.evaluate(describe))
        if order[-1] == "button:Log in":
            break
    assert order[0] == "a:Skip to content", order
    assert "#id_username" in order, order
    start = order.index("#id_username")
    assert order[start : start + 3] == ["#id_username", "#id_password", "button:Log in"], order

    # A keyboard user sees where the focus is.
    page.locator("#id_username").focus()
    outline: Any = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none"), outline

    # ...and can log in without the mouse.
    page.keyboard.type("rs.statistician")
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{site}/")
    snap(page, "keyboard-home")
