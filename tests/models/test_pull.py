"""Pulling GGUF files from a hub, against a real HTTP server on 127.0.0.1 that mimics Hugging Face."""

from __future__ import annotations

import hashlib
import random
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from os1.errors import ConfigError, ModelError, ModelUnavailable
from os1.models.pull import parse_spec, pull

PAYLOAD = b"GGUF" + random.Random(7).randbytes(300_000)
SHA = hashlib.sha256(PAYLOAD).hexdigest()
SPEC = "owner/repo/model.gguf"
FILE_PATH = "/owner/repo/resolve/main/model.gguf"
CDN_PATH = "/cdn/blobs/model.gguf"


@dataclass
class Hub:
    """What the fake hub serves, and the requests it saw as (path, headers)."""

    url: str = ""
    drop_after: int | None = None  # on the first request, close the connection after N bytes
    redirect: bool = False  # answer 302 to CDN_PATH first, with X-Linked-Etag on the redirect
    etag: str | None = SHA  # the X-Linked-Etag to send; None sends none
    status: int | None = None  # answer this status instead of the file
    html: bool = False  # serve an HTML page instead of the file
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)


def make_handler(hub: Hub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            hub.requests.append((self.path, dict(self.headers)))
            first = len(hub.requests) == 1
            if hub.status:
                self.send_response(hub.status)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if hub.redirect and self.path.startswith("/owner/repo/resolve/"):
                self.send_response(302)
                self.send_header("Location", CDN_PATH)
                self.send_header("X-Linked-Etag", f'"{hub.etag}"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if self.path not in (FILE_PATH, CDN_PATH) and not self.path.startswith(
                "/owner/repo/resolve/"
            ):
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = b"<!DOCTYPE html><html><body>Sign in</body></html>" if hub.html else PAYLOAD
            start = 0
            if (rng := self.headers.get("Range")) and not hub.html:
                start = int(rng.removeprefix("bytes=").rstrip("-"))
                if start >= len(body):
                    self.send_response(416)
                    self.send_header("Content-Range", f"bytes */{len(body)}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(206)
                self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
            else:
                self.send_response(200)
            self.send_header("Content-Type", "text/html" if hub.html else "application/octet-stream")
            self.send_header("Content-Length", str(len(body) - start))
            if hub.redirect:
                self.send_header("ETag", '"cdn-object-version-1"')  # not a sha256: must be ignored
            elif hub.etag and not hub.html:
                self.send_header("X-Linked-Etag", f'"{hub.etag}"')
            self.end_headers()
            rest = body[start:]
            if first and hub.drop_after is not None:
                rest = rest[: hub.drop_after]
                self.close_connection = True
            try:
                for i in range(0, len(rest), 16_384):
                    self.wfile.write(rest[i : i + 16_384])
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


@pytest.fixture
def hub():
    state = Hub()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(state))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def dest(tmp_path):
    return tmp_path / "models"


def test_full_download_verifies_and_reports_progress(hub, dest):
    calls = []
    result = pull(SPEC, endpoint=hub.url, dest_dir=dest, progress=lambda d, t: calls.append((d, t)))
    assert result.path == dest / "model.gguf" and result.name == "model"
    assert result.path.read_bytes() == PAYLOAD
    assert (result.sha256, result.verified, result.downloaded) == (SHA, True, True)
    assert calls[-1] == (len(PAYLOAD), len(PAYLOAD))
    assert all(t == len(PAYLOAD) for _, t in calls)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert not (dest / "model.gguf.part").exists()
    assert [p for p, _ in hub.requests] == [FILE_PATH]


def test_interrupted_download_keeps_the_part_and_resumes(hub, dest):
    hub.drop_after = 100_000
    with pytest.raises(ModelError, match="run the same command again to resume"):
        pull(SPEC, endpoint=hub.url, dest_dir=dest)
    part = dest / "model.gguf.part"
    assert part.stat().st_size == 100_000
    assert not (dest / "model.gguf").exists()

    calls = []
    result = pull(SPEC, endpoint=hub.url, dest_dir=dest, progress=lambda d, t: calls.append((d, t)))
    assert hub.requests[1][1].get("Range") == "bytes=100000-"
    assert result.path.read_bytes() == PAYLOAD and result.verified
    assert calls[0][0] > 100_000 and calls[-1] == (len(PAYLOAD), len(PAYLOAD))
    assert not part.exists()


def test_ctrl_c_keeps_the_part_for_resume(hub, dest):
    def interrupt(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        pull(SPEC, endpoint=hub.url, dest_dir=dest, progress=interrupt)
    part = dest / "model.gguf.part"
    kept = part.stat().st_size
    assert 0 < kept and PAYLOAD.startswith(part.read_bytes())

    result = pull(SPEC, endpoint=hub.url, dest_dir=dest)
    assert hub.requests[1][1].get("Range") == f"bytes={kept}-"
    assert result.path.read_bytes() == PAYLOAD and result.verified


def test_redirect_to_a_cdn_uses_the_checksum_on_the_redirect(hub, dest):
    hub.redirect = True
    result = pull(SPEC, endpoint=hub.url, dest_dir=dest)
    assert [p for p, _ in hub.requests] == [FILE_PATH, CDN_PATH]
    assert result.path.read_bytes() == PAYLOAD
    assert (result.sha256, result.verified) == (SHA, True)


def test_checksum_mismatch_is_refused_and_leaves_nothing(hub, dest):
    hub.etag = "0" * 64
    with pytest.raises(ModelError, match="refusing it"):
        pull(SPEC, endpoint=hub.url, dest_dir=dest)
    assert list(dest.iterdir()) == []


def test_explicit_sha256_wins_over_the_hub(hub, dest):
    hub.etag = "0" * 64
    result = pull(SPEC, endpoint=hub.url, dest_dir=dest, sha256=SHA.upper())
    assert result.verified and result.path.read_bytes() == PAYLOAD

    hub.etag = SHA
    with pytest.raises(ModelError, match="refusing it"):
        pull("owner/repo/other/copy.gguf", endpoint=hub.url, dest_dir=dest, sha256="1" * 64)
    assert not (dest / "copy.gguf").exists() and not (dest / "copy.gguf.part").exists()

    with pytest.raises(ConfigError, match="not a sha256"):
        pull(SPEC, endpoint=hub.url, dest_dir=dest, sha256="abc")


def test_no_checksum_known_is_accepted_but_flagged(hub, dest):
    hub.etag = None
    result = pull(SPEC, endpoint=hub.url, dest_dir=dest)
    assert result.path.read_bytes() == PAYLOAD
    assert (result.verified, result.sha256) == (False, SHA)


def test_not_found(hub, dest):
    hub.status = 404
    with pytest.raises(ModelUnavailable, match=f"does not exist on {hub.url}; check the spelling"):
        pull(SPEC, endpoint=hub.url, dest_dir=dest)


@pytest.mark.parametrize("status", [401, 403])
def test_gated_or_private_asks_for_a_token(hub, dest, status):
    hub.status = status
    with pytest.raises(ModelUnavailable, match=r"gated or private.*HF_TOKEN"):
        pull(SPEC, endpoint=hub.url, dest_dir=dest)


def test_token_is_sent_as_bearer(hub, dest, monkeypatch):
    pull(SPEC, endpoint=hub.url, dest_dir=dest, token="hf_abc")
    assert hub.requests[-1][1]["Authorization"] == "Bearer hf_abc"
    monkeypatch.setenv("HF_TOKEN", "hf_env")
    pull("owner/repo/model.gguf@v2", endpoint=hub.url, dest_dir=dest / "v2")
    assert hub.requests[-1][0] == "/owner/repo/resolve/v2/model.gguf"
    assert hub.requests[-1][1]["Authorization"] == "Bearer hf_env"


def test_unreachable_endpoint(dest):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    endpoint = f"http://127.0.0.1:{port}"
    with pytest.raises(ModelUnavailable, match=f"cannot reach {endpoint}.*HF_ENDPOINT"):
        pull(SPEC, endpoint=endpoint, dest_dir=dest)


def test_non_gguf_content_is_refused(hub, dest):
    hub.html = True
    with pytest.raises(ModelError, match="not a GGUF file"):
        pull(SPEC, endpoint=hub.url, dest_dir=dest)
    assert list(dest.iterdir()) == []


def test_already_downloaded_file_is_not_downloaded_again(hub, dest):
    pull(SPEC, endpoint=hub.url, dest_dir=dest)
    seen = len(hub.requests)
    again = pull(SPEC, endpoint=hub.url, dest_dir=dest, sha256=SHA)
    assert (again.downloaded, again.verified, again.sha256) == (False, True, SHA)
    assert len(hub.requests) == seen  # no request at all

    # Without a sha256 it asks the hub for the checksum but does not re-download a good file.
    again = pull(SPEC, endpoint=hub.url, dest_dir=dest)
    assert (again.downloaded, again.verified) == (False, True)
    assert not (dest / "model.gguf.part").exists()


def test_a_damaged_final_file_is_downloaded_again(hub, dest):
    dest.mkdir()
    (dest / "model.gguf").write_bytes(b"GGUF damaged")
    result = pull(SPEC, endpoint=hub.url, dest_dir=dest)
    assert result.downloaded and result.path.read_bytes() == PAYLOAD


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (SPEC, ("owner/repo", "model.gguf")),
        ("bartowski/Qwen2.5-3B-Instruct-GGUF/Qwen2.5-3B-Instruct-Q4_K_M.gguf",
         ("bartowski/Qwen2.5-3B-Instruct-GGUF", "Qwen2.5-3B-Instruct-Q4_K_M.gguf")),
        ("owner/repo/sub/dir/model.gguf", ("owner/repo", "sub/dir/model.gguf")),
        ("owner/repo/model.gguf@v1.0", ("owner/repo", "model.gguf")),
    ],
)
def test_parse_spec_good(spec, expected):
    assert parse_spec(spec) == expected


@pytest.mark.parametrize(
    "spec",
    ["", "model.gguf", "owner/model.gguf", "owner/repo/model.bin", "owner//model.gguf",
     "owner/repo/../x.gguf", "owner/repo/"],
)
def test_parse_spec_bad(spec):
    with pytest.raises(ConfigError, match=r"REPO/FILE\.gguf, for example `os1 models pull "):
        parse_spec(spec)


def test_cli_pull_then_use_and_list(hub, monkeypatch):
    from click.testing import CliRunner

    from os1 import config
    from os1.cli import main

    monkeypatch.setenv("HF_ENDPOINT", hub.url)
    hub.drop_after = 100_000
    runner = CliRunner()
    first = runner.invoke(main, ["models", "pull", SPEC])
    assert first.exit_code == 1 and "run the same command again to resume" in first.output
    second = runner.invoke(main, ["models", "pull", SPEC, "--use"])
    assert second.exit_code == 0, second.output
    assert "sha256 verified" in second.output and "Using model from now on" in second.output
    assert config.load().model == "model"
    listed = runner.invoke(main, ["models", "list"])
    assert "model.gguf" in listed.output and "pulled" in listed.output
