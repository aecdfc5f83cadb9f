"""Signing in: an account locks after repeated wrong passwords, for longer each time and for
every worker; sessions end everywhere on request, and expired ones leave the database;
cookies are secure over https; the first meeting and live sockets have limits."""

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from os1.memory.store import Store, utcnow
from os1.server import accounts
from os1.server.app import create_app
from os1.server.gate import Reach
from os1.server.slots import Slots
from tests.server.conftest import Stuck, make_service, only_user, sign_up, wait_for

PASSWORD = "correct horse battery"


class Clock:
    def __init__(self):
        self.now = utcnow()

    def __call__(self):
        return self.now


def attempt(client, password):
    return client.post("/api/auth/signin", json={"email": "theo@example.com", "password": password})


def test_repeated_wrong_passwords_lock_the_account_with_backoff(tmp_path):
    service = make_service(tmp_path)
    service.limits.rules = {**service.limits.rules, "auth": (10**6, 60.0)}  # the account's own lock
    service.store.clock = clock = Clock()
    app = create_app(service)
    sign_up(app, "theo@example.com", PASSWORD)
    client = TestClient(app)
    assert [attempt(client, "wrong password!").status_code for _ in range(5)] == [401] * 5
    locked = attempt(client, PASSWORD)  # the right password, during the lock: still refused
    assert locked.status_code == 429 and locked.headers["Retry-After"] == "30"
    assert locked.json()["detail"] == ("too many wrong passwords for this account; try again "
                                       "in 30 seconds.")
    # another worker on the same database sees the same lock
    other = Store(tmp_path / "server.db", clock=clock)
    with pytest.raises(accounts.LockedOut):
        accounts.sign_in(other, "theo@example.com", PASSWORD)
    other.close()
    clock.now += timedelta(seconds=31)
    assert attempt(client, "wrong password!").status_code == 401  # sixth in a row: 60 s now
    assert attempt(client, PASSWORD).json()["detail"].endswith("in 60 seconds.")
    clock.now += timedelta(seconds=61)
    assert attempt(client, PASSWORD).status_code == 200  # and the count starts again
    assert [attempt(client, "wrong password!").status_code for _ in range(5)] == [401] * 5
    assert attempt(client, PASSWORD).headers["Retry-After"] == "30"
    service.store.close()


def test_sign_out_everywhere_and_expired_sessions_are_purged(tmp_path):
    service = make_service(tmp_path)
    service.store.clock = clock = Clock()
    app = create_app(service)
    phone, laptop = sign_up(app, "theo@example.com", PASSWORD), TestClient(app)
    laptop.headers["Authorization"] = f"Bearer {attempt(laptop, PASSWORD).json()['token']}"
    laptop.cookies.clear()
    assert phone.post("/api/auth/signout", params={"everywhere": "true"}).status_code == 204
    assert phone.get("/api/me").status_code == 401 and laptop.get("/api/me").status_code == 401
    user = only_user(service)
    assert service.store.db.execute("SELECT count(*) FROM auth_tokens").fetchone()[0] == 0

    def tokens():
        return service.store.db.execute("SELECT count(*) FROM auth_tokens WHERE user_id = ?",
                                        (user,)).fetchone()[0]

    old = [accounts.issue_token(service.store, user) for _ in range(3)]
    clock.now += accounts.TOKEN_LIFE + timedelta(seconds=1)
    with pytest.raises(accounts.AuthError):
        accounts.user_for(service.store, old[0])  # an expired token is deleted when seen
    assert tokens() == 2
    assert attempt(laptop, PASSWORD).status_code == 200  # signing in purges the rest
    assert tokens() == 1
    accounts.issue_token(service.store, user)
    clock.now += accounts.TOKEN_LIFE + timedelta(seconds=1)
    assert accounts.purge_expired(service.store) == 2 and tokens() == 0
    service.store.close()


@pytest.mark.parametrize("base_url, reach, secure", [
    ("http://testserver", Reach.of(["testserver"]), False),
    ("https://testserver", Reach.of(["testserver"]), True),
    ("http://testserver", Reach.of(["testserver"], "https://os1.example.com"), True),
])
def test_the_session_cookie_is_secure_over_https(tmp_path, base_url, reach, secure):
    service = make_service(tmp_path, reach=reach)
    client = TestClient(create_app(service), base_url=base_url)
    made = client.post("/api/auth/signup", json={"email": "a@example.com", "password": PASSWORD})
    cookie = made.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and ("secure" in cookie) == secure
    service.store.close()


def test_the_first_meeting_is_limited(app):
    theo = sign_up(app, "theo@example.com")
    codes = [theo.post("/api/setup", json={"answers": {"name": "Theo"}}).status_code
             for _ in range(7)]
    assert codes == [200] * 5 + [429] * 2
    assert "ten minutes" in theo.post("/api/setup", json={"answers": {}}).json()["detail"]


def test_live_connections_are_limited(tmp_path):
    service = make_service(tmp_path)
    client = sign_up(create_app(service), "theo@example.com")
    with client.websocket_connect("/api/live") as a, client.websocket_connect("/api/live") as b, \
            client.websocket_connect("/api/live") as c, client.websocket_connect("/api/live") as d:
        for ws in (a, b, c, d):
            assert ws.receive_json()["type"] == "hello"
        with client.websocket_connect("/api/live") as fifth:
            refused = fifth.receive_json()
            assert refused["type"] == "error" and "close one first" in refused["detail"]
            with pytest.raises(WebSocketDisconnect) as closed:
                fifth.receive_json()
            assert closed.value.code == 4429
    with client.websocket_connect("/api/live") as again:  # closing them gave the places back
        assert again.receive_json()["type"] == "hello"
    service.limits.rules = {**service.limits.rules, "connect": (6, 60.0)}
    with pytest.raises(WebSocketDisconnect):  # seven connects within a minute: not accepted
        with client.websocket_connect("/api/live") as seventh:
            seventh.receive_json()
    service.store.close()


def test_everyones_live_conversations_are_bounded_by_the_setting(tmp_path):
    service = make_service(tmp_path, server={"live_conversations": 2})
    app = create_app(service)
    theo, ana, eve = (sign_up(app, f"{name}@example.com") for name in ("theo", "ana", "eve"))
    with theo.websocket_connect("/api/live") as a, ana.websocket_connect("/api/live") as b:
        assert a.receive_json()["type"] == b.receive_json()["type"] == "hello"
        with eve.websocket_connect("/api/live") as third:
            refused = third.receive_json()
            assert refused == {"type": "error", "detail": "OS1 has as many live conversations "
                               "open as it can hold; try again in a minute."}
            with pytest.raises(WebSocketDisconnect) as closed:
                third.receive_json()
            assert closed.value.code == 4503
    with eve.websocket_connect("/api/live") as again:  # theirs closed: places free again
        assert again.receive_json()["type"] == "hello"
        again.send_json({"type": "turn", "text": "Hello!"})
        while (message := again.receive_json())["type"] != "done":
            pass
        assert message["status"] == "complete"
    assert service.sockets.held() == 0
    service.store.close()


def test_one_persons_turns_at_once_are_bounded_on_every_door(tmp_path):
    model = Stuck()
    service = make_service(tmp_path, model=model)
    client = sign_up(create_app(service), "theo@example.com")
    user = only_user(service)
    try:
        with client.websocket_connect("/api/live") as one, \
                client.websocket_connect("/api/live") as two, \
                client.websocket_connect("/api/live") as three:
            for ws in (one, two, three):
                assert ws.receive_json()["type"] == "hello"
            one.send_json({"type": "turn", "text": "a long story"})
            two.send_json({"type": "turn", "text": "another long story"})
            assert wait_for(lambda: service.turns.held(user) == 2)
            rest = client.post("/api/turns", json={"text": "and a third?"})
            assert rest.status_code == 429 and "replies on the way" in rest.json()["detail"]
            chat = client.post("/v1/chat/completions", json={
                "messages": [{"role": "user", "content": "hi"}], "stream": True})
            assert chat.status_code == 429
            three.send_json({"type": "turn", "text": "a third?"})
            refused = three.receive_json()
            assert refused["type"] == "error" and "replies on the way" in refused["detail"]
            model.release.set()
            for ws in (one, two):
                message = ws.receive_json()
                while message["type"] == "token":
                    message = ws.receive_json()
                assert message["type"] == "done" and message["status"] == "complete"
        assert wait_for(lambda: service.turns.held(user) == 0)
        assert client.post("/api/turns", json={"text": "now?"}).status_code == 200
    finally:
        model.release.set()
        service.store.close()


def test_a_turn_refused_as_too_busy_asks_nothing_of_the_store(tmp_path, monkeypatch):
    model = Stuck()
    service = make_service(tmp_path, model=model)
    service.turns = Slots(2, 1, "yours are on the way", "OS1 is answering as many people as "
                          "it can right now; try again in a minute.")  # one turn at once, in all
    app = create_app(service)
    theo, ana = sign_up(app, "theo@example.com"), sign_up(app, "ana@example.com")
    asked: list[str] = []
    user_for = accounts.user_for
    monkeypatch.setattr(accounts, "user_for", lambda store, token: asked.append(token)
                        or user_for(store, token))
    try:
        with theo.websocket_connect("/api/live") as one, ana.websocket_connect("/api/live") as two:
            assert one.receive_json()["type"] == two.receive_json()["type"] == "hello"
            one.send_json({"type": "turn", "text": "a long story"})
            assert wait_for(lambda: model.entered == 1)
            before = len(asked)  # theo's turn checked his session in the store
            for _ in range(3):  # as a person sends again and again
                two.send_json({"type": "turn", "text": "me too?"})
                refused = two.receive_json()
                assert refused == {"type": "error", "detail": "OS1 is answering as many people "
                                   "as it can right now; try again in a minute."}
            assert len(asked) == before  # refused at once, no query for any of them
            model.release.set()
            while one.receive_json()["type"] != "done":
                pass
            assert wait_for(lambda: service.turns.held() == 0)
            two.send_json({"type": "turn", "text": "now?"})
            while (message := two.receive_json())["type"] != "done":
                pass
            assert message["status"] == "complete" and len(asked) == before + 1
    finally:
        model.release.set()
        service.store.close()


@pytest.mark.parametrize("how", ["everywhere", "erase"])
def test_an_open_conversation_ends_when_its_session_does(tmp_path, how):
    service = make_service(tmp_path)
    app = create_app(service)
    phone, laptop = sign_up(app, "theo@example.com", PASSWORD), TestClient(app)
    laptop.headers["Authorization"] = f"Bearer {attempt(laptop, PASSWORD).json()['token']}"
    laptop.cookies.clear()
    with phone.websocket_connect("/api/live") as ws:
        assert ws.receive_json()["type"] == "hello"
        if how == "everywhere":
            assert laptop.post("/api/auth/signout", params={"everywhere": "true"}).status_code == 204
        else:
            assert laptop.request("DELETE", "/api/me", json={"confirm": "erase"}).status_code == 204
        ws.send_json({"type": "turn", "text": "What is my locker code?"})
        ended = ws.receive_json()
        assert ended["type"] == "error" and "sign in again" in ended["detail"]
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
        assert closed.value.code == 4401
    service.store.close()
