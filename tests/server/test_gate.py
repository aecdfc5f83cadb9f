"""Only the person can reach their companion: a page under another host name (DNS rebinding)
or from another web site (CSRF, a cross-site WebSocket) is refused, in both modes, while
scripts and chat clients without an Origin still work."""

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from os1.server.app import create_app
from tests.server.conftest import make_service, sign_up

LOCAL = "http://127.0.0.1:8421"


@pytest.fixture(params=[False, True], ids=["laptop", "accounts"])
def client(request, tmp_path):
    """A client of a server in either mode, reached at 127.0.0.1:8421, with a memory to lose."""
    service = make_service(tmp_path, accounts=request.param)
    app = create_app(service)
    if request.param:
        client = sign_up(app, "theo@example.com")
        client.base_url = LOCAL
    else:
        client = TestClient(app, base_url=LOCAL)
    said = client.post("/api/turns", json={"text": "My locker code is ZEBRA-4417."})
    assert said.status_code == 200
    yield client
    service.store.close()


def test_a_foreign_host_is_refused(client):
    memory = client.get("/api/memories").json()[0]["id"]
    rebound = {"Host": "rebind.attacker.example:8421"}
    export = client.get("/api/export", headers=rebound)
    assert export.status_code == 400 and "ZEBRA" not in export.text
    assert "host name" in export.json()["detail"]
    assert client.delete(f"/api/memories/{memory}", headers=rebound).status_code == 400
    assert client.get(f"/api/memories/{memory}").status_code == 200  # still there
    with pytest.raises(WebSocketDisconnect):
        with client.websocket_connect("ws://rebind.attacker.example:8421/api/live") as ws:
            ws.receive_json()
    for host in ("127.0.0.1:8421", "localhost:9999", "[::1]:8421", "LOCALHOST"):
        assert client.get("/api/export", headers={"Host": host}).status_code == 200, host


def test_another_web_site_cannot_act_or_talk(client):
    memory = client.get("/api/memories").json()[0]["id"]
    evil = {"Origin": "https://evil.example"}
    for method, path, body in [("POST", "/api/turns", {"text": "hi"}),
                               ("DELETE", f"/api/memories/{memory}", None),
                               ("PATCH", f"/api/memories/{memory}", {"text": "changed"}),
                               ("POST", "/v1/chat/completions",
                                {"messages": [{"role": "user", "content": "hi"}]})]:
        for headers in (evil, {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"},
                        {"Origin": "http://127.0.0.1:9999"}):  # another port, another origin
            refused = client.request(method, path, json=body, headers=headers)
            assert refused.status_code == 403, (method, path, headers)
            assert "another web site" in refused.json()["detail"]
    assert client.get(f"/api/memories/{memory}").json()["text"] != "changed"
    with pytest.raises(WebSocketDisconnect):
        with client.websocket_connect("ws://127.0.0.1:8421/api/live", headers=evil) as ws:
            ws.receive_json()  # no hello, and no reply
    # its own pages, and clients without an Origin (curl, scripts, chat apps), still work
    own = {"Origin": LOCAL, "Sec-Fetch-Site": "same-origin"}
    assert client.post("/api/turns", json={"text": "hello"}, headers=own).status_code == 200
    assert client.post("/api/turns", json={"text": "hello"}).status_code == 200
    with client.websocket_connect("ws://127.0.0.1:8421/api/live",
                                  headers={"Origin": LOCAL}) as ws:
        assert ws.receive_json()["type"] == "hello"
    assert client.get("/api/export", headers=evil).status_code == 200  # a read: CORS guards it


def test_a_server_on_every_address_answers_only_to_its_names(tmp_path):
    from os1.server.gate import Reach

    service = make_service(tmp_path, reach=Reach.of(["os1.example.com"],
                                                    "https://os1.example.com"))
    app = create_app(service)
    account = {"email": "a@example.com", "password": "long enough pw"}
    public = TestClient(app, base_url="https://os1.example.com")
    assert public.post("/api/auth/signup", json=account,
                       headers={"Origin": "https://os1.example.com"}).status_code == 201
    assert TestClient(app, base_url="http://203.0.113.9:8421").get("/healthz").status_code == 400
    assert TestClient(app, base_url="http://other.example.com").get("/healthz").status_code == 400
    assert TestClient(app, base_url="http://127.0.0.1:8421").get("/healthz").status_code == 200
    # behind a proxy that sends its own Host, the public URL is still the page's own origin
    proxied = TestClient(app, base_url="http://127.0.0.1:8421")
    assert proxied.post("/api/auth/signin", json=account,
                        headers={"Origin": "https://os1.example.com"}).status_code == 200
    assert proxied.post("/api/auth/signin", json=account,
                        headers={"Origin": "http://os1.example.com"}).status_code == 403
    service.store.close()


def test_the_hosts_a_server_answers_to():
    from os1.server.gate import Reach, host_name

    assert host_name("[::1]:8421") == "::1" and host_name("LocalHost.:80") == "localhost"
    reach = Reach.of(["os1.example.com"])
    assert reach.allows_host("os1.example.com:443") and reach.allows_host("127.0.0.1")
    assert not reach.allows_host("os1.example.com.evil.example") and not reach.allows_host(None)
    assert not reach.allows_host("evil.example#@os1.example.com")
    assert reach.same_origin("https://os1.example.com", "os1.example.com")
    assert reach.same_origin("http://127.0.0.1:8421", "127.0.0.1:8421")
    assert not reach.same_origin("http://127.0.0.1:8421", "evil.example:8421")
    assert not reach.same_origin("https://evil.example", "os1.example.com")
    assert not reach.https and Reach.of([], "https://os1.example.com").https
