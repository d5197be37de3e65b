# ruff: noqa: RUF001, RUF003 — the transliteration tables are made of look-alike letters
"""Normalisation of names and dates as the region's registers write them.

Cyrillic (Serbian, Macedonian, Montenegrin, Bulgarian, Russian, Ukrainian)
and Greek are transliterated, and Latin diacritics folded, to one plain
ASCII form, so "Јовановић", "Jovanović" and "Jovanovic" become the same
string. The target form follows the Serbo-Croatian Latin spelling without
diacritics (đ → dj, ж → z, ч → c, й → j), because most of the region's
registers are written that way; remaining spelling differences are left to
the bigram similarity of the encodings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Letters whose folding is not a plain decomposition. Lower case only: the
# input is case-folded first.
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "dj", "е": "e",
    "ж": "z", "з": "z", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj",
    "м": "m", "н": "n", "њ": "nj", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "ћ": "c", "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "c",
    "џ": "dz", "ш": "s",
    # Macedonian and Montenegrin
    "ѓ": "gj", "ќ": "kj", "ѕ": "dz", "ś": "s", "ź": "z",
    # Bulgarian, Russian, Ukrainian, Belarusian
    "й": "j", "щ": "st", "ъ": "a", "ь": "", "ю": "ju", "я": "ja", "ы": "y",
    "э": "e", "ё": "e", "є": "je", "і": "i", "ї": "ji", "ґ": "g", "ў": "u",
}  # fmt: skip
_GREEK = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i",
    "θ": "th", "ι": "i", "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x",
    "ο": "o", "π": "p", "ρ": "r", "σ": "s", "ς": "s", "τ": "t", "υ": "y",
    "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o",
}  # fmt: skip
_LATIN = {
    "đ": "dj", "ð": "dj", "ł": "l", "ß": "ss", "æ": "ae", "ø": "o", "œ": "oe",
    "ı": "i", "þ": "th", "ǵ": "gj", "ḱ": "kj",
    # Apostrophes inside names (O'Neil, D'Amico) join rather than split.
    "'": "", "’": "", "`": "", "ʼ": "",
}  # fmt: skip
_SPECIAL = {**_CYRILLIC, **_GREEK, **_LATIN}


def _fold_char(char: str) -> str:
    if char in _SPECIAL:
        return _SPECIAL[char]
    if "a" <= char <= "z":
        return char
    # Decompose (č → c + caron, ά → α + tonos, й is already in the table)
    # and fold the base letters; anything else separates name parts.
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    if base and base != char:
        return "".join(_fold_char(c) for c in base)
    return " "


class _FoldTable(dict[int, str]):
    """A str.translate table filled on first use, so each character is folded once."""

    def __missing__(self, codepoint: int) -> str:
        folded = _fold_char(chr(codepoint))
        self[codepoint] = folded
        return folded


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Plain lower-case ASCII letters and single spaces.

    'Đorđević-Петровић' becomes 'djordjevic petrovic'.
    """
    lowered = unicodedata.normalize("NFC", text).casefold()
    if "υ" in lowered or "ύ" in lowered:
        # Greek spells the vowel u as a digraph; letter by letter it would read "oy".
        lowered = lowered.replace("ου", "ou").replace("ού", "ou")
    folded = lowered.translate(_TABLE)
    return " ".join(folded.split())


def name_parts(text: str) -> list[str]:
    """The parts of a compound or double name: 'Petrović-Јовановић' → ['petrovic', 'jovanovic']."""
    return fold(text).split()


# One sound, several spellings across the region's alphabets. Albanian names
# are written by sound in Serbian and Macedonian Cyrillic (Hoxha → Хоџа,
# Krasniqi → Краснићи or Красниќи, Gjergj → Ђерђ or Ѓерѓ, Shehu → Шеху,
# Thaçi → Тачи, Ylli → Или), and Greek θ and υ are read t and i. Applied
# after fold(); alternatives are tried longest first.
_SOUNDS = {
    "xh": "dz", "gj": "dj", "kj": "c", "sh": "s", "zh": "z", "th": "t", "dh": "d",
    "ph": "f", "q": "c", "x": "ks", "y": "i", "w": "v",
}  # fmt: skip
_SOUND = re.compile("|".join(sorted(_SOUNDS, key=len, reverse=True)))
# Albanian ll and rr are one letter each in Cyrillic (Llazar → Лазар); a
# doubled letter is also the commonest typing slip.
_DOUBLED = re.compile(r"([a-z])\1+")


def linkage_names(*texts: str) -> tuple[str, ...]:
    """The name parts that linkage encodes, written as they sound.

    'Xhaferi', 'Џафери' and 'Džaferi' all become ('dzaferi',). Coarser than
    name_parts: it merges spellings of one sound, which search must not do
    and linkage needs. Changing it changes every encoding, so it is part of
    the encoding scheme (encoding.SCHEME).
    """
    parts: list[str] = []
    for text in texts:
        sounded = _SOUND.sub(lambda match: _SOUNDS[match.group()], fold(text))
        parts.extend(_DOUBLED.sub(r"\1", sounded).split())
    return tuple(parts)


_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
# Excel in the region saves dates as 05.03.1990 or 5.3.1990.
_DOTTED_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})\.?")

_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@dataclass(frozen=True)
class PartialDate:
    """A date of birth of which the month and day may be unknown."""

    year: int
    month: int | None = None
    day: int | None = None


def parse_date(text: str) -> PartialDate | None:
    """Parse YYYY-MM-DD, YYYY-MM, YYYY or DD.MM.YYYY; None when empty.

    Raises ValueError with the expected forms when the text is not a date.
    """
    text = text.strip()
    if not text:
        return None
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = match.group(1), match.group(2), match.group(3)
    elif match := _DOTTED_DATE.fullmatch(text):
        day, month, year = match.group(1), match.group(2), match.group(3)
    else:
        msg = "expected YYYY-MM-DD, YYYY-MM, YYYY (or DD.MM.YYYY), or an empty cell"
        raise ValueError(msg)
    date = PartialDate(int(year), int(month) if month else None, int(day) if day else None)
    if not 1900 <= date.year <= 2100:
        msg = "the year must be between 1900 and 2100"
        raise ValueError(msg)
    if date.month is not None and not 1 <= date.month <= 12:
        msg = "the month must be between 01 and 12"
        raise ValueError(msg)
    if (
        date.day is not None
        and date.month is not None
        and not 1 <= date.day <= _DAYS_IN_MONTH[date.month - 1]
    ):
        msg = f"month {date.month:02d} has no day {date.day:02d}"
        raise ValueError(msg)
    return date


_SEX = {"f": "F", "female": "F", "z": "F", "zensko": "F", "zenski": "F",
        "m": "M", "male": "M", "musko": "M", "muski": "M",
        "unk": "", "x": "", "": ""}  # fmt: skip


def parse_sex(text: str) -> str:
    """'F', 'M', or '' when unknown. Raises ValueError for anything else."""
    key = fold(text)
    if key not in _SEX:
        msg = "expected F, M, UNK or an empty cell"
        raise ValueError(msg)
    return _SEX[key]
