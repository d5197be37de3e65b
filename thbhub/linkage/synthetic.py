# ruff: noqa: S311, RUF001, RUF003 — synthetic test data needs no cryptographic randomness; Cyrillic look-alikes are the point
"""Synthetic South-East European victim registers with realistic noise.

Two registers of partly the same people: one written in Serbian Cyrillic,
one in Latin with dropped diacritics, typos, swapped name order, swapped day
and month, partial and missing dates. Names come from short regional lists,
so namesakes are common, as they are in real registers. On request, some
people come with a sibling of the same family name and date of birth
(twins, or siblings given one estimated date), and a register knows some
people by another given or family name (an alias, a married name).
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import tempfile
from dataclasses import dataclass
from pathlib import Path

from thbhub.linkage.encoding import Encoder
from thbhub.linkage.files import REGISTER_COLUMNS, read_register, write_encodings
from thbhub.linkage.keys import LinkageKey

FEMALE = [
    "Ana",
    "Marija",
    "Jelena",
    "Milica",
    "Ivana",
    "Jovana",
    "Dragana",
    "Snežana",
    "Ljiljana",
    "Nataša",
    "Tijana",
    "Aleksandra",
    "Vesna",
    "Gordana",
    "Biljana",
    "Maja",
    "Sanja",
    "Danijela",
    "Mirjana",
    "Katarina",
    "Teodora",
    "Anđela",
    "Nevena",
    "Kristina",
    "Elena",
    "Blerta",
    "Drita",
    "Besa",
    "Elira",
    "Arbëresha",
    "Ioana",
    "Andreea",
    "Mihaela",
    "Ștefania",
    "Irina",
    "Olga",
    "Darija",
    "Njegoslava",
    "Đurđica",
    "Živana",
    "Radmila",
]
MALE = [
    "Marko",
    "Nikola",
    "Stefan",
    "Luka",
    "Miloš",
    "Đorđe",
    "Nemanja",
    "Aleksandar",
    "Dragan",
    "Ivan",
    "Petar",
    "Dušan",
    "Vuk",
    "Bojan",
    "Goran",
    "Zoran",
    "Besnik",
    "Arben",
    "Ion",
    "Andrei",
    "Ljubomir",
    "Čedomir",
    "Živko",
    "Ilija",
]
FAMILY = [
    "Jovanović",
    "Petrović",
    "Nikolić",
    "Marković",
    "Đorđević",
    "Stojanović",
    "Ilić",
    "Stanković",
    "Pavlović",
    "Milošević",
    "Popović",
    "Đukić",
    "Kovačević",
    "Babić",
    "Lukić",
    "Tomić",
    "Živković",
    "Savić",
    "Ristić",
    "Mitrović",
    "Janković",
    "Todorović",
    "Kostić",
    "Vasić",
    "Šarić",
    "Knežević",
    "Lazić",
    "Čolić",
    "Ćirić",
    "Mladenović",
    "Nikolovski",
    "Stojanovski",
    "Trajkovski",
    "Dimitrov",
    "Georgiev",
    "Ivanov",
    "Hoxha",
    "Krasniqi",
    "Gashi",
    "Berisha",
    "Popescu",
    "Ionescu",
    "Țurcan",
    "Mușat",
    "Ljubičić",
    "Njegoš",
    "Džaferović",
    "Hadžić",
    "Šehić",
    "Begić",
]

# Albanian names, whose letters Serbian and Macedonian Cyrillic write by
# sound (q, xh, gj, sh, th, dh, ll, rr, y): drawn for a share of the people
# when a scenario asks for them (people(albanian=...)).
ALBANIAN_FEMALE = [
    "Qëndresa", "Xhevahire", "Shpresa", "Vjollca", "Mimoza", "Fatmire", "Blerta", "Drita",
    "Albana", "Teuta", "Rudina", "Flutura", "Lindita", "Valbona", "Hyrije", "Shqipe",
    "Dhurata", "Lirije", "Gjylije", "Merita", "Ardita", "Njomza", "Kaltrina", "Bukurije",
    "Mirëlinda", "Xhemile", "Qamile", "Ylfete", "Zyrafete", "Rrezarta",
]  # fmt: skip
ALBANIAN_MALE = [
    "Qazim", "Xhemal", "Shpëtim", "Ylber", "Gjergj", "Dhimitër", "Fatmir", "Agron", "Ilir",
    "Bujar", "Valon", "Driton", "Arianit", "Afrim", "Gëzim", "Kujtim", "Shkëlzen", "Përparim",
    "Bekim", "Lulzim", "Mërgim", "Xhevdet", "Rrustem", "Qemal", "Adem", "Fadil", "Hysen",
    "Nexhat", "Dhurim", "Sylë",
]  # fmt: skip
# Patronymic family names (Rexhepi, Rexhepaj) and others, about a hundred.
ALBANIAN_FAMILY = [
    root + suffix
    for root in (
        "Rexhep", "Hasan", "Ahmet", "Sylejman", "Halil", "Osman", "Zeqir", "Bajram", "Beqir",
        "Haxhi", "Musli", "Dervish", "Gjon", "Isuf", "Qerim", "Tahir", "Ymer", "Rrustem",
        "Xhemajl", "Shaqir", "Hysen", "Lulz", "Sadik", "Selim", "Thaq", "Jashar", "Krasniq",
        "Mehmet", "Nuh", "Fejz",
    )
    for suffix in ("i", "aj")
] + [
    "Shehu", "Thaçi", "Qosja", "Gjoka", "Dushku", "Zhuri", "Llapi", "Bytyqi", "Dhrami",
    "Lleshi", "Hoxha", "Gashi", "Berisha", "Kelmendi", "Morina", "Mustafa", "Kryeziu",
    "Shala", "Haxhiu", "Rama", "Marku", "Prenga", "Lushaj", "Çela", "Dema", "Kastrati",
    "Maloku", "Rugova", "Ukaj", "Veseli", "Zymberi", "Pllana", "Shkreli", "Gjonbalaj",
    "Xhafa", "Dodaj", "Kurti", "Bërisha", "Ibrahimi", "Limani",
]  # fmt: skip

# Family names are built from regional roots and suffixes, so that the pool
# (about 400 names) has the diversity of a real register and namesakes are
# as common as they are in a small country, not more.
ROOTS = [
    "Jovan",
    "Petr",
    "Nikol",
    "Mark",
    "Đorđ",
    "Stojan",
    "Stank",
    "Pavl",
    "Miloš",
    "Pop",
    "Kovač",
    "Luk",
    "Tom",
    "Živk",
    "Sav",
    "Rist",
    "Mitr",
    "Jank",
    "Todor",
    "Kost",
    "Vas",
    "Knež",
    "Laz",
    "Mladen",
    "Dimitr",
    "Georgi",
    "Ivan",
    "Trajk",
    "Stefan",
    "Bogdan",
    "Radov",
    "Milut",
    "Vuk",
    "Stan",
    "Ćir",
    "Čol",
    "Đuk",
    "Šar",
    "Ljub",
    "Dragan",
    "Nedelj",
    "Mihajl",
    "Andrej",
    "Pejč",
]
SUFFIXES = ("ović", "ević", "ić", "ovski", "ovska", "ov", "ova", "escu")
FAMILY = FAMILY + [root + suffix for root in ROOTS for suffix in SUFFIXES]

# Albanian names as Serbian and Macedonian registers write them: by sound,
# so xh → џ, sh → ш, q → ћ (Macedonian ќ), gj → ђ (Macedonian ѓ), doubled
# ll and rr → л and р, y → и. Longer spellings are looked up first.
_CYRILLIC = {
    "xh": "џ", "sh": "ш", "zh": "ж", "th": "т", "dh": "д", "gj": "ђ", "ll": "л",
    "rr": "р", "lj": "љ", "nj": "њ", "dž": "џ", "a": "а", "b": "б", "v": "в",
    "g": "г", "d": "д", "đ": "ђ", "e": "е", "ž": "ж", "z": "з", "i": "и", "j": "ј",
    "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р", "s": "с",
    "t": "т", "ć": "ћ", "u": "у", "f": "ф", "h": "х", "c": "ц", "č": "ч", "š": "ш",
    "ë": "е", "ç": "ч", "ș": "ш", "ț": "ц", "ă": "а", "â": "а", "î": "и", "q": "ћ",
    "x": "дз", "y": "и", "w": "в",
}  # fmt: skip
_MACEDONIAN = {**_CYRILLIC, "gj": "ѓ", "đ": "ѓ", "q": "ќ", "ć": "ќ"}
_PLAIN = {
    "č": "c", "ć": "c", "š": "s", "ž": "z", "đ": "dj", "ë": "e", "ç": "c", "ș": "s",
    "ț": "t", "ă": "a",
}  # fmt: skip


def to_cyrillic(latin: str, *, macedonian: bool = False) -> str:
    """Serbian (or Macedonian) Cyrillic spelling of a Latin name, capitalised."""
    table = _MACEDONIAN if macedonian else _CYRILLIC
    text, out, i = latin.lower(), [], 0
    while i < len(text):
        pair = text[i : i + 2]
        if pair in table:
            out.append(table[pair])
            i += 2
        else:
            out.append(table.get(text[i], text[i]))
            i += 1
    return "".join(out).capitalize()


@dataclass(frozen=True)
class Person:
    given: str
    family: str
    birth: dt.date
    sex: str


@dataclass(frozen=True)
class Noise:
    """Probabilities of each kind of error in one register."""

    cyrillic: bool = False
    macedonian: bool = False
    drop_diacritics: float = 0.0
    typo: float = 0.0
    swap_names: float = 0.0
    swap_day_month: float = 0.0
    year_only: float = 0.0
    missing_date: float = 0.0
    missing_sex: float = 0.0
    double_family: float = 0.0
    # The whole name replaced: another given name (an alias, a name used
    # abroad) or another family name (a married name). Zero draws nothing,
    # so registers written without them keep their rows.
    other_given: float = 0.0
    other_family: float = 0.0


CLEAN_CYRILLIC = Noise(cyrillic=True, typo=0.03, missing_sex=0.02)
CLEAN_MACEDONIAN = Noise(cyrillic=True, macedonian=True, typo=0.03, missing_sex=0.02)
NOISY_LATIN = Noise(
    drop_diacritics=0.5,
    typo=0.15,
    swap_names=0.05,
    swap_day_month=0.1,
    year_only=0.05,
    missing_date=0.05,
    missing_sex=0.1,
    double_family=0.05,
)


def _given_name(sex: str, albanian: bool, rng: random.Random) -> str:
    if albanian:
        return rng.choice(ALBANIAN_FEMALE if sex == "F" else ALBANIAN_MALE)
    return rng.choice(FEMALE if sex == "F" else MALE)


def people(
    count: int, rng: random.Random, *, albanian: float = 0.0, siblings: float = 0.0
) -> list[Person]:
    """`count` people; a share `albanian` of them with Albanian names.

    A share `siblings` of the people drawn come with a sibling, next in the
    list: the same family name and date of birth, another given name (twins,
    or siblings whose dates of birth were estimated together). With no
    Albanian share and no siblings the draws are those of earlier versions,
    so scenarios written for them keep their people.
    """
    result: list[Person] = []
    while len(result) < count:
        sex = "F" if rng.random() < 0.75 else "M"
        is_albanian = bool(albanian) and rng.random() < albanian
        given = _given_name(sex, is_albanian, rng)
        family = rng.choice(ALBANIAN_FAMILY) if is_albanian else ""
        birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(365 * 48))
        person = Person(given, family or rng.choice(FAMILY), birth, sex)
        result.append(person)
        if siblings and len(result) < count and rng.random() < siblings:
            sibling_sex = "F" if rng.random() < 0.75 else "M"
            sibling_given = given
            while sibling_given == given:
                sibling_given = _given_name(sibling_sex, is_albanian, rng)
            result.append(Person(sibling_given, person.family, birth, sibling_sex))
    return result


def _alias(person: Person, rng: random.Random) -> str:
    """Another given name of the person's sex, from the same lists."""
    albanian = person.given in ALBANIAN_FEMALE or person.given in ALBANIAN_MALE
    other = person.given
    while other == person.given:
        other = _given_name(person.sex, albanian, rng)
    return other


def _other_family(person: Person, rng: random.Random) -> str:
    other = person.family
    while other == person.family:
        other = rng.choice(ALBANIAN_FAMILY if person.family in ALBANIAN_FAMILY else FAMILY)
    return other


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 3:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    letter = rng.choice("aeiounrsktlmv")
    if kind == 0:
        return word[:i] + letter + word[i + 1 :]
    if kind == 1:
        return word[:i] + word[i + 1 :]
    if kind == 2:
        return word[:i] + letter + word[i:]
    return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]


def _write(name: str, noise: Noise, rng: random.Random) -> str:
    if noise.typo and rng.random() < noise.typo:
        name = _typo(name, rng)
    if noise.cyrillic:
        return to_cyrillic(name, macedonian=noise.macedonian)
    if rng.random() < noise.drop_diacritics:
        name = "".join(_PLAIN.get(c, c) for c in name.lower()).capitalize()
    return name


def register_row(
    person: Person, record_id: str, noise: Noise, rng: random.Random
) -> dict[str, str]:
    given, family = person.given, person.family
    if noise.other_given and rng.random() < noise.other_given:
        given = _alias(person, rng)
    if noise.other_family and rng.random() < noise.other_family:
        family = _other_family(person, rng)
    given = _write(given, noise, rng)
    family = _write(family, noise, rng)
    if rng.random() < noise.double_family:
        family = f"{family}-{_write(rng.choice(FAMILY), noise, rng)}"
    if rng.random() < noise.swap_names:
        given, family = family, given
    year, month, day = person.birth.year, person.birth.month, person.birth.day
    if day <= 12 and rng.random() < noise.swap_day_month:
        month, day = day, month
    roll = rng.random()
    if roll < noise.missing_date:
        birth = ""
    elif roll < noise.missing_date + noise.year_only:
        birth = str(year)
    else:
        birth = f"{year:04d}-{month:02d}-{day:02d}"
    sex = "" if rng.random() < noise.missing_sex else person.sex
    return {
        "record_id": record_id,
        "given_name": given,
        "family_name": family,
        "date_of_birth": birth,
        "sex": sex,
        "citizenship": "RS",
        "identified_in": "RS",
        "year_identified": str(rng.randrange(2015, 2025)),
        "status": rng.choice(("IDENTIFIED", "PRESUMED")),
        "exploitation": "SEXUAL",
    }


def scenario(
    shared: int,
    only_a: int,
    only_b: int,
    *,
    seed: int = 1,
    noise_a: Noise = CLEAN_CYRILLIC,
    noise_b: Noise = NOISY_LATIN,
    albanian: float = 0.0,
    siblings: float = 0.0,
) -> tuple[list[dict[str, str]], list[dict[str, str]], set[tuple[str, str]]]:
    """Register A, register B, and the true (record_id_a, record_id_b) pairs.

    Without siblings the people are `people(shared + only_a + only_b,
    random.Random(seed), albanian=albanian)` and record A{n} is the n-th of
    them. Siblings are shuffled apart, so that some are in both registers,
    some in one register together, and some one in each.
    """
    rng = random.Random(seed)
    crowd = people(shared + only_a + only_b, rng, albanian=albanian, siblings=siblings)
    if siblings:
        rng.shuffle(crowd)
    rows_a = [
        register_row(p, f"A{n:06d}", noise_a, rng) for n, p in enumerate(crowd[: shared + only_a])
    ]
    in_b = crowd[:shared] + crowd[shared + only_a :]
    order = list(range(len(in_b)))
    rng.shuffle(order)
    rows_b = [
        register_row(in_b[n], f"B{position:06d}", noise_b, rng) for position, n in enumerate(order)
    ]
    truth = {(f"A{n:06d}", f"B{n_b:06d}") for n_b, n in enumerate(order) if n < shared}
    return rows_a, rows_b, truth


def write_register(path: Path, rows: list[dict[str, str]], delimiter: str = ",") -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, REGISTER_COLUMNS, delimiter=delimiter, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def encodings_file(rows: list[dict[str, str]], country: str, key: LinkageKey) -> bytes:
    """ENCODINGS.csv as `thbhub linkage encode` writes it for these register rows."""
    with tempfile.TemporaryDirectory(prefix="thbhub-linkage-") as folder:
        register = Path(folder) / "register.csv"
        out = Path(folder) / "ENCODINGS.csv"
        write_register(register, rows)
        parsed = read_register(register)
        bits = Encoder(key).encode_many(row.identity for row in parsed)
        write_encodings(out, parsed, country, key.key_id, bits)
        return out.read_bytes()
