"""The mail panel's API: each user sees their own mail, triaged, and one message as text."""

from __future__ import annotations

from os1.mail.message import from_record
from tests.server.conftest import sign_up


def test_the_inbox_is_triaged_and_each_users_own(app, service):
    ann = sign_up(app, "ann@example.com")
    bob = sign_up(app, "bob@example.com")
    store = service.store
    user = ann.get("/api/me").json()["user_id"]
    first, _ = store.add_mail(user, from_record({
        "from": "cy@example.org", "subject": "Budget", "date": "Mon, 5 Mar 2001 08:23:00 -0800",
        "body": "Could you send me the revised budget by Friday?\n\n![x](https://t.example/p.png)"}))
    store.add_mail(user, from_record({"from": "news@example.org", "subject": "Weekly news",
                                      "body": "This week in energy. To unsubscribe click here."}))
    listed = ann.get("/api/mail").json()
    assert [m["pile"] for m in listed] == ["needs a reply", "newsletters"]
    assert listed[0]["requests"] == ["Could you send me the revised budget by Friday?"]
    one = ann.get(f"/api/mail/{first}").json()
    assert one["body"].startswith("Could you send") and one["reading"]["links"] == 1
    assert bob.get("/api/mail").json() == []
    assert bob.get(f"/api/mail/{first}").status_code == 404


def test_the_panel_page_renders_mail_as_text_only(app):
    client = sign_up(app, "dee@example.com")
    page = client.get("/static/mail.html")
    assert page.status_code == 200 and "img-src 'self'" in page.text
    script = client.get("/static/mail.js").text
    assert "textContent" in script and "innerHTML" not in script


def test_a_reply_is_drafted_edited_and_its_send_waits_for_a_yes(app, service):
    ann = sign_up(app, "ann@example.com")
    bob = sign_up(app, "bob@example.com")
    user = ann.get("/api/me").json()["user_id"]
    first, _ = service.store.add_mail(user, from_record({
        "from": "cy@example.org", "subject": "Budget", "body": "Could you send me the budget?"}))
    drafted = ann.post(f"/api/mail/{first}/reply").json()
    assert drafted["status"] == "done" and drafted["to"] == "cy@example.org"
    assert bob.post(f"/api/mail/{first}/reply").status_code == 404
    draft = drafted["draft"]
    assert bob.put(f"/api/mail/drafts/{draft}", json={"subject": "x", "body": "y"}).status_code == 404
    edited = ann.put(f"/api/mail/drafts/{draft}", json={"subject": "Re: Budget",
                                                         "body": "Here it is, Cy."}).json()
    assert edited["body"] == "Here it is, Cy."
    proposed = ann.post(f"/api/mail/drafts/{draft}/send").json()
    assert proposed["status"] == "pending" and "Here it is, Cy." in proposed["said"]
    assert proposed["said"].endswith("Shall I send it?")
    waiting = proposed["activity"]
    assert bob.post(f"/api/activity/{waiting}/confirm").status_code == 404  # not his
    assert ann.post(f"/api/activity/{waiting}/decline").json() == {"said": "Not done."}
    assert ann.post(f"/api/activity/{waiting}/confirm").status_code == 409  # let go
    again = ann.post(f"/api/mail/drafts/{draft}/send").json()["activity"]
    refused = ann.post(f"/api/activity/{again}/confirm")  # no account to send from
    assert refused.status_code == 422 and "no mail account" in refused.json()["detail"]
    log = [(e["tool"], e["status"]) for e in ann.get("/api/activity").json()]
    assert log == [("send_mail", "failed"), ("send_mail", "dropped"), ("draft_reply", "done")]
    assert [e["status"] for e in bob.get("/api/activity").json()] == ["failed"]  # his own try


def test_a_move_and_a_flag_are_only_proposed(app, service):
    ann = sign_up(app, "eve@example.com")
    user = ann.get("/api/me").json()["user_id"]
    first, _ = service.store.add_mail(user, from_record({"from": "cy@example.org",
                                                         "subject": "Lunch", "body": "Lunch?"}))
    moved = ann.post(f"/api/mail/{first}/move", json={"folder": "Archive"}).json()
    assert moved["status"] == "pending" and moved["said"].endswith("out of INBOX to Archive?")
    flagged = ann.post(f"/api/mail/{first}/flag", json={"on": True}).json()
    assert flagged["status"] == "pending" and flagged["said"] == "Flag \"Lunch\" from cy@example.org?"
    assert ann.post(f"/api/mail/{first}/move", json={"folder": "a\r\nb"}).status_code == 422
    assert service.store.mail_message(user, first)["folder"] == "INBOX"


def test_the_app_links_to_the_mail_panel(app):
    client = sign_up(app, "fay@example.com")
    assert 'href="/static/mail.html"' in client.get("/static/index.html").text
