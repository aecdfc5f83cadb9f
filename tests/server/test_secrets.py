"""No secret reaches a user or a log: the model server's user:password is not in any error a
user sees, and no password or token is logged, whatever a request holds or a handler raises."""

import logging
import socket

from fastapi.testclient import TestClient

from os1.config import OpenAISettings
from os1.models.openai import OpenAIModel
from os1.server.app import create_app
from tests.server.conftest import make_service, sign_up

SECRET = "hunter2-secret"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_model_servers_password_is_never_shown(tmp_path):
    url = f"http://os1:{SECRET}@127.0.0.1:{closed_port()}/v1?key={SECRET}"
    model = OpenAIModel(OpenAISettings(base_url=url, retries=0, connect_timeout=1), backoff=0)
    service = make_service(tmp_path, model=model)
    app = create_app(service)
    theo = sign_up(app, "theo@example.com")
    failed = theo.post("/api/turns", json={"text": "hello"})
    assert failed.status_code == 503 and "cannot reach the model server" in failed.text
    assert SECRET not in failed.text and "os1:" not in failed.text
    chat = theo.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": "hi"}]})
    assert chat.status_code == 503 and SECRET not in chat.text
    streamed = theo.post("/v1/chat/completions",
                         json={"messages": [{"role": "user", "content": "hi"}], "stream": True})
    assert "cannot reach" in streamed.text and SECRET not in streamed.text
    with theo.websocket_connect("/api/live") as ws:
        ws.receive_json()
        ws.send_json({"type": "turn", "text": "hello"})
        message = ws.receive_json()
        while message["type"] != "done":
            assert SECRET not in str(message)
            message = ws.receive_json()
    service.store.close()


def test_no_password_or_token_is_logged(tmp_path, caplog, monkeypatch):
    caplog.set_level(logging.DEBUG)
    service = make_service(tmp_path)
    app = create_app(service)
    plain = TestClient(app, raise_server_exceptions=False)
    # half a character in the password: refused, and its text is neither logged nor echoed
    odd = plain.post("/api/auth/signup", content='{"email": "a@example.com", "password": '
                                                 f'"{SECRET}\\ud800"}}',
                     headers={"Content-Type": "application/json"})
    assert odd.status_code == 422 and SECRET not in odd.text
    too_long = plain.post("/api/auth/signup", json={"email": "a@example.com",
                                                    "password": SECRET * 30})
    assert too_long.status_code == 422 and SECRET not in too_long.text  # says why, not what
    assert too_long.json()["detail"][0]["loc"] == ["body", "password"]
    theo = sign_up(app, "theo@example.com", f"{SECRET} passphrase")
    token = theo.headers["Authorization"][7:]

    def broken(user_id):  # a handler fails with a secret in its message
        raise RuntimeError(f"lost http://os1:{SECRET}@model.internal/v1 with Bearer {token}")

    monkeypatch.setattr(service, "companion", broken)
    failed = TestClient(app, raise_server_exceptions=False,
                        headers=dict(theo.headers)).get("/api/me")
    assert failed.status_code == 500
    assert failed.json() == {"detail": "that went wrong on OS1's side; try again."}
    assert "RuntimeError" in caplog.text and "model.internal" in caplog.text  # logged, safely
    assert SECRET not in caplog.text and token not in caplog.text
    service.store.close()
