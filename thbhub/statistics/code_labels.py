"""The readable labels of the shipped code lists, for forms and templates."""

from __future__ import annotations

from functools import lru_cache

from django.utils.translation import gettext as _

from thbhub.reference.loading import CODELISTS_FILE, parse_codelists


@lru_cache(maxsize=1)
def shipped_labels() -> dict[tuple[str, str], str]:
    """(column, code) -> the code list's English label, read once per process."""
    document = parse_codelists(CODELISTS_FILE)
    return {
        (dimension.lower(), entry["code"]): str(entry.get("label") or entry["code"])
        for dimension, entries in document["lists"].items()
        for entry in entries
    }


def code_label(column: str, code: str) -> str:
    """A code's readable label in the active language (the code list's English
    label goes through gettext, so a translation can be added for it), or the
    code itself when the list has no label for it."""
    label = shipped_labels().get((column, code), code)
    return _(label) if label else code
