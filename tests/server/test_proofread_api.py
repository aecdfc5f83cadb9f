"""``POST /api/proofread``: the changes with their reasons, for the signed-in person only."""

from fastapi.testclient import TestClient

from tests.server.conftest import sign_up


def test_proofread_returns_changes_with_spans_and_reasons(app):
    client = sign_up(app, "theo@example.com")
    text = "Their going to the beach tomorow"
    response = client.post("/api/proofread", json={"text": text})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["corrected"] == "They're going to the beach tomorrow."
    assert body["english"] == "en-US"
    for change in body["changes"]:
        assert text[change["start"]:change["end"]] == change["old"] and change["reason"]
    british = client.post("/api/proofread", json={"text": "I like the color.",
                                                  "english": "en-GB"}).json()
    assert british["corrected"] == "I like the colour."


def test_proofread_is_in_the_users_own_english_unless_asked_otherwise(app):
    theo, anna = sign_up(app, "theo@example.com"), sign_up(app, "anna@example.com")
    text = "I like the color of the sea."
    assert theo.post("/api/proofread", json={"text": text}).json()["corrected"] == text  # as it spells
    assert theo.patch("/api/settings", json={"english": "en-GB"}).json()["english"] == "en-GB"
    mine = theo.post("/api/proofread", json={"text": text}).json()
    assert mine["english"] == "en-GB" and mine["corrected"] == "I like the colour of the sea."
    asked = theo.post("/api/proofread", json={"text": text, "english": "en-US"}).json()
    assert asked["corrected"] == text
    assert anna.post("/api/proofread", json={"text": text}).json()["corrected"] == text  # hers alone
    assert theo.patch("/api/settings", json={"english": "en-CA"}).status_code == 422
    assert theo.patch("/api/settings", json={"english": "en-AU"}).json()["english"] == "en-AU"
    aussie = theo.post("/api/proofread", json={"text": text}).json()
    assert aussie["english"] == "en-AU" and aussie["corrected"] == "I like the colour of the sea."
    assert theo.patch("/api/settings", json={"english": ""}).json()["english"] == ""
    assert theo.post("/api/proofread", json={"text": text}).json()["corrected"] == text


def test_proofread_needs_sign_in_and_valid_input(app):
    assert TestClient(app).post("/api/proofread", json={"text": "hi there"}).status_code == 401
    client = sign_up(app, "theo@example.com")
    assert client.post("/api/proofread", json={"text": ""}).status_code == 422
    assert client.post("/api/proofread", json={"text": "   "}).status_code == 422
    assert client.post("/api/proofread", json={"text": "x", "english": "en-CA"}).status_code == 422
    assert client.post("/api/proofread", json={"text": "x" * 20001}).status_code == 422


def test_the_page_is_served(app):
    page = TestClient(app).get("/static/proofread.html")
    assert page.status_code == 200 and "/api/proofread" in TestClient(app).get(
        "/static/proofread.js").text
