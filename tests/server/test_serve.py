"""``os1 serve`` decides what the server answers to: loopback on your own machine, the names
it is given (or, on every address, this machine's own names), and the proxies it trusts."""

import socket

import pytest
from click.testing import CliRunner

from os1 import config
from os1.cli import main


@pytest.fixture
def serve(monkeypatch):
    """Run ``os1 serve ARGS`` up to the point of listening: the service it would serve."""
    monkeypatch.setenv("OS1_MODEL", "fake")
    served = []

    class Server:
        def __init__(self, service, host, port):
            served.append(service)

        def run(self):
            pass

    monkeypatch.setattr("os1.server.app.create_server", Server)

    def invoke(*args):
        result = CliRunner().invoke(main, ["serve", *args])
        return result, (served.pop() if served else None)

    return invoke


def test_on_your_own_machine_it_answers_to_loopback_only(serve):
    result, service = serve()
    assert result.exit_code == 0, result.output
    assert service.reach.hosts == {"127.0.0.1", "localhost", "::1"}
    assert service.reach.proxies == ()  # X-Forwarded-For is not believed


def test_on_every_address_it_answers_to_the_names_it_is_given(serve):
    result, service = serve("--accounts", "--host", "0.0.0.0", "--allow-host", "os1.example.com",
                            "--public-url", "https://os1.example.com", "--trust-proxy", "10.0.0.2")
    assert result.exit_code == 0, result.output
    assert service.reach.hosts == {"os1.example.com", "127.0.0.1", "localhost", "::1"}
    assert service.reach.https and service.reach.proxies == ("10.0.0.2",)
    config.save_setting("server.allow_hosts", ["companion.example.org"])
    _, service = serve("--accounts", "--host", "0.0.0.0")
    assert "companion.example.org" in service.reach.hosts


def test_on_every_address_without_names_it_answers_to_this_machines_own(serve):
    result, service = serve("--accounts", "--host", "0.0.0.0")
    assert result.exit_code == 0, result.output
    assert socket.gethostname().lower() in service.reach.hosts
    assert "--allow-host NAME" in result.output and socket.gethostname() in result.output


def test_a_public_url_must_be_http(serve):
    result, service = serve("--accounts", "--host", "0.0.0.0", "--public-url", "os1.example.com")
    assert result.exit_code != 0 and service is None
    assert "not an http(s) address" in result.output


def test_a_worker_keeps_to_its_share_of_the_cores_or_the_threads_set(serve, monkeypatch):
    from os1 import cores

    kept: list[int] = []
    judge = cores.Cores()
    monkeypatch.setattr(judge, "keep_to", kept.append)  # the test process's pools stay as they are
    monkeypatch.setattr(cores, "CORES", judge)
    monkeypatch.setattr(cores, "allowed", lambda: 4)
    result, _ = serve()
    assert result.exit_code == 0, result.output
    config.save_setting("server.threads", 3)
    result, _ = serve()
    assert result.exit_code == 0, result.output
    assert kept == [4, 3]  # one worker: every core (Cores.keep_to then changes nothing); else
    # what the setting says


def test_a_worker_kept_to_one_core_thinks_one_turn_at_a_time(tmp_path, monkeypatch):
    """Two workers on two cores: each runs one turn's pipeline at a time (it measured 61-63
    turns/s against 55 with two each, and half the overhead a turn)."""
    from os1 import cores
    from tests.server.conftest import make_service

    judge = cores.Cores()
    judge.kept_to = 1
    monkeypatch.setattr(cores, "CORES", judge)
    monkeypatch.setattr("os1.server.service.CORES", judge)
    service = make_service(tmp_path)
    assert service.cores.acquire(blocking=False) and not service.cores.acquire(blocking=False)
    service.store.close()
