"""The pages of round questions, table grids, methodology and answers."""

from __future__ import annotations

import pytest

from tests.statistics.rounds import open_round, submission_of, totals_only_csv
from thbhub.statistics.editing import table_grid
from thbhub.statistics.models import RoundQuestion, SubmissionVersion
from thbhub.statistics.services import submission_upload_csv
from thbhub.statistics.tables import TABLES_BY_KEY

pytestmark = pytest.mark.django_db

# A year the demo data opens no round for.
WEB_YEAR = 2016
TABLE = TABLES_BY_KEY["victims_identified_in"]


def line_of(status: str, identified_in: str) -> int:
    (cell,) = [
        c.line
        for c in table_grid(TABLE)
        if (c.coordinates["status"], c.coordinates["identified_in"]) == (status, identified_in)
    ]
    return cell


def uploaded(users):  # type: ignore[no-untyped-def]
    round_ = open_round(users["secretariat"], year=WEB_YEAR)
    submission_upload_csv(
        actor=users["rs.statistician"],
        round=round_,
        country_id="RS",
        data=totals_only_csv(year=WEB_YEAR),
        filename="rs.csv",
    )
    return submission_of(round_, "RS")


def grid_post(values: dict[int, str]) -> dict[str, str]:
    posted = {}
    for cell in table_grid(TABLE):
        posted[f"value_{cell.line}"] = values.get(cell.line, "")
        posted[f"flag_{cell.line}"] = ""
        posted[f"note_{cell.line}"] = ""
    return posted


def test_the_secretariat_edits_the_questions_on_the_web(client_for, users) -> None:  # type: ignore[no-untyped-def]
    opened = open_round(users["secretariat"], year=WEB_YEAR)
    client = client_for("secretariat")
    page = f"/statistics/rounds/{WEB_YEAR}/questions/"
    assert page in client.get(f"/statistics/rounds/{WEB_YEAR}/").content.decode()
    count = opened.questions.count()
    response = client.post(
        f"{page}new/", {"theme": "other", "text": "How many shelters for men are open?"}
    )
    assert response.status_code == 302
    assert "How many shelters for men are open?" in client.get(page).content.decode()
    added = opened.questions.get(number=count + 1)
    client.post(f"{page}{added.pk}/edit/", {"theme": "other", "text": "Shelters for men?"})
    client.post(f"{page}{added.pk}/move/", {"number": 1})
    added.refresh_from_db()
    assert (added.number, added.text) == (1, "Shelters for men?")
    client.post(f"{page}{added.pk}/delete/")
    assert not RoundQuestion.objects.filter(pk=added.pk).exists()
    assert opened.questions.count() == count
    refused = client.post(f"{page}new/", {"theme": "other", "text": ""})
    assert refused.status_code == 200 and opened.questions.count() == count


def test_members_read_the_questions_but_cannot_edit_them(client_for, users) -> None:  # type: ignore[no-untyped-def]
    opened = open_round(users["secretariat"], year=WEB_YEAR)
    question = opened.questions.get(number=1)
    client = client_for("rs.coordinator")
    page = f"/statistics/rounds/{WEB_YEAR}/questions/"
    listing = client.get(page).content.decode()
    assert question.text[:40] in listing and "Add a question" not in listing
    assert client.post(f"{page}new/", {"theme": "other", "text": "Mine"}).status_code == 403
    assert client.post(f"{page}{question.pk}/delete/").status_code == 403
    assert RoundQuestion.objects.filter(pk=question.pk).exists()


def test_a_table_form_round_trip_shows_on_the_version_page(client_for, users) -> None:  # type: ignore[no-untyped-def]
    submission = uploaded(users)
    client = client_for("rs.statistician")
    page = f"/statistics/submissions/{submission.pk}/"
    overview = client.get(page).content.decode()
    assert f"{page}tables/{TABLE.key}/" in overview
    assert "1 of 12" in overview
    form = client.get(f"{page}tables/{TABLE.key}/").content.decode()
    total = line_of("TOTAL", "TOTAL")
    assert f'name="value_{total}" value="42"' in form
    assert "Identified by the reporting country&#x27;s authorities" in form
    response = client.post(f"{page}tables/{TABLE.key}/", grid_post({total: "45"}))
    assert response.status_code == 302
    version = SubmissionVersion.objects.get(submission=submission, number=2)
    assert version.source_name == f"web form: {TABLE.title}"
    shown = client.get(f"{page}versions/2/").content.decode()
    changes = shown.split('<table id="changes">')[1].split("</table>")[0]
    assert "<td>VICTIMS</td><td>TOTAL</td><td>42</td><td>45</td>" in changes


def test_a_form_with_a_sum_error_stores_nothing_and_names_the_cell(client_for, users) -> None:  # type: ignore[no-untyped-def]
    submission = uploaded(users)
    client = client_for("rs.statistician")
    url = f"/statistics/submissions/{submission.pk}/tables/{TABLE.key}/"
    values = {
        line_of("IDENTIFIED", "REPORTING"): "30",
        line_of("IDENTIFIED", "ABROAD"): "5",
        line_of("IDENTIFIED", "UNK"): "0",
        line_of("IDENTIFIED", "TOTAL"): "40",
        line_of("TOTAL", "TOTAL"): "42",
    }
    response = client.post(url, grid_post(values))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nothing was stored" in body
    line = line_of("IDENTIFIED", "TOTAL")
    row = body.split(f'<tr id="line-{line}" class="has-error">')[1].split("</tr>")[0]
    assert "add up to 35, but this TOTAL row says 40" in row
    assert f'name="value_{line}" value="40"' in row
    assert f'<tr id="line-{line_of("IDENTIFIED", "REPORTING")}" class="involved">' in body
    assert submission.versions.count() == 1


def test_methodology_and_answers_on_the_web_and_their_differences(client_for, users) -> None:  # type: ignore[no-untyped-def]
    submission = uploaded(users)
    client = client_for("rs.statistician")
    page = f"/statistics/submissions/{submission.pk}/"
    response = client.post(
        f"{page}methodology/",
        {"data_authority": "Ministry of Interior", "includes_presumed": "no"},
    )
    assert response.status_code == 302
    question = submission.round.questions.get(number=1)
    response = client.post(f"{page}answers/", {f"question_{question.pk}": "Fewer referrals."})
    assert response.status_code == 302
    overview = client.get(page).content.decode()
    assert "Ministry of Interior" in overview and "Fewer referrals." in overview
    compared = client.get(f"{page}versions/3/?against=1").content.decode()
    assert "Changes from version 1 to version 3" in compared
    methodology = compared.split('<table id="methodology-changes">')[1].split("</table>")[0]
    assert "<td>Presumed victims included</td><td>—</td><td>No</td>" in methodology
    answers = compared.split('<table id="answer-changes">')[1].split("</table>")[0]
    assert "Fewer referrals." in answers
    only_answers = client.get(f"{page}versions/3/").content.decode()
    assert "Changes from version 2 to version 3" in only_answers
    assert 'id="methodology-changes"' not in only_answers
    missing = client.get(f"{page}versions/3/?against=9").content.decode()
    assert "Select a valid choice" in missing


def test_a_coordinator_of_another_country_gets_404(client_for, users) -> None:  # type: ignore[no-untyped-def]
    submission = uploaded(users)
    client = client_for("al.coordinator")
    page = f"/statistics/submissions/{submission.pk}/"
    for suffix in ("methodology/", "answers/", f"tables/{TABLE.key}/"):
        assert client.get(f"{page}{suffix}").status_code == 404
        assert client.post(f"{page}{suffix}", {"data_authority": "x"}).status_code == 404
    assert submission.versions.count() == 1
