import json

from fastapi.testclient import TestClient

from os1.models.fake import FakeModel
from os1.server.app import create_app
from tests.server.conftest import make_service, sign_up


def test_sign_up_sign_in_sign_out(app):
    client = TestClient(app)
    assert client.get("/api/me").status_code == 401
    made = client.post("/api/auth/signup", json={"email": "Theo@Example.com", "password": "pw-12345678"})
    assert made.status_code == 201 and "os1_session" in made.cookies
    assert client.get("/api/me").json()["email"] == "theo@example.com"  # the cookie signs in
    again = client.post("/api/auth/signup", json={"email": "theo@example.com", "password": "pw-12345678"})
    assert again.status_code == 409
    other = TestClient(app)
    wrong = other.post("/api/auth/signin", json={"email": "theo@example.com", "password": "nope-nope-nope"})
    assert wrong.status_code == 401 and wrong.json()["detail"] == "wrong email or password."
    token = other.post("/api/auth/signin", json={"email": "theo@example.com",
                                                 "password": "pw-12345678"}).json()["token"]
    bearer = TestClient(app, headers={"Authorization": f"Bearer {token}"})
    assert bearer.get("/api/me").status_code == 200
    assert bearer.post("/api/auth/signout").status_code == 204
    assert bearer.get("/api/me").status_code == 401  # the token is gone
    assert TestClient(app).post("/api/auth/signup", json={"email": "x", "password": "short"}).status_code == 422


def test_passwords_are_stored_as_scrypt_hashes(service, app):
    sign_up(app, "anna@example.com", "a secret passphrase")
    stored = service.store.db.execute("SELECT password_hash FROM accounts").fetchone()[0]
    assert stored.startswith("scrypt$16384$8$1$") and "a secret passphrase" not in stored
    tokens = service.store.db.execute("SELECT token_hash FROM auth_tokens").fetchall()
    assert all(len(t[0]) == 64 for t in tokens)  # only hashes of tokens are kept


def test_a_rest_turn_and_what_it_leaves(app):
    theo = sign_up(app, "theo@example.com")
    reply = theo.post("/api/turns", json={"text": "My sister Anna is visiting."}).json()
    assert reply["reply"] == "I hear you: My sister Anna is visiting." and reply["status"] == "complete"
    history = theo.get("/api/history").json()
    assert [t["role"] for t in history] == ["user", "assistant"]
    assert [(p["relation"], p["name"]) for p in theo.get("/api/people").json()] == [("sister", "Anna")]
    found = theo.get("/api/memories/search", params={"q": "Anna visiting"}).json()
    assert found and "Anna" in found[0]["text"]
    conversations = theo.get("/api/conversations").json()
    assert conversations[0]["turns"] == 2
    turns = theo.get(f"/api/conversations/{conversations[0]['id']}").json()
    assert turns[1]["content"].startswith("I hear you")
    assert theo.get("/api/export").json()["turns"][0]["content"] == "My sister Anna is visiting."


def test_memory_edit_and_forget(app, monkeypatch):
    cleared = []  # forgetting also clears what the model had read
    monkeypatch.setattr("os1.memory.memories.forget_what_was_read", lambda: cleared.append(1))
    theo = sign_up(app, "theo@example.com")
    theo.post("/api/turns", json={"text": "I live in Boston."})
    fact = next(m for m in theo.get("/api/memories", params={"kind": "fact"}).json() if m["key"] == "lives_in")
    edited = theo.patch(f"/api/memories/{fact['id']}", json={"text": "Los Angeles"})
    assert edited.status_code == 200 and edited.json()["text"] == "Los Angeles"
    turn = theo.get("/api/memories", params={"kind": "turn"}).json()[0]
    assert theo.delete(f"/api/memories/{turn['id']}").status_code == 204
    assert theo.get(f"/api/memories/{turn['id']}").status_code == 404
    assert theo.delete(f"/api/memories/{turn['id']}").status_code == 404
    assert cleared == [1]


def test_live_turn_streams_tokens_and_can_be_stopped(tmp_path):
    # slow enough that "stop" always lands mid-reply, even on a busy machine
    model = FakeModel(["one two three four", " ".join(f"w{i}" for i in range(300))], delay=0.05)
    service = make_service(tmp_path, model=model)
    app = create_app(service)
    client = sign_up(app, "theo@example.com")
    with client.websocket_connect("/api/live") as ws:
        assert ws.receive_json()["type"] == "hello"
        ws.send_json({"type": "turn", "text": "Hello there"})
        tokens, message = [], ws.receive_json()
        while message["type"] == "token":
            tokens.append(message["text"])
            message = ws.receive_json()
        assert "".join(tokens) == "one two three four" and message["status"] == "complete"
        ws.send_json({"type": "turn", "text": "Talk for a long time"})
        assert ws.receive_json()["type"] == "token"
        ws.send_json({"type": "stop"})
        message = ws.receive_json()
        while message["type"] == "token":
            message = ws.receive_json()
        assert message["type"] == "done" and message["status"] == "interrupted"
    user = service.store.db.execute("SELECT user_id FROM accounts").fetchone()[0]
    last = service.store.recent_turns(user, 1)[0]
    long = " ".join(f"w{i}" for i in range(300))
    # stopped after its first word at the soonest (on a busy machine, before the second)
    assert last.status == "interrupted" and last.content.startswith("w0")
    assert long.startswith(last.content.strip()) and len(last.content) < len(long) / 2
    service.store.close()


def test_a_websocket_without_a_token_is_refused(app):
    for first in ('{"type": "auth", "token": "made-up"}', "not json", "[1, 2]", '"auth"'):
        with TestClient(app).websocket_connect("/api/live") as ws:
            ws.send_text(first)
            assert ws.receive_json()["type"] == "error"


def test_openai_compatible_endpoint(app):
    theo = sign_up(app, "theo@example.com")
    body = {"model": "os1-companion", "messages": [{"role": "user", "content": "Hi from a chat app"}]}
    plain = theo.post("/v1/chat/completions", json=body).json()
    assert plain["object"] == "chat.completion"
    assert plain["choices"][0]["message"]["content"] == "I hear you: Hi from a chat app"
    streamed = theo.post("/v1/chat/completions", json={**body, "stream": True})
    events = [line[6:] for line in streamed.text.splitlines() if line.startswith("data: ")]
    assert events[-1] == "[DONE]"
    text = "".join(json.loads(e)["choices"][0]["delta"].get("content", "") for e in events[:-1])
    assert text == "I hear you: Hi from a chat app"
    assert theo.get("/v1/models").json()["data"][0]["id"] == "os1-companion"
    assert TestClient(app).post("/v1/chat/completions", json=body).status_code == 401
    # the companion remembers it: the second request's prompt has the first exchange in it
    theo.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": "Again"}]})
    assert theo.get("/api/history").json()[0]["content"] == "Hi from a chat app"


def test_limits_health_and_spec(app, service):
    theo = sign_up(app, "theo@example.com")
    assert theo.post("/api/turns", content=b"{" + b" " * 70_000 + b"}",
                     headers={"Content-Type": "application/json"}).status_code == 413
    service.limits.rules = {**service.limits.rules, "turn": (2, 60.0)}
    codes = [theo.post("/api/turns", json={"text": "hi"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert TestClient(app).get("/healthz").json() == {"ok": True}
    assert TestClient(app).get("/readyz").json()["ready"] is True
    spec = TestClient(app).get("/openapi.json").json()
    assert "/api/memories/{memory_id}" in spec["paths"] and "/v1/chat/completions" in spec["paths"]
    page = TestClient(app).get("/")
    assert page.status_code == 200 and "<title>OS1</title>" in page.text


def test_on_your_own_machine_no_sign_in_is_needed(tmp_path):
    service = make_service(tmp_path, accounts=False)
    client = TestClient(create_app(service))
    assert client.get("/api/me").json()["user_id"] == service.store.user()
    assert client.post("/api/turns", json={"text": "hello"}).status_code == 200
    assert client.post("/api/auth/signup", json={"email": "a@b.co", "password": "12345678"}).status_code == 404
    service.store.close()


def test_the_first_meeting_over_the_api(app, service):
    theo = sign_up(app, "theo@example.com")
    setup = theo.get("/api/setup").json()
    assert setup["needed"] and [q["key"] for q in setup["questions"]][0] == "name"
    chosen = theo.post("/api/setup", json={"answers": {"name": "Theo", "social": "somewhat"}}).json()
    assert chosen["name"] and len(chosen["reason"]) > 10  # the fake model can't name it: fallback
    assert theo.get("/api/setup").json()["needed"] is False
    assert theo.get("/api/me").json()["companion"] == chosen["name"]
    assert theo.get("/api/settings").json()["name"] == "Theo"
    assert theo.post("/api/setup/name", json={"name": "Samantha"}).json()["name"] == "Samantha"
    assert theo.post("/api/setup/name", json={"name": "!!!"}).status_code == 422
    assert theo.get("/api/me").json()["companion"] == "Samantha"
