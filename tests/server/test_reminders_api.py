"""Reminders and the calendar in the web API, and reminders raised over the live channel."""

from datetime import timedelta

from fastapi.testclient import TestClient

from os1.reminders import due
from os1.server.app import create_app
from tests.server.conftest import live, only_user, sign_up, wait_for


def test_add_list_cancel_and_undo(app):
    theo = sign_up(app, "theo@example.com")
    made = theo.post("/api/reminders", json={"text": "call Amy", "when": "tomorrow at 6pm"})
    assert made.status_code == 200 and made.json()["said"] == "I'll remind you to call Amy tomorrow at 6 pm."
    theo.post("/api/reminders", json={"text": "dentist", "when": "in 3 days", "kind": "event"})
    listed = theo.get("/api/reminders").json()
    assert [(i["kind"], i["text"]) for i in listed] == [("reminder", "call Amy"), ("event", "dentist")]
    assert theo.post("/api/reminders", json={"text": "x", "when": "after lunch"}).status_code == 422
    item = listed[0]["id"]
    assert theo.delete(f"/api/reminders/{item}").json()["said"] == "I've cancelled the reminder to call Amy."
    log = theo.get("/api/activity").json()
    assert [e["tool"] for e in log] == ["cancel_reminder", "add_event", "set_reminder"]
    assert theo.post(f"/api/activity/{log[0]['id']}/undo").json()["said"] == "Brought back the reminder to call Amy."
    assert theo.post(f"/api/activity/{log[0]['id']}/undo").status_code == 409  # once


def test_nobody_else_sees_or_cancels_them(app):
    theo = sign_up(app, "theo@example.com")
    item = theo.post("/api/reminders", json={"text": "call Amy", "when": "tomorrow at 6pm"}).json()
    anna = sign_up(app, "anna@example.com")
    assert anna.get("/api/reminders").json() == []
    assert anna.delete(f"/api/reminders/{item['reminder']}").status_code == 404
    assert anna.post(f"/api/activity/{item['activity']}/undo").status_code == 404
    assert len(theo.get("/api/reminders").json()) == 1


def test_a_due_reminder_arrives_over_the_live_channel(service, monkeypatch):
    monkeypatch.setattr(due, "EVERY_S", 0.05)
    with live(service) as ws:
        user = only_user(service)
        companion = service.companion(user)
        service.store.add_reminder(user, "reminder", "call Amy",
                                   companion.local_now() + timedelta(seconds=1), "UTC")
        message = ws.receive_json()  # the watcher finds it at its minute
        assert message["type"] == "reminder" and message["text"].endswith("time to call Amy.")
        ws.send_json({"type": "turn", "text": "thanks"})
        kinds = set()
        while (reply := ws.receive_json())["type"] != "done":
            kinds.add(reply["type"])
        assert "reminder" not in kinds  # said once


def test_one_missed_while_away_is_said_on_arrival(service):
    with live(service):
        pass
    user = only_user(service)
    companion = service.companion(user)
    service.store.add_reminder(user, "reminder", "call Amy",
                               companion.local_now() - timedelta(hours=1), "UTC")
    client = TestClient(create_app(service))  # the same account, back later
    client.post("/api/auth/signin", json={"email": "theo@example.com",
                                          "password": "correct horse battery"})
    with client.websocket_connect("/api/live") as ws:
        assert ws.receive_json()["type"] == "hello"
        message = ws.receive_json()
        assert message["type"] == "reminder" and message["text"].startswith("While you were away")


def test_open_conversations_share_one_look_for_what_is_due(service, monkeypatch):
    monkeypatch.setattr(due, "EVERY_S", 0.05)
    app = create_app(service)
    clients = [sign_up(app, f"{name}@example.com") for name in ("theo", "ana", "eve")]
    looks, asked = [], []
    users_with_due, say_due = service.store.users_with_due, due.say_due
    monkeypatch.setattr(service.store, "users_with_due",
                        lambda now: looks.append(now) or users_with_due(now))
    monkeypatch.setattr(due, "say_due", lambda companion, session, now=None:
                        asked.append(companion.user_id) or say_due(companion, session, now))
    with clients[0].websocket_connect("/api/live") as a, \
            clients[1].websocket_connect("/api/live") as b, \
            clients[2].websocket_connect("/api/live") as c:
        for ws in (a, b, c):
            assert ws.receive_json()["type"] == "hello"
        opened = len(asked)  # each conversation looks once as it opens ("while you were away")
        assert wait_for(lambda: len(looks) >= 10)  # ten looks by the worker, for everyone:
        assert len(asked) == opened  # nothing due, so no conversation asked the store more
        user = service.store.account("theo@example.com").user_id
        service.store.add_reminder(user, "reminder", "call Amy",
                                   service.companion(user).local_now() + timedelta(seconds=0.2),
                                   "UTC")
        message = a.receive_json()
        assert message["type"] == "reminder" and message["text"].endswith("time to call Amy.")
        assert set(asked[opened:]) == {user}  # only the user it was due for looked further
        assert len(service.bell) == 3  # each open conversation waits on the bell, no timer
    assert wait_for(lambda: len(service.bell) == 0)  # closed ones are let go
