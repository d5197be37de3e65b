"""Results in aggregate only, above the minimum group size; free texts only
after review; the donors' summary as PDF and Excel, read back."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.consultations.conftest import answer_form, issue, make_consultation, respond
from thbhub.accounts.models import User
from thbhub.audit.models import AuditEvent
from thbhub.consultations import services
from thbhub.consultations.models import Answer, Consultation, QuestionKind, Review
from thbhub.consultations.results import consultation_results, shown_groups

IDENTIFYING = "My name is Jelena Petrović from Novi Pazar."


def answer_many(
    consultation: Consultation, secretariat: User, forms: list[dict[str, object]]
) -> None:
    tokens = issue(secretariat, consultation, len(forms))
    for token, data in zip(tokens, forms, strict=True):
        assert respond(token, data).status_code == 302


def test_nothing_is_shown_below_the_minimum_and_everything_at_it(consultation, secretariat):
    answer_many(consultation, secretariat, [answer_form(consultation) for _i in range(4)])
    results = consultation_results(consultation)
    assert not results.shown
    assert results.questions == []
    assert results.breakdowns == []
    answer_many(consultation, secretariat, [answer_form(consultation, scale=2)])
    results = consultation_results(consultation)
    assert results.shown
    assert results.respondents == 5
    funding = next(r for r in results.questions if r.kind == QuestionKind.MULTIPLE)
    assert funding.shown
    assert [(o.label, o.count, o.percent) for o in funding.options] == [
        ("Housing", 5, 100),
        ("Jobs", 0, 0),
        ("Legal help", 0, 0),
    ]
    scale = next(r for r in results.questions if r.kind == QuestionKind.SCALE)
    assert scale.mean == 3.6  # four fours and a two
    assert [(o.label, o.count) for o in scale.options] == [
        ("1", 0),
        ("2", 1),
        ("3", 0),
        ("4", 4),
        ("5", 0),
    ]


def test_a_question_answered_by_too_few_is_hidden(consultation, secretariat):
    forms = [answer_form(consultation, scale=None) for _i in range(5)]
    forms[0] = answer_form(consultation, scale=3)
    answer_many(consultation, secretariat, forms)
    results = consultation_results(consultation)
    scale = next(r for r in results.questions if r.kind == QuestionKind.SCALE)
    assert not scale.shown
    assert scale.options == []
    assert scale.mean is None


def test_a_breakdown_hides_small_groups_and_those_that_would_reveal_them(consultation, secretariat):
    # Seven in a city, two in a village: the village is too small, and
    # showing the city would let anyone subtract it from the total.
    forms = [answer_form(consultation, place=0) for _i in range(7)]
    forms += [answer_form(consultation, place=1, funding=(2,)) for _i in range(2)]
    answer_many(consultation, secretariat, forms)
    results = consultation_results(consultation)
    assert results.shown
    (breakdown,) = results.breakdowns
    assert [(g.label, g.shown) for g in breakdown.groups] == [
        ("In a city", False),
        ("In a village", False),
    ]
    assert all(g.questions == [] for g in breakdown.groups)
    # Three more in the village: both groups reach five; all is shown.
    answer_many(
        consultation,
        secretariat,
        [answer_form(consultation, place=1, funding=(1,)) for _i in range(3)],
    )
    (breakdown,) = consultation_results(consultation).breakdowns
    city, village = breakdown.groups
    assert (city.shown, city.size, village.shown, village.size) == (True, 7, True, 5)
    village_funding = next(r for r in village.questions if r.kind == QuestionKind.MULTIPLE)
    assert [(o.label, o.count) for o in village_funding.options] == [
        ("Housing", 0),
        ("Jobs", 3),
        ("Legal help", 2),
    ]
    # Free texts never appear inside a group.
    assert all(r.kind != QuestionKind.TEXT for r in city.questions)


@pytest.mark.parametrize(
    ("sizes", "total", "shown"),
    [
        ({1: 7, 2: 2}, 9, set()),  # 9 - 7 = 2 left out: would reveal the small group
        ({1: 7, 2: 5}, 12, {1, 2}),
        ({1: 6, 2: 5, 3: 1}, 12, {1}),  # 12 - 11 = 1: hide the smaller shown group
        ({1: 5, 2: 5, 3: 0}, 10, {1, 2}),  # nobody left out
        ({1: 4}, 4, set()),  # the whole is below the minimum
    ],
)
def test_groups_shown(sizes, total, shown):
    assert shown_groups(sizes, total, 5) == shown


def test_free_text_is_shown_only_after_review(consultation, secretariat, client_for):
    forms = [answer_form(consultation) for _i in range(5)]
    forms[0] = answer_form(consultation, text=IDENTIFYING)
    forms[1] = answer_form(consultation, text="More housing support, please.")
    forms[2] = answer_form(consultation, text="Something rude.")
    answer_many(consultation, secretariat, forms)
    text_result = next(
        r for r in consultation_results(consultation).questions if r.kind == QuestionKind.TEXT
    )
    assert text_result.texts == []
    assert text_result.texts_waiting == 3

    client = client_for("secretariat")
    results_page = client.get(f"/consultations/{consultation.pk}/results/").content.decode()
    assert IDENTIFYING not in results_page
    assert "3 comments wait for review." in results_page

    review_page = client.get(f"/consultations/{consultation.pk}/review/")
    assert IDENTIFYING in review_page.content.decode()
    read = AuditEvent.objects.filter(action="consultations.free_text.read").latest("pk")
    assert read.detail == {"answers": 3}
    assert IDENTIFYING not in str(read.detail)

    by_text = {a.text: a for a in Answer.objects.filter(review=Review.PENDING)}
    decisions = [
        (by_text[IDENTIFYING], {"decision": "redacted", "shown_text": "My name is [removed]."}),
        (by_text["More housing support, please."], {"decision": "approved"}),
        (by_text["Something rude."], {"decision": "rejected"}),
    ]
    for answer, data in decisions:
        prefixed = {f"{answer.pk}-{key}": value for key, value in data.items()}
        response = client.post(
            f"/consultations/{consultation.pk}/review/{answer.pk}/", prefixed, follow=True
        )
        assert "Review saved." in response.content.decode()
    text_result = next(
        r for r in consultation_results(consultation).questions if r.kind == QuestionKind.TEXT
    )
    assert text_result.texts == ["More housing support, please.", "My name is [removed]."]
    page = client.get(f"/consultations/{consultation.pk}/results/").content.decode()
    assert "My name is [removed]." in page
    assert "Petrović" not in page
    assert "Something rude." not in page
    reviews = AuditEvent.objects.filter(action="consultations.answer.review")
    assert sorted(e.detail["decision"] for e in reviews) == ["approved", "redacted", "rejected"]
    assert all("Petrović" not in str(e.detail) for e in reviews)


def test_removing_details_needs_the_text_to_show(consultation, secretariat):
    answer_many(consultation, secretariat, [answer_form(consultation, text="Mine.")])
    answer = Answer.objects.get(review=Review.PENDING)
    with pytest.raises(ValidationError):
        services.answer_review(actor=secretariat, answer=answer, decision="redacted")
    answer.refresh_from_db()
    assert answer.review == Review.PENDING


def test_the_donor_summary_as_pdf_and_excel(consultation, secretariat, client_for):
    forms = [answer_form(consultation, place=0, funding=(0, 1)) for _i in range(5)]
    forms[0] = answer_form(consultation, place=0, funding=(0, 1), text=IDENTIFYING)
    forms[1] = answer_form(consultation, place=0, funding=(0, 1), text="Jobs matter most.")
    answer_many(consultation, secretariat, forms)
    for answer in Answer.objects.filter(review=Review.PENDING):
        if answer.text == "Jobs matter most.":
            services.answer_review(actor=secretariat, answer=answer, decision="approved")
    client = client_for("secretariat")

    pdf = client.get(f"/consultations/{consultation.pk}/summary.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Funding priorities 2027" in text
    assert "Respondents: 5." in text
    assert "Housing" in text
    assert "Jobs matter most." in text
    assert "Petrović" not in text
    # The village group (nobody) is too small to show.
    assert "This group is too small to show" in text

    xlsx = client.get(f"/consultations/{consultation.pk}/summary.xlsx")
    workbook = load_workbook(io.BytesIO(xlsx.content))
    summary = workbook["Summary"]
    rows = [tuple(row) for row in summary.iter_rows(values_only=True)]
    assert rows[0][0] == "Funding priorities 2027"
    assert ("What should funding go to?", "Housing", 5, 100) in rows
    assert ("What should funding go to?", "Jobs", 5, 100) in rows
    comments = [row[1] for row in workbook["Comments"].iter_rows(min_row=2, values_only=True)]
    assert comments == ["Jobs matter most."]
    assert all("Petrović" not in str(cell) for row in rows for cell in row)
    exports = AuditEvent.objects.filter(action="consultations.summary.export")
    assert sorted(e.detail["format"] for e in exports) == ["pdf", "xlsx"]


def test_a_summary_below_the_minimum_says_so_and_shows_no_number(secretariat, client_for):
    consultation = make_consultation(secretariat, minimum=6)
    answer_many(consultation, secretariat, [answer_form(consultation) for _i in range(5)])
    client = client_for("secretariat")
    pdf = client.get(f"/consultations/{consultation.pk}/summary.pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Fewer than 6 people have answered so far" in text
    assert "Housing" not in text
    workbook = load_workbook(
        io.BytesIO(client.get(f"/consultations/{consultation.pk}/summary.xlsx").content)
    )
    values = [c for row in workbook["Summary"].iter_rows(values_only=True) for c in row if c]
    assert not any(isinstance(value, int) for value in values)
