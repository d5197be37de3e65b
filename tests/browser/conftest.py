"""A real Chromium driven by Playwright against the live test server.

The browser is Debian's ``chromium`` package, not one downloaded by
``playwright install``: CI and the machines we test on install it with apt.
Without it the browser tests are skipped, unless THBHUB_REQUIRE_BROWSER=1
(CI sets it) turns the missing browser into a failure.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

from tests.browser.support import (
    CHROMIUM_ARGS,
    LAPTOP,
    PHONE,
    REQUIRE_BROWSER,
    TIMEOUT_MS,
    chromium_path,
)


def _unavailable(reason: str) -> NoReturn:
    if REQUIRE_BROWSER:
        pytest.fail(
            f"{reason}; THBHUB_REQUIRE_BROWSER=1 requires the browser tests to run. "
            "Install it with: apt-get install -y chromium",
            pytrace=False,
        )
    pytest.skip(f"{reason} (set THBHUB_REQUIRE_BROWSER=1 to fail instead of skipping)")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = chromium_path()
    if executable is None:
        _unavailable("No Chromium found at /usr/bin/chromium, on PATH or in THBHUB_CHROMIUM")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("The playwright package is not installed")
    # Playwright's sync API keeps an asyncio loop open in this thread, which
    # makes Django refuse ORM calls here (they are not async at all: the loop
    # only waits on the browser). The live server runs in its own thread and
    # is unaffected.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            # launch() gives the browser a fresh temporary profile of its own.
            instance = playwright.chromium.launch(
                executable_path=executable, args=CHROMIUM_ARGS, headless=True
            )
            yield instance
            instance.close()


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Screenshots go outside the repository: THBHUB_SCREENSHOT_DIR, or pytest's temp dir."""
    explicit = os.environ.get("THBHUB_SCREENSHOT_DIR")
    if explicit:
        path = Path(explicit)
        path.mkdir(parents=True, exist_ok=True)
        return path
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture
def site(browser: Any, live_server: Any) -> str:
    """The live server's address, with the demo data loaded (tables are emptied between tests).

    It asks for the browser first, so that a missing browser is reported
    before anything else can go wrong.
    """
    from tests.conftest import ensure_demo_data

    ensure_demo_data()
    return str(live_server.url)


@pytest.fixture
def new_page(browser: Any) -> Iterator[Callable[[], Any]]:
    """Pages in fresh browser contexts (own cookies), at a laptop's size."""
    contexts: list[Any] = []

    def make() -> Any:
        context = browser.new_context(viewport=LAPTOP, locale="en-GB")
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[[], Any]) -> Any:
    return new_page()


@pytest.fixture
def snap(screenshot_dir: Path, request: pytest.FixtureRequest) -> Callable[[Any, str], None]:
    """Full-page screenshots of the page as it is now, on a laptop and on a phone."""

    def take(page: Any, label: str) -> None:
        stem = f"{request.node.name}-{label}"
        page.set_viewport_size(LAPTOP)
        page.screenshot(path=screenshot_dir / f"{stem}-laptop.png", full_page=True)
        page.set_viewport_size(PHONE)
        page.screenshot(path=screenshot_dir / f"{stem}-phone.png", full_page=True)
        page.set_viewport_size(LAPTOP)

    return take
