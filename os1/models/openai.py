"""A chat model behind an OpenAI-compatible server (Ollama, vLLM, LM Studio, llama.cpp, OpenAI).

Replies stream over server-sent events. Failures before the first token are retried with a
short exponential backoff; once text has been yielded a failure is raised, never retried,
so a reply is never duplicated.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from typing import Any

import httpx

from os1 import config
from os1.config import OpenAISettings
from os1.errors import ModelError, ModelUnavailable
from os1.models.base import Message, Options, Stream, Usage
from os1.redact import redact


class _Retry(Exception):
    """A failure before any text was generated that another attempt may fix."""

    def __init__(self, error: ModelError):
        super().__init__(str(error))
        self.error = error


def _one_line(text: str, limit: int = 200) -> str:
    text = " ".join(redact(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _server_message(resp: httpx.Response) -> str:
    """The server's own explanation from an error body, or the body's first words."""
    try:
        data = resp.json()
    except ValueError:
        return _one_line(resp.text)
    if isinstance(data, dict):
        err = data.get("error", data.get("detail"))
        if isinstance(err, dict):
            err = err.get("message")
        if err:
            return _one_line(err if isinstance(err, str) else json.dumps(err))
    return _one_line(json.dumps(data))


class OpenAIModel:
    """Streams chat completions from ``{base_url}/chat/completions``."""

    def __init__(self, settings: OpenAISettings, client: httpx.Client | None = None, *,
                 backoff: float = 0.5):
        self.settings = settings
        self.model_id = f"openai:{settings.model}"
        self.base_url = settings.base_url.rstrip("/")
        self.shown_url = redact(self.base_url)  # for messages: never its user:password
        self.backoff = backoff  # seconds before the first retry; doubled for each further one
        self._own_client = client is None
        self._client = client or httpx.Client()
        self._timeout = httpx.Timeout(settings.timeout, connect=settings.connect_timeout)

    def close(self) -> None:
        if self._own_client:
            self._client.close()

    def stream(self, messages: Sequence[Message], options: Options) -> Stream:
        body: dict[str, Any] = {
            "model": self.settings.model,
            "messages": [m.as_dict() for m in messages],
            "max_tokens": options.max_tokens,
            "temperature": options.temperature,
            "stream": True,
            "stream_options": {"include_usage": True},
        }
        if options.stop:
            body["stop"] = list(options.stop)
        if options.seed is not None:
            body["seed"] = options.seed
        if options.schema is not None:
            body["response_format"] = {"type": "json_schema", "json_schema": {
                "name": "answer", "schema": options.schema, "strict": True}}
        attempt = 0
        while True:
            try:
                return (yield from self._attempt(body))
            except _Retry as retry:
                if attempt >= self.settings.retries:
                    raise retry.error from retry.__cause__
                time.sleep(self.backoff * 2**attempt)
                attempt += 1

    def call_tools(self, messages: Sequence[Message], tools: list[dict[str, Any]],
                   options: Options) -> list[tuple[str, dict[str, Any]]]:
        """Ask the model which of ``tools`` (OpenAI function descriptions) to call, without
        streaming; its calls as (name, arguments), [] if none. Arguments that are not a JSON
        object are left out (the tool's own schema checks the rest)."""
        body = {"model": self.settings.model, "messages": [m.as_dict() for m in messages],
                "tools": tools, "tool_choice": "auto", "max_tokens": options.max_tokens,
                "temperature": 0.0}
        headers = {"Authorization": f"Bearer {self.settings.api_key}"} if self.settings.api_key else {}
        try:
            resp = self._client.post(f"{self.base_url}/chat/completions", json=body,
                                     headers=headers, timeout=self._timeout)
        except httpx.RequestError as exc:
            raise self._transport_error(exc, False) from exc
        if resp.status_code >= 400:
            raise self._status_error(resp)
        choices = self._parse(resp.text).get("choices") or [{}]
        calls = (choices[0].get("message") or {}).get("tool_calls") or []
        found = []
        for call in calls:
            function = call.get("function") or {}
            try:
                args = json.loads(function.get("arguments") or "{}")
            except ValueError:
                continue
            if isinstance(args, dict) and function.get("name"):
                found.append((str(function["name"]), args))
        return found

    def _attempt(self, body: dict[str, Any]) -> Stream:
        headers = {"Accept": "text/event-stream"}
        if self.settings.api_key:
            headers["Authorization"] = f"Bearer {self.settings.api_key}"
        usage, yielded, finished = Usage(), False, False
        try:
            with self._client.stream("POST", f"{self.base_url}/chat/completions", json=body,
                                     headers=headers, timeout=self._timeout) as resp:
                if resp.status_code >= 400:
                    resp.read()
                    raise self._status_error(resp)
                for line in resp.iter_lines():
                    if not line.startswith("data:"):
                        continue  # blank separators, comments, "event:" lines
                    data = line[5:].strip()
                    if data == "[DONE]":
                        finished = True
                        break
                    chunk = self._parse(data)
                    if isinstance(chunk.get("usage"), dict):
                        usage = Usage(chunk["usage"].get("prompt_tokens"),
                                      chunk["usage"].get("completion_tokens"))
                    choices = chunk.get("choices")
                    choice = choices[0] if isinstance(choices, list) and choices else {}
                    finished = finished or bool(choice.get("finish_reason"))
                    content = (choice.get("delta") or {}).get("content")
                    if content:
                        yielded = True
                        yield content
        except (httpx.UnsupportedProtocol, httpx.InvalidURL):
            raise ModelUnavailable(
                f"openai.base_url '{self.shown_url}' is not a valid http(s) URL; "
                f"fix it in {config.config_path()} or OS1_OPENAI_BASE_URL.") from None
        except httpx.RequestError as exc:
            raise self._transport_error(exc, yielded) from exc
        if not finished and yielded:
            raise ModelError(f"the model server at {self.shown_url} closed the connection "
                             "mid-reply; the reply is incomplete, try again.")
        if not finished:
            raise _Retry(ModelUnavailable(
                f"the model server at {self.shown_url} closed the connection without a reply; "
                "check that it serves streaming chat completions and try again."))
        return usage

    def _parse(self, data: str) -> dict[str, Any]:
        try:
            chunk = json.loads(data)
        except ValueError:
            chunk = None
        if not isinstance(chunk, dict):
            raise ModelError(f"the model server at {self.shown_url} sent an event that is not "
                             f"a JSON object ({_one_line(data, 80)}); check that it is "
                             "OpenAI-compatible.")
        if chunk.get("error"):
            err = chunk["error"]
            text = err.get("message", err) if isinstance(err, dict) else err
            raise ModelError(f"the model server at {self.shown_url} reported an error mid-reply "
                             f"({_one_line(text)}); check its log and try again.")
        return chunk

    def _status_error(self, resp: httpx.Response) -> Exception:
        code, url, where = resp.status_code, self.shown_url, config.config_path()
        why = f"HTTP {code}: {_server_message(resp)}" if resp.content else f"HTTP {code}"
        if code in (401, 403):
            return ModelUnavailable(
                f"the model server at {url} rejected the API key ({why}); check openai.api_key "
                f"in {where} or OS1_OPENAI_API_KEY.")
        if code == 404:
            return ModelUnavailable(
                f"the model server at {url} has no such endpoint or model ({why}); check "
                f"openai.base_url (it usually ends in /v1) and openai.model "
                f"('{self.settings.model}') in {where}.")
        if code == 429:
            return _Retry(ModelUnavailable(
                f"the model server at {url} is rate-limiting requests ({why}); wait a moment "
                "and try again."))
        if code >= 500:
            return _Retry(ModelUnavailable(
                f"the model server at {url} failed ({why}); check its log and try again."))
        return ModelUnavailable(
            f"the model server at {url} refused the request ({why}); check openai.model "
            f"('{self.settings.model}') and the other openai settings in {where}.")

    def _transport_error(self, exc: httpx.RequestError, yielded: bool) -> Exception:
        url, reason = self.shown_url, _one_line(redact(exc) or type(exc).__name__, 120)
        if yielded:
            if isinstance(exc, httpx.TimeoutException):
                return ModelError(f"the model server at {url} sent no tokens for "
                                  f"{self.settings.timeout:g} s mid-reply; the reply is "
                                  "incomplete, try again or raise openai.timeout.")
            return ModelError(f"the connection to the model server at {url} broke mid-reply "
                              f"({reason}); the reply is incomplete, try again.")
        if isinstance(exc, httpx.ConnectTimeout):
            error = ModelUnavailable(
                f"cannot reach the model server at {url}: no connection within "
                f"{self.settings.connect_timeout:g} s; is it running? Check openai.base_url in "
                f"{config.config_path()} or OS1_OPENAI_BASE_URL.")
        elif isinstance(exc, httpx.TimeoutException):
            error = ModelUnavailable(
                f"the model server at {url} did not answer within {self.settings.timeout:g} s; "
                "it may be busy or loading the model, try again or raise openai.timeout.")
        elif isinstance(exc, httpx.ConnectError):
            error = ModelUnavailable(
                f"cannot reach the model server at {url} ({reason}); is it running? Check "
                f"openai.base_url in {config.config_path()} or OS1_OPENAI_BASE_URL.")
        else:
            error = ModelUnavailable(
                f"the connection to the model server at {url} broke before it answered "
                f"({reason}); check that it is running and try again.")
        return _Retry(error)
