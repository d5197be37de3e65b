"""Where the browser is and how it is started, shared by the fixtures and the tests."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REQUIRE_BROWSER = os.environ.get("THBHUB_REQUIRE_BROWSER") == "1"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# Long enough for a cold first page on a slow CI machine, short enough that a
# broken page fails the module well within its minute.
TIMEOUT_MS = 10_000


def chromium_path() -> str | None:
    """Debian's Chromium, or the browser named by THBHUB_CHROMIUM (for other systems)."""
    explicit = os.environ.get("THBHUB_CHROMIUM", "").strip()
    if explicit:
        return explicit if Path(explicit).is_file() else None
    if Path("/usr/bin/chromium").is_file():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def skip_module_without_browser() -> None:
    """Called at the top of a browser test module, before Playwright is
    imported: skips the module where no browser can run, unless
    THBHUB_REQUIRE_BROWSER=1, which turns a missing browser into failures."""
    if chromium_path() is None and not REQUIRE_BROWSER:
        pytest.skip(
            "No Chromium at /usr/bin/chromium, on PATH or in THBHUB_CHROMIUM "
            "(apt-get install chromium; THBHUB_REQUIRE_BROWSER=1 fails instead of skipping)",
            allow_module_level=True,
        )
    if not REQUIRE_BROWSER:
        pytest.importorskip("playwright.sync_api")
