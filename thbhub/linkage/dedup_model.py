"""The Splink model that decides whether two cleartext records are one person.

Fields are the normalised forms of `thbhub.linkage.normalise` (one Latin
spelling for Cyrillic and Latin, diacritics folded, compound names split,
partial dates), so that "Јовановић" and "Jovanovic" compare as equal before
any similarity is computed.

The m probabilities (how often a level occurs between two records of the
same person) are set from what the region's registers get wrong: typos,
transliteration, swapped name order, swapped day and month, partial and
missing dates. They are fixed rather than estimated by expectation
maximisation because a country's register can hold a few dozen records, too
few for the estimate to be stable. The u probabilities (how often a level
occurs between two different people) depend on the country's names and are
estimated from the input by random sampling at every run.
"""

from __future__ import annotations

from typing import Any

# Jaro-Winkler similarity above which two folded names count as the same name
# written with a typo ("jovanovic" / "jovanvic" is 0.98, "marija" / "maria" 0.96,
# "petrovic" / "pavlovic" 0.83).
CLOSE_NAME = 0.9


def _close(left: str, right: str) -> str:
    """One typo apart: similar by Jaro-Winkler, or one letter changed, added, dropped or swapped.

    Jaro-Winkler alone misses a typo in a short name ("ana" / "naa").
    """
    return (
        f"(jaro_winkler_similarity({left}, {right}) >= {CLOSE_NAME}"
        f" OR damerau_levenshtein({left}, {right}) <= 1)"
    )


def _level(
    condition: str, label: str, m: float, *, null: bool = False, u: float | None = None
) -> dict[str, Any]:
    level: dict[str, Any] = {"sql_condition": condition, "label_for_charts": label}
    if null:
        level["is_null_level"] = True
        return level
    level["m_probability"] = m
    level["fix_m_probability"] = True
    if u is not None:
        level["u_probability"] = u
        level["fix_u_probability"] = True
    return level


NAME_LEVELS = [
    _level("name_sorted_l IS NULL OR name_sorted_r IS NULL", "no name", 0.0, null=True),
    _level(
        "given_l = given_r AND family_l = family_r",
        "same given and family name",
        0.60,
    ),
    _level("name_sorted_l = name_sorted_r", "same name parts in another order", 0.06),
    _level(
        f"{_close('given_l', 'given_r')} AND {_close('family_l', 'family_r')}",
        "both names close (typo)",
        0.22,
    ),
    _level(
        f"{_close('given_l', 'given_r')} AND {_close('family_first_l', 'family_first_r')}",
        "given name and first family name close (double family name)",
        0.05,
    ),
    _level(
        f"{_close('given_first_l', 'family_first_r')}"
        f" AND {_close('family_first_l', 'given_first_r')}",
        "names swapped and close",
        0.04,
    ),
    # Rare between records of one person (typos are the levels above) and
    # the mark of twins and siblings: same family name and often the same date.
    _level(_close("family_l", "family_r"), "family name close, given name different", 0.005),
    # A changed family name (marriage) is real but rarer in these registers
    # than two women of a common given name born on the same day.
    _level(_close("given_l", "given_r"), "given name close, family name different", 0.005),
    _level("ELSE", "names different", 0.02),
]

DATE_LEVELS = [
    _level("dob_year_l IS NULL OR dob_year_r IS NULL", "date of birth missing", 0.0, null=True),
    _level(
        "dob_year_l = dob_year_r AND dob_month_l = dob_month_r AND dob_day_l = dob_day_r",
        "same date of birth",
        0.81,
    ),
    _level(
        "dob_year_l = dob_year_r"
        " AND (dob_month_l IS NULL OR dob_month_r IS NULL OR dob_month_l = dob_month_r)"
        " AND (dob_day_l IS NULL OR dob_day_r IS NULL OR dob_day_l = dob_day_r)",
        "same year, month or day unknown on one side",
        0.08,
    ),
    _level(
        "dob_year_l = dob_year_r AND dob_month_l = dob_day_r AND dob_day_l = dob_month_r",
        "day and month swapped",
        0.06,
    ),
    _level(
        "dob_year_l = dob_year_r AND (dob_month_l = dob_month_r OR dob_day_l = dob_day_r)",
        "same year, day or month different (typo)",
        0.03,
    ),
    _level(
        "dob_month_l = dob_month_r AND dob_day_l = dob_day_r",
        "same day and month, other year (typo in the year)",
        0.015,
    ),
    _level("ELSE", "dates of birth different", 0.005),
]

SEX_LEVELS = [
    _level("sex_l IS NULL OR sex_r IS NULL", "sex missing", 0.0, null=True),
    _level("sex_l = sex_r", "same sex", 0.98),
    _level("ELSE", "different sex", 0.02),
]

_SAME_DATE = "l.dob_year = r.dob_year AND l.dob_month = r.dob_month AND l.dob_day = r.dob_day"

# Pairs are only scored when one of these holds; each rule lets a different
# error through (a typo in the family name is caught by the given name and
# year, and so on).
BLOCKING_RULES = [
    "l.family_first = r.family_first",
    "l.given_first = r.given_first AND l.dob_year = r.dob_year",
    _SAME_DATE,
    "l.given_first = r.family_first",
    "l.family_first = r.given_first",
    # Typos in both names: same first letter of the family name, and the
    # same year of birth or the same given name.
    "substr(l.family_first, 1, 1) = substr(r.family_first, 1, 1) AND l.dob_year = r.dob_year",
    "substr(l.family_first, 1, 1) = substr(r.family_first, 1, 1) AND l.given_first = r.given_first",
    # A typo after the fourth letter of the family name, with no date to block on.
    "substr(l.family_first, 1, 4) = substr(r.family_first, 1, 4)",
]

# Rules that admit almost no false matches, with the share of true matches
# they are expected to find in a noisy register; they estimate how many of
# all pairs are matches.
DETERMINISTIC_RULES = [
    "l.name_sorted = r.name_sorted AND l.dob_year = r.dob_year",
    f"l.family_first = r.family_first AND {_SAME_DATE}",
    f"l.given_first = r.given_first AND {_SAME_DATE}",
]
DETERMINISTIC_RECALL = 0.8


# u probabilities of each level (null levels left out) between different
# people, estimated from 4 million pairs of a synthetic register of 4,000
# distinct people (names from the region, noise as in
# `thbhub.linkage.synthetic`). They stand in for the country's own estimate
# where its registers are too small to sample enough pairs, and they
# smooth the estimate of rare levels.
REFERENCE_U = {
    "name": [2.7e-5, 2.5e-6, 2.2e-4, 9.5e-6, 1.9e-5, 0.0114, 0.0210, 0.9673],
    "date_of_birth": [5.3e-5, 1.15e-3, 2.0e-5, 2.18e-3, 2.55e-3, 0.9940],
    "sex": [0.63, 0.37],
}
# Weight of the reference, in pairs: a sample of this many pairs from the
# country's own registers counts as much as the reference.
REFERENCE_PAIRS = 20_000


def settings() -> dict[str, Any]:
    """The Splink settings dictionary for deduplication of one country's records."""
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "comparisons": [
            {"output_column_name": "name", "comparison_levels": NAME_LEVELS},
            {"output_column_name": "date_of_birth", "comparison_levels": DATE_LEVELS},
            {"output_column_name": "sex", "comparison_levels": SEX_LEVELS},
        ],
        "blocking_rules_to_generate_predictions": BLOCKING_RULES,
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": False,
    }
