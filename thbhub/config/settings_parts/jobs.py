"""Background jobs."""

from __future__ import annotations

from thbhub.config.environment import env_str

# "thread": jobs run in a thread of the web process after the request's
# transaction commits (the embedded default, no extra server).
# "worker": jobs wait in the database for `thbhub jobs worker` (production).
# "inline": jobs run in the calling thread when its transaction commits (the
# test suite uses this). Commands queue their jobs and run them in the
# foreground themselves, whatever the mode, to show their progress.
JOBS_MODE = env_str("THBHUB_JOBS_MODE", "thread")
