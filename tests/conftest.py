"""Tests never touch the user's files or the network: the data dir is a fresh temp dir."""

from __future__ import annotations

import itertools
import os

import pytest

for var in ("OS1_MODEL", "OS1_OPENAI_BASE_URL", "OS1_OPENAI_MODEL", "OS1_OPENAI_API_KEY",
            "OPENAI_API_KEY", "OS1_THREADS", "HF_ENDPOINT", "OS1_EMBEDDER", "OS1_STORE_URL"):
    os.environ.pop(var, None)
# Unit tests use the deterministic hashing embedder; tests of the real one ask for it.
os.environ["OS1_EMBEDDER"] = "hashing"


@pytest.fixture(autouse=True)
def os1_home(tmp_path, monkeypatch):
    home = tmp_path / "os1-home"
    monkeypatch.setenv("OS1_HOME", str(home))
    return home


@pytest.fixture
def run(monkeypatch):
    """The real CLI through click's runner, with the fake model: ``run("memory", "list")``."""
    from click.testing import CliRunner

    from os1.cli import main

    monkeypatch.setenv("OS1_MODEL", "fake")

    def invoke(*args, input=None):
        return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture(scope="session")
def shared_models(tmp_path_factory):
    """The default model, assembled once for the whole run (it checks the sha256 as it goes)
    into a folder tests point ``OS1_MODELS_DIR`` at; skips where it is not installed."""
    from os1.errors import OS1Error
    from os1.models.catalog import QWEN_1_5B

    path = tmp_path_factory.mktemp("models")
    os.environ["OS1_MODELS_DIR"] = str(path)
    try:
        QWEN_1_5B.ensure()
    except OS1Error as exc:
        pytest.skip(f"the default model is not installed: {exc}")
    finally:
        del os.environ["OS1_MODELS_DIR"]
    return path


_DATABASES = itertools.count(1)


@pytest.fixture(scope="session")
def _pg_cluster():
    """One throwaway PostgreSQL (with pgvector) for the whole run, and a migrated template
    database that each test's database is copied from."""
    from os1.memory.pg_server import PgServer
    from os1.memory.pg_store import PgStore

    server = PgServer().start()
    PgStore(server.create_database("os1_template")).close()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pg_server(_pg_cluster):
    """The base URL of the test run's PostgreSQL server (``postgresql://os1@127.0.0.1:PORT/``)."""
    return _pg_cluster.url("")


@pytest.fixture
def pg_url(_pg_cluster):
    """The URL of a fresh database holding OS1's schema and nothing else, dropped after."""
    name = f"t{next(_DATABASES)}"
    url = _pg_cluster.create_database(name, template="os1_template")
    yield url
    _pg_cluster.drop_database(name)
