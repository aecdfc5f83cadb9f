import contextlib
import socket
import threading
import time

import pytest
from fastapi.testclient import TestClient

from os1 import config
from os1.memory.embed import HashingEmbedder
from os1.memory.memories import Memories
from os1.memory.store import Store
from os1.models.fake import FakeModel
from os1.server.app import create_app, create_server
from os1.server.gate import Reach
from os1.server.service import Service


def make_service(tmp_path, accounts=True, model=None, backends=None, reach=None, **settings):
    """``backends``: (recognizer, synthesizer) for voice; ``reach``: how it is reached (by
    default loopback and TestClient's "testserver"); ``settings``: config overrides."""
    store = Store(tmp_path / "server.db")
    return Service(config.Settings(model="fake", **settings), store, model or FakeModel(),
                   Memories(store, HashingEmbedder()), accounts=accounts, voice=backends,
                   reach=reach or Reach.of(["testserver"]))


@pytest.fixture
def service(tmp_path):
    svc = make_service(tmp_path)
    yield svc
    svc.store.close()


@pytest.fixture
def app(service):
    return create_app(service)


def sign_up(app, email, password="correct horse battery"):
    client = TestClient(app)
    response = client.post("/api/auth/signup", json={"email": email, "password": password})
    assert response.status_code == 201, response.text
    client.headers["Authorization"] = f"Bearer {response.json()['token']}"
    client.cookies.clear()  # the bearer token alone identifies this client
    return client


@contextlib.contextmanager
def live(service, email="theo@example.com"):
    """A new account's live conversation with ``service``, its hello already read."""
    client = sign_up(create_app(service), email)
    with client.websocket_connect("/api/live") as ws:
        ws.receive_json()
        yield ws


def only_user(service) -> int:
    """The user behind the service's one account."""
    return service.store.db.execute("SELECT user_id FROM accounts").fetchone()[0]


def wait_for(check, seconds=10.0, every=0.05) -> bool:
    """Whether ``check()`` came true within ``seconds`` (asked every ``every`` s)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(every)
    return False


@contextlib.contextmanager
def running(service):
    """The app served by a real uvicorn on a free loopback port: its base URL."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = create_server(service, "127.0.0.1", port)  # as ``os1 serve`` configures it
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


class Stuck(FakeModel):
    """A model that hangs until released: a turn that takes forever."""

    def __init__(self):
        super().__init__()
        self.release = threading.Event()
        self.entered = 0

    def stream(self, messages, options):
        self.entered += 1
        self.release.wait(60)
        return (yield from super().stream(messages, options))
