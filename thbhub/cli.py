"""The `thbhub` command: THB Hub's own commands and all of Django's.

thbhub migrate          create or upgrade the database
thbhub demo             load the demo data (safe to run again)
thbhub serve            start the platform on http://127.0.0.1:8000
thbhub newkey           a new field-encryption key (--secret-key: a new secret key)
thbhub linkage          privacy-preserving record linkage (keygen, encode, link)
thbhub help             every command
"""

from __future__ import annotations

import os
import secrets
import sys


def new_key(args: list[str]) -> None:
    """Print a new key. Needs no configuration, so it works before the first one exists."""
    if "--secret-key" in args:
        print(secrets.token_urlsafe(50))
    else:
        from cryptography.fernet import Fernet  # noqa: PLC0415 — only this path needs it

        print(Fernet.generate_key().decode())


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["newkey"]:
        new_key(args[1:])
        return
    if args[:1] == ["linkage"]:
        # Runs on a statistician's laptop with no database and no configuration.
        from thbhub.linkage.cli import main as linkage_main  # noqa: PLC0415 — Django-free path

        raise SystemExit(linkage_main(args[1:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thbhub.config.settings")
    from django.core.management import execute_from_command_line  # noqa: PLC0415 — after the environment is set

    from thbhub.core.audit_context import Interface, origin  # noqa: PLC0415

    with origin(Interface.CLI):
        execute_from_command_line(["thbhub", *args])


if __name__ == "__main__":
    main()
