"""The subcommands of `thbhub cases`, in the order `--help` lists them."""

from __future__ import annotations

from types import ModuleType

from thbhub.cases.command_line import export_register, importing, notify, reindex, retention

SUBCOMMANDS: dict[str, ModuleType] = {
    module.NAME: module for module in (export_register, importing, reindex, notify, retention)
}
