"""`thbhub directory`: the joint List of Contacts as files, from the command line.

    thbhub directory export --format xlsx --out contacts.xlsx --country RS --as rs.coordinator
    thbhub directory import contacts.xlsx --as rs.coordinator

Both go through the same selectors, services and job as the web pages, with
the permissions and country scope of the account named by --as.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thbhub.access.permissions import Perm
from thbhub.accounts.models import User
from thbhub.core.management.cli_helpers import (
    acting_user,
    add_acting_user_argument,
    print_progress,
    require_for_command,
)
from thbhub.directory.jobs import directory_import_enqueue
from thbhub.directory.models import ContactRole, InstitutionType
from thbhub.directory.selectors import ContactFilters, contacts_for_export
from thbhub.directory.spreadsheet import write_csv, write_xlsx
from thbhub.jobs.management.foreground import job_run_in_foreground
from thbhub.jobs.models import Job, JobStatus
from thbhub.reference.selectors import countries_visible_to

FORMATS = ("xlsx", "csv")


def row_error_line(error: dict[str, Any]) -> str:
    """One import error as `sheet, row N, column C: value — message`."""
    value = error.get("value") or "(empty)"
    return (
        f"{error.get('sheet', '')}, row {error.get('row', '?')}, "
        f"column {error.get('column', '')}: {value} — {error.get('message', '')}"
    )


class Command(BaseCommand):
    help = "Export the List of Contacts to xlsx or CSV, or import an edited xlsx export."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{export,import}")
        export = actions.add_parser(
            "export",
            help="Write the contacts you may see to an xlsx or CSV file.",
            description="Write the contacts you may see to an xlsx or CSV file.",
        )
        export.add_argument(
            "--format",
            dest="fmt",
            choices=FORMATS,
            help="xlsx or csv (default: taken from the --out file name).",
        )
        export.add_argument("--out", required=True, type=Path, metavar="FILE")
        export.add_argument(
            "--country", default="", metavar="XX", help="ISO 3166-1 alpha-2 code, XK for Kosovo*."
        )
        export.add_argument("--role", default="", choices=ContactRole.values, metavar="ROLE")
        export.add_argument("--kind", default="", choices=InstitutionType.values, metavar="TYPE")
        _add_acting_user(export)

        upload = actions.add_parser(
            "import",
            help="Import an edited xlsx export: every row is checked before anything changes.",
            description=(
                "Import an edited xlsx export. Every row is checked first; with any error "
                "nothing changes and each error is listed with its sheet, row and column."
            ),
        )
        upload.add_argument("file", type=Path, metavar="FILE")
        _add_acting_user(upload)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = acting_user(options["username"])
        if options["action"] == "export":
            self._export(actor, options)
        else:
            self._import(actor, options["file"])

    def _export(self, actor: User, options: dict[str, Any]) -> None:
        require_for_command(actor, Perm.DIRECTORY_VIEW, command="directory export")
        out: Path = options["out"]
        fmt = options["fmt"] or _format_from_name(out)
        if not out.parent.is_dir():
            msg = f"The folder {out.parent} does not exist: create it or choose another --out."
            raise CommandError(msg)
        country = options["country"].strip().upper()
        if country and not countries_visible_to(actor).filter(code=country).exists():
            msg = (
                f"{country!r} is not an ISO 3166-1 alpha-2 country code; use for example RS, "
                "AL or XK (Kosovo*)."
            )
            raise CommandError(msg)
        filters = ContactFilters(country=country, role=options["role"], kind=options["kind"])
        contacts = contacts_for_export(actor, filters)
        body = write_xlsx(contacts) if fmt == "xlsx" else write_csv(contacts)
        try:
            out.write_bytes(body)
        except OSError as error:
            msg = f"Cannot write {out}: {error.strerror}. Choose another --out."
            raise CommandError(msg) from None
        self.stdout.write(f"Wrote {len(contacts)} contact(s) to {out}.")

    def _import(self, actor: User, source: Path) -> None:
        require_for_command(actor, Perm.DIRECTORY_EDIT, command="directory import")
        if not source.is_file():
            msg = f"There is no file {source}: give the path of an xlsx export you have edited."
            raise CommandError(msg)
        if source.suffix.lower() == ".csv":
            msg = (
                "The import reads Excel workbooks (.xlsx) only: open the CSV in Excel, save it "
                "as 'Excel Workbook (*.xlsx)' and import that file."
            )
            raise CommandError(msg)
        # The same place and job as a web upload, so both take one code path.
        queued = directory_import_enqueue(
            actor=actor, filename=source.name, chunks=[source.read_bytes()], start=False
        )
        job = job_run_in_foreground(job=queued, echo=print_progress)
        self._report(job)

    def _report(self, job: Job) -> None:
        result: dict[str, Any] = job.result or {}
        if job.status == JobStatus.SUCCEEDED:
            changed = result.get("created", 0) + result.get("updated", 0)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Imported: {result.get('created', 0)} new contact(s), "
                    f"{result.get('updated', 0)} changed, {result.get('unchanged', 0)} unchanged; "
                    f"{result.get('institutions_created', 0)} new institution(s), "
                    f"{result.get('institutions_updated', 0)} changed."
                )
            )
            if not changed and not result.get("institutions_created"):
                self.stdout.write("Every row already matched the directory: nothing changed.")
            return
        for error in result.get("errors", []):
            self.stderr.write(row_error_line(error))
        message = str(result.get("message") or job.message)
        if not result.get("errors"):
            # A file refused as a whole (or a job that broke) gets a message
            # about the file; row errors come with one that says nothing
            # was imported.
            message = f"{message} Nothing was imported."
        raise CommandError(f"{message} (job {job.pk})")


def _add_acting_user(parser: CommandParser) -> None:
    add_acting_user_argument(
        parser, "The account to act as; its role and country limit what the command may do."
    )


def _format_from_name(out: Path) -> str:
    suffix = out.suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return suffix
    msg = f"Give --format xlsx or --format csv: the name {out.name!r} does not say which."
    raise CommandError(msg)
