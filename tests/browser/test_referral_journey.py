"""The Transnational Referral Mechanism in a real browser.

Serbia (the destination country) refers a child back to Albania (the
country of origin). The case worker asks for the return and chooses what
to share; the contact point's attempt to send is blocked until the
best-interests determination and the risk assessment are recorded; then
Albania's contact point finds it in the inbox, acknowledges it, accepts it
into an agency and confirms the hand-over, and both sides see one timeline.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.browser.support import (
    TIMEOUT_MS,
    skip_module_without_browser,
)

skip_module_without_browser()

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser import test_journeys as journeys

pytestmark = pytest.mark.browser
expect.set_options(timeout=TIMEOUT_MS)


def _child_case_with_consent() -> Any:
    """The case the journey starts from, opened by Serbia's case worker."""
    from django.utils import timezone

    from thbhub.accounts.models import User
    from thbhub.cases import care, services
    from thbhub.cases.codes import ConsentPurpose
    from thbhub.directory.models import Institution, InstitutionType

    worker = User.objects.get(username="rs.caseworker")
    case = services.case_create(
        actor=worker,
        data=services.CaseData(
            first_contact_on=timezone.localdate(),
            sex="F",
            age_at_identification=15,
            citizenship="AL",
            languages=["sq"],
            exploitation=["BEGGING"],
        ),
        identifiers=services.IdentifierData(given_names="Drita", family_names="Provaj"),
    )
    guardian = Institution.objects.filter(
        country_id="RS", kind=InstitutionType.SOCIAL_SERVICES
    ).first()
    assert guardian is not None
    care.case_guardian_appoint(
        actor=worker,
        case=case,
        appointed_on=timezone.localdate(),
        institution_id=guardian.pk,
        expected_version=case.version,
    )
    care.case_consent_record(
        actor=worker,
        case=case,
        purpose=ConsentPurpose.CROSS_BORDER,
        given_on=timezone.localdate(),
    )
    return case


def _message(page: Page) -> Any:
    return page.locator(".messages")


def test_a_childs_return_from_serbia_to_albania(
    site: str, new_page: Callable[[], Page], snap: Callable[..., None]
) -> None:
    case = _child_case_with_consent()
    today = timezone.localdate().isoformat()

    # Serbia's case worker asks for the return and chooses what to share.
    worker = new_page()
    journeys.log_in_with_authenticator(worker, site, "rs.caseworker")
    worker.get_by_role("link", name="Referrals", exact=True).first.click()
    worker.goto(f"{site}/referrals/outbox/")
    worker.get_by_role("link", name="Ask for a referral of a case").click()
    worker.locator("#id_case").select_option(label=case.number)
    worker.locator("#id_to_country").select_option("AL")
    worker.locator("#id_purpose").select_option("return")
    worker.locator("input[name='kind'][value='transfer']").check()
    worker.get_by_role("button", name="Create the draft referral").click()
    expect(worker).to_have_url(re.compile(r"/referrals/\d+/$"))
    referral_url = worker.url
    match = re.search(r"/referrals/(\d+)/$", referral_url)
    assert match is not None
    reference = f"TRM-RS-AL-{int(match.group(1)):06d}"
    worker.locator("input[name='share-items'][value='profile']").check()
    worker.locator("input[name='share-items'][value='identity']").check()
    worker.get_by_role("button", name="Save what to share").click()
    expect(_message(worker)).to_contain_text("What the referral shares is saved")
    preview = worker.locator("#shared-content")
    expect(preview).to_contain_text("Preview: exactly what the receiving country will get")
    expect(preview).to_contain_text("Drita")
    blockers = worker.locator("#blockers")
    expect(blockers).to_contain_text("best-interests determination for the return")
    expect(blockers).to_contain_text("a risk assessment")

    # Serbia's contact point cannot send it yet.
    rs_trm = new_page()
    journeys.log_in_with_authenticator(rs_trm, site, "rs.trm")
    rs_trm.goto(f"{site}/referrals/outbox/")
    rs_trm.locator("main table").get_by_role("link", name=reference).click()
    rs_trm.locator("#send-referral").click()
    expect(_message(rs_trm)).to_contain_text("a return or transfer is blocked until there is")
    expect(rs_trm.locator("#referral-status")).to_have_text("Draft")
    snap(rs_trm, "blocked")

    # The case worker records the risk assessment on the referral...
    worker.goto(referral_url)
    worker.locator("#id_risk-on").fill(today)
    worker.locator("#id_risk-level").select_option("medium")
    worker.locator("#id_risk-note").fill("Mother reachable; recruiter still in the village.")
    worker.locator("#record-risk").click()
    expect(_message(worker)).to_contain_text("Risk assessment recorded.")
    expect(worker.locator("#blockers")).not_to_contain_text("a risk assessment")
    # ...and the best-interests determination on the case.
    worker.goto(f"{site}/cases/{case.pk}/best-interests/new/")
    worker.locator("#id_purpose").select_option("return")
    worker.locator("#id_decided_on").fill(today)
    worker.locator("#id_decided_by").select_option(index=1)
    worker.locator("#id_child_heard").check()
    worker.locator("#id_outcome").fill("Return to the mother is in the child's best interests.")
    journeys.submit_main_form(worker)
    expect(_message(worker)).to_contain_text("best-interests determination is recorded")

    # Now the contact point sends it.
    rs_trm.goto(referral_url)
    expect(rs_trm.locator("#blockers")).to_have_count(0)
    rs_trm.locator("#send-referral").click()
    expect(_message(rs_trm)).to_contain_text("Referral sent")
    expect(rs_trm.locator("#referral-status")).to_have_text("Sent")

    # Albania's contact point finds it in the inbox, acknowledges and accepts it.
    al_trm = new_page()
    journeys.log_in_with_authenticator(al_trm, site, "al.trm")
    al_trm.get_by_role("link", name="Referrals", exact=True).first.click()
    row = al_trm.locator("main table tbody tr", has_text=reference)
    expect(row).to_contain_text("Return to the country of origin")
    row.get_by_role("link").first.click()
    expect(al_trm.locator("#shared-content")).to_contain_text("Drita")
    al_trm.locator("#acknowledge").click()
    expect(al_trm.locator("#referral-status")).to_have_text("Acknowledged")
    shelter = al_trm.locator("#id_accept-receiving_agency option", has_text="Safe House")
    al_trm.locator("#id_accept-receiving_agency").select_option(label=shelter.first.inner_text())
    al_trm.locator("#accept").click()
    expect(_message(al_trm)).to_contain_text("the receiving agency has its own case now")
    expect(al_trm.locator("main")).to_contain_text(re.compile(r"AL-\d{4}-\d{6}"))

    # Serbia records the decision and the escorted departure; Albania the hand-over.
    rs_trm.goto(referral_url)
    rs_trm.locator("#id_decision-on").fill(today)
    rs_trm.locator("#record-decision").click()
    expect(_message(rs_trm)).to_contain_text("Return procedure updated.")
    rs_trm.locator("#id_departure-on").fill(today)
    rs_trm.locator("#record-departure").click()
    expect(_message(rs_trm)).to_contain_text("A child always travels with an escort")
    rs_trm.locator("#id_departure-escorted").check()
    rs_trm.locator("#record-departure").click()
    expect(_message(rs_trm)).to_contain_text("Return procedure updated.")

    al_trm.reload()
    al_trm.locator("#id_handover-on").fill(today)
    al_trm.locator("#confirm-handover").click()
    expect(_message(al_trm)).to_contain_text("Return procedure updated.")
    expect(al_trm.locator("#return")).to_contain_text("3 months")
    expect(al_trm.locator("#return")).to_contain_text("12 months")

    # One timeline on both sides.
    for side in (rs_trm, al_trm):
        side.goto(referral_url)
        timeline = side.locator("#timeline")
        for line in ("Referral sent", "Risk assessment", "Departure", "Hand-over confirmed"):
            expect(timeline).to_contain_text(line)
    snap(al_trm, "handed-over")
