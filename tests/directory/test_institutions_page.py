"""The institutions page, and finding former contacts again."""

from __future__ import annotations

from thbhub.directory.models import ContactPerson, Institution


def test_an_institution_without_contacts_can_be_found_and_edited(client_for) -> None:
    client = client_for("rs.coordinator")
    response = client.post(
        "/directory/institutions/new/",
        {"country": "RS", "name": "New Counselling Centre", "kind": "shelter_ngo", "city": "Niš"},
    )
    assert response.status_code == 302
    institution = Institution.objects.get(name="New Counselling Centre")
    page = client.get("/directory/institutions/?query=Counselling").content.decode()
    assert "New Counselling Centre" in page
    assert f"/directory/institutions/{institution.pk}/edit/" in page


def test_other_countries_institutions_are_listed_without_edit_links(client_for) -> None:
    page = client_for("rs.coordinator").get("/directory/institutions/?country=AL").content.decode()
    albanian = Institution.objects.filter(country_id="AL").first()
    assert albanian is not None
    assert albanian.name in page
    assert f"/directory/institutions/{albanian.pk}/edit/" not in page


def test_former_contacts_are_hidden_unless_asked_for(client_for) -> None:
    contact = ContactPerson.objects.filter(institution__country_id="RS").first()
    assert contact is not None
    ContactPerson.objects.filter(pk=contact.pk).update(active=False)
    client = client_for("rs.coordinator")
    link = f"/directory/contacts/{contact.pk}/"
    assert link not in client.get("/directory/?country=RS").content.decode()
    assert link in client.get("/directory/?country=RS&include_inactive=on").content.decode()
