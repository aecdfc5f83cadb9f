"""The letters API: commission, draft, revise, versions, diff, restore; one user's letters
never reach another."""

from datetime import date, timedelta

import pytest

from os1.models.fake import FakeModel
from os1.server.app import create_app
from tests.letters.pdfs import needs_poppler, pdf_pages_text
from tests.server.conftest import make_service, sign_up

GOOD = ("Dear Anna,\n\nHappy fortieth! I can't believe my big sister is forty. I've missed you so much since "
        "you moved to Boston, and I hope the winters there are kind to you. Save me a slice of cake and a "
        "seat by the window.\n\nLove")
FUNNIER = GOOD.replace("Save me a slice", "Forty is just thirty-ten, so save me a slice")
REQUEST = "a note for my sister Anna's 40th, warm and a bit funny, say I miss her; she lives in Boston"


def test_commission_draft_revise_and_versions(tmp_path):
    service = make_service(tmp_path, model=FakeModel([GOOD, GOOD, FUNNIER, FUNNIER]))  # each retried once
    app = create_app(service)
    theo = sign_up(app, "theo@example.com")
    prepared = theo.post("/api/letters/commission", json={"request": REQUEST}).json()
    assert prepared["commission"]["recipient"] == "Anna" and prepared["offers"] == []
    assert prepared["question"]["field"] == "sender"
    made = theo.post("/api/letters", json={"request": REQUEST, "details": ["the lake house"]})
    assert made.status_code == 201, made.text
    letter = made.json()
    # the detail the model left out twice goes in as a postscript, in the sender's words
    first = GOOD + "\n\nP.S. I keep thinking about the lake house."
    assert letter["version"] == 1 and letter["text"] == first
    assert not [p for p in letter["problems"] if p["rule"] == "missing"]
    assert theo.get("/api/letters").json()[0]["recipient"] == "Anna"
    revised = theo.post(f"/api/letters/{letter['id']}/revise", json={"instruction": "funnier"}).json()
    assert revised["version"] == 2 and "thirty-ten" in revised["text"]
    versions = theo.get(f"/api/letters/{letter['id']}/versions").json()
    assert [v["instruction"] for v in versions] == ["first draft", "funnier"]
    diff = theo.get(f"/api/letters/{letter['id']}/diff", params={"a": 1, "b": 2}).json()["parts"]
    assert {"op": "-", "text": "Save"} in diff and {"op": "+", "text": "Forty is just thirty-ten, so save"} in diff
    assert theo.post(f"/api/letters/{letter['id']}/restore", json={"number": 1}).json()["version"] == 3
    assert theo.get(f"/api/letters/{letter['id']}").json()["text"] == first
    again = theo.post("/api/letters/commission", json={"request": "a card for my sister Anna"}).json()
    assert again["offers"] == ["I miss her", "she lives in Boston", "the lake house"]
    service.store.close()


def test_letters_are_private_and_bad_input_is_refused(tmp_path):
    service = make_service(tmp_path, model=FakeModel([GOOD]))
    app = create_app(service)
    theo, anna = sign_up(app, "theo@example.com"), sign_up(app, "anna@example.com")
    letter_id = theo.post("/api/letters", json={"request": REQUEST}).json()["id"]
    for path in (f"/api/letters/{letter_id}", f"/api/letters/{letter_id}/versions"):
        assert anna.get(path).status_code == 404
    assert anna.get(f"/api/letters/{letter_id}/diff", params={"a": 1, "b": 1}).status_code == 404
    assert anna.post(f"/api/letters/{letter_id}/revise", json={"instruction": "x"}).status_code == 404
    assert anna.post(f"/api/letters/{letter_id}/restore", json={"number": 1}).status_code == 404
    assert anna.get("/api/letters").json() == []
    assert theo.post("/api/letters", json={"request": "hello"}).status_code == 422  # to nobody
    assert theo.post("/api/letters", json={"request": "x" * 3000}).status_code == 422
    assert theo.get("/api/letters/0").status_code == 422
    assert theo.post("/api/letters/cliches", json={"phrase": "over the moon"}).json()["added"] is True
    assert "over the moon" in theo.get("/api/letters/cliches").json()["yours"]
    assert anna.get("/api/letters/cliches").json()["yours"] == []
    sample = theo.post("/api/letters/samples", json={"text": "Hey Jo!\n\nYou know me. You know me, I'm late!"
                                                            "\n\nTalk soon,\nTheo"}).json()
    assert sample["samples"] == 1 and any("Talk soon" in line for line in sample["voice"])
    assert theo.request("DELETE", "/api/me", json={"confirm": "erase"}).status_code == 204
    assert service.store.db.execute("SELECT count(*) FROM letters").fetchone()[0] == 0
    service.store.close()


CHRIS = ("Dear Chris,\n\nThirty years since the courthouse and the borrowed suit. Thank you for showing us "
         "what it looks like to keep choosing someone.\n\nLove always,\nRoberta")


@needs_poppler
def test_the_book_of_letters_comes_back_as_a_pdf(tmp_path):
    pytest.importorskip("reportlab", reason="the craft extra (reportlab) is not installed")
    service = make_service(tmp_path, model=FakeModel([GOOD, CHRIS, CHRIS]))  # the letter to Chris, signed "Roberta", is asked twice
    app = create_app(service)
    theo, anna = sign_up(app, "theo@example.com"), sign_up(app, "anna@example.com")
    first = theo.post("/api/letters", json={"request": REQUEST}).json()["id"]
    second = theo.post("/api/letters", json={"recipient": "Chris", "occasion": "anniversary"}).json()["id"]
    made = theo.post("/api/letters/book", json={"title": "Letters to the Family", "ids": [second]})
    assert made.status_code == 200, made.text
    assert made.headers["content-type"] == "application/pdf"
    assert made.headers["content-disposition"] == 'attachment; filename="Letters-to-the-Family.pdf"'
    pdf = tmp_path / "book.pdf"
    pdf.write_bytes(made.content)
    text = " ".join(pdf_pages_text(pdf))
    assert "Letters to the Family" in text and "borrowed suit" in text and "Boston" not in text
    both = theo.post("/api/letters/book", json={"title": "All of them"})
    pdf.write_bytes(both.content)
    assert len(pdf_pages_text(pdf)) > 4 and "Boston" in " ".join(pdf_pages_text(pdf))
    today = date.today()
    later = {"title": "Later", "since": str(today + timedelta(days=1))}
    assert "no letters" in theo.post("/api/letters/book", json=later).json()["detail"]
    backwards = {"title": "Backwards", "since": str(today), "until": str(today - timedelta(days=1))}
    assert theo.post("/api/letters/book", json=backwards).status_code == 422
    assert theo.post("/api/letters/book", json={"title": "  "}).status_code == 422
    assert theo.post("/api/letters/book", json={"title": "x", "size": "A0"}).status_code == 422
    # another's letters never reach her book, even by their ids
    assert anna.post("/api/letters/book", json={"title": "Mine", "ids": [first, second]}).status_code == 422
    service.store.close()
