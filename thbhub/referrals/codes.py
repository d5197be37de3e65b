"""The code lists of a cross-border referral (after the ICMPD TRM guidelines)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferralPurpose(models.TextChoices):
    RETURN = "return", _("Return to the country of origin")
    IDENTIFICATION = "identification", _("Identification")
    ASSISTANCE = "assistance", _("Assistance and protection")
    TRANSIT = "transit", _("Transit")


class Direction(models.TextChoices):
    DESTINATION_TO_ORIGIN = "destination_to_origin", _("From the destination to the origin")
    ORIGIN_TO_DESTINATION = "origin_to_destination", _("From the origin to the destination")
    TRANSIT = "transit", _("Through a transit country")


# Return goes home; identification and assistance follow the person abroad.
DIRECTION_OF: dict[str, str] = {
    ReferralPurpose.RETURN: Direction.DESTINATION_TO_ORIGIN,
    ReferralPurpose.IDENTIFICATION: Direction.ORIGIN_TO_DESTINATION,
    ReferralPurpose.ASSISTANCE: Direction.ORIGIN_TO_DESTINATION,
    ReferralPurpose.TRANSIT: Direction.TRANSIT,
}


class ReferralKind(models.TextChoices):
    SERVICE = "service", _("Referral for a service (the case stays with the sender)")
    TRANSFER = "transfer", _("Transfer (the follow-up moves to the receiving country)")


class ReferralStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    REVOKED = "revoked", _("Revoked")


# What the receiving side may see: everything from the moment it is sent.
DELIVERED = (
    ReferralStatus.SENT,
    ReferralStatus.ACKNOWLEDGED,
    ReferralStatus.ACCEPTED,
    ReferralStatus.DECLINED,
    ReferralStatus.REVOKED,
)
# Still open for the receiving side's answer; the sender may revoke.
AWAITING_DECISION = (ReferralStatus.SENT, ReferralStatus.ACKNOWLEDGED)


class Need(models.TextChoices):
    """What the referral asks the receiving side for: its purpose tags."""

    ACCOMMODATION = "accommodation", _("Safe accommodation")
    MEDICAL = "medical", _("Medical care")
    PSYCHOLOGICAL = "psychological", _("Psychological support")
    LEGAL_AID = "legal_aid", _("Legal aid")
    FAMILY_TRACING = "family_tracing", _("Family tracing and assessment")
    DOCUMENTS = "documents", _("Travel or identity documents")
    REINTEGRATION = "reintegration", _("Reintegration and social inclusion")
    ESCORT = "escort", _("Escort during travel")


class ShareItem(models.TextChoices):
    """The parts of a case a sender can choose to share."""

    PROFILE = "profile", _("Sex, age, citizenship and languages")
    EXPLOITATION = "exploitation", _("Forms of exploitation, indicators and route")
    IDENTIFICATION = "identification", _("Identification status and decision date")
    IDENTITY = "identity", _("Names and date of birth")
    DOCUMENTS = "documents", _("Identity documents")
    CONTACTS = "contacts", _("Contact details and address")
    SERVICES = "services", _("Services delivered so far")
    CHILD_SAFEGUARDS = "child_safeguards", _("Guardian and best-interests determinations")


# Items that hold personal identifiers: shown only with VICTIM_DATA.
PERSONAL_ITEMS = frozenset({ShareItem.IDENTITY, ShareItem.DOCUMENTS, ShareItem.CONTACTS})


class TimelineKind(models.TextChoices):
    REQUESTED = "requested", _("Referral asked for")
    SHARING_CHOSEN = "sharing_chosen", _("What to share chosen")
    SENT = "sent", _("Referral sent")
    ACKNOWLEDGED = "acknowledged", _("Receipt acknowledged")
    ESCALATED = "escalated", _("Acknowledgement overdue: escalated to the coordinator")
    ACCEPTED = "accepted", _("Referral accepted")
    DECLINED = "declined", _("Referral declined")
    REVOKED = "revoked", _("Referral revoked")
    RISK_ASSESSMENT = "risk_assessment", _("Risk assessment")
    VOLUNTARY_DECISION = "voluntary_decision", _("Voluntary decision to return")
    TRAVEL = "travel", _("Travel arranged")
    DEPARTURE = "departure", _("Departure")
    ARRIVAL = "arrival", _("Arrival confirmed")
    HANDOVER = "handover", _("Hand-over confirmed")
    SERVICE = "service", _("Service provided")
    FOLLOW_UP = "follow_up", _("Follow-up")
    FEEDBACK = "feedback", _("Feedback to the sender")


# What users add by hand; the rest is written by the services themselves.
MANUAL_KINDS = (
    TimelineKind.TRAVEL,
    TimelineKind.ARRIVAL,
    TimelineKind.SERVICE,
    TimelineKind.FEEDBACK,
)
# Only the receiving side can confirm these.
RECEIVER_KINDS = frozenset(
    {TimelineKind.ARRIVAL, TimelineKind.SERVICE, TimelineKind.FEEDBACK, TimelineKind.HANDOVER}
)


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class ReturnStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DEPARTED = "departed", _("Departed")
    HANDED_OVER = "handed_over", _("Handed over")


FOLLOW_UP_MONTHS = (3, 6, 12)
