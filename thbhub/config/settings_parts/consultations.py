"""Consultations with people with lived experience: the smallest group shown."""

from __future__ import annotations

from thbhub.config.environment import env_int

# Results of a consultation are shown only for groups of at least this many
# respondents. A consultation may ask for a larger group, never a smaller
# one than thbhub.consultations.models.ABSOLUTE_MINIMUM_GROUP_SIZE.
THBHUB_CONSULTATION_MINIMUM_GROUP_SIZE = env_int("THBHUB_CONSULTATION_MINIMUM_GROUP_SIZE", 5)
