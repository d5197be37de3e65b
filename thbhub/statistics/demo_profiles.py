"""What the demo's statistics look like, member by member and year by year.

Invented figures in the orders of magnitude the network's own documents
give (the 2021 non-paper: 1,523 victims formally identified in 2020, over
two thirds of them in Romania and Bulgaria, children almost 28 %, women and
girls over two thirds, Moldova down by more than half, one operation in
Montenegro behind more than 70 % of its year). Nothing here is a real
register's count.

The irregularities real submissions have are placed on purpose, each in
``IRREGULARITIES`` (and listed in docs/user-guide/statistics.md, "The demo
statistics"):

- totals only: Kosovo* 2018 and 2019, Bosnia and Herzegovina 2019;
- partial breakdowns: North Macedonia gives sex but not age up to 2020;
  Bulgaria gives the form of exploitation for identified victims only;
- two sources in conflict: Bosnia and Herzegovina 2021, police against
  social services (flag ``d``, note, methodology);
- a single large operation: Montenegro 2020, and the return to its usual
  level in 2021 (notes);
- Moldova's drop in 2020 (note);
- breaks in series: Kosovo* 2020 (first breakdowns) and Slovenia 2021
  (victims identified by NGOs counted from then on), flag ``b``;
- presumed victims left out by the members whose methodology says so
  (``includes_presumed`` no: no PRESUMED rows);
- returned nationals counted twice: a member whose methodology counts
  nationals identified abroad reports the victims of ``FLOWS`` as
  identified ABROAD, and the member where they were exploited reports the
  same persons by their citizenship; ``FLOW_GAPS`` makes two of those
  pairs disagree (Moldova-Romania every year, Bosnia and
  Herzegovina-Slovenia until 2020), so the cross-country consistency check
  finds gaps beside the agreements.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FIRST_YEAR = 2018
# The years the profiles give; later years repeat the last one.
LAST_PROFILE_YEAR = 2025

NAMES: dict[str, str] = {
    "AL": "Albania",
    "BA": "Bosnia and Herzegovina",
    "BG": "Bulgaria",
    "HR": "Croatia",
    "XK": "Kosovo*",
    "MD": "Moldova",
    "ME": "Montenegro",
    "MK": "North Macedonia",
    "RO": "Romania",
    "RS": "Serbia",
    "SI": "Slovenia",
}

# Forms of exploitation: women and girls, then men and boys.
SEXUAL_FIRST = {
    "SEXUAL": 70,
    "LABOUR": 12,
    "BEGGING": 6,
    "FORCED_MARRIAGE": 5,
    "OTHER": 4,
    "UNK": 3,
}
LABOUR_FIRST = {"LABOUR": 60, "BEGGING": 15, "CRIMINAL_ACTIVITIES": 12, "SEXUAL": 8, "OTHER": 5}


@dataclass(frozen=True)
class Profile:
    """One member's register, as shares that stay stable from year to year."""

    code: str
    # Formally identified victims, 2018 to LAST_PROFILE_YEAR.
    identified: tuple[int, ...]
    # Presumed victims per identified one; 0 when the member reports none.
    presumed_ratio: float
    children: float
    female: float
    unknown_age: float = 0.0
    exploitation_female: dict[str, int] = field(default_factory=lambda: SEXUAL_FIRST)
    exploitation_male: dict[str, int] = field(default_factory=lambda: LABOUR_FIRST)
    # Share of the national victims (beyond FLOWS) exploited abroad, where.
    abroad: float = 0.1
    destinations: dict[str, int] = field(default_factory=lambda: {"DE": 1})
    # Of those exploited abroad, the share identified abroad and returned.
    identified_abroad: float = 0.5
    # Share of victims (beyond FLOWS) who are foreign, and their citizenship.
    foreign: float = 0.05
    origins: dict[str, int] = field(default_factory=lambda: {"UA": 1})
    assisted: float = 0.8
    # Suspects, prosecuted and convicted persons per identified victim.
    offenders: tuple[float, float, float] = (0.6, 0.4, 0.25)
    foreign_offenders: float = 0.1


PROFILES: dict[str, Profile] = {
    profile.code: profile
    for profile in (
        Profile(
            "AL",
            (95, 103, 90, 105, 112, 118, 110, 120),
            presumed_ratio=0.9,
            children=0.35,
            female=0.75,
            abroad=0.35,
            destinations={"IT": 3, "GR": 3, "DE": 1, "FR": 1, "GB": 2},
            identified_abroad=0.6,
            foreign=0.04,
            origins={"PH": 1, "UA": 1},
        ),
        Profile(
            "BA",
            (58, 60, 70, 79, 75, 72, 80, 84),
            presumed_ratio=0.3,
            children=0.45,
            female=0.7,
            unknown_age=0.04,
            abroad=0.12,
            destinations={"DE": 2, "AT": 2},
            foreign=0.04,
            origins={"UA": 1, "TR": 1},
        ),
        Profile(
            "BG",
            (350, 390, 457, 420, 400, 385, 370, 380),
            presumed_ratio=0.2,
            children=0.12,
            female=0.8,
            abroad=0.75,
            destinations={"DE": 4, "NL": 3, "FR": 2, "GR": 2, "AT": 1, "CY": 1, "ES": 1},
            identified_abroad=0.4,
            foreign=0.01,
            origins={"UA": 1},
            offenders=(0.35, 0.25, 0.15),
        ),
        Profile(
            "HR",
            (28, 33, 35, 30, 37, 40, 34, 38),
            presumed_ratio=0.0,
            children=0.3,
            female=0.6,
            abroad=0.1,
            destinations={"DE": 1, "AT": 1},
            foreign=0.35,
            origins={"NP": 2, "BD": 1, "PH": 1, "UA": 1},
            foreign_offenders=0.3,
        ),
        Profile(
            "XK",
            (30, 26, 25, 31, 28, 33, 30, 35),
            presumed_ratio=0.5,
            children=0.55,
            female=0.9,
            abroad=0.1,
            destinations={"DE": 1, "CH": 1},
            foreign=0.1,
            origins={"UA": 1},
        ),
        Profile(
            "MD",
            (310, 248, 116, 138, 150, 165, 158, 170),
            presumed_ratio=0.0,
            children=0.2,
            female=0.7,
            abroad=0.85,
            destinations={"RU": 3, "TR": 2, "DE": 2, "IT": 2, "PL": 2, "FR": 1, "CY": 1, "UA": 1},
            identified_abroad=0.5,
            foreign=0.01,
            origins={"UA": 1},
            offenders=(0.5, 0.35, 0.2),
        ),
        Profile(
            "ME",
            (8, 6, 13, 9, 11, 8, 10, 12),
            presumed_ratio=0.0,
            children=0.15,
            female=0.7,
            foreign=0.2,
            origins={"UA": 1, "TR": 1},
            abroad=0.0,
            foreign_offenders=0.3,
        ),
        Profile(
            "MK",
            (10, 12, 15, 14, 16, 13, 15, 17),
            presumed_ratio=0.8,
            children=0.45,
            female=0.85,
            abroad=0.1,
            destinations={"DE": 1},
            foreign=0.05,
            origins={"UA": 1},
        ),
        Profile(
            "RO",
            (497, 698, 596, 505, 505, 520, 540, 530),
            presumed_ratio=0.0,
            children=0.45,
            female=0.75,
            unknown_age=0.02,
            abroad=0.45,
            destinations={"DE": 4, "IT": 3, "ES": 2, "FR": 2, "GB": 2, "NL": 1, "AT": 1},
            identified_abroad=0.3,
            foreign=0.005,
            origins={"UA": 1},
            offenders=(0.8, 0.5, 0.3),
        ),
        Profile(
            "RS",
            (43, 45, 50, 56, 62, 60, 66, 70),
            presumed_ratio=0.6,
            children=0.35,
            female=0.8,
            abroad=0.15,
            destinations={"DE": 2, "AT": 1, "RU": 1},
            foreign=0.05,
            origins={"UA": 1, "CN": 1},
        ),
        Profile(
            "SI",
            (22, 18, 19, 31, 34, 32, 36, 38),
            presumed_ratio=0.0,
            children=0.1,
            female=0.55,
            abroad=0.02,
            destinations={"AT": 1},
            foreign=0.7,
            origins={"UA": 2, "NP": 1, "CN": 1, "HU": 1, "PH": 1},
            exploitation_female={"SEXUAL": 55, "LABOUR": 35, "OTHER": 10},
            foreign_offenders=0.4,
        ),
    )
}

# Victims who are nationals of the first member, exploited in and
# identified by the second, 2018 to LAST_PROFILE_YEAR. The second counts
# them by citizenship; the first, where its methodology counts returned
# nationals (``returned_nationals_domestic`` yes), counts them again as
# identified ABROAD: the double counting the regional totals must remove.
FLOWS: dict[tuple[str, str], tuple[int, ...]] = {
    ("AL", "XK"): (4, 5, 4, 4, 5, 4, 5, 5),
    ("AL", "MK"): (3, 3, 2, 3, 3, 2, 3, 3),
    ("AL", "ME"): (2, 2, 3, 2, 2, 3, 2, 2),
    ("MD", "RO"): (8, 9, 7, 8, 9, 8, 9, 9),
    ("BA", "HR"): (3, 3, 2, 3, 3, 3, 2, 3),
    ("BA", "SI"): (3, 2, 2, 3, 3, 2, 3, 3),
    ("BA", "RS"): (2, 2, 3, 2, 3, 3, 2, 2),
    ("RS", "ME"): (2, 3, 2, 2, 3, 2, 2, 3),
    ("RS", "HR"): (2, 2, 2, 3, 2, 2, 3, 2),
    ("RS", "SI"): (2, 2, 3, 2, 2, 3, 2, 2),
    ("XK", "MK"): (2, 2, 2, 3, 2, 2, 3, 2),
    ("RO", "BG"): (2, 3, 2, 2, 3, 2, 2, 3),
}
# Where the origin counts more or fewer of its nationals as identified in
# the destination than the destination does, 2018 to LAST_PROFILE_YEAR.
# Large enough for the consistency check to call them gaps.
FLOW_GAPS: dict[tuple[str, str], tuple[int, ...]] = {
    # Half the Moldovan victims identified in Romania stay there or are not
    # referred back, so Moldova never counts them.
    ("MD", "RO"): (-4, -5, -4, -4, -5, -4, -5, -5),
    # Until Slovenia counts victims identified by NGOs (2021, a break in
    # series), the Bosnian victims NGOs identified there are counted only
    # by Bosnia and Herzegovina after their return.
    ("BA", "SI"): (3, 3, 3, 0, 0, 0, 0, 0),
}


@dataclass(frozen=True)
class Operation:
    """Victims of one large operation, all alike."""

    victims: int
    citizenship: str
    sex_male: float
    exploitation: str
    suspects: int
    presumed_left_out: int


@dataclass(frozen=True)
class Irregularity:
    """What is unusual in one member's submission for one year.

    ``note`` and ``remarks`` are format strings over the facts of the
    generated year (``identified``, ``abroad``, ``domestic``, ``operation``,
    ``operation_share``, ``social_services``...), so a note never says a
    number the tables do not hold.
    """

    totals_only: bool = False
    age_not_broken_down: bool = False
    exploitation_identified_only: bool = False
    # Flag on every row of the flagged measures.
    flag: str = ""
    flagged_measures: tuple[str, ...] = ("VICTIMS",)
    # Explains the year's figures: on the headline rows, and on every row
    # whose change from the year before needs an explanation.
    note: str = ""
    series_breaks: str = ""
    remarks: str = ""
    data_authority: str = ""
    operation: Operation | None = None
    # Victims recorded by a second source beyond the reported figure.
    second_source_extra: int = 0


_MK_AGE = Irregularity(
    age_not_broken_down=True,
    remarks=(
        "Age is not recorded in the police register used up to 2020: victims are broken "
        "down by sex but not by age."
    ),
)
_BG_EXPLOITATION = Irregularity(
    exploitation_identified_only=True,
    remarks=(
        "The form of exploitation is recorded for formally identified victims only; for "
        "presumed victims it is left empty (not known)."
    ),
)

IRREGULARITIES: dict[tuple[str, int], Irregularity] = {
    ("XK", 2018): Irregularity(
        totals_only=True,
        remarks="Totals only: the police register does not yet allow any breakdown.",
    ),
    ("XK", 2019): Irregularity(
        totals_only=True,
        remarks="Totals only: the police register does not yet allow any breakdown.",
    ),
    ("XK", 2020): Irregularity(
        flag="b",
        note="First year broken down: the new case database records each victim.",
        series_breaks=(
            "From 2020 the figures come from the new case database and are broken down by "
            "sex, age, citizenship and exploitation; 2018 and 2019 are totals from the police "
            "register."
        ),
    ),
    ("BA", 2019): Irregularity(
        totals_only=True,
        note="Totals only: the State database was being migrated to a new system.",
        remarks=(
            "Only totals are available for 2019: the State database was being migrated to a "
            "new system and the breakdowns could not be extracted."
        ),
    ),
    ("BA", 2021): Irregularity(
        flag="d",
        flagged_measures=("VICTIMS", "VICTIMS_ASSISTED"),
        note=(
            "Police figure ({identified} identified); the centres for social work recorded "
            "{social_services} victims. Two sources, see the methodology."
        ),
        data_authority=(
            "Two sources: the Ministry of Security (police records in the State Coordinator's "
            "database) for victims and offenders; the centres for social work for assisted "
            "victims."
        ),
        remarks=(
            "The two sources disagree: the police identified {identified} victims, the centres "
            "for social work recorded {social_services}, including persons the police did not "
            "identify. VICTIMS gives the police figure; both registers are being reconciled."
        ),
        second_source_extra=12,
    ),
    ("ME", 2020): Irregularity(
        note=(
            "One police operation identified {operation} nationals of Taiwan exploited in online "
            "fraud (criminal activities), {operation_share}% of the year's victims; "
            "{presumed_left_out} more were presumed victims and are not counted."
        ),
        remarks=(
            "A single large operation explains the year: {operation} victims from Taiwan "
            "identified at once. Presumed victims are not counted (see above)."
        ),
        operation=Operation(
            victims=37,
            citizenship="TW",
            sex_male=0.6,
            exploitation="CRIMINAL_ACTIVITIES",
            suspects=9,
            presumed_left_out=47,
        ),
    ),
    ("ME", 2021): Irregularity(
        note="Back to the usual level after the single large operation of 2020.",
    ),
    ("MD", 2020): Irregularity(
        note=(
            "Fewer victims identified: closed borders and movement restrictions during the "
            "COVID-19 pandemic delayed returns and referrals; {abroad} of {identified} victims "
            "were exploited abroad."
        ),
        remarks=(
            "The drop of more than half against 2019 reflects the pandemic, not a change of "
            "method: returns of victims identified abroad were delayed into 2021."
        ),
    ),
    ("MD", 2021): Irregularity(
        note="Returns of victims identified abroad, delayed by the pandemic, resumed in 2021.",
    ),
    ("RO", 2019): Irregularity(
        note="More victims identified in joint operations with EU member states' police.",
    ),
    ("SI", 2021): Irregularity(
        flag="b",
        note="Break in series: victims identified by NGOs are counted from 2021.",
        series_breaks=(
            "From 2021 victims identified by NGOs under the revised referral procedures are "
            "counted as well as those identified by the police; earlier years count police "
            "identifications only."
        ),
    ),
    ("MK", 2018): _MK_AGE,
    ("MK", 2019): _MK_AGE,
    ("MK", 2020): _MK_AGE,
    **{("BG", year): _BG_EXPLOITATION for year in range(FIRST_YEAR, LAST_PROFILE_YEAR + 1)},
}

# Methodology metadata (thbhub.statistics.methodology.FIELDS) that stays
# the same from year to year; an Irregularity adds to it.
METHODOLOGY: dict[str, dict[str, str]] = {
    "AL": {
        "data_authority": "State Police and the Office of the National Coordinator (NRM database)",
        "legal_definition": "Criminal Code, Articles 110/a and 128/b",
    },
    "BA": {
        "data_authority": "Ministry of Security, State Coordinator's database",
        "legal_definition": (
            "Criminal Code of Bosnia and Herzegovina, Article 186, and the entity and Brčko "
            "District criminal codes"
        ),
    },
    "BG": {
        "data_authority": "Prosecutor's Office and National Commission for Combating THB",
        "legal_definition": "Criminal Code, Articles 159a to 159d",
    },
    "HR": {
        "data_authority": "Ministry of the Interior, police records",
        "legal_definition": "Criminal Code, Article 106",
    },
    "XK": {
        "data_authority": "Kosovo Police, Directorate against Trafficking in Human Beings",
        "legal_definition": "Criminal Code, Article 171",
    },
    "MD": {
        "data_authority": "Police Inspectorate, Centre for Combating Trafficking in Persons",
        "legal_definition": "Criminal Code, Articles 165 and 206",
    },
    "ME": {
        "data_authority": "Police Directorate and the Office for Combating THB",
        "legal_definition": "Criminal Code, Article 444",
    },
    "MK": {
        "data_authority": "Ministry of Interior and the National Commission's database",
        "legal_definition": "Criminal Code, Articles 418-a and 418-d",
    },
    "RO": {
        "data_authority": "National Agency against Trafficking in Persons (ANITP)",
        "legal_definition": "Criminal Code, Articles 210 and 211",
    },
    "RS": {
        "data_authority": "Centre for Protection of Victims of Trafficking",
        "legal_definition": "Criminal Code, Article 388",
    },
    "SI": {
        "data_authority": "Police and the Interministerial Working Group",
        "legal_definition": "Criminal Code (KZ-1), Article 113",
    },
}
# Members that count nationals identified abroad and returned.
RETURNED_NATIONALS_COUNTED = frozenset({"AL", "BA", "BG", "MD", "MK", "RO", "RS", "XK"})

# Answers to the round's questions by theme (QuestionTheme values): short,
# invented, and marked as such. Formatted with the member's ``name``, the
# ``year`` and the member it works with most (``partner``).
ANSWER_PREFIX = "[Demo answer, invented] "
ANSWERS: dict[str, tuple[str, ...]] = {
    "crises": (
        (
            "Identification in {year} was slowed by movement restrictions; outreach moved to phone "
            "and online channels and shelters kept admitting victims."
        ),
        (
            "Mixed migration through {name} raised the number of presumed victims screened at "
            "reception centres; mobile teams were deployed."
        ),
        (
            "No crisis changed identification in {year}; economic hardship increased labour "
            "exploitation among seasonal workers."
        ),
    ),
    "legal_policy": (
        (
            "A new national action plan for {year}-{next_year} was adopted, with a budget line "
            "for the referral mechanism."
        ),
        (
            "The standard operating procedures for identification were revised to separate "
            "presumed and formally identified victims."
        ),
        (
            "The criminal code was amended on the non-punishment of victims; by-laws on "
            "compensation followed."
        ),
    ),
    "cooperation": (
        (
            "Two operations with Europol (EMPACT THB) and one joint investigation team with "
            "{partner}; six suspects arrested."
        ),
        (
            "One case referred to Eurojust with {partner}; liaison officers exchanged information "
            "on three further cases."
        ),
        (
            "Frontex joint operations at the border screened for trafficking indicators; two "
            "victims were referred to assistance."
        ),
    ),
    "transnational_referral": (
        (
            "Victims were referred with {partner} through the TRM contact points; a risk "
            "assessment preceded every return."
        ),
        (
            "Returns of child victims from {partner} were coordinated with the centres for social "
            "work before travel; guardians were appointed on arrival."
        ),
        (
            "Referrals went mostly through IOM and NGOs; continuity of care after return remains "
            "the main difficulty."
        ),
    ),
    "good_practices": (
        "An advisory board of survivors commented on the new action plan before adoption.",
        "Labour inspectors and police run joint inspections in agriculture and construction.",
        "A single case file follows each victim from identification to reintegration.",
    ),
}
# The member each one works with most, named in the answers.
PARTNERS: dict[str, str] = {
    "AL": "Kosovo*",
    "BA": "Croatia",
    "BG": "Romania",
    "HR": "Bosnia and Herzegovina",
    "XK": "Albania",
    "MD": "Romania",
    "ME": "Serbia",
    "MK": "Albania",
    "RO": "Moldova",
    "RS": "Montenegro",
    "SI": "Bosnia and Herzegovina",
}
