def test_demo_data_is_loaded(users):
    assert users["rs.coordinator"].country_id == "RS"
    assert users["secretariat"].role == "secretariat"


def test_home_page_greets_the_user(client_for):
    response = client_for("rs.coordinator").get("/")
    assert response.status_code == 200
    assert "National anti-trafficking coordinator" in response.content.decode()
