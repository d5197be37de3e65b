"""The subcommands of `thbhub stats`, in the order `--help` lists them."""

from __future__ import annotations

from types import ModuleType

from thbhub.statistics.command_line import importing

SUBCOMMANDS: dict[str, ModuleType] = {module.NAME: module for module in (importing,)}
