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
country's case files. Referrals (REFERRALS_*): the case worker who owns a
case asks for one and chooses what to share (REFERRALS_REQUEST, agency);
the TRM contact point sends, receives, acknowledges, accepts or declines
them (REFERRALS_SEND, country) and sees its country's inbox and outbox
(REFERRALS_VIEW, country), while a case worker sees the referrals of the
agency's own cases and of cases received into it (REFERRALS_VIEW, agency).
A receiving country sees a referral only once it is sent. The coordinator
sees which referrals missed their acknowledgement deadline, without their
content (REFERRALS_OVERSEE). The coordinator exports the national victim
register (CASES_REGISTER, country) for the linkage encoder, which runs on
it locally; the file holds names in clear text, so only roles that log in
with a second factor may export it (TWO_FACTOR_ROLES counts it). A case
worker can export or import their own agency's only. The owning agency
also places its cases on legal hold and erases one on a lawful request
(CASES_RETENTION); closed cases are anonymised after the country's
retention period by an operator's command, with no user to act as. The
secretariat sees no case data at all: the region's numbers reach it
through national submissions.

National strategies and action plans are read by every member's users and
the secretariat (STRATEGIES_VIEW) and kept by each country's coordinator
for the own country (STRATEGIES_EDIT). The network's work (NETWORK_VIEW:
chairs, work plans, meetings, declarations, the calendar) is read by the
members and the secretariat; the secretariat keeps meetings, declarations
and the rotating chair (NETWORK_MANAGE); the work plan is kept by the
secretariat and by the coordinator of the year's chair country
(WORK_PLAN_EDIT, checked against the chair in the service). The
good-practice library is read by every account, EU partners included
(PRACTICES_VIEW), and written by coordinators for their own country and by
the secretariat (PRACTICES_EDIT).

Consultations with people with lived experience (STAR 5) are run by the
secretariat (CONSULTATIONS_MANAGE: opening them, issuing invitation links,
reviewing free-text answers, publishing the results). Coordinators,
rapporteurs and EU partners read the published summaries only
(CONSULTATIONS_VIEW), always in aggregate and above the minimum group size.
Respondents have no account: their single-use link is their only key.

Linkage at the hub: a country's coordinator and statistician upload its
encodings (LINKAGE_UPLOAD, country; the secretariat for any country); only
the secretariat runs the linkage and sees the overlap between countries
(LINKAGE_RUN). Matched pairs are seen only by the countries whose records
they involve (LINKAGE_PAIRS, country, never network: the secretariat sees
counts, not pairs), and reviewed by the coordinator and the statistician
(LINKAGE_REVIEW); the rapporteur reads them.

Statistics from cases and NRM monitoring: a country that manages its
cases here can have its statistical tables counted from them
(STATS_FROM_CASES, country: the coordinator and the statistician; not the
secretariat, which sees no case data). NRM monitoring shows indicators
side by side: those from published statistics to every role that reads it
(NRM_PUBLISHED, EU partners included); those counted from cases,
disclosure-controlled, to the secretariat, coordinators and rapporteurs
(NRM_VIEW, network); and the own country's without suppression to its
coordinator and rapporteur (NRM_OWN_COUNTRY, country).

The recommendations tracker (RECOMMENDATIONS_*) is kept by the secretariat,
which adds recommendations, opens and closes reviews and assesses the
network-wide ones (RECOMMENDATIONS_MANAGE). A coordinator sees the
recommendations that concern the own country and the network-wide ones, and
reports the own country's status with evidence (RECOMMENDATIONS_ASSESS,
country); a rapporteur sees the same and comments on the country's progress
in a review (RECOMMENDATIONS_COMMENT, country).
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
    CASES_RETENTION = (
        "cases.retention",
        _("Place a case on legal hold or lift it, and erase a case on a lawful request"),
    )
    REFERRALS_VIEW = "referrals.view", _("See cross-border referrals and their timeline")
    REFERRALS_REQUEST = (
        "referrals.request",
        _("Ask for a cross-border referral of a case and choose what to share"),
    )
    REFERRALS_SEND = (
        "referrals.send",
        _("Send, receive, acknowledge, accept and decline cross-border referrals"),
    )
    REFERRALS_OVERSEE = (
        "referrals.oversee",
        _("See referrals that missed their deadline, without their content"),
    )
    STRATEGIES_VIEW = "strategies.view", _("See national strategies and action plans")
    STRATEGIES_EDIT = (
        "strategies.edit",
        _("Keep the country's strategies and action plans and their actions"),
    )
    NETWORK_VIEW = (
        "network.view",
        _("See the network's chairs, work plans, meetings, declarations and calendar"),
    )
    NETWORK_MANAGE = (
        "network.manage",
        _("Set the rotating chair and record meetings and declarations"),
    )
    WORK_PLAN_EDIT = "network.work_plan", _("Keep the chair's annual work plan")
    PRACTICES_VIEW = "practices.view", _("See the good-practice library")
    PRACTICES_EDIT = "practices.edit", _("Describe good practices in the library")
    CONSULTATIONS_VIEW = (
        "consultations.view",
        _("See the published results of consultations with people with lived experience"),
    )
    CONSULTATIONS_MANAGE = (
        "consultations.manage",
        _("Run consultations: invitation links, review of free-text answers, results"),
    )
    LINKAGE_VIEW = "linkage.view", _("See linkage runs")
    LINKAGE_UPLOAD = "linkage.upload", _("Upload the country's linkage encodings")
    LINKAGE_RUN = (
        "linkage.run",
        _("Run the linkage, see the overlap between countries and record its result"),
    )
    LINKAGE_PAIRS = "linkage.pairs", _("See the matched pairs involving the country's records")
    LINKAGE_REVIEW = (
        "linkage.review",
        _("Confirm or reject the matched pairs involving the country's records"),
    )
    STATS_FROM_CASES = (
        "statistics.from_cases",
        _("Compute the country's statistical tables from its cases"),
    )
    NRM_PUBLISHED = (
        "nrm.published",
        _("See NRM monitoring: indicators from published statistics"),
    )
    NRM_VIEW = (
        "nrm.view",
        _("See NRM indicators counted from cases, disclosure-controlled, for all members"),
    )
    NRM_OWN_COUNTRY = (
        "nrm.own_country",
        _("See the own country's NRM indicators without disclosure control"),
    )
    RECOMMENDATIONS_VIEW = (
        "recommendations.view",
        _("See recommendations, their implementation status and progress reports"),
    )
    RECOMMENDATIONS_ASSESS = (
        "recommendations.assess",
        _("Report the implementation status of recommendations, with evidence"),
    )
    RECOMMENDATIONS_COMMENT = (
        "recommendations.comment",
        _("Comment on a country's progress in a review of recommendations"),
    )
    RECOMMENDATIONS_MANAGE = (
        "recommendations.manage",
        _("Keep the recommendations tracker, open and close its reviews"),
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
        Perm.CONSULTATIONS_MANAGE: NETWORK,
        Perm.CONSULTATIONS_VIEW: NETWORK,
        Perm.REFERENCE_VIEW: NETWORK,
        Perm.NRM_PUBLISHED: NETWORK,
        Perm.NRM_VIEW: NETWORK,
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
        Perm.RECOMMENDATIONS_VIEW: NETWORK,
        Perm.RECOMMENDATIONS_ASSESS: NETWORK,
        Perm.RECOMMENDATIONS_COMMENT: NETWORK,
        Perm.RECOMMENDATIONS_MANAGE: NETWORK,
        Perm.STRATEGIES_VIEW: NETWORK,
        Perm.NETWORK_VIEW: NETWORK,
        Perm.NETWORK_MANAGE: NETWORK,
        Perm.WORK_PLAN_EDIT: NETWORK,
        Perm.PRACTICES_VIEW: NETWORK,
        Perm.PRACTICES_EDIT: NETWORK,
        Perm.LINKAGE_VIEW: NETWORK,
        Perm.LINKAGE_UPLOAD: NETWORK,
        Perm.LINKAGE_RUN: NETWORK,
    },
    Role.COORDINATOR: {
        Perm.CONSULTATIONS_VIEW: NETWORK,
        Perm.REFERENCE_VIEW: NETWORK,
        Perm.STATS_FROM_CASES: COUNTRY,
        Perm.NRM_PUBLISHED: NETWORK,
        Perm.NRM_VIEW: NETWORK,
        Perm.NRM_OWN_COUNTRY: COUNTRY,
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
        Perm.RECOMMENDATIONS_VIEW: COUNTRY,
        Perm.RECOMMENDATIONS_ASSESS: COUNTRY,
        Perm.CASES_REGISTER: COUNTRY,
        Perm.REFERRALS_OVERSEE: COUNTRY,
        Perm.STRATEGIES_VIEW: NETWORK,
        Perm.STRATEGIES_EDIT: COUNTRY,
        Perm.NETWORK_VIEW: NETWORK,
        Perm.WORK_PLAN_EDIT: COUNTRY,
        Perm.PRACTICES_VIEW: NETWORK,
        Perm.PRACTICES_EDIT: COUNTRY,
        Perm.LINKAGE_VIEW: COUNTRY,
        Perm.LINKAGE_UPLOAD: COUNTRY,
        Perm.LINKAGE_PAIRS: COUNTRY,
        Perm.LINKAGE_REVIEW: COUNTRY,
    },
    Role.STATISTICIAN: {
        Perm.REFERENCE_VIEW: NETWORK,
        Perm.STATS_FROM_CASES: COUNTRY,
        Perm.STATS_PUBLISHED: NETWORK,
        Perm.DIRECTORY_VIEW: NETWORK,
        Perm.JOBS_VIEW: OWN,
        Perm.STATS_VIEW: COUNTRY,
        Perm.STATS_SUBMIT: COUNTRY,
        Perm.STRATEGIES_VIEW: NETWORK,
        Perm.NETWORK_VIEW: NETWORK,
        Perm.PRACTICES_VIEW: NETWORK,
        Perm.LINKAGE_VIEW: COUNTRY,
        Perm.LINKAGE_UPLOAD: COUNTRY,
        Perm.LINKAGE_PAIRS: COUNTRY,
        Perm.LINKAGE_REVIEW: COUNTRY,
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
        Perm.CASES_RETENTION: AGENCY,
        Perm.REFERRALS_VIEW: AGENCY,
        Perm.REFERRALS_REQUEST: AGENCY,
        Perm.STRATEGIES_VIEW: NETWORK,
        Perm.NETWORK_VIEW: NETWORK,
        Perm.PRACTICES_VIEW: NETWORK,
    },
    Role.TRM_CONTACT_POINT: {
        Perm.REFERENCE_VIEW: NETWORK,
        Perm.STATS_PUBLISHED: NETWORK,
        Perm.DIRECTORY_VIEW: NETWORK,
        Perm.JOBS_VIEW: OWN,
        Perm.VICTIM_DATA: COUNTRY,
        Perm.REFERRALS_VIEW: COUNTRY,
        Perm.REFERRALS_SEND: COUNTRY,
        Perm.STRATEGIES_VIEW: NETWORK,
        Perm.NETWORK_VIEW: NETWORK,
        Perm.PRACTICES_VIEW: NETWORK,
    },
    Role.RAPPORTEUR: {
        Perm.CONSULTATIONS_VIEW: NETWORK,
        Perm.REFERENCE_VIEW: NETWORK,
        Perm.NRM_PUBLISHED: NETWORK,
        Perm.NRM_VIEW: NETWORK,
        Perm.NRM_OWN_COUNTRY: COUNTRY,
        Perm.STATS_PUBLISHED: NETWORK,
        Perm.DIRECTORY_VIEW: NETWORK,
        Perm.AUDIT_VIEW: COUNTRY,
        Perm.JOBS_VIEW: OWN,
        Perm.STATS_VIEW: COUNTRY,
        Perm.CASES_AGGREGATE: COUNTRY,
        Perm.RECOMMENDATIONS_VIEW: COUNTRY,
        Perm.RECOMMENDATIONS_COMMENT: COUNTRY,
        Perm.STRATEGIES_VIEW: NETWORK,
        Perm.NETWORK_VIEW: NETWORK,
        Perm.PRACTICES_VIEW: NETWORK,
        Perm.LINKAGE_VIEW: COUNTRY,
        Perm.LINKAGE_PAIRS: COUNTRY,
    },
    Role.EU_PARTNER: {
        Perm.CONSULTATIONS_VIEW: NETWORK,
        Perm.REFERENCE_VIEW: NETWORK,
        Perm.NRM_PUBLISHED: NETWORK,
        Perm.STATS_PUBLISHED: NETWORK,
        Perm.DIRECTORY_VIEW: NETWORK,
        Perm.PRACTICES_VIEW: NETWORK,
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
