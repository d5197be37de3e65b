"""The network's calendar: meetings, work plan activities and review
deadlines, as a list of events and as iCalendar text (RFC 5545)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from thbhub.network.models import WorkPlanActivity
from thbhub.network.selectors import chair_terms_visible_to, meetings_visible_to
from thbhub.recommendations.models import Review

if TYPE_CHECKING:
    from thbhub.accounts.models import User

PRODUCT_ID = "-//THB Hub//Network calendar//EN"
LINE_OCTETS = 75


@dataclass(frozen=True)
class Event:
    uid: str
    kind: str
    title: str
    starts_on: datetime.date
    ends_on: datetime.date
    place: str = ""
    url: str = ""


def calendar_events(user: User, *, year: int | None = None) -> list[Event]:
    """What the user's calendar shows, by date; ``year`` narrows it to one year."""
    events: list[Event] = []
    for meeting in meetings_visible_to(user):
        events.append(
            Event(
                uid=f"meeting-{meeting.pk}@thbhub",
                kind=_("Meeting"),
                title=meeting.title,
                starts_on=meeting.starts_on,
                ends_on=meeting.ends_on or meeting.starts_on,
                place=meeting.place,
                url=f"/network/meetings/{meeting.pk}/",
            )
        )
    terms = chair_terms_visible_to(user)
    for activity in WorkPlanActivity.objects.filter(term__in=terms).select_related("term"):
        events.append(
            Event(
                uid=f"activity-{activity.pk}@thbhub",
                kind=_("Work plan activity"),
                title=activity.title,
                starts_on=activity.starts_on,
                ends_on=activity.ends_on or activity.starts_on,
                url=f"/network/work-plan/{activity.term.year}/",
            )
        )
    # Review cycles of the recommendations tracker: their deadlines are dates
    # every member works towards, not data about anyone.
    for review in Review.objects.order_by("deadline"):
        events.append(
            Event(
                uid=f"review-{review.pk}@thbhub",
                kind=_("Review deadline"),
                title=_("Deadline: %(review)s") % {"review": review.title},
                starts_on=review.deadline,
                ends_on=review.deadline,
            )
        )
    if year is not None:
        events = [e for e in events if e.starts_on.year <= year <= e.ends_on.year]
    return sorted(events, key=lambda event: (event.starts_on, event.title))


def _escape(text: str) -> str:
    """TEXT value escaping of RFC 5545, 3.3.11."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545, 3.1), never inside a UTF-8 character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= LINE_OCTETS:
        return line
    parts: list[str] = []
    current = ""
    limit = LINE_OCTETS
    for character in line:
        if len((current + character).encode("utf-8")) > limit:
            parts.append(current)
            current = character
            # Continuation lines start with a space, which counts towards the limit.
            limit = LINE_OCTETS - 1
        else:
            current += character
    parts.append(current)
    return "\r\n ".join(parts)


def write_ics(events: list[Event], *, base_url: str = "") -> bytes:
    """The events as an iCalendar file; all-day events, end dates exclusive."""
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(_('Anti-trafficking network'))}",
    ]
    for event in events:
        end = event.ends_on + datetime.timedelta(days=1)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{event.starts_on:%Y%m%d}",
            f"DTEND;VALUE=DATE:{end:%Y%m%d}",
            f"SUMMARY:{_escape(event.title)}",
            f"CATEGORIES:{_escape(event.kind)}",
        ]
        if event.place:
            lines.append(f"LOCATION:{_escape(event.place)}")
        if event.url and base_url:
            lines.append(f"URL:{base_url.rstrip('/')}{event.url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode("utf-8")
