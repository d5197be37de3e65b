"""Settings for the test suite: the platform's own, with a throw-away data
folder and jobs run in the calling thread.

pytest-django imports the settings before any conftest runs, so the
environment has to be set here.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

_data_dir = tempfile.mkdtemp(prefix="thbhub-test-")
atexit.register(shutil.rmtree, _data_dir, ignore_errors=True)
os.environ.setdefault("THBHUB_DATA_DIR", _data_dir)
os.environ.setdefault("THBHUB_JOBS_MODE", "inline")

from thbhub.config.settings import *  # noqa: E402, F403 — after the environment above
