"""Against a real uvicorn, configured as ``os1 serve`` configures it: a foreign Host or Origin
is refused, X-Forwarded-For is believed only from a proxy it was told to trust, and many slow
turns neither starve health checks and sign-in nor queue without end."""

import asyncio
import socket
import threading

import httpx
import pytest

from os1.server.gate import Reach
from tests.server.conftest import Stuck, make_service, running, wait_for

pytestmark = pytest.mark.slow
PASSWORD = "correct horse battery"


def test_a_foreign_host_or_origin_is_refused_by_the_real_server(tmp_path):
    import websockets

    for accounts in (False, True):
        (tmp_path / str(accounts)).mkdir()
        service = make_service(tmp_path / str(accounts), accounts=accounts, reach=Reach())
        with running(service) as address:
            base = f"http://{address}"
            assert httpx.get(f"{base}/healthz").status_code == 200
            assert httpx.get(f"{base}/api/export",
                             headers={"Host": "rebind.attacker.example"}).status_code == 400
            assert httpx.post(f"{base}/api/turns", json={"text": "hi"},
                              headers={"Origin": "https://evil.example"}).status_code == 403

            async def connect(**options):
                async with websockets.connect(f"ws://{address}/api/live", **options) as ws:
                    return await ws.recv()

            assert handshake(address, Origin="https://evil.example") == 403
            assert handshake(address, Host="rebind.attacker.example:8421") == 403
            assert handshake(address, Origin=f"http://{address}") == 101
            if not accounts:
                assert '"hello"' in asyncio.run(connect(origin=f"http://{address}"))
        service.store.close()


def handshake(address: str, **headers: str) -> int:
    """The status a WebSocket handshake to /api/live gets, sent byte by byte."""
    host, port = address.split(":")
    headers = {"Host": address, "Upgrade": "websocket", "Connection": "Upgrade",
               "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version": "13",
               **headers}
    request = "GET /api/live HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        conn.sendall((request + "\r\n").encode())
        return int(conn.recv(1024).split()[1])


def sign_ins(base: str, count: int) -> list[int]:
    """Wrong passwords for ``count`` different emails, each claiming another address."""
    return [httpx.post(f"{base}/api/auth/signin",
                       json={"email": f"guess{i}@example.com", "password": "not the password"},
                       headers={"X-Forwarded-For": f"198.51.100.{i}"}).status_code
            for i in range(count)]


def test_forwarded_for_is_believed_only_from_a_trusted_proxy(tmp_path):
    (tmp_path / "direct").mkdir()
    (tmp_path / "proxied").mkdir()
    service = make_service(tmp_path / "direct", reach=Reach())
    with running(service) as address:
        codes = sign_ins(f"http://{address}", 12)
    assert codes[:10] == [401] * 10 and codes[10:] == [429, 429]  # one address, however named
    service.store.close()
    proxied = make_service(tmp_path / "proxied", reach=Reach.of([], proxies=["127.0.0.1"]))
    with running(proxied) as address:
        assert sign_ins(f"http://{address}", 12) == [401] * 12  # told to: each its own address
    proxied.store.close()


def test_slow_turns_neither_starve_health_and_sign_in_nor_queue_without_end(tmp_path):
    model = Stuck()
    service = make_service(tmp_path, model=model, reach=Reach())
    with running(service) as address:
        base = f"http://{address}"
        tokens = []
        for email in ("al@example.com", "bea@example.com"):
            made = httpx.post(f"{base}/api/auth/signup",
                              json={"email": email, "password": PASSWORD})
            tokens.append(made.json()["token"])
        codes: list[int] = []

        def turn(token):
            codes.append(httpx.post(f"{base}/api/turns", json={"text": "tell me everything"},
                                    headers={"Authorization": f"Bearer {token}"},
                                    timeout=120).status_code)

        threads = [threading.Thread(target=turn, args=(tokens[i % 2],)) for i in range(42)]
        for thread in threads:
            thread.start()
        wait_for(lambda: len(codes) >= 38 and model.entered >= 2, seconds=20)
        try:
            # every turn is stuck or refused: health and sign-in still answer
            assert httpx.get(f"{base}/healthz", timeout=10).json() == {"ok": True}
            signed = httpx.post(f"{base}/api/auth/signin", timeout=10,
                                json={"email": "al@example.com", "password": PASSWORD})
            assert signed.status_code == 200
            # two each at once; the rest were refused at once, saying why
            assert sorted(codes) == [429] * 38
            busy = httpx.post(f"{base}/api/turns", json={"text": "and now?"}, timeout=10,
                              headers={"Authorization": f"Bearer {tokens[0]}"})
            assert busy.status_code == 429 and "replies on the way" in busy.json()["detail"]
        finally:
            model.release.set()
            for thread in threads:
                thread.join(60)
        assert sorted(codes) == [200] * 4 + [429] * 38
    service.store.close()


def test_turns_for_everyone_together_are_bounded(tmp_path):
    model = Stuck()
    service = make_service(tmp_path, model=model, reach=Reach())
    service.turns.total = 3
    with running(service) as address:
        base = f"http://{address}"
        tokens = [httpx.post(f"{base}/api/auth/signup", json={"email": f"u{i}@example.com",
                                                              "password": PASSWORD}).json()["token"]
                  for i in range(4)]
        results: list[httpx.Response] = []
        threads = [threading.Thread(target=lambda t=t: results.append(httpx.post(
            f"{base}/api/turns", json={"text": "hello"}, timeout=120,
            headers={"Authorization": f"Bearer {t}"}))) for t in tokens]
        try:
            for thread in threads:
                thread.start()
            assert wait_for(lambda: len(results) >= 1, seconds=20)
            refused = results[0]
            assert refused.status_code == 503 and "try again in a minute" in refused.text
        finally:
            model.release.set()
            for thread in threads:
                thread.join(60)
        assert sorted(r.status_code for r in results) == [200, 200, 200, 503]
    service.store.close()


def test_no_password_or_token_reaches_the_real_servers_log(tmp_path, capfd, caplog, monkeypatch):
    service = make_service(tmp_path, reach=Reach())
    secret = "hunter2-secret"
    with running(service) as address:
        base = f"http://{address}"
        odd = httpx.post(f"{base}/api/auth/signup", headers={"Content-Type": "application/json"},
                         content='{"email": "a@example.com", "password": "%s\\ud800"}' % secret)
        assert odd.status_code == 422
        token = httpx.post(f"{base}/api/auth/signup", json={"email": "b@example.com",
                                                             "password": secret}).json()["token"]

        def broken(user_id):
            raise RuntimeError(f"password={secret} token: {token}")

        monkeypatch.setattr(service, "companion", broken)
        failed = httpx.get(f"{base}/api/me?token={token}",
                           headers={"Authorization": f"Bearer {token}"})
        assert failed.status_code == 500 and secret not in failed.text
    logged = capfd.readouterr().err + caplog.text
    assert "RuntimeError" in logged  # the failure is logged, without what it carried
    assert secret not in logged and token not in logged
    service.store.close()
