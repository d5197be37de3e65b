"""Load the demo data and print the demo accounts."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thbhub.config.environment import is_production
from thbhub.demo.generator import DEMO_PASSWORD, MEMBERS, generate_demo


class Command(BaseCommand):
    help = "Load synthetic demo data (countries' institutions, contacts, one user per role per country)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Load even with THBHUB_ENV=production.")

    def handle(self, *args: Any, **options: Any) -> None:
        if is_production() and not options["force"]:
            msg = "Demo accounts share a published password: they are not loaded in production (use --force on a test server only)."
            raise CommandError(msg)
        summary = generate_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {summary.institutions} institutions, {summary.contacts} contacts, {summary.users} accounts."
            )
        )
        self.stdout.write(f"\nDemo accounts (password for all: {DEMO_PASSWORD})")
        self.stdout.write("  secretariat                 Secretariat administrator (asks for an authenticator code)")
        codes = ", ".join(code.lower() for code in MEMBERS)
        self.stdout.write(f"  <cc>.coordinator            National anti-trafficking coordinator, cc = {codes}")
        self.stdout.write("  <cc>.statistician           National statistician")
        self.stdout.write("  <cc>.caseworker             Case worker (asks for an authenticator code)")
        self.stdout.write("  <cc>.trm                    TRM contact point (asks for an authenticator code)")
        self.stdout.write("  <cc>.rapporteur             National rapporteur")
        self.stdout.write("  at.partner, de.partner, it.partner, nl.partner   EU partners")
        self.stdout.write("\nFor example: rs.coordinator / " + DEMO_PASSWORD)
