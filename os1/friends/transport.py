"""Messages to another OS1 over HTTP(S): one POST to its inbox, the signed reply back. An
error the other side names comes back as the same ``ProtocolError``; a server that cannot be
reached is one too, saying so."""

from __future__ import annotations

from typing import Any

import httpx

from os1.friends.envelope import ProtocolError
from os1.redact import redact

TIMEOUT = httpx.Timeout(10.0, read=300.0)  # her friend's model may take a while to answer


def post(address: str, message: dict[str, Any]) -> dict[str, Any]:
    try:
        response = httpx.post(address, json=message, timeout=TIMEOUT)
    except httpx.HTTPError as exc:
        raise ProtocolError("unreachable", f"could not reach {redact(address)} ({type(exc).__name__}).") from None
    try:
        data = response.json()
    except ValueError:
        data = None
    if response.status_code != 200:
        if isinstance(data, dict) and isinstance(data.get("error"), str):
            raise ProtocolError(data["error"][:40], str(data.get("detail", ""))[:300])
        raise ProtocolError("unreachable", f"{redact(address)} answered {response.status_code}.")
    if not isinstance(data, dict):
        raise ProtocolError("malformed", "the reply is not a JSON object.")
    return data
