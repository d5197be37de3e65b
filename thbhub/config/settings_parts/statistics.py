"""Statistics: disclosure control of published data."""

from __future__ import annotations

from thbhub.config.environment import env_int

# Published cells from 1 up to this value are suppressed (flag c); the
# secretariat may choose another value for one publication.
THBHUB_DISCLOSURE_THRESHOLD = env_int("THBHUB_DISCLOSURE_THRESHOLD", 4)
