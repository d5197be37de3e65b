"""Where the current action comes from: which interface, which address.

Set once per request by middleware, per command by the CLI and per job by
the job runner; read by ``thbhub.audit.services.audit_record`` so that every
audit row says from where an action came without every service passing it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Interface(models.TextChoices):
    WEB = "web", _("Web")
    API = "api", _("API")
    CLI = "cli", _("Command line")
    JOB = "job", _("Background job")
    SYSTEM = "system", _("System")


@dataclass(frozen=True)
class Origin:
    interface: str = Interface.SYSTEM
    address: str | None = None


# Origin is a frozen dataclass, so sharing the default instance is safe.
_current: ContextVar[Origin] = ContextVar("thbhub_origin", default=Origin())  # noqa: B039


def current_origin() -> Origin:
    return _current.get()


@contextlib.contextmanager
def origin(interface: str, address: str | None = None) -> Iterator[Origin]:
    value = Origin(interface=interface, address=address)
    token = _current.set(value)
    try:
        yield value
    finally:
        _current.reset(token)
