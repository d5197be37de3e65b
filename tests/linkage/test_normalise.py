"""Transliteration, diacritic folding, name parts and partial dates."""

from __future__ import annotations

import pytest

from thbhub.linkage.normalise import (
    PartialDate,
    fold,
    linkage_names,
    name_parts,
    parse_date,
    parse_sex,
)


@pytest.mark.parametrize(
    "written", ["Јовановић", "Jovanović", "Jovanovic", "JOVANOVIĆ", " jovanović "]
)
def test_the_three_spellings_of_one_name_are_one(written):
    assert fold(written) == "jovanovic"


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("Ђорђевић", "djordjevic"),
        ("Đorđević", "djordjevic"),
        ("Љубица", "ljubica"),
        ("Њего", "njego"),
        ("Џајић", "dzajic"),
        ("Džajić", "dzajic"),
        ("Жаклина Шаркић", "zaklina sarkic"),
        ("Чолић Ћирић", "colic ciric"),
        ("Хаџи Јелена", "hadzi jelena"),
        ("Ѓорѓиева Ќосевска", "gjorgjieva kjosevska"),
        ("Ѕвездан", "dzvezdan"),
        ("Иванов Щерев Йорданка", "ivanov sterev jordanka"),
        ("Юлія Шевченко", "julija sevcenko"),
        ("Παπαδόπουλος", "papadopoulos"),
        ("Arbëresha Çela", "arberesha cela"),
        ("Ștefănescu Țiriac Ioniță", "stefanescu tiriac ionita"),
        ("Şerban Ţepeş", "serban tepes"),
        ("Mâță Închis", "mata inchis"),
        ("O'Neil", "oneil"),
    ],
)
def test_cyrillic_greek_and_diacritics_fold_to_one_latin_form(written, folded):
    assert fold(written) == folded


@pytest.mark.parametrize(
    "spellings",
    [
        # Albanian, Serbian Cyrillic and Latin, Macedonian Cyrillic and Latin.
        ("Xhaferi", "Џафери", "Džaferi"),
        ("Krasniqi", "Краснићи", "Krasnići", "Красниќи", "Krasnikji"),
        ("Gjergj", "Ђерђ", "Đerđ", "Ѓерѓ"),
        ("Shehu", "Шеху", "Šehu"),
        ("Thaçi", "Тачи", "Tači", "Thaci"),
        ("Dhimitër", "Димитер"),
        ("Zhuri", "Жури", "Žuri"),
        ("Llazar", "Лазар"),
        ("Rrahmani", "Рахмани"),
        ("Ylber", "Илбер"),
        ("Qosja", "Ћосја", "Ќосја"),
        # A Macedonian name in Serbian and Macedonian Cyrillic.
        ("Ѓорѓиевски", "Ђорђиевски"),
        ("Ќосевска", "Ćosevska"),
        # Greek read as the region's registers write the name.
        ("Θεόδωρος", "Teodoros"),
        ("Αλέξανδρος", "Aleksandros"),
    ],
)
def test_linkage_writes_one_name_spelled_in_several_alphabets_alike(spellings):
    assert len({linkage_names(written) for written in spellings}) == 1


def test_linkage_names_keep_given_and_family_parts_and_leave_search_folding_alone():
    assert linkage_names("Qëndresa", "Hoxha-Рахмани") == ("cendresa", "hodza", "rahmani")
    assert linkage_names("", " - ") == ()
    # Case search keeps the letter-by-letter folding: it must not merge what
    # a person types with other spellings.
    assert name_parts("Hoxha") == ["hoxha"]


def test_compound_and_double_family_names_split_into_parts():
    assert name_parts("Petrović-Јовановић") == ["petrovic", "jovanovic"]
    assert name_parts("Petrović  Jovanović,") == ["petrovic", "jovanovic"]
    assert name_parts("") == []
    assert name_parts(" - ") == []


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("1990-05-03", PartialDate(1990, 5, 3)),
        ("1990-05", PartialDate(1990, 5)),
        ("1990", PartialDate(1990)),
        ("03.05.1990", PartialDate(1990, 5, 3)),
        ("3.5.1990.", PartialDate(1990, 5, 3)),
        ("", None),
        ("  ", None),
    ],
)
def test_dates_of_birth_full_partial_or_empty(text, date):
    assert parse_date(text) == date


@pytest.mark.parametrize("text", ["1990-13-01", "1990-02-30", "90-05-03", "May 1990", "1850"])
def test_impossible_dates_are_refused_with_the_expected_forms(text):
    with pytest.raises(ValueError, match=r"YYYY|month|year"):
        parse_date(text)


def test_sex_codes():
    assert [parse_sex(s) for s in ["F", "m", "UNK", "", "Ž"]] == ["F", "M", "", "", "F"]
    with pytest.raises(ValueError, match="F, M, UNK"):
        parse_sex("W")
