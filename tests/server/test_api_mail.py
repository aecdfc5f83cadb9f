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
