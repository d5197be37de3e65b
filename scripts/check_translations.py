"""Check that THB Hub's translation catalogues are complete and compiled.

    python scripts/check_translations.py

Exits non-zero, naming the msgids concerned, when

(a) a catalogue (thbhub/locale/<language>/LC_MESSAGES/django.po) has an
    untranslated or fuzzy entry, a fuzzy header, or a translation that drops
    or renames a %(placeholder)s;
(b) a committed django.mo differs from what its .po compiles to
    (fix: python scripts/compile_translations.py);
(c) only where GNU gettext's xgettext is on PATH: the code or templates hold
    msgids that a catalogue lacks. makemessages runs on a temporary copy of the
    source tree, so the working tree is never touched.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parent))

# The scripts folder is not a package: its neighbour is imported by path.
from compile_translations import (
    LOCALE_DIR,
    ROOT,
    catalogues,
    differences,
    mo_path_for,
)

# The same exclusions as the documented makemessages command.
MAKEMESSAGES_IGNORE = ["tests/*", "docs/*", "benchmarks/*", "*/migrations/*"]
# What the temporary copy leaves out: nothing makemessages would read.
COPY_IGNORE = shutil.ignore_patterns(
    ".*",
    "__pycache__",
    "*.pyc",
    "*.egg-info",
    "var",
    "tests",
    "docs",
    "benchmarks",
    "build",
    "dist",
)
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")


def _label(entry: polib.POEntry) -> str:
    return (
        repr(entry.msgid) if not entry.msgctxt else f"{entry.msgid!r} (context {entry.msgctxt!r})"
    )


def _placeholders_kept(entry: polib.POEntry) -> bool:
    wanted = set(PLACEHOLDER.findall(entry.msgid))
    if entry.msgid_plural:
        wanted |= set(PLACEHOLDER.findall(entry.msgid_plural))
        translations = list(entry.msgstr_plural.values())
    else:
        translations = [entry.msgstr]
    # A plural form may leave the count out ("jedan kontakt"), but never add
    # or misspell a name.
    for text in translations:
        found = set(PLACEHOLDER.findall(text))
        if not found <= wanted or (not entry.msgid_plural and found != wanted):
            return False
    return True


def incomplete_entries(po_path: Path) -> list[str]:
    """(a) What is untranslated, fuzzy or has broken placeholders."""
    catalogue = polib.pofile(str(po_path))
    problems = []
    if catalogue.metadata_is_fuzzy:
        problems.append("the header is marked fuzzy")
    for entry in catalogue:
        if entry.obsolete:
            continue
        if entry.fuzzy:
            problems.append(f"fuzzy: {_label(entry)}")
        elif not entry.translated():
            problems.append(f"untranslated: {_label(entry)}")
        elif not _placeholders_kept(entry):
            problems.append(f"placeholders changed: {_label(entry)}")
    return problems


def _msgids(po_path: Path) -> set[tuple[str | None, str]]:
    return {
        (entry.msgctxt or None, entry.msgid)
        for entry in polib.pofile(str(po_path))
        if not entry.obsolete
    }


def msgids_in_code(languages: list[str]) -> dict[str, set[tuple[str | None, str]]]:
    """(c) Every msgid makemessages finds now, by language, from a copy of the tree."""
    with tempfile.TemporaryDirectory(prefix="thbhub-i18n-") as temp:
        copy = Path(temp) / "tree"
        shutil.copytree(ROOT, copy, ignore=COPY_IGNORE)
        copied_locale = copy / LOCALE_DIR.relative_to(ROOT)
        for language in languages:
            # Start from nothing, so that msgmerge's guesses add no noise.
            (copied_locale / language / "LC_MESSAGES" / "django.po").unlink(missing_ok=True)
        command = [sys.executable, "-m", "django", "makemessages", "--no-obsolete"]
        for language in languages:
            command += ["-l", language]
        for pattern in MAKEMESSAGES_IGNORE:
            command += ["--ignore", pattern]
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "thbhub.config.settings",
            "PYTHONPATH": str(copy),
            "THBHUB_DATA_DIR": str(Path(temp) / "data"),
        }
        # Our own interpreter, with arguments from this file: nothing untrusted.
        run = subprocess.run(  # noqa: S603
            command, cwd=copy, env=env, capture_output=True, text=True, check=False
        )
        if run.returncode != 0:
            msg = f"makemessages failed on a copy of the tree:\n{run.stdout}{run.stderr}"
            raise RuntimeError(msg)
        return {
            language: _msgids(copied_locale / language / "LC_MESSAGES" / "django.po")
            for language in languages
        }


def _makemessages_hint(language: str) -> str:
    ignores = " ".join(f'--ignore "{pattern}"' for pattern in MAKEMESSAGES_IGNORE)
    return f"thbhub makemessages -l {language} --no-obsolete {ignores}"


def _say(text: str, *, error: bool = False) -> None:
    print(text, file=sys.stderr if error else sys.stdout)


def catalogue_failures(po_path: Path) -> list[str]:
    """(a) and (b) for one catalogue, as lines to print."""
    failures = []
    problems = incomplete_entries(po_path)
    if problems:
        failures.append(
            f"{po_path.relative_to(ROOT)}: translate these entries and remove their fuzzy flag:"
        )
        failures += [f"  {problem}" for problem in problems]
    mo_path = mo_path_for(po_path)
    stale = differences(po_path, mo_path)
    if stale:
        failures.append(
            f"{mo_path.relative_to(ROOT)} does not match {po_path.name}: "
            "run python scripts/compile_translations.py and commit the .mo:"
        )
        failures += [f"  {problem}" for problem in stale]
    return failures


def missing_msgid_failures(paths: list[Path]) -> list[str]:
    """(c) for every catalogue, as lines to print."""
    failures = []
    languages = [path.parents[1].name for path in paths]
    found = msgids_in_code(languages)
    for po_path, language in zip(paths, languages, strict=True):
        name = po_path.relative_to(ROOT)
        committed = _msgids(po_path)
        missing = sorted(found[language] - committed, key=lambda key: (key[1], key[0] or ""))
        if missing:
            failures.append(
                f"{name} lacks {len(missing)} msgid(s) found in the code; "
                f"run makemessages and translate them: {_makemessages_hint(language)}"
            )
            failures += [
                f"  {msgid!r}" + (f" (context {context!r})" if context else "")
                for context, msgid in missing
            ]
        unused = committed - found[language]
        if unused:
            _say(
                f"{name}: {len(unused)} msgid(s) no longer used in the code; "
                "makemessages --no-obsolete removes them."
            )
    return failures


def main() -> int:
    paths = catalogues()
    if not paths:
        _say(f"No translation catalogue under {LOCALE_DIR}.", error=True)
        return 1
    failures = [line for po_path in paths for line in catalogue_failures(po_path)]
    if shutil.which("xgettext") is None:
        _say("xgettext is not on PATH: the check for msgids missing from catalogues is skipped.")
    else:
        failures += missing_msgid_failures(paths)
    if failures:
        _say("Translation check failed:\n" + "\n".join(failures), error=True)
        return 1
    names = ", ".join(str(path.relative_to(ROOT)) for path in paths)
    _say(f"Translations complete and compiled: {names}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
