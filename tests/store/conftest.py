"""The shared store suite: every test here runs once per backend in ``BACKENDS``, through
the ``StoreProtocol`` methods alone, so each backend is held to the same promises.

A backend plugs in with one line: a factory that gets pytest's ``request`` (to ask for the
fixtures it needs, e.g. a server's URL), the test's temp dir and the test clock, and
returns a fresh, empty store that reads its time from that clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from os1.memory.store import Store, open_store
from os1.memory.store_protocol import StoreProtocol

START = datetime(2026, 11, 24, 15, 0, tzinfo=timezone.utc)


class Clock:
    """The store's clock in a test: stands still until moved, so every stamp is known."""

    def __init__(self, at: datetime = START):
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> datetime:
        """Move on by ``timedelta(**delta)``; the new time."""
        self.at += timedelta(**delta)
        return self.at


Factory = Callable[[pytest.FixtureRequest, Path, Clock], StoreProtocol]


def sqlite(request: pytest.FixtureRequest, tmp_path: Path, clock: Clock) -> StoreProtocol:
    return Store(tmp_path / "s.db", clock=clock)


def postgresql(request: pytest.FixtureRequest, tmp_path: Path, clock: Clock) -> StoreProtocol:
    return open_store(request.getfixturevalue("pg_url"), clock=clock)


BACKENDS: dict[str, Factory] = {
    "sqlite": sqlite,
    "postgresql": postgresql,
}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "bug(backend, reason): a known bug of one backend; the test is a strict "
        "xfail on that backend alone, so every other backend is still held to it")
    config.addinivalue_line(
        "markers", "only(backend, reason): a promise of that backend's own design (another "
        "keeps it elsewhere, said in the reason); skipped on every other backend")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(params=list(BACKENDS))
def store(request: pytest.FixtureRequest, tmp_path: Path, clock: Clock) -> Iterator[StoreProtocol]:
    """A fresh store of each backend in turn, on the test clock; closed after the test."""
    for mark in request.node.iter_markers("bug"):
        if mark.args[0] == request.param:
            request.node.add_marker(pytest.mark.xfail(strict=True, reason=mark.kwargs["reason"]))
    for mark in request.node.iter_markers("only"):
        if mark.args[0] != request.param:
            pytest.skip(f"{mark.args[0]} only: {mark.kwargs['reason']}")
    opened = BACKENDS[request.param](request, tmp_path, clock)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def workers(request: pytest.FixtureRequest, store: StoreProtocol, tmp_path: Path,
            clock: Clock) -> Iterator[list[StoreProtocol]]:
    """Three more stores opened on the same database as ``store``, as other workers would."""
    backend = request.node.callspec.params["store"]
    opened = [BACKENDS[backend](request, tmp_path, clock) for _ in range(3)]
    try:
        yield opened
    finally:
        for each in opened:
            each.close()


@pytest.fixture
def users(store: StoreProtocol) -> tuple[int, int]:
    """Two users of the store: A, whose rows the tests fill, and B, who must never reach them."""
    return store.user("alice"), store.user("bob")
