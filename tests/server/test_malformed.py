"""Text no database or response can hold: a lone surrogate ("x\\ud800") in any JSON field,
path or query of every operation in the OpenAPI spec is a 4xx, never a 500; on the live
socket it is an error message, and the conversation goes on."""

import json

import pytest
from fastapi.testclient import TestClient

from os1.server.app import create_app
from tests.server.conftest import make_service, sign_up

BAD = "x\\ud800"  # as it arrives in JSON: an escape for half a character
BAD_URL = "x%ED%A0%80"  # the same half character, percent-encoded


def _fields(spec, schema):
    """The property names of a request body schema (following $ref)."""
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return list(schema.get("properties", {})) or ["text"]


def operations(spec):
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            yield path, method.upper(), op


@pytest.fixture(params=[True, False], ids=["accounts", "laptop"])
def client(request, tmp_path):
    service = make_service(tmp_path, accounts=request.param)
    service.limits.rules = {k: (10**6, 60.0) for k in service.limits.rules}
    app = create_app(service)
    client = sign_up(app, "theo@example.com") if request.param else TestClient(app)
    client.post("/api/turns", json={"text": "I live in Boston."})
    yield client
    service.store.close()


def test_a_lone_surrogate_is_refused_everywhere(client):
    spec = client.get("/openapi.json").json()
    sent = 0
    for path, method, op in operations(spec):
        params = [p for p in op.get("parameters", []) if p["in"] in ("path", "query")]
        for field in [p["name"] for p in params]:
            url = path.replace("{memory_id}", "1").replace("{session_id}", "1") \
                      .replace("{change_id}", "1")
            where = next(p["in"] for p in params if p["name"] == field)
            if where == "path":
                url = path.replace("{" + field + "}", BAD_URL)
            query = f"?{field}={BAD_URL}" if where == "query" else ""
            response = client.request(method, url + query)
            assert response.status_code < 500, (method, path, field, response.text)
            sent += 1
        body = op.get("requestBody", {}).get("content", {}).get("application/json")
        if body:
            url = path.replace("{memory_id}", "1").replace("{session_id}", "1") \
                      .replace("{change_id}", "1")
            for field in _fields(spec, body["schema"]):
                raw = '{"%s": "%s", "email": "a%s@example.com", "password": "pw %s pw"}' % (
                    field, BAD, BAD, BAD)
                response = client.request(method, url, content=raw,
                                          headers={"Content-Type": "application/json"})
                assert response.status_code == 422, (method, path, field, response.text)
                assert "valid Unicode" in response.json()["detail"]
                sent += 1
            nested = '{"answers": {"name": "%s"}, "messages": [{"role": "user", "content": ' \
                     '"%s"}], "%s": 1}' % (BAD, BAD, BAD)
            response = client.request(method, url, content=nested,
                                      headers={"Content-Type": "application/json"})
            assert response.status_code == 422, (method, path, response.text)
    assert sent >= 25
    # a whole pair (an emoji, escaped) is text, not a surrogate
    ok = client.post("/api/turns", content='{"text": "hi \\ud83d\\ude00"}',
                     headers={"Content-Type": "application/json"})
    assert ok.status_code == 200 and "\U0001f600" in ok.json()["reply"]


def test_the_live_socket_answers_a_lone_surrogate_with_an_error(client):
    with client.websocket_connect("/api/live") as ws:
        assert ws.receive_json()["type"] == "hello"
        ws.send_text('{"type": "turn", "text": "%s"}' % BAD)
        error = ws.receive_json()
        assert error["type"] == "error" and "valid Unicode" in error["detail"]
        ws.send_json({"type": "turn", "text": "still here?"})
        message = ws.receive_json()
        while message["type"] == "token":
            message = ws.receive_json()
        assert message == {**message, "type": "done", "status": "complete"}


def test_a_lone_surrogate_as_the_sign_in_token_is_refused(tmp_path):
    service = make_service(tmp_path)
    with TestClient(create_app(service)).websocket_connect("/api/live") as ws:
        ws.send_text(json.dumps({"type": "auth", "token": "t"})[:-2] + '%s"}' % BAD)
        assert ws.receive_json()["type"] == "error"
    service.store.close()
