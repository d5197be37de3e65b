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
    PERMIT_ENDS = "permit_ends", _("The residence permit ends")
    COMES_OF_AGE = "comes_of_age", _("The child turns 18: plan the move to adult services")


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
    PERMIT_RECORDED = "permit_recorded", _("Residence permit recorded")
    INCLUSION_RECORDED = "inclusion_recorded", _("Social inclusion measure recorded")
    INCLUSION_ENDED = "inclusion_ended", _("Social inclusion measure ended")
    REVIEWED = "reviewed", _("Case reviewed")
    PROCEEDING_OPENED = "proceeding_opened", _("Proceedings recorded")
    PROCEEDING_UPDATED = "proceeding_updated", _("Proceedings updated")
    LEGAL_HOLD_SET = "legal_hold_set", _("Placed on legal hold")
    LEGAL_HOLD_LIFTED = "legal_hold_lifted", _("Legal hold lifted")
    ANONYMISED = "anonymised", _("Anonymised")


class ClosureReason(models.TextChoices):
    NOT_VICTIM = "not_victim", _("Not a victim of trafficking")
    ASSISTANCE_COMPLETED = "assistance_completed", _("Assistance completed, person included")
    RETURNED = "returned", _("Returned to the country of origin")
    TRANSFERRED = "transferred", _("Follow-up transferred to another agency or country")
    DECLINED = "declined", _("The person declined further assistance")
    LOST_CONTACT = "lost_contact", _("Contact lost")
    DECEASED = "deceased", _("Deceased")


class ResidencePermitType(models.TextChoices):
    """Residence permits a victim may get (Convention, Art. 14)."""

    REFLECTION = "reflection", _("Stay during the recovery and reflection period")
    TEMPORARY_VICTIM = "temporary_victim", _("Temporary permit as a victim of trafficking")
    COOPERATION = "cooperation", _("Permit for cooperation in proceedings")
    HUMANITARIAN = "humanitarian", _("Humanitarian permit")
    PERMANENT = "permanent", _("Permanent residence")
    INTERNATIONAL_PROTECTION = "international_protection", _("International protection")
    OTHER = "other", _("Other permit")


class InclusionArea(models.TextChoices):
    EDUCATION = "education", _("Education")
    WORK = "work", _("Work")
    HOUSING = "housing", _("Housing")


class InclusionKind(models.TextChoices):
    """What a measure of social inclusion is, within its area."""

    SCHOOL = "school", _("School")
    VOCATIONAL_TRAINING = "vocational_training", _("Vocational training")
    LANGUAGE_COURSE = "language_course", _("Language course")
    HIGHER_EDUCATION = "higher_education", _("Higher education")
    EMPLOYMENT = "employment", _("Employment")
    SELF_EMPLOYMENT = "self_employment", _("Self-employment")
    INTERNSHIP = "internship", _("Internship or work practice")
    JOB_SEARCH = "job_search", _("Job search support")
    SHELTER = "shelter", _("Shelter")
    SUPPORTED_HOUSING = "supported_housing", _("Supported or transitional housing")
    SOCIAL_HOUSING = "social_housing", _("Social housing")
    INDEPENDENT_HOUSING = "independent_housing", _("Independent housing")
    FAMILY = "family", _("Living with family")
    OTHER = "other", _("Other")


INCLUSION_KINDS_BY_AREA: dict[str, tuple[str, ...]] = {
    InclusionArea.EDUCATION: (
        InclusionKind.SCHOOL,
        InclusionKind.VOCATIONAL_TRAINING,
        InclusionKind.LANGUAGE_COURSE,
        InclusionKind.HIGHER_EDUCATION,
        InclusionKind.OTHER,
    ),
    InclusionArea.WORK: (
        InclusionKind.EMPLOYMENT,
        InclusionKind.SELF_EMPLOYMENT,
        InclusionKind.INTERNSHIP,
        InclusionKind.JOB_SEARCH,
        InclusionKind.VOCATIONAL_TRAINING,
        InclusionKind.OTHER,
    ),
    InclusionArea.HOUSING: (
        InclusionKind.SHELTER,
        InclusionKind.SUPPORTED_HOUSING,
        InclusionKind.SOCIAL_HOUSING,
        InclusionKind.INDEPENDENT_HOUSING,
        InclusionKind.FAMILY,
        InclusionKind.OTHER,
    ),
}


class ReviewOutcome(models.TextChoices):
    CONTINUE = "continue", _("Plan continues unchanged")
    ADJUSTED = "adjusted", _("Plan adjusted")
    GOALS_MET = "goals_met", _("Goals met: ready to close")
    NO_CONTACT = "no_contact", _("Person could not be reached")


class ProceedingKind(models.TextChoices):
    CRIMINAL = "criminal", _("Criminal proceedings")
    CIVIL = "civil", _("Civil proceedings")
    LABOUR = "labour", _("Labour court proceedings")
    ADMINISTRATIVE = "administrative", _("Administrative proceedings")


class ProceedingRole(models.TextChoices):
    INJURED_PARTY = "injured_party", _("Injured party")
    WITNESS = "witness", _("Witness")
    PRIVATE_PROSECUTOR = "private_prosecutor", _("Private or subsidiary prosecutor")
    CLAIMANT = "claimant", _("Claimant")
    SUSPECT = "suspect", _("Suspect or defendant")


class ProceedingStage(models.TextChoices):
    INVESTIGATION = "investigation", _("Investigation")
    INDICTMENT = "indictment", _("Indictment or claim filed")
    TRIAL = "trial", _("Trial")
    APPEAL = "appeal", _("Appeal")
    CONCLUDED = "concluded", _("Concluded")


class ProceedingOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    CONVICTION = "conviction", _("Conviction")
    ACQUITTAL = "acquittal", _("Acquittal")
    DISMISSED = "dismissed", _("Dismissed or discontinued")
    JUDGMENT_FOR = "judgment_for", _("Judgment in the person's favour")
    JUDGMENT_AGAINST = "judgment_against", _("Judgment against the person")
    SETTLED = "settled", _("Settled")


class ProtectionMeasure(models.TextChoices):
    """Protection of victims in proceedings (Convention, Art. 28 and 30)."""

    ANONYMITY = "anonymity", _("Anonymity or protected identity")
    REMOTE_TESTIMONY = "remote_testimony", _("Testimony by video link or behind a screen")
    NO_CONFRONTATION = "no_confrontation", _("No confrontation with the accused")
    CLOSED_HEARING = "closed_hearing", _("Hearing closed to the public")
    RECORDED_TESTIMONY = "recorded_testimony", _("Recorded testimony used in court")
    WITNESS_PROGRAMME = "witness_programme", _("Witness protection programme")
    PHYSICAL_PROTECTION = "physical_protection", _("Physical protection")
    SUPPORT_PERSON = "support_person", _("Accompanied by a support person")
    FREE_LEGAL_AID = "free_legal_aid", _("Free legal representation")


class ConsentGiver(models.TextChoices):
    PERSON = "person", _("The person")
    GUARDIAN = "guardian", _("The guardian, for the child")


class ErasureLegalBasis(models.TextChoices):
    DATA_SUBJECT_REQUEST = "data_subject_request", _("Request of the person (right to erasure)")
    COURT_ORDER = "court_order", _("Court order")
    SUPERVISORY_AUTHORITY = "supervisory_authority", _("Order of the data protection authority")
    UNLAWFULLY_PROCESSED = "unlawfully_processed", _("Data processed unlawfully")
