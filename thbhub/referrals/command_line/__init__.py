"""The subcommands of `thbhub referrals`, in the order `--help` lists them."""

from __future__ import annotations

from types import ModuleType

from thbhub.referrals.command_line import (
    escalate,
    export_package,
    import_package,
    package_key,
    signing_key,
)

SUBCOMMANDS: dict[str, ModuleType] = {
    module.NAME: module
    for module in (escalate, package_key, signing_key, export_package, import_package)
}
