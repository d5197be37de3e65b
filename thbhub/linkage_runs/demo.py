"""A finished demo linkage at the hub, made through the services.

Serbia, Albania and North Macedonia hold registers of partly the same
invented victims, about a third of them with Albanian names: Serbia writes names
in Serbian Cyrillic, Albania in Latin with typos, dropped diacritics and
swapped days and months, North Macedonia in Macedonian Cyrillic and
sometimes family name first. Each register is
encoded as `thbhub linkage encode` does, with one fresh key made in memory
and dropped after encoding: the hub never holds a key, so nobody, this
code included, can encode anything more with it. Each country's
statistician uploads its file, the secretariat runs the linkage as the
job runner would, and Serbia's and Albania's statisticians review a few
pairs, looking the records up in the registers they hold.

The registers are the same on every call; the key, and with it the
encodings, is new on every call, so a borderline pair may differ from
one demo database to another. Running it again adds nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from thbhub.accounts.models import User
from thbhub.jobs.services import job_run
from thbhub.linkage.keys import generate_key
from thbhub.linkage.synthetic import (
    CLEAN_CYRILLIC,
    CLEAN_MACEDONIAN,
    NOISY_LATIN,
    encodings_file,
    people,
    register_row,
)
from thbhub.linkage_runs.models import (
    Decision,
    EncodingUpload,
    LinkageRun,
    LinkedPair,
    RunStatus,
)
from thbhub.linkage_runs.services import (
    encodings_upload,
    linkage_run_start,
    pair_review,
    upload_path,
)

SEED = 2026
COUNTRIES = ("RS", "AL", "MK")
SECRETARIAT = "secretariat"
# North Macedonia's register is in Macedonian Cyrillic, with a few typos and
# some names written family name first; Albanian names in it are written as
# they sound (Krasniqi as Красниќи).
MACEDONIAN = replace(CLEAN_MACEDONIAN, swap_names=0.15)
NOISE = {"RS": CLEAN_CYRILLIC, "AL": NOISY_LATIN, "MK": MACEDONIAN}
# The share of the invented people with Albanian names: victims from Albania
# and Kosovo*, and Albanians of North Macedonia and Serbia.
ALBANIAN_NAMES = 0.3
# How many invented people each set of countries holds; about 250 records
# in all keep the demo, built at the start of every test session, fast.
GROUPS: tuple[tuple[tuple[str, ...], int], ...] = (
    (("RS",), 60),
    (("AL",), 40),
    (("MK",), 30),
    (("RS", "AL"), 25),
    (("RS", "MK"), 12),
    (("AL", "MK"), 8),
    (("RS", "AL", "MK"), 5),
)
# People Albania registered twice, in two years: its own duplicates.
TWICE_IN = "AL"
TWICE = 3
CITIZENSHIPS = ("RS", "AL", "MK", "XK", "BA", "ME", "MD")


@dataclass(frozen=True)
class DemoRegisters:
    """Each country's register rows, and who is who (for the reviews and the tests)."""

    rows: dict[str, list[dict[str, str]]]
    # (country, record id) → the invented person's number.
    person: dict[tuple[str, str], int]

    def same_person(self, first: tuple[str, str], second: tuple[str, str]) -> bool:
        return self.person[first] == self.person[second]


def filename_of(country: str) -> str:
    return f"ENCODINGS-{country}.csv"


def statistician_of(country: str) -> str:
    return f"{country.lower()}.statistician"


def demo_registers(last_year: int) -> DemoRegisters:
    """The registers, the same on every call for the same ``last_year``."""
    rng = random.Random(SEED)  # noqa: S311 — synthetic data, not security
    crowd = people(sum(count for _countries, count in GROUPS), rng, albanian=ALBANIAN_NAMES)
    held: dict[str, list[int]] = {code: [] for code in COUNTRIES}
    number = 0
    for countries, count in GROUPS:
        for _ in range(count):
            for code in countries:
                held[code].append(number)
            number += 1
    # Each person is identified in one year, and in a neighbour the same year
    # or the next, as victims moved across a border usually are.
    base_year = {n: last_year - rng.randrange(3) for n in range(number)}
    citizenship = {n: rng.choice(CITIZENSHIPS) for n in range(number)}
    rows: dict[str, list[dict[str, str]]] = {}
    person: dict[tuple[str, str], int] = {}
    for code in COUNTRIES:
        entries = [(n, base_year[n]) for n in held[code]]
        if code == TWICE_IN:
            entries += [(n, base_year[n] - 1) for n in held[code][:TWICE]]
        # Registers are in the order the country met the people, not in the crowd's.
        rng.shuffle(entries)
        register = []
        for index, (n, year) in enumerate(entries, start=1):
            record_id = f"{code}-{index:04d}"
            row = register_row(crowd[n], record_id, NOISE[code], rng)
            moved = year + 1 if rng.random() < 0.2 else year
            row["year_identified"] = str(min(moved, last_year))
            row["citizenship"] = citizenship[n]
            row["identified_in"] = code
            register.append(row)
            person[(code, record_id)] = n
        rows[code] = register
    return DemoRegisters(rows, person)


def generate_demo_linkage() -> LinkageRun | None:
    """Uploads, a finished run and a few reviews; None when they exist already."""
    users = {
        user.username: user
        for user in User.objects.filter(
            username__in=[SECRETARIAT, *(statistician_of(code) for code in COUNTRIES)],
            is_active=True,
        )
    }
    if len(users) != len(COUNTRIES) + 1:
        return None
    if EncodingUpload.objects.filter(
        filename=filename_of(COUNTRIES[0]), uploaded_by=users[statistician_of(COUNTRIES[0])]
    ).exists():
        return None
    registers = demo_registers(timezone.localdate().year - 1)
    key = generate_key()
    files = {code: encodings_file(registers.rows[code], code, key) for code in COUNTRIES}
    # The key ends here: encodings made with it are all the hub will ever see.
    del key
    uploads: list[EncodingUpload] = []
    try:
        # One transaction: the job waits for its commit to start on its own,
        # so in "thread" mode it cannot race the run below; by then it has run.
        with transaction.atomic():
            for code in COUNTRIES:
                uploads.append(
                    encodings_upload(
                        actor=users[statistician_of(code)],
                        data=files[code],
                        filename=filename_of(code),
                    )
                )
            run = linkage_run_start(actor=users[SECRETARIAT], countries=list(COUNTRIES))
            # What `thbhub jobs worker` does with a queued job, here and now.
            job = job_run(job_id=run.job_id) if run.job_id else None
            run.refresh_from_db()
            if job is None or run.status != RunStatus.SUCCEEDED:
                message = job.message if job else "no job was queued"
                msg = f"The demo linkage run ended {run.status}: {message}"
                raise RuntimeError(msg)
            _review(run, registers, users)
    except BaseException:
        # The rows are rolled back; the stored files are not part of the transaction.
        for upload in uploads:
            upload_path(upload).unlink(missing_ok=True)
        raise
    return run


def _review(run: LinkageRun, registers: DemoRegisters, users: dict[str, User]) -> None:
    """Serbia confirms its best pair with Albania and questions its weakest.

    Albania confirms the pair Serbia confirmed, and Serbia rejects a wrong
    match if the run made one. The statisticians decide from the registers
    they hold, as they would at their desks.
    """
    serbia, albania = users[statistician_of("RS")], users[statistician_of("AL")]
    with_albania = list(
        LinkedPair.objects.filter(run=run)
        .filter(Q(country_a="AL", country_b="RS") | Q(country_a="RS", country_b="AL"))
        .order_by("-score", "pk")
    )
    right = [
        pair
        for pair in with_albania
        if registers.same_person(
            (pair.country_a_id, pair.record_id_a), (pair.country_b_id, pair.record_id_b)
        )
    ]
    wrong = [pair for pair in with_albania if pair not in right]
    if right:
        best = right[0]
        pair_review(
            actor=serbia,
            pair=best,
            decision=Decision.CONFIRMED,
            comment="Same date and place of birth in our register.",
        )
        pair_review(actor=albania, pair=best, decision=Decision.CONFIRMED)
    if len(right) > 1:
        pair_review(
            actor=serbia,
            pair=right[-1],
            decision=Decision.UNSURE,
            comment="Close, but not certain; asked Albania for the place of birth.",
        )
    for pair in wrong[:1]:
        pair_review(
            actor=serbia,
            pair=pair,
            decision=Decision.REJECTED,
            comment="Not the same person: different parents' names in our register.",
        )
