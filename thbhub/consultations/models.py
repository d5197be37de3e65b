"""Consultations with people with lived experience (STAR 5).

The respondents' side is built so that no stored row can be tied to a
person or to the invitation they used:

- ``Invitation`` keeps only a hash of its token and whether it was used;
  never when, nor by which response.
- ``Response`` and ``Answer`` have random ids (no sequence to line up with
  anything), no link to an invitation, no address, no account, no language,
  and a submission date without the time of day. Reads always order them by
  their random id, so neither pages nor exports reveal the order of arrival.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from thbhub.core.encryption import EncryptedTextField

# No consultation shows results for fewer respondents than this, whatever
# the setting or the secretariat asks for.
ABSOLUTE_MINIMUM_GROUP_SIZE = 5
DEFAULT_LANGUAGE = "en"


def default_minimum_group_size() -> int:
    configured = int(getattr(settings, "THBHUB_CONSULTATION_MINIMUM_GROUP_SIZE", 5))
    return max(ABSOLUTE_MINIMUM_GROUP_SIZE, configured)


def in_language(texts: dict[str, str], language: str | None = None) -> str:
    """The text in ``language`` (default: the active one), else in English."""
    language = (language or get_language() or DEFAULT_LANGUAGE).lower()
    return texts.get(language) or texts.get(DEFAULT_LANGUAGE) or next(iter(texts.values()), "")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCALE = "scale", _("Scale")
    TEXT = "text", _("Free text")


class Review(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    APPROVED = "approved", _("Approved as written")
    REDACTED = "redacted", _("Approved with identifying details removed")
    REJECTED = "rejected", _("Rejected: not shown")


class InvitationState(models.TextChoices):
    UNUSED = "unused", _("Not used")
    USED = "used", _("Used")
    REVOKED = "revoked", _("Withdrawn")


class Consultation(models.Model):
    """One consultation round; title and purpose are kept per language."""

    title = models.JSONField(default=dict)
    purpose = models.JSONField(default=dict)
    opens_on = models.DateField()
    closes_on = models.DateField()
    minimum_group_size = models.PositiveSmallIntegerField(default=default_minimum_group_size)
    published_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-opens_on", "-pk"]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return in_language(self.title)

    @property
    def display_purpose(self) -> str:
        return in_language(self.purpose)


class Question(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    text = models.JSONField(default=dict)
    required = models.BooleanField(default=False)
    scale_min = models.SmallIntegerField(default=1)
    scale_max = models.SmallIntegerField(default=5)
    # Results can be broken down by the answers to a single-choice question
    # (for example "which describes you best"); each group must still reach
    # the minimum size.
    breakdown = models.BooleanField(default=False)

    class Meta:
        ordering = ["consultation", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "position"], name="consultation_question_position"
            )
        ]

    def __str__(self) -> str:
        return in_language(self.text)

    @property
    def display_text(self) -> str:
        return in_language(self.text)


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField()
    text = models.JSONField(default=dict)

    class Meta:
        ordering = ["question", "position"]

    def __str__(self) -> str:
        return in_language(self.text)

    @property
    def display_text(self) -> str:
        return in_language(self.text)


class Invitation(models.Model):
    """A single-use link. The token itself is never stored, only its hash."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    batch = models.PositiveIntegerField()
    state = models.CharField(
        max_length=10, choices=InvitationState.choices, default=InvitationState.UNUSED
    )

    class Meta:
        ordering = ["consultation", "pk"]

    def __str__(self) -> str:
        return f"#{self.pk}"


class Response(models.Model):
    """One respondent's answers: random id, the day only, nothing else."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="responses"
    )
    submitted_on = models.DateField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.id)


class Answer(models.Model):
    """One answer: an option chosen (one row per option), a scale value or a
    free text. Free texts are encrypted and shown only once reviewed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    option = models.ForeignKey(
        Option, on_delete=models.PROTECT, null=True, blank=True, related_name="answers"
    )
    scale_value = models.SmallIntegerField(null=True, blank=True)
    text = EncryptedTextField(blank=True)
    review = models.CharField(max_length=10, choices=Review.choices, blank=True)
    shown_text = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.id)
