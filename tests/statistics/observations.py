"""Hand-built 6.1 observations for the aggregate, indicator and
de-duplication tests: one row per call, every unnamed breakdown TOTAL."""

from __future__ import annotations

from thbhub.statistics.standard import Observation

BREAKDOWN_NAMES = (
    "status",
    "sex",
    "age",
    "citizenship",
    "exploitation",
    "exploitation_country",
    "identified_in",
)


def row(
    country: str,
    year: int,
    value: int | None,
    measure: str = "VICTIMS",
    *,
    flag: str = "",
    **codes: str,
) -> Observation:
    victim = measure in ("VICTIMS", "VICTIMS_ASSISTED")
    coordinates = dict.fromkeys(BREAKDOWN_NAMES, "TOTAL")
    if not victim:
        coordinates["status"] = "_Z"
    coordinates |= codes
    return Observation(
        country=country,
        year=year,
        measure=measure,
        value=value,
        flag=flag,
        note="",
        source_row=1,
        source_sheet="test.csv",
        **coordinates,
    )
