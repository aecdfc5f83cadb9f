"""Who may reach the server at all, checked before any route runs.

- The Host a request names must be one the server was started for: a DNS-rebinding page
  reaches 127.0.0.1 under its own name, and is refused (400).
- A browser's Origin must be the server's own for anything that changes state and for the
  live socket (403): another web site cannot act as the user (CSRF) or talk to their
  companion. Browsers always send an Origin with such requests from another site, so one
  without (curl, scripts, chat clients) is not a page acting for the user, and passes.
- Text must be valid Unicode: a lone surrogate in a JSON body, the path or the query is a 422,
  never a 500 deeper down.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes, urlsplit

LOOPBACK = ("127.0.0.1", "localhost", "::1")
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}
_ESCAPED_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]")


@dataclass(frozen=True)
class Reach:
    """How the server is reached: the host names it answers to (any port), the public URL it
    is served under (behind a proxy), and the proxies whose forwarded headers it trusts."""

    hosts: frozenset[str] = frozenset(LOOPBACK)
    public_url: str | None = None
    proxies: tuple[str, ...] = ()

    @classmethod
    def of(cls, names: Iterable[str], public_url: str | None = None,
           proxies: Iterable[str] = ()) -> Reach:
        """Loopback names always (a rebinding page cannot use them: its Host is its own
        name), the given names, and the public URL's host."""
        hosts = set(LOOPBACK) | {host_name(n) for n in names if n.strip()}
        if public_url:
            hosts.add(host_name(urlsplit(public_url).netloc.rsplit("@", 1)[-1]))
        return cls(frozenset(hosts), public_url or None, tuple(proxies))

    @property
    def https(self) -> bool:
        """Whether people reach it over https (cookies are then sent only over https)."""
        return bool(self.public_url and self.public_url.lower().startswith("https://"))

    def allows_host(self, header: str | None) -> bool:
        return header is not None and host_name(header) in self.hosts - {""}

    def same_origin(self, origin: str, host_header: str | None) -> bool:
        """Whether ``origin`` is this server as the browser reached it (the request's own,
        already checked, Host) or its public URL."""
        mine = _origin(origin)
        if mine is None:
            return False
        if self.public_url and mine == _origin(self.public_url):
            return True
        if host_header is None or not self.allows_host(host_header):
            return False
        name, port = _split(host_header)
        return (mine[1], mine[2]) == (name, None if port in (80, 443) else port)


def host_name(header: str) -> str:
    """The name in a Host header or netloc, lower-case, without port, brackets or final dot."""
    return _split(header)[0]


_NETLOC = re.compile(r"(?P<name>[a-z0-9_.-]+|\[[0-9a-f:.]+\])(?::(?P<port>[0-9]{1,5}))?")


def _split(netloc: str) -> tuple[str, int | None]:
    """(name, port) of a Host header or an origin's netloc; ("", None) for anything that is
    not a plain name or address, with an optional port."""
    found = _NETLOC.fullmatch(netloc.strip().lower())
    if found is None:
        return "", None
    port = found["port"]
    return found["name"].strip("[]").rstrip("."), int(port) if port else None


def _origin(url: str) -> tuple[str, str, int | None] | None:
    parts = urlsplit(url.strip().lower())
    if parts.scheme not in DEFAULT_PORTS or not parts.netloc:
        return None
    name, port = _split(parts.netloc.rsplit("@", 1)[-1])
    return parts.scheme, name, None if port == DEFAULT_PORTS[parts.scheme] else port


def lone_surrogate(value: object) -> bool:
    """Whether ``value`` (a string, or JSON made of dicts, lists and strings) holds a lone
    surrogate: text no UTF-8 database, log or response can hold."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(lone_surrogate(k) or lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(lone_surrogate(v) for v in value)
    return False


def _valid_url_text(raw: bytes) -> bool:
    try:
        unquote_to_bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class GateMiddleware:
    """Host, Origin and valid text, for HTTP and the WebSocket alike."""

    def __init__(self, app, reach: Reach):
        self.app = app
        self.reach = reach

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        host, origin = headers.get("host"), headers.get("origin")
        refusal = None
        if not self.reach.allows_host(host):
            refusal = (400, f"this server does not answer to the host name {host!r:.100}; "
                            "reach it at an address it was started for (os1 serve "
                            "--allow-host NAME).")
        elif scope["type"] == "websocket" or scope["method"] in UNSAFE:
            fetch_site = headers.get("sec-fetch-site", "").lower()
            if origin is not None and not self.reach.same_origin(origin, host):
                refusal = (403, f"requests from another web site ({origin[:100]}) are refused; "
                                "open OS1 at its own address.")
            elif fetch_site in ("cross-site", "same-site"):
                refusal = (403, "requests from another web site are refused; open OS1 at its "
                                "own address.")
        if refusal is None and not (_valid_url_text(scope.get("raw_path") or b"")
                                    and _valid_url_text(scope.get("query_string") or b"")):
            refusal = (422, "the address is not valid UTF-8 text; send the path and query as "
                            "UTF-8.")
        if refusal is not None:
            if scope["type"] == "websocket":
                await receive()  # websocket.connect
                return await send({"type": "websocket.close", "code": 1008,
                                   "reason": refusal[1][:120]})
            return await answer(send, *refusal)
        if scope["type"] == "http" and scope["method"] in UNSAFE \
                and not scope["path"].endswith("/audio"):
            return await self._checked_body(scope, receive, send)
        return await self.app(scope, receive, send)

    async def _checked_body(self, scope, receive, send):
        """Read the (size-limited) body whole; refuse it if its JSON holds a lone surrogate,
        else hand it on unchanged."""
        messages, chunks = [], []
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        if _ESCAPED_SURROGATE.search(body):
            try:
                bad = lone_surrogate(json.loads(body))
            except ValueError:
                bad = False  # not JSON: the route says so
            if bad:
                return await answer(send, 422, "text must be valid Unicode: a lone surrogate "
                                               "(\\ud800 to \\udfff) is not a character.")
        pending = iter(messages)

        async def replay():
            return next(pending, None) or await receive()

        return await self.app(scope, replay, send)


async def answer(send, status: int, detail: str) -> None:
    """A JSON error response, straight from a middleware."""
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
