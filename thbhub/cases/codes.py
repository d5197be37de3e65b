"""The code lists of a case: HTCDS-style categories and the 6.1 codes.

Exploitation and sex use the 6.1 codes (design brief 6.1), so that a
country's statistical tables and its victim register can be computed from
its cases without re-keying.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    PRESUMED = "PRESUMED", _("Presumed victim")
    IDENTIFIED = "IDENTIFIED", _("Formally identified victim")
    NOT_VICTIM = "NOT_VICTIM", _("Not a victim of trafficking")


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    UNKNOWN = "UNK", _("Unknown")


class Exploitation(models.TextChoices):
    """The 6.1 EXPLOITATION code list without its TOTAL."""

    SEXUAL = "SEXUAL", _("Sexual exploitation")
    LABOUR = "LABOUR", _("Labour exploitation")
    BEGGING = "BEGGING", _("Forced begging")
    CRIMINAL_ACTIVITIES = "CRIMINAL_ACTIVITIES", _("Forced criminal activities")
    ORGAN_REMOVAL = "ORGAN_REMOVAL", _("Removal of organs")
    FORCED_MARRIAGE = "FORCED_MARRIAGE", _("Forced marriage")
    OTHER = "OTHER", _("Other forms of exploitation")
    UNKNOWN = "UNK", _("Unknown")


class Indicator(models.TextChoices):
    """Trafficking indicators (after the ILO/EC Delphi indicators and IOM's HTCDS)."""

    DECEPTION = "deception", _("Deceived about the nature or conditions of work")
    COERCION = "coercion", _("Coerced or forced")
    DEBT_BONDAGE = "debt_bondage", _("Debt bondage")
    DOCUMENTS_WITHHELD = "documents_withheld", _("Identity documents withheld")
    RESTRICTED_MOVEMENT = "restricted_movement", _("Freedom of movement restricted")
    ISOLATION = "isolation", _("Isolated from family or community")
    VIOLENCE = "violence", _("Physical or sexual violence")
    THREATS = "threats", _("Threats against the person or the family")
    WITHHELD_WAGES = "withheld_wages", _("Wages withheld or not paid")
    EXCESSIVE_HOURS = "excessive_hours", _("Excessive working hours")
    ABUSE_OF_VULNERABILITY = "abuse_of_vulnerability", _("Abuse of a position of vulnerability")
    DEGRADING_CONDITIONS = "degrading_conditions", _("Degrading living or working conditions")


class IdentifiedBy(models.TextChoices):
    POLICE = "police", _("Police")
    BORDER_POLICE = "border_police", _("Border police")
    LABOUR_INSPECTION = "labour_inspection", _("Labour inspection")
    SOCIAL_SERVICES = "social_services", _("Social services")
    NGO = "ngo", _("NGO")
    INTERNATIONAL = "international", _("International organisation")
    ABROAD = "abroad", _("Authorities of another country")
    SELF = "self", _("The person themself")
    OTHER = "other", _("Other")


class IdentificationContext(models.TextChoices):
    OUTREACH = "outreach", _("Outreach work")
    BORDER_CHECK = "border_check", _("Border or migration check")
    POLICE_OPERATION = "police_operation", _("Police operation or investigation")
    INSPECTION = "inspection", _("Labour inspection")
    HOTLINE = "hotline", _("Hotline call")
    SELF_REPORT = "self_report", _("Self-referral")
    HEALTH_OR_SCHOOL = "health_or_school", _("Health, school or social service")
    REFERRAL_FROM_ABROAD = "referral_from_abroad", _("Referral from another country")
    OTHER = "other", _("Other")


class RouteStage(models.TextChoices):
    RECRUITMENT = "recruitment", _("Recruitment")
    TRANSIT = "transit", _("Transit")
    EXPLOITATION = "exploitation", _("Exploitation")


class ServiceType(models.TextChoices):
    ACCOMMODATION = "accommodation", _("Accommodation")
    MEDICAL = "medical", _("Medical care")
    MENTAL_HEALTH = "mental_health", _("Mental health care")
    PSYCHOLOGICAL = "psychological", _("Psychological support")
    LEGAL_AID = "legal_aid", _("Legal aid")
    INTERPRETATION = "interpretation", _("Interpretation")
    EDUCATION = "education", _("Education")
    EMPLOYMENT = "employment", _("Employment support")
    FINANCIAL = "financial", _("Financial support")


class ConsentPurpose(models.TextChoices):
    ASSISTANCE = "assistance", _("Assistance")
    REFERRAL_IN_COUNTRY = "referral_in_country", _("Referral within the country")
    CROSS_BORDER = "cross_border", _("Cross-border sharing")
    FAMILY_CONTACT = "family_contact", _("Contacting the family")
    RETURN = "return", _("Return")


class BestInterestsPurpose(models.TextChoices):
    CARE = "care", _("Care arrangement and placement")
    TRANSFER = "transfer", _("Transfer to another country")
    RETURN = "return", _("Return")
    DURABLE_SOLUTION = "durable_solution", _("Durable solution")


class TaskKind(models.TextChoices):
    REFLECTION_END = "reflection_end", _("The recovery and reflection period ends")
    GUARDIAN = "guardian", _("Appoint a guardian")
    ASSISTANCE_PLAN = "assistance_plan", _("Agree the individual assistance plan")
    REVIEW = "review", _("Review the assistance plan")
    BEST_INTERESTS = "best_interests", _("Determine the child's best interests")


class EventKind(models.TextChoices):
    OPENED = "opened", _("Case opened")
    UPDATED = "updated", _("Case details changed")
    IDENTIFIERS_CHANGED = "identifiers_changed", _("Personal identifiers changed")
    STATUS_DECIDED = "status_decided", _("Identification decided")
    REFLECTION_STARTED = "reflection_started", _("Recovery and reflection period started")
    PLAN_AGREED = "plan_agreed", _("Individual assistance plan agreed")
    SERVICE_ADDED = "service_added", _("Service delivered")
    CONSENT_GIVEN = "consent_given", _("Consent given")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")
    CONSENT_OVERRIDDEN = "consent_overridden", _("Acted without consent (override)")
    GUARDIAN_APPOINTED = "guardian_appointed", _("Guardian appointed")
    BEST_INTERESTS = "best_interests", _("Best-interests determination recorded")
    FAMILY_CONTACT = "family_contact", _("Family contacted")
    TASK_DONE = "task_done", _("Task done")
    CLOSED = "closed", _("Case closed")
    IMPORTED = "imported", _("Case imported")


class ClosureReason(models.TextChoices):
    NOT_VICTIM = "not_victim", _("Not a victim of trafficking")
    ASSISTANCE_COMPLETED = "assistance_completed", _("Assistance completed, person included")
    RETURNED = "returned", _("Returned to the country of origin")
    TRANSFERRED = "transferred", _("Follow-up transferred to another agency or country")
    DECLINED = "declined", _("The person declined further assistance")
    LOST_CONTACT = "lost_contact", _("Contact lost")
    DECEASED = "deceased", _("Deceased")
