"""Every door of the server leaves her reflection waiting for its user: the REST turn, the
live WebSocket conversation and the OpenAI-compatible API (whole or streamed)."""

from os1.server.app import create_app
from tests.server.conftest import make_service, sign_up


def waiting(service, user: int) -> list[str]:
    return [j.key for j in service.store.jobs(user, ("todo",)) if j.name == "reflect"]


def last_user_turn(service, user: int) -> int:
    return next(t.id for t in reversed(service.store.recent_turns(user, 4)) if t.role == "user")


def user_of(service, email: str) -> int:
    return service.store.db.execute("SELECT user_id FROM accounts WHERE email = ?",
                                    (email,)).fetchone()[0]


def test_each_door_defers_reflection_for_its_own_user(tmp_path):
    service = make_service(tmp_path, memory={"reflect_after_s": 60})
    app = create_app(service)
    theo, bea = sign_up(app, "theo@example.com"), sign_up(app, "bea@example.com")
    me, her = user_of(service, "theo@example.com"), user_of(service, "bea@example.com")

    assert theo.post("/api/turns", json={"text": "The kiln was hot today."}).status_code == 200
    assert waiting(service, me) == [f"reflect:{me}:{last_user_turn(service, me)}"]
    assert waiting(service, her) == []

    with bea.websocket_connect("/api/live") as ws:
        assert ws.receive_json()["type"] == "hello"
        ws.send_json({"type": "turn", "text": "I walked the dog by the river."})
        while ws.receive_json()["type"] != "done":
            pass
    assert waiting(service, her) == [f"reflect:{her}:{last_user_turn(service, her)}"]

    body = {"model": "os1-companion", "messages": [{"role": "user", "content": "Hi from an app"}]}
    assert theo.post("/v1/chat/completions", json=body).status_code == 200
    assert waiting(service, me) == [f"reflect:{me}:{last_user_turn(service, me)}"]  # moved later
    theo.post("/v1/chat/completions", json={**body, "stream": True})
    assert waiting(service, me) == [f"reflect:{me}:{last_user_turn(service, me)}"]
    service.store.close()
