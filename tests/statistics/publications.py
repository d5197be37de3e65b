"""A round with accepted submissions, ready to publish, through the services."""

from __future__ import annotations

from tests.statistics.rounds import open_round, submission_of, valid_csv
from thbhub.accounts.models import User
from thbhub.statistics.models import Round
from thbhub.statistics.services import (
    submission_accept,
    submission_submit,
    submission_upload_csv,
)

# A year neither the demo data nor other tests open a round for.
PUBLISH_YEAR = 2013
ACCEPTED = ("HR", "RS", "XK")
MEMBERS = [*ACCEPTED, "AL"]


def accepted_round(
    secretariat: User, *, year: int = PUBLISH_YEAR, accepted: tuple[str, ...] = ACCEPTED
) -> Round:
    """RS, HR and XK accepted with full consistent tables; AL left in draft."""
    round_ = open_round(secretariat, year=year, members=[*accepted, "AL"])
    for seed, country in enumerate(accepted):
        result = submission_upload_csv(
            actor=secretariat,
            round=round_,
            country_id=country,
            data=valid_csv(country=country, year=year, seed=seed),
            filename=f"{country.lower()}.csv",
        )
        assert result.version is not None, result.report.errors[:3]
        submission = submission_of(round_, country)
        submission_submit(actor=secretariat, submission=submission)
        submission_accept(actor=secretariat, submission=submission)
    return round_
