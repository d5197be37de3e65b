"""The subcommands of `thbhub stats`, in the order `--help` lists them."""

from __future__ import annotations

from types import ModuleType

from thbhub.statistics.command_line import (
    export,
    from_cases,
    importing,
    indicators,
    linkage_result,
    publish,
    remind,
    template,
)

SUBCOMMANDS: dict[str, ModuleType] = {
    module.NAME: module
    for module in (
        importing,
        template,
        remind,
        indicators,
        linkage_result,
        publish,
        export,
        from_cases,
    )
}
