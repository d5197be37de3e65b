"""Reminders before and after a round's deadline: once each, in the
recipient's language, without a single figure."""

from __future__ import annotations

import datetime
import socket
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.statistics.rounds import submission_of
from thbhub.access.policies import PermissionDenied
from thbhub.audit.models import AuditEvent
from thbhub.statistics.models import ReminderSent, Round, SubmissionStatus
from thbhub.statistics.reminders import OVERDUE, ReminderDeliveryError, round_reminders_send
from thbhub.statistics.services import (
    round_open,
    submission_return,
    submission_submit,
    submission_upload_csv,
)

pytestmark = pytest.mark.django_db

# A year neither the demo data nor other tests open a round for.
YEAR = 2013
DEADLINE = datetime.date(2014, 6, 30)
HEADER = (
    "country,year,measure,status,sex,age,citizenship,exploitation,"
    "exploitation_country,identified_in,value,flag,note"
)
# A figure that appears nowhere else, to prove it never reaches a mail.
SECRET_FIGURE = 4817


def day(days_before: int) -> datetime.date:
    return DEADLINE - datetime.timedelta(days=days_before)


def figures_csv(country: str, value: int = SECRET_FIGURE) -> bytes:
    row = f"{country},{YEAR},VICTIMS,TOTAL,TOTAL,TOTAL,TOTAL,TOTAL,TOTAL,TOTAL,{value},,"
    return f"{HEADER}\n{row}\n".encode()


@pytest.fixture
def round_(users) -> Round:  # type: ignore[no-untyped-def]
    """RS with two recipients (one reading Serbian), AL with one, HR with none."""
    for username, language in [
        ("rs.coordinator", ""),
        ("rs.statistician", "sr-latn"),
        ("al.statistician", "en"),
        ("rs.rapporteur", ""),  # reads, does not submit: never a recipient
    ]:
        user = users[username]
        user.email = f"{username}@example.org"
        user.preferred_language = language
        user.save()
    return round_open(
        actor=users["secretariat"],
        year=YEAR,
        deadline=DEADLINE,
        member_codes=["RS", "AL", "HR"],
    )


def recipients() -> dict[str, mail.EmailMessage]:
    return {message.to[0]: message for message in mail.outbox}


def test_nothing_is_due_before_the_first_reminder_day(users, round_) -> None:  # type: ignore[no-untyped-def]
    assert round_reminders_send(actor=users["secretariat"], today=day(20)) == []
    assert mail.outbox == []


def test_each_waiting_member_is_reminded_once(users, round_) -> None:  # type: ignore[no-untyped-def]
    sent = round_reminders_send(actor=users["secretariat"], today=day(14))
    assert sorted((r.country_id, r.days_before, r.recipients) for r in sent) == [
        ("AL", 14, 1),
        ("HR", 14, 0),
        ("RS", 14, 2),
    ]
    assert sorted(recipients()) == [
        "al.statistician@example.org",
        "rs.coordinator@example.org",
        "rs.statistician@example.org",
    ]
    message = recipients()["rs.coordinator@example.org"]
    assert message.subject == f"THB Hub: your statistics for {YEAR} are due by 2014-06-30"
    coordinator = users["rs.coordinator"]
    assert f"Dear {coordinator.first_name} {coordinator.last_name}," in message.body
    assert "14 days are left." in message.body
    link = f"http://127.0.0.1:8000/statistics/submissions/{submission_of(round_, 'RS').pk}/"
    assert link in message.body
    # Running again the same day, or the next, sends nothing new.
    mail.outbox.clear()
    assert round_reminders_send(actor=users["secretariat"], today=day(14)) == []
    assert round_reminders_send(actor=users["secretariat"], today=day(13)) == []
    assert mail.outbox == []
    assert ReminderSent.objects.filter(round=round_).count() == 3


def test_a_missed_day_sends_only_the_latest_reminder_due(users, round_) -> None:  # type: ignore[no-untyped-def]
    sent = round_reminders_send(actor=users["secretariat"], today=day(2))
    assert {r.days_before for r in sent} == {3}
    assert not ReminderSent.objects.filter(round=round_, days_before=14).exists()
    assert "2 days are left." in recipients()["al.statistician@example.org"].body


def test_after_the_deadline_one_overdue_reminder(users, round_) -> None:  # type: ignore[no-untyped-def]
    sent = round_reminders_send(actor=users["secretariat"], today=DEADLINE + datetime.timedelta(3))
    assert {r.days_before for r in sent} == {OVERDUE}
    message = recipients()["al.statistician@example.org"]
    assert message.subject == f"THB Hub: your statistics for {YEAR} are overdue"
    assert "The deadline passed 3 days ago." in message.body
    mail.outbox.clear()
    later = DEADLINE + datetime.timedelta(30)
    assert round_reminders_send(actor=users["secretariat"], today=later) == []
    assert mail.outbox == []


def test_submitted_members_are_not_reminded_but_returned_ones_are(users, round_) -> None:  # type: ignore[no-untyped-def]
    rs, al = submission_of(round_, "RS"), submission_of(round_, "AL")
    for country, submission in [("RS", rs), ("AL", al)]:
        submission_upload_csv(
            actor=users["secretariat"],
            round=round_,
            country_id=country,
            data=figures_csv(country),
            filename=f"{country.lower()}.csv",
        )
        submission_submit(actor=users["secretariat"], submission=submission)
    submission_return(actor=users["secretariat"], submission=al, comment="Add the sex breakdown.")
    sent = round_reminders_send(actor=users["secretariat"], today=day(3))
    assert sorted(r.country_id for r in sent) == ["AL", "HR"]
    body = recipients()["al.statistician@example.org"].body
    assert "Returned for correction" in body
    assert "The secretariat returned it" in body


def test_each_recipient_reads_it_in_their_language(users, round_) -> None:  # type: ignore[no-untyped-def]
    round_reminders_send(actor=users["secretariat"], today=day(14))
    serbian = recipients()["rs.statistician@example.org"]
    english = recipients()["rs.coordinator@example.org"]
    assert serbian.extra_headers["Content-Language"] == "sr-latn"
    assert "Nacrt" in serbian.body
    assert english.extra_headers["Content-Language"] == "en"
    assert "Draft" in english.body


def test_no_figure_and_no_other_person_is_in_a_mail(users, round_) -> None:  # type: ignore[no-untyped-def]
    submission_upload_csv(
        actor=users["rs.statistician"],
        round=round_,
        country_id="RS",
        data=figures_csv("RS"),
        filename="rs.csv",
    )
    round_reminders_send(actor=users["secretariat"], today=day(14))
    statistician = users["rs.statistician"]
    for message in mail.outbox:
        text = message.subject + message.body
        assert str(SECRET_FIGURE) not in text
        assert "Albania" not in text and "Croatia" not in text
        for other in mail.outbox:
            if other.to != message.to:
                assert other.to[0] not in text
    coordinator_mail = recipients()["rs.coordinator@example.org"].body
    assert statistician.last_name not in coordinator_mail


def test_reminders_are_audited_with_account_ids_not_addresses(users, round_) -> None:  # type: ignore[no-untyped-def]
    round_reminders_send(actor=users["secretariat"], today=day(14))
    event = AuditEvent.objects.get(action="statistics.reminder", country_id="RS")
    assert event.actor_username == "secretariat"
    assert event.detail["days_before"] == 14
    assert sorted(event.detail["users"]) == sorted(
        [users["rs.coordinator"].pk, users["rs.statistician"].pk]
    )
    assert "@" not in str(event.detail)


def test_only_the_secretariat_sends_reminders(users, round_) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        round_reminders_send(actor=users["rs.coordinator"], today=day(14))
    assert not ReminderSent.objects.filter(round=round_).exists()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_mail_server_that_refuses_records_nothing(users, round_, settings) -> None:  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = _closed_port()
    settings.EMAIL_TIMEOUT = 5
    with pytest.raises(
        ReminderDeliveryError, match=r"Reminders to AL \(2013\), RS \(2013\)"
    ) as error:
        round_reminders_send(actor=users["secretariat"], today=day(14))
    # HR has no recipient, so nothing had to be sent to it.
    assert [r.country_id for r in error.value.sent] == ["HR"]
    assert list(ReminderSent.objects.filter(round=round_).values_list("country_id", flat=True)) == [
        "HR"
    ]
    failed = AuditEvent.objects.filter(action="statistics.reminder", outcome="failed")
    assert sorted(failed.values_list("country_id", flat=True)) == ["AL", "RS"]


def test_without_a_mail_server_mails_are_files_in_the_data_directory(  # type: ignore[no-untyped-def]
    users, round_, settings, tmp_path
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    round_reminders_send(actor=users["secretariat"], today=day(14))
    written = "".join(path.read_text() for path in (tmp_path / "mail").iterdir())
    assert "To: rs.coordinator@example.org" in written
    # One mail per recipient, each in its reader's language.
    assert written.count("\nSubject: ") == 3


# Command line and web page ---------------------------------------------------


def run(*args: str) -> str:
    out = StringIO()
    call_command("stats", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_command_sends_and_lists_reminders(users, round_) -> None:  # type: ignore[no-untyped-def]
    out = run("remind", "--date", day(14).isoformat(), "--as", "secretariat")
    assert "RS 2013: 14 day(s) before the deadline, 2 recipient(s)" in out
    assert "HR 2013: 14 day(s) before the deadline, 0 recipient(s) — no active" in out
    assert "3 reminder(s) sent." in out
    assert "0 reminder(s) sent." in run(
        "remind", "--date", day(14).isoformat(), "--as", "secretariat"
    )


def test_the_command_is_refused_to_a_coordinator(users, round_) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="Run the command with --as an account whose role"):
        run("remind", "--as", "rs.coordinator")
    assert mail.outbox == []


def test_the_command_says_how_to_write_a_date(users, round_) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="write it as YYYY-MM-DD"):
        run("remind", "--date", "30.06.2014", "--as", "secretariat")


def test_the_round_page_sends_due_reminders(client_for, users, round_) -> None:  # type: ignore[no-untyped-def]
    client = client_for("secretariat")
    page = client.get(f"/statistics/rounds/{YEAR}/").content.decode()
    assert "Send due reminders now" in page
    response = client.post(f"/statistics/rounds/{YEAR}/reminders/", follow=True)
    # Today the 2013 round is long past its deadline: the overdue reminder.
    assert "3 reminders sent: AL (2013), HR (2013), RS (2013)." in response.content.decode()
    assert ReminderSent.objects.filter(round=round_, days_before=OVERDUE).count() == 3
    page = client.get(f"/statistics/rounds/{YEAR}/").content.decode()
    assert "after the deadline" in page and "no recipient" in page
    assert submission_of(round_, "RS").status == SubmissionStatus.DRAFT


def test_the_reminder_button_is_for_the_secretariat_only(client_for, round_) -> None:  # type: ignore[no-untyped-def]
    client = client_for("rs.coordinator")
    assert (
        "Send due reminders now" not in client.get(f"/statistics/rounds/{YEAR}/").content.decode()
    )
    assert client.post(f"/statistics/rounds/{YEAR}/reminders/").status_code == 403
    assert mail.outbox == []
