"""The shipped code lists, read once; nothing here needs a database."""

from __future__ import annotations

import pytest

from thbhub.statistics.standard import CodeLists


@pytest.fixture(scope="session")
def codes() -> CodeLists:
    return CodeLists.from_files()
