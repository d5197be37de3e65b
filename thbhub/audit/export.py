"""The audit log as CSV or xlsx."""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook

from thbhub.audit.models import AuditEvent

HEADERS = [
    "When (UTC)",
    "User",
    "Role",
    "Country",
    "Action",
    "Outcome",
    "Object type",
    "Object id",
    "Interface",
    "Address",
    "Detail",
]


def event_row(event: AuditEvent) -> list[Any]:
    return [
        event.at.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S"),
        event.actor_username,
        event.actor_role,
        event.country_id or "",
        event.action,
        event.outcome,
        event.object_type,
        event.object_id,
        event.interface,
        event.address or "",
        json.dumps(event.detail, ensure_ascii=False, sort_keys=True) if event.detail else "",
    ]


def write_csv(events: Iterable[AuditEvent]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for event in events:
        writer.writerow(event_row(event))
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(events: Iterable[AuditEvent]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Audit log")
    sheet.append(HEADERS)
    for event in events:
        sheet.append(event_row(event))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
