"""Forget everything about something, and erase me, through the API."""

from fastapi.testclient import TestClient

from os1.server.app import create_app

from .conftest import make_service, sign_up

SECRET = "zebra4417"


def rows_of(store, user) -> dict[str, int]:
    counts = {t: store.db.execute(f"SELECT count(*) FROM {t} WHERE user_id = ?", (user,)).fetchone()[0]
              for t in store.user_tables()}
    return {t: n for t, n in counts.items() if n}


def test_forget_about_shows_first_then_forgets_only_that_persons_mentions(app, service):
    theo, amy = sign_up(app, "theo@example.com"), sign_up(app, "amy@example.com")
    for client in (theo, amy):
        client.post("/api/turns", json={"text": f"My locker code is {SECRET.upper()}."})
        client.post("/api/turns", json={"text": "I like long walks by the sea."})
    shown = theo.post("/api/memories/forget", json={"about": SECRET})
    assert shown.status_code == 200
    body = shown.json()
    assert body["forgotten"] is False and body["count"] >= 3
    assert {t["role"] for t in body["turns"]} == {"user", "assistant"}  # the fake model echoes
    assert theo.get("/api/memories/search", params={"q": SECRET}).json()  # nothing gone yet
    done = theo.post("/api/memories/forget", json={"about": SECRET, "confirm": True}).json()
    assert done["forgotten"] is True and done["count"] == body["count"]
    assert theo.get("/api/memories/search", params={"q": SECRET}).json() == []
    assert SECRET not in theo.get("/api/export").text.lower()
    assert "walks" in theo.get("/api/export").text
    assert SECRET in amy.get("/api/export").text.lower()  # another person's words are theirs
    assert theo.post("/api/memories/forget", json={"about": "a"}).status_code == 422


def test_erase_me_removes_the_account_and_every_row_and_signs_out(app, service):
    theo, amy = sign_up(app, "theo@example.com"), sign_up(app, "amy@example.com")
    theo.post("/api/turns", json={"text": "I have an exam tomorrow and I am so worried."})
    amy.post("/api/turns", json={"text": "Hello there."})
    theo_id = theo.get("/api/me").json()["user_id"]
    assert {"turns", "memories", "accounts", "auth_tokens", "sessions"} <= set(rows_of(service.store, theo_id))
    assert theo.request("DELETE", "/api/me", json={}).status_code == 422
    assert theo.request("DELETE", "/api/me", json={"confirm": "yes"}).status_code == 422
    assert theo.request("DELETE", "/api/me", json={"confirm": "erase"}).status_code == 204
    assert rows_of(service.store, theo_id) == {}
    assert not service.store.db.execute("SELECT 1 FROM users WHERE id = ?", (theo_id,)).fetchone()
    assert theo.get("/api/me").status_code == 401  # signed out everywhere
    signin = TestClient(app).post("/api/auth/signin", json={"email": "theo@example.com",
                                                            "password": "correct horse battery"})
    assert signin.status_code == 401
    assert amy.get("/api/history").json()[0]["content"] == "Hello there."
    again = sign_up(app, "theo@example.com")  # a new start, with a new id
    assert again.get("/api/me").json()["user_id"] != theo_id


def test_erase_me_on_a_laptop_leaves_a_fresh_start(tmp_path):
    service = make_service(tmp_path, accounts=False)
    client = TestClient(create_app(service))
    client.post("/api/turns", json={"text": f"My locker code is {SECRET}."})
    me = client.get("/api/me").json()["user_id"]
    assert client.request("DELETE", "/api/me", json={"confirm": "erase"}).status_code == 204
    assert rows_of(service.store, me) == {}
    assert client.get("/api/memories").json() == []
    assert client.get("/api/setup").json()["needed"] is True
    service.store.close()
    for path in tmp_path.iterdir():
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes().lower(), path


def test_a_clean_stop_leaves_nothing_in_the_log(tmp_path):
    import sqlite3

    service = make_service(tmp_path, accounts=False)
    reader = sqlite3.connect(tmp_path / "server.db")  # another worker: the log stays a file
    with TestClient(create_app(service)) as client:
        client.post("/api/turns", json={"text": f"My locker code is {SECRET}."})
        forgotten = client.post("/api/memories/forget", json={"about": SECRET, "confirm": True})
        assert forgotten.json()["count"]
        reader.execute("SELECT count(*) FROM turns").fetchone()
    assert (tmp_path / "server.db-wal").stat().st_size == 0
    reader.close()
    service.store.close()
    assert not [p for p in tmp_path.iterdir() if p.is_file() and SECRET.encode() in p.read_bytes()]


def test_a_forget_or_an_erase_lets_go_of_the_companion_held_in_memory(app, service):
    theo = sign_up(app, "theo@example.com")
    user = theo.get("/api/me").json()["user_id"]
    theo.post("/api/turns", json={"text": f"My locker code is {SECRET}."})
    assert user in service._companions  # it holds the last turn in memory
    theo.post("/api/memories/forget", json={"about": SECRET, "confirm": True})
    assert user not in service._companions
    theo.post("/api/turns", json={"text": "Hello again."})
    assert theo.request("DELETE", "/api/me", json={"confirm": "erase"}).status_code == 204
    assert user not in service._companions
