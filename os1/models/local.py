"""The embedded backend: llama.cpp in this process, running a GGUF file from the data dir."""

from __future__ import annotations

import ctypes
import os
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

from os1.config import LocalSettings
from os1.errors import ModelError, ModelUnavailable
from os1.models.base import Message, Options, Usage

_quiet = None  # keeps the log callback alive for as long as llama.cpp may call it


def _silence_llama_logs(llama_cpp) -> None:
    """llama.cpp logs every tensor on load; a chat in the terminal should not show that."""
    global _quiet
    if _quiet is None:
        _quiet = llama_cpp.llama_log_callback(lambda level, text, data: None)
        llama_cpp.llama_log_set(_quiet, ctypes.c_void_p(0))


class LocalModel:
    """A GGUF chat model run by llama-cpp-python; the file's own chat template formats prompts."""

    def __init__(self, path: Path, name: str, settings: LocalSettings | None = None):
        settings = settings or LocalSettings()
        self.model_id = name
        self.path = Path(path)
        try:
            import llama_cpp
        except ImportError:
            raise ModelUnavailable(
                "the embedded model runtime is not installed; run `pip install 'os1[local]'` "
                "(it compiles llama.cpp, about 6 minutes) or use a server with `os1 models use openai`."
            ) from None
        if not self.path.exists():
            raise ModelUnavailable(
                f"model file {self.path} is missing; run `os1 models list` to see what is installed."
            )
        _silence_llama_logs(llama_cpp)
        try:
            self.llm = llama_cpp.Llama(
                model_path=str(self.path),
                n_ctx=settings.context,
                n_threads=settings.threads or os.cpu_count() or 2,
                verbose=False,
            )
        except (ValueError, RuntimeError, OSError) as exc:
            raise ModelUnavailable(
                f"could not load {self.path.name} ({exc}); the file may be damaged: delete it "
                "and pull or reinstall it."
            ) from None
        self.context = settings.context
        self._busy = threading.Lock()  # one generation at a time; warm() holds it too

    def warm(self, messages: Sequence[Message]) -> None:
        """Evaluate a prompt prefix ahead of time (while the user types), so the next turn
        only has to read its new words: llama.cpp reuses the longest cached prefix."""
        with self._busy:
            self.llm.create_chat_completion(messages=[m.as_dict() for m in messages], max_tokens=1)

    def count_tokens(self, text: str) -> int:
        return len(self.llm.tokenize(text.encode("utf-8"), add_bos=False, special=True))

    def stream(self, messages: Sequence[Message], options: Options) -> Iterator[str]:
        with self._busy:
            return (yield from self._stream(messages, options))

    def _stream(self, messages: Sequence[Message], options: Options) -> Iterator[str]:
        try:
            chunks = self.llm.create_chat_completion(
                messages=[m.as_dict() for m in messages],
                stream=True,
                max_tokens=options.max_tokens,
                temperature=options.temperature,
                stop=list(options.stop) or None,
            )
            produced = 0
            for chunk in chunks:
                text = chunk["choices"][0]["delta"].get("content")
                if text:
                    produced += 1
                    yield text
        except ValueError as exc:  # llama-cpp-python raises ValueError when the prompt is too long
            raise ModelError(
                f"the prompt did not fit the model's context ({exc}); raise local.context in the config."
            ) from None
        return Usage(prompt_tokens=max(self.llm.n_tokens - produced, 0), completion_tokens=produced)
