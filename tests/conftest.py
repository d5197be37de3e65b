"""Shared fixtures: the demo data set, users by role, and clients logged in as them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client, override_settings

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Tests that never open a database connection (pytest-django refuses one to
# a test not asking for it), marked ``no_database``: their result is the same
# on any database, so the PostgreSQL run of CI leaves them out.
DATABASE_FREE = ("tests/linkage/", "tests/statistics/test_disclosure.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.nodeid.startswith(DATABASE_FREE):
            item.add_marker(pytest.mark.no_database)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """Every test starts from the demo data set, loaded once per run."""
    from tests import demo_snapshot
    from thbhub.demo.generator import generate_demo

    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        generate_demo()
        demo_snapshot.take()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(autouse=True)
def _private_uploads(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Each test's uploads and generated files in a folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "files"


@pytest.fixture
def users(db):  # type: ignore[no-untyped-def]
    """Demo accounts by a short name: 'secretariat', 'rs.coordinator', ..."""
    from thbhub.accounts.models import User

    class Users(dict[str, User]):
        def __missing__(self, username: str) -> User:
            user = User.objects.get(username=username)
            self[username] = user
            return user

    return Users()


@pytest.fixture
def client_for(db) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A web client logged in as the named demo account (second factor passed)."""
    from thbhub.accounts.models import User

    def make(username: str | None) -> Client:
        client = Client()
        if username is not None:
            client.force_login(User.objects.get(username=username))
        return client

    yield make


def ensure_demo_data() -> None:
    """For transactional tests, whose tables are emptied between tests.

    The copy taken after the run's first build is put back; the demo is built
    again only where no copy was taken.
    """
    from django.db import transaction

    from tests import demo_snapshot
    from thbhub.demo.generator import generate_demo

    if demo_snapshot.available():
        demo_snapshot.restore()
        return
    from thbhub.reference import loading
    from thbhub.reference.models import Code, CodeListVersion, Country, Population

    # One transaction: row-by-row commits are slow on PostgreSQL.
    with transaction.atomic(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        if not Country.objects.exists():
            loading.load_countries(Country)
            loading.load_codelists(CodeListVersion, Code)
            loading.load_population(Population)
        generate_demo()
