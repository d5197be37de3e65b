"""Compile every translation catalogue of THB Hub to the binary form Django reads.

    python scripts/compile_translations.py

Each ``thbhub/locale/<language>/LC_MESSAGES/django.po`` becomes the
``django.mo`` beside it. The compiler is polib, not GNU gettext's msgfmt, so
any machine with the development requirements can rebuild the catalogues; the
.mo files are committed, and ``scripts/check_translations.py`` fails when one
no longer matches its .po. Fuzzy and untranslated entries are left out of the
.mo, as msgfmt does: such a string is shown in English.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TypeAlias

import polib

ROOT = Path(__file__).resolve().parents[1]
LOCALE_DIR = ROOT / "thbhub" / "locale"

# A catalogue compiled into a .mo: (context, msgid, plural msgid) -> translation,
# a plural entry's translation being the tuple of its forms.
Messages: TypeAlias = dict[tuple[str | None, str, str | None], str | tuple[str, ...]]


def catalogues(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Every django.po under ``locale_dir``, in a stable order."""
    return sorted(locale_dir.glob("*/LC_MESSAGES/django.po"))


def mo_path_for(po_path: Path) -> Path:
    return po_path.with_suffix(".mo")


# Header fields left out of the .mo, as msgfmt does: makemessages rewrites the
# date on every run, and a .mo should change only when a translation does.
VOLATILE_HEADER_FIELDS = ("POT-Creation-Date",)


def compile_catalogue(po_path: Path) -> bytes:
    """The .mo that ``po_path`` compiles to."""
    catalogue = polib.pofile(str(po_path))
    for name in VOLATILE_HEADER_FIELDS:
        catalogue.metadata.pop(name, None)
    binary: bytes = catalogue.to_binary()
    return binary


def _header(catalogue: polib.MOFile) -> dict[str, str]:
    return {
        name: value
        for name, value in catalogue.metadata.items()
        if name not in VOLATILE_HEADER_FIELDS
    }


def messages_of(catalogue: polib.MOFile) -> Messages:
    """What a compiled catalogue translates, header apart."""
    messages: Messages = {}
    for entry in catalogue:
        key = (entry.msgctxt or None, entry.msgid, entry.msgid_plural or None)
        if entry.msgid_plural:
            forms = entry.msgstr_plural
            messages[key] = tuple(forms[index] for index in sorted(forms))
        else:
            messages[key] = entry.msgstr
    return messages


def differences(po_path: Path, mo_path: Path) -> list[str]:
    """How the committed .mo differs from what its .po compiles to.

    The comparison is by content, so a .mo that another compiler (msgfmt,
    Django's compilemessages) built from the same .po also matches. An empty
    list means they agree.
    """
    if not mo_path.exists():
        return [f"{mo_path.name} is missing"]
    try:
        committed = polib.mofile(str(mo_path))
    except (OSError, ValueError) as error:
        return [f"{mo_path.name} cannot be read: {error}"]
    expected = polib.mofile(compile_catalogue(po_path))
    problems = []
    if _header(committed) != _header(expected):
        problems.append("the header (Language, Plural-Forms...) differs")
    have, want = messages_of(committed), messages_of(expected)
    for key in sorted(want.keys() | have.keys(), key=lambda k: (k[1], k[0] or "")):
        msgid = key[1] if key[0] is None else f"{key[1]} (context {key[0]!r})"
        if key not in have:
            problems.append(f"missing from the .mo: {msgid!r}")
        elif key not in want:
            problems.append(f"in the .mo but no longer translated in the .po: {msgid!r}")
        elif have[key] != want[key]:
            problems.append(f"translated differently: {msgid!r}")
    return problems


def main() -> int:
    paths = catalogues()
    if not paths:
        print(f"No catalogue found under {LOCALE_DIR}.", file=sys.stderr)  # noqa: T201
        return 1
    for po_path in paths:
        mo_path = mo_path_for(po_path)
        binary = compile_catalogue(po_path)
        if mo_path.exists() and mo_path.read_bytes() == binary:
            state = "unchanged"
        else:
            mo_path.write_bytes(binary)
            state = "written"
        print(f"{mo_path.relative_to(ROOT)}: {state}")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
