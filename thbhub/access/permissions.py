"""The one table of who may do what, and how far their reach goes.

Every view, API endpoint, export and CLI command asks this table, through
the policies in ``thbhub.access.policies``; nothing else grants access.

Victims' cases follow the need-to-know principle of the design brief
(3.1): a case is opened and followed by one agency, so case pages
(CASES_VIEW, CASES_EDIT) reach the case worker's own agency only, and the
person's identifiers additionally need VICTIM_DATA for that case. The
coordinator and the rapporteur see the country's cases in aggregate only
(CASES_AGGREGATE: counts, never a case page or a case number). The TRM
contact point gets no case pages: it will see what a referral explicitly
shares with it, so its country-wide VICTIM_DATA reaches referrals, not the
country's case files. The coordinator exports the national victim
register (CASES_REGISTER, country) for the linkage encoder, which runs on
it locally; the file holds names in clear text, so only roles that log in
with a second factor may export it (TWO_FACTOR_ROLES counts it). A case
worker can export or import their own agency's only. The
secretariat sees no case data at all: the region's numbers reach it
through national submissions.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from thbhub.access.roles import Role


class Perm(models.TextChoices):
    REFERENCE_VIEW = "reference.view", _("See countries, code lists and population")
    REFERENCE_LOAD = "reference.load", _("Load new code lists and population figures")
    DIRECTORY_VIEW = "directory.view", _("See the List of Contacts")
    DIRECTORY_EDIT = "directory.edit", _("Add, change and import institutions and contacts")
    AUDIT_VIEW = "audit.view", _("Read and export the audit log")
    JOBS_VIEW = "jobs.view", _("Follow background jobs")
    USERS_VIEW = "users.view", _("See user accounts")
    USERS_MANAGE = "users.manage", _("Create and change user accounts")
    VICTIM_DATA = "victims.personal_data", _("See victims' personal identifiers")
    STATS_VIEW = "statistics.view", _("See questionnaire rounds and national submissions")
    STATS_SUBMIT = "statistics.submit", _("Upload and submit national statistics")
    STATS_MANAGE = (
        "statistics.manage",
        _("Open and close questionnaire rounds, accept or return submissions"),
    )
    STATS_PUBLISHED = (
        "statistics.published",
        _("See published statistics, indicators, reports and dashboards"),
    )
    CASES_VIEW = "cases.view", _("See victims' cases (without personal identifiers)")
    CASES_EDIT = "cases.edit", _("Open and follow victims' cases")
    CASES_CONSENT_OVERRIDE = (
        "cases.consent_override",
        _("Act on a case without the person's consent, giving the reason"),
    )
    CASES_AGGREGATE = "cases.aggregate", _("See counts of cases, without case pages")
    CASES_CONFIGURE = (
        "cases.configure",
        _("Set the country's case rules: reflection period, guardian and review deadlines"),
    )
    CASES_REGISTER = (
        "cases.register",
        _("Export the victim register and import cases in the 6.2 format"),
    )


class Reach(models.TextChoices):
    """How far a permission reaches, from narrowest to widest."""

    OWN = "own", _("Own records")
    AGENCY = "agency", _("Own agency")
    COUNTRY = "country", _("Own country")
    NETWORK = "network", _("All countries")


OWN, AGENCY, COUNTRY, NETWORK = Reach.OWN, Reach.AGENCY, Reach.COUNTRY, Reach.NETWORK

ROLE_PERMISSIONS: dict[Role, dict[Perm, Reach]] = {
    Role.SECRETARIAT: {
        Perm.REFERENCE_VIEW: NETWORK,
        Perm.STATS_PUBLISHED: NETWORK,
        Perm.REFERENCE_LOAD: NETWORK,
        Perm.DIRECTORY_VIEW: NETWORK,
        Perm.DIRECTORY_EDIT: NETWORK,
        Perm.AUDIT_VIEW: NETWORK,
        Perm.JOBS_VIEW: OWN,
        Perm.USERS_VIEW: NETWORK,
        Perm.USERS_MANAGE: NETWORK,
        Perm.STATS_VIEW: NETWORK,
        Perm.STATS_SUBMIT: NETWORK,
        Perm.STATS_MANAGE: NETWORK,
    },
    Role.COORDINATOR: {
        Perm.REFERENCE_VIEW: NETWORK,
        Perm.STATS_PUBLISHED: NETWORK,
        Perm.DIRECTORY_VIEW: NETWORK,
        Perm.DIRECTORY_EDIT: COUNTRY,
        Perm.AUDIT_VIEW: COUNTRY,
        Perm.JOBS_VIEW: OWN,
        Perm.USERS_VIEW: COUNTRY,
        Perm.USERS_MANAGE: COUNTRY,
        Perm.STATS_VIEW: COUNTRY,
        Perm.STATS_SUBMIT: COUNTRY,
        Perm.CASES_AGGREGATE: COUNTRY,
        Perm.CASES_CONFIGURE: COUNTRY,
        Perm.CASES_REGISTER: COUNTRY,
    },
    Role.STATISTICIAN: {
        Perm.REFERENCE_VIEW: NETWORK,
        Perm.STATS_PUBLISHED: NETWORK,
        Perm.DIRECTORY_VIEW: NETWORK,
        Perm.JOBS_VIEW: OWN,
        Perm.STATS_VIEW: COUNTRY,
        Perm.STATS_SUBMIT: COUNTRY,
    },
    Role.CASE_WORKER: {
        Perm.REFERENCE_VIEW: NETWORK,
        Perm.STATS_PUBLISHED: NETWORK,
        Perm.DIRECTORY_VIEW: NETWORK,
        Perm.JOBS_VIEW: OWN,
        Perm.VICTIM_DATA: AGENCY,
        Perm.CASES_VIEW: AGENCY,
        Perm.CASES_EDIT: AGENCY,
        Perm.CASES_CONSENT_OVERRIDE: AGENCY,
        Perm.CASES_REGISTER: AGENCY,
    },
    Role.TRM_CONTACT_POINT: {
        Perm.REFERENCE_VIEW: NETWORK,
        Perm.STATS_PUBLISHED: NETWORK,
        Perm.DIRECTORY_VIEW: NETWORK,
        Perm.JOBS_VIEW: OWN,
        Perm.VICTIM_DATA: COUNTRY,
    },
    Role.RAPPORTEUR: {
        Perm.REFERENCE_VIEW: NETWORK,
        Perm.STATS_PUBLISHED: NETWORK,
        Perm.DIRECTORY_VIEW: NETWORK,
        Perm.AUDIT_VIEW: COUNTRY,
        Perm.JOBS_VIEW: OWN,
        Perm.STATS_VIEW: COUNTRY,
        Perm.CASES_AGGREGATE: COUNTRY,
    },
    Role.EU_PARTNER: {
        Perm.REFERENCE_VIEW: NETWORK,
        Perm.STATS_PUBLISHED: NETWORK,
        Perm.DIRECTORY_VIEW: NETWORK,
    },
}

# Roles that can reach victims' personal data, or create and reset the
# accounts that can, must confirm each login with a second factor.
TWO_FACTOR_ROLES: frozenset[Role] = frozenset(
    role
    for role, perms in ROLE_PERMISSIONS.items()
    if Perm.VICTIM_DATA in perms or Perm.USERS_MANAGE in perms or Perm.CASES_REGISTER in perms
)


# Which roles a user manager may give. A coordinator staffs the national
# mechanism; only the secretariat creates secretariat and EU partner accounts.
ASSIGNABLE_ROLES: dict[Role, frozenset[Role]] = {
    Role.SECRETARIAT: frozenset(Role),
    Role.COORDINATOR: frozenset(
        {
            Role.COORDINATOR,
            Role.STATISTICIAN,
            Role.CASE_WORKER,
            Role.TRM_CONTACT_POINT,
            Role.RAPPORTEUR,
        }
    ),
}


def reach_of(role: str | None, perm: Perm) -> Reach | None:
    """The reach the role has for ``perm``, or None when it has none."""
    if role is None:
        return None
    try:
        return ROLE_PERMISSIONS[Role(role)].get(perm)
    except ValueError:
        return None
