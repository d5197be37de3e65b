"""Fixtures of the linkage tests at the hub."""

from __future__ import annotations

import pytest

from tests.linkage_runs.builders import remove_linkage


@pytest.fixture
def no_linkage_yet(db: None) -> None:
    """A hub where no country has uploaded encodings and no run was made.

    The demo holds a finished run (thbhub/linkage_runs/demo.py); tests that
    count the uploads, runs and reviews they make themselves start without it.
    """
    remove_linkage()
