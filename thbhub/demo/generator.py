"""A deterministic generator of synthetic demo data.

Every name is invented from the pools below; no real person's data. The
same call gives the same data, and running it again changes nothing.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from thbhub.access.roles import Role
from thbhub.accounts.models import User
from thbhub.cases.demo import generate_demo_cases
from thbhub.directory.models import ContactPerson, ContactRole, Institution, InstitutionType
from thbhub.linkage_runs.demo import generate_demo_linkage
from thbhub.network.demo import generate_demo_network
from thbhub.recommendations.demo import generate_demo_recommendations
from thbhub.reference.models import Country
from thbhub.referrals.demo import generate_demo_referrals
from thbhub.statistics.demo_rounds import demo_statistics

DEMO_PASSWORD = "thb-demo-2026"  # noqa: S105 — published on purpose: demo accounts only
SEED = 2026

MEMBERS = ["AL", "BA", "BG", "HR", "XK", "MD", "ME", "MK", "RO", "RS", "SI"]
EU_PARTNERS = ["AT", "DE", "IT", "NL"]

LANGUAGES = {
    "AL": ["sq"],
    "BA": ["bs", "hr", "sr"],
    "BG": ["bg"],
    "HR": ["hr"],
    "XK": ["sq", "sr"],
    "MD": ["ro"],
    "ME": ["cnr", "sr"],
    "MK": ["mk", "sq"],
    "RO": ["ro"],
    "RS": ["sr"],
    "SI": ["sl"],
}
CITIES = {
    "AL": "Tirana",
    "BA": "Sarajevo",
    "BG": "Sofia",
    "HR": "Zagreb",
    "XK": "Pristina",
    "MD": "Chisinau",
    "ME": "Podgorica",
    "MK": "Skopje",
    "RO": "Bucharest",
    "RS": "Belgrade",
    "SI": "Ljubljana",
}
# Invented given and family names in each country's style.
GIVEN = {
    "AL": ["Arta", "Besnik", "Drita", "Ermal", "Flutura", "Gentian", "Lindita", "Sokol"],
    "BA": ["Amela", "Damir", "Lejla", "Mirza", "Selma", "Tarik", "Vesna", "Zoran"],
    "BG": ["Boyana", "Dimitar", "Elitsa", "Georgi", "Kalina", "Nikolay", "Radost", "Stoyan"],
    "HR": ["Ana", "Davor", "Ivana", "Krešimir", "Marija", "Tomislav", "Vedrana", "Zvonimir"],
    "XK": ["Albulena", "Arben", "Blerta", "Driton", "Erëza", "Fatos", "Jehona", "Valon"],
    "MD": ["Ana", "Corneliu", "Doina", "Ion", "Lilia", "Mihai", "Natalia", "Vasile"],
    "ME": ["Bojana", "Danilo", "Jelena", "Marko", "Milica", "Nikola", "Tijana", "Vuk"],
    "MK": ["Aleksandra", "Bojan", "Elena", "Goran", "Ivana", "Kiril", "Marija", "Stefan"],
    "RO": ["Andreea", "Bogdan", "Cristina", "Dragoș", "Ioana", "Mihai", "Raluca", "Ștefan"],
    "RS": ["Dragana", "Milan", "Jovana", "Nemanja", "Snežana", "Vladimir", "Tamara", "Uroš"],
    "SI": ["Ana", "Blaž", "Eva", "Jure", "Maja", "Matej", "Nina", "Rok"],
}
FAMILY = {
    "AL": ["Hoxha", "Kola", "Leka", "Marku", "Shehu", "Zeneli"],
    "BA": ["Begić", "Delić", "Hodžić", "Kovačević", "Mujić", "Softić"],
    "BG": ["Dimitrova", "Georgiev", "Ivanova", "Petrov", "Stoyanova", "Todorov"],
    "HR": ["Babić", "Horvat", "Jurić", "Knežević", "Novak", "Vuković"],
    "XK": ["Berisha", "Gashi", "Krasniqi", "Morina", "Rexhepi", "Thaçi"],
    "MD": ["Ceban", "Cojocaru", "Lupu", "Munteanu", "Rusu", "Țurcanu"],
    "ME": ["Bulatović", "Đukanović", "Ivanović", "Popović", "Radović", "Vujović"],
    "MK": ["Angelovski", "Dimitrovska", "Jovanovski", "Nikolovska", "Petrovski", "Stojanovska"],
    "RO": ["Constantin", "Dumitru", "Ionescu", "Popa", "Stan", "Vasilescu"],
    "RS": ["Jovanović", "Marković", "Nikolić", "Petrović", "Stojanović", "Đorđević"],
    "SI": ["Horvat", "Kovač", "Krajnc", "Novak", "Potočnik", "Zupan"],
}

# (type, name pattern, roles of its contacts)
INSTITUTIONS: list[tuple[str, str, list[list[str]]]] = [
    (
        InstitutionType.COORDINATION_BODY,
        "Office of the National Anti-Trafficking Coordinator",
        [[ContactRole.COORDINATOR], [ContactRole.TRM_CONTACT_POINT, ContactRole.NRM_FOCAL_POINT]],
    ),
    (InstitutionType.MINISTRY, "Ministry of Interior", [[ContactRole.DATA_FOCAL_POINT]]),
    (
        InstitutionType.POLICE,
        "Police Directorate, Anti-Trafficking Unit",
        [[ContactRole.OTHER], [ContactRole.TRM_CONTACT_POINT]],
    ),
    (InstitutionType.PROSECUTION, "State Prosecutor's Office", [[ContactRole.OTHER]]),
    (
        InstitutionType.SOCIAL_SERVICES,
        "Centre for Social Work",
        [[ContactRole.CHILD_PROTECTION, ContactRole.NRM_FOCAL_POINT]],
    ),
    (
        InstitutionType.SHELTER_NGO,
        "Safe House for Victims of Trafficking (NGO)",
        [[ContactRole.NRM_FOCAL_POINT]],
    ),
    (InstitutionType.LABOUR_INSPECTION, "Labour Inspectorate", [[ContactRole.OTHER]]),
    (
        InstitutionType.RAPPORTEUR,
        "Ombudsperson Institution, National Rapporteur Unit",
        [[ContactRole.RAPPORTEUR]],
    ),
    (InstitutionType.LIAISON, "Liaison Officer at Europol", [[ContactRole.LIAISON_OFFICER]]),
]

# Which demo institution each role's users belong to.
ROLE_AGENCY = {
    Role.COORDINATOR: InstitutionType.COORDINATION_BODY,
    Role.STATISTICIAN: InstitutionType.MINISTRY,
    Role.CASE_WORKER: InstitutionType.SHELTER_NGO,
    Role.TRM_CONTACT_POINT: InstitutionType.COORDINATION_BODY,
    Role.RAPPORTEUR: InstitutionType.RAPPORTEUR,
}
ROLE_SHORT = {
    Role.COORDINATOR: "coordinator",
    Role.STATISTICIAN: "statistician",
    Role.CASE_WORKER: "caseworker",
    Role.TRM_CONTACT_POINT: "trm",
    Role.RAPPORTEUR: "rapporteur",
}


@dataclass
class DemoSummary:
    institutions: int
    contacts: int
    users: int
    usernames: list[tuple[str, str]]


def _ascii(text: str) -> str:
    import unicodedata  # noqa: PLC0415

    table = str.maketrans({"đ": "dj", "Đ": "Dj", "ë": "e", "ș": "s", "ț": "t", "Ș": "S", "Ț": "T"})
    folded = unicodedata.normalize("NFKD", text.translate(table))
    return "".join(ch for ch in folded if ch.isascii()).lower()


def generate_demo() -> DemoSummary:
    rng = random.Random(SEED)  # noqa: S311 — synthetic data, not security
    today = timezone.localdate()
    # One hash for every demo account: hashing is slow on purpose.
    password_hash = make_password(DEMO_PASSWORD)
    usernames: list[tuple[str, str]] = []
    with transaction.atomic():
        countries = {
            country.code: country
            for country in Country.objects.filter(code__in=MEMBERS + EU_PARTNERS)
        }
        agencies: dict[tuple[str, str], Institution] = {}
        for code in MEMBERS:
            country = countries[code]
            city = CITIES[code]
            for kind, pattern, contact_roles in INSTITUTIONS:
                name = f"{pattern}, {country.name}"
                institution, _created = Institution.objects.get_or_create(
                    country=country,
                    name=name,
                    defaults={
                        "kind": kind,
                        "city": city,
                        "email": f"contact@{kind.replace('_', '-')}.{code.lower()}.example.org",
                        "phone": f"+000 {rng.randint(10, 99)} {rng.randint(100000, 999999)}",
                    },
                )
                agencies[(code, kind)] = institution
                domain = f"{kind.replace('_', '-')}.{code.lower()}.example.org"
                for index, roles in enumerate(contact_roles):
                    given = GIVEN[code][rng.randrange(len(GIVEN[code]))]
                    family = FAMILY[code][rng.randrange(len(FAMILY[code]))]
                    # A third of the contacts were last verified over a year ago.
                    verified = today - datetime.timedelta(
                        days=rng.choice([20, 90, 200, 300, 420, 600])
                    )
                    ContactPerson.objects.get_or_create(
                        institution=institution,
                        given_name=given,
                        family_name=family,
                        defaults={
                            "position": "Head of unit" if index == 0 else "Senior adviser",
                            "roles": [str(role) for role in roles],
                            "languages": [*LANGUAGES[code], "en"],
                            "email": f"{_ascii(given)}.{_ascii(family)}@{domain}",
                            "phone": f"+000 {rng.randint(10, 99)} {rng.randint(100000, 999999)}",
                            "last_verified": verified,
                        },
                    )
            for index, (role, kind) in enumerate(ROLE_AGENCY.items()):
                username = f"{code.lower()}.{ROLE_SHORT[role]}"
                person = (GIVEN[code][-1 - index], FAMILY[code][index % len(FAMILY[code])])
                _user(
                    username,
                    role=role,
                    country=country,
                    agency=agencies[(code, kind)],
                    password_hash=password_hash,
                    name=person,
                )
                usernames.append((username, str(role.label)))
        _user(
            "secretariat",
            role=Role.SECRETARIAT,
            country=None,
            agency=None,
            password_hash=password_hash,
            name=("Lena", "Berger"),
        )
        usernames.insert(0, ("secretariat", str(Role.SECRETARIAT.label)))
        for code in EU_PARTNERS:
            username = f"{code.lower()}.partner"
            partner = ("Partner", countries[code].name)
            _user(
                username,
                role=Role.EU_PARTNER,
                country=countries[code],
                agency=None,
                password_hash=password_hash,
                name=partner,
            )
            usernames.append((username, str(Role.EU_PARTNER.label)))
        # Closed rounds from 2018 with every member accepted, and last
        # year's round still open with two members accepted.
        demo_statistics(members=MEMBERS, today=today)
        generate_demo_cases()
        generate_demo_referrals()
        # Before the network's demo data: strategies and practices link to recommendations.
        generate_demo_recommendations(today=today)
        generate_demo_network(members=MEMBERS, today=today)
        generate_demo_linkage()
    return DemoSummary(
        institutions=Institution.objects.count(),
        contacts=ContactPerson.objects.count(),
        users=User.objects.count(),
        usernames=usernames,
    )


def _user(
    username: str,
    *,
    role: Role,
    country: Country | None,
    agency: Institution | None,
    password_hash: str,
    name: tuple[str, str],
) -> None:
    User.objects.get_or_create(
        username=username,
        defaults={
            "role": role,
            "country": country,
            "agency": agency,
            "password": password_hash,
            "first_name": name[0],
            "last_name": name[1],
        },
    )
