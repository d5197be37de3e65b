"""Eurostat's three exploitation groups, derived from the 6.1 exploitation codes.

SEXUAL and LABOUR stay as they are; BEGGING, CRIMINAL_ACTIVITIES,
ORGAN_REMOVAL, FORCED_MARRIAGE and OTHER make Eurostat's "other" (ICCS
02043_02044). The mapping is the code lists' ``eurostat_group``. A derived
cell is a sum of published cells only: when any of its cells is suppressed
it is suppressed too, and when any is unknown it is unknown, so the
breakdown discloses nothing the 6.1 rows do not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from thbhub.reference.loading import CODELISTS_FILE, parse_codelists
from thbhub.statistics.cells import SUPPRESSED_FLAG
from thbhub.statistics.standard import Observation

GROUPS: tuple[str, ...] = ("SEXUAL", "LABOUR", "OTHER")


@cache
def eurostat_groups() -> dict[str, str]:
    """Exploitation code → Eurostat group, for the codes that make up TOTAL."""
    document = parse_codelists(CODELISTS_FILE)
    return {
        entry["code"]: entry["eurostat_group"]
        for entry in document["lists"]["EXPLOITATION"]
        if entry.get("eurostat_group") in GROUPS
    }


@cache
def group_labels() -> dict[str, tuple[str, str]]:
    """Group → (label, ICCS code)."""
    document = parse_codelists(CODELISTS_FILE)
    return {
        group: (entry["label"], entry["iccs"])
        for group, entry in document["eurostat_groups"].items()
    }


def eurostat_breakdown(observations: Sequence[Observation]) -> list[Observation]:
    """One row per group and set of other coordinates where the country gives
    exploitation categories; the exploitation column holds the group."""
    mapping = eurostat_groups()
    members: dict[tuple[object, ...], list[Observation]] = {}
    for obs in observations:
        if obs.exploitation not in mapping:
            continue
        grouped = replace(obs, exploitation=mapping[obs.exploitation])
        members.setdefault(grouped.coordinates, []).append(obs)
    rows: list[Observation] = []
    for cells in members.values():
        first = cells[0]
        group = mapping[first.exploitation]
        # A group of one code is the code itself, as published.
        if any(cell.flag == SUPPRESSED_FLAG for cell in cells):
            value, flag = None, SUPPRESSED_FLAG
        elif any(cell.value is None for cell in cells):
            value, flag = None, ""
        else:
            value = sum(cell.value or 0 for cell in cells)
            flags = sorted({cell.flag for cell in cells} - {""})
            # One flag for the sum only when its cells agree; the note names them.
            flag = flags[0] if len(flags) == 1 else ""
        codes = ", ".join(
            f"{cell.exploitation} ({cell.flag})" if cell.flag else cell.exploitation
            for cell in sorted(cells, key=lambda cell: cell.exploitation)
        )
        rows.append(
            replace(
                first,
                exploitation=group,
                value=value,
                flag=flag,
                note=codes if group != first.exploitation or len(cells) > 1 else "",
            )
        )
    return sorted(rows, key=lambda row: (row.country, row.measure, row.coordinates))
