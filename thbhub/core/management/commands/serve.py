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

        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            msg = "The database is not up to date. Run `thbhub migrate` first, then `thbhub serve`."
            raise CommandError(msg)
        if settings.JOBS_MODE == "inline":
            # In the web process, jobs must not hold up the request that started them.
            settings.JOBS_MODE = "thread"
        self.stdout.write(
            f"THB Hub is running on http://{options['host']}:{options['port']}/ (Ctrl+C stops it)"
        )
        serve(
            application,
            host=options["host"],
            port=options["port"],
            threads=options["threads"],
            ident="THB Hub",
        )
