"""Code lists the network module shares with other modules.

Themes and implementation statuses are the recommendations tracker's, so
that a practice, an action and a recommendation speak of the same things.
Indicator codes are the keys of the regional statistics indicators and of
the NRM indicators computed from cases.
"""

from __future__ import annotations

from functools import cache

from thbhub.recommendations.codes import ImplementationStatus, Theme

__all__ = ["ImplementationStatus", "Theme", "indicator_choices", "indicator_codes"]


def _definitions() -> list[tuple[str, str]]:
    """(code, label) of the statistics indicators, then of the NRM indicators from cases."""
    from thbhub.cases.nrm_indicators import DEFINITIONS  # noqa: PLC0415 — heavy imports
    from thbhub.statistics.indicators import compute_indicators  # noqa: PLC0415

    # With no observations the table still carries every indicator's definition;
    # its labels are translated when it is computed, so it is computed per call.
    table = compute_indicators(
        [], years=[], population={}, members=[], eu_members=frozenset(), linkage=None
    )
    choices = [(key, str(definition.label)) for key, definition in table.definitions.items()]
    known = {key for key, _label in choices}
    choices += [
        (definition.key, str(definition.label))
        for definition in DEFINITIONS
        if definition.key not in known
    ]
    return choices


def indicator_choices() -> list[tuple[str, str]]:
    """(code, label) of every indicator a practice can name, labels in the active language."""
    return _definitions()


@cache
def indicator_codes() -> frozenset[str]:
    return frozenset(code for code, _label in _definitions())
