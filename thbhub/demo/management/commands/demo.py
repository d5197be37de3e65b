"""Load the demo data and print the demo accounts."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thbhub.config.environment import is_production
from thbhub.demo.generator import DEMO_PASSWORD, EU_PARTNERS, MEMBERS, generate_demo

ACCOUNTS = [
    ("secretariat", "Secretariat administrator (authenticator app)"),
    ("<cc>.coordinator", "National anti-trafficking coordinator (authenticator app)"),
    ("<cc>.statistician", "National statistician"),
    ("<cc>.caseworker", "Case worker (authenticator app)"),
    ("<cc>.trm", "TRM contact point (authenticator app)"),
    ("<cc>.rapporteur", "National rapporteur"),
]


class Command(BaseCommand):
    help = "Load synthetic demo data: institutions, contacts and one account per role per country."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Load even with THBHUB_ENV=production."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if is_production() and not options["force"]:
            msg = (
                "Demo accounts share a published password, so they are not loaded in "
                "production. On a test server, add --force."
            )
            raise CommandError(msg)
        summary = generate_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {summary.institutions} institutions, "
                f"{summary.contacts} contacts, {summary.users} accounts."
            )
        )
        self.stdout.write(f"\nDemo accounts, all with the password {DEMO_PASSWORD}:")
        for username, role in ACCOUNTS:
            self.stdout.write(f"  {username:<20} {role}")
        partners = ", ".join(f"{code.lower()}.partner" for code in EU_PARTNERS)
        self.stdout.write(f"  {partners:<20} EU partner")
        self.stdout.write(f"where <cc> is one of: {', '.join(code.lower() for code in MEMBERS)}")
        self.stdout.write(
            "Accounts marked (authenticator app) set one up at their first login: scan the "
            "code shown with any authenticator app, or type its key."
        )
        self.stdout.write(f"For example: rs.statistician / {DEMO_PASSWORD}")
