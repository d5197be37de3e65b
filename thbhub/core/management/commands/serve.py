"""Start THB Hub with a production-grade WSGI server (waitress)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


class Command(BaseCommand):
    help = "Serve THB Hub on http://127.0.0.1:8000 (or --host/--port)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args: Any, **options: Any) -> None:
        from waitress import serve  # noqa: PLC0415 — only this command needs the server

        from thbhub.config.wsgi import application  # noqa: PLC0415
        from thbhub.jobs.services import jobs_fail_abandoned  # noqa: PLC0415

        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            msg = "The database is not up to date. Run `thbhub migrate` first, then `thbhub serve`."
            raise CommandError(msg)
        if settings.JOBS_MODE == "thread":
            abandoned = jobs_fail_abandoned()
            if abandoned:
                self.stdout.write(f"{abandoned} unfinished job(s) of the last run marked failed.")
        proxy: dict[str, Any] = {}
        if settings.BEHIND_PROXY:
            # waitress then takes the client's address and scheme from the web
            # server in front, and drops those headers from anyone else.
            proxy = {
                "trusted_proxy": settings.TRUSTED_PROXY,
                "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"},
                "clear_untrusted_proxy_headers": True,
            }
        self.stdout.write(
            f"THB Hub is running on http://{options['host']}:{options['port']}/ (Ctrl+C stops it)"
        )
        serve(
            application,
            host=options["host"],
            port=options["port"],
            threads=options["threads"],
            ident="THB Hub",
            **proxy,
        )
