"""Fuzz the API from its own OpenAPI spec: valid and malformed requests alike must get an
answer below 500, never a crash."""

import tempfile
from pathlib import Path

import pytest
import schemathesis
from schemathesis import GenerationMode

from os1.server import accounts
from os1.server.app import create_app
from tests.server.conftest import make_service

SERVICE = make_service(Path(tempfile.mkdtemp(prefix="os1-fuzz-")))
SERVICE.limits.rules = {kind: (10**9, 60.0) for kind in SERVICE.limits.rules}  # fuzz, not throttle
USER = accounts.sign_up(SERVICE.store, "fuzz@example.com", "fuzzing passphrase")
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(SERVICE))
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
                                max_examples=30)


def fresh_token() -> str:
    """A fresh token (signout may spend one), for an account made anew if DELETE /api/me
    erased it."""
    global USER
    if accounts.email_of(SERVICE.store, USER) is None:
        USER = accounts.sign_up(SERVICE.store, "fuzz@example.com", "fuzzing passphrase")
    return accounts.issue_token(SERVICE.store, USER)


@pytest.mark.slow
@schema.parametrize()
def test_no_request_makes_the_server_fail(case):
    token = fresh_token()
    response = case.call(headers={"Authorization": f"Bearer {token}"})
    assert response.status_code < 500, (case.method, case.path, response.status_code, response.text[:300])
