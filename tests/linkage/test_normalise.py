"""Transliteration, diacritic folding, name parts and partial dates."""

from __future__ import annotations

import pytest

from thbhub.linkage.normalise import PartialDate, fold, name_parts, parse_date, parse_sex


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
