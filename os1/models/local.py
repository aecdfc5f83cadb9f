"""The embedded backend: llama.cpp in this process, running a GGUF file from the data dir."""

from __future__ import annotations

import ctypes
import os
import threading
import time
import weakref
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from os1.config import LocalSettings
from os1.cores import CORES
from os1.errors import ModelError, ModelUnavailable
from os1.models.base import Message, Options, Stream, Usage

_quiet = None  # keeps the log callback alive for as long as llama.cpp may call it


def _silence_llama_logs(llama_cpp) -> None:
    """llama.cpp logs every tensor on load; a chat in the terminal should not show that."""
    global _quiet
    if _quiet is None:
        _quiet = llama_cpp.llama_log_callback(lambda level, text, data: None)
        llama_cpp.llama_log_set(_quiet, ctypes.c_void_p(0))


WARM_CHUNK = 16  # tokens read at a time when a stop may come: it waits at most this many
SHIFT_MIN = 32  # tokens that must match after a dropped block for the cache to be moved
_LIVE: weakref.WeakSet = weakref.WeakSet()  # every LocalModel in this process


def forget_what_was_read() -> None:
    """Something was forgotten: every model in this process drops all it has read, so no
    trace of it stays in a cache that might otherwise be moved and kept."""
    for model in list(_LIVE):
        with model._busy:
            if not model.closed:
                model.llm.reset()


def _common(cached: np.ndarray, tokens: list[int]) -> int:
    """How many tokens ``cached`` and ``tokens`` share from the start."""
    n = min(len(cached), len(tokens))
    differ = np.flatnonzero(cached[:n] != np.asarray(tokens[:n], dtype=cached.dtype))
    return int(differ[0]) if len(differ) else n


class _Captured(Exception):
    def __init__(self, tokens):
        super().__init__("prompt captured")
        self.tokens = tokens


class _Capture:
    """Stands in for the model when the chat handler wants a completion: it hands back the
    prompt's tokens instead, so a prompt is tokenized exactly as a turn will tokenize it."""

    def __init__(self, llm):
        self._llm = llm

    def __getattr__(self, name):
        return getattr(self._llm, name)

    def create_completion(self, prompt, **_):
        raise _Captured(prompt)


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
        if b"AMX_INT8 = 1" in llama_cpp.llama_print_system_info():
            raise ModelUnavailable(
                "this build of llama.cpp uses the CPU's AMX units, which crash its first reply "
                "(llama.cpp issue 20824); run `bash scripts/install.sh` to rebuild it without them."
            )
        _silence_llama_logs(llama_cpp)
        try:
            self.llm = llama_cpp.Llama(
                model_path=str(self.path),
                n_ctx=settings.context,
                n_threads=settings.threads or os.cpu_count() or 2,
                n_threads_batch=settings.threads or os.cpu_count() or 2,
                verbose=False,
            )
        except (ValueError, RuntimeError, OSError) as exc:
            raise ModelUnavailable(
                f"could not load {self.path.name} ({exc}); the file may be damaged: delete it "
                "and pull or reinstall it."
            ) from None
        self.context = settings.context
        # None: before each reading the threads follow the cores other processes left free
        # (os1.cores), since threads waiting on a core someone else holds cost more than one
        # thread alone; a number set in the config is used as it is.
        self.threads: int | None = settings.threads
        self._threads_set = settings.threads or os.cpu_count() or 2
        self._busy = threading.Lock()  # one generation at a time; warm() holds it too
        self.closed = False
        _LIVE.add(self)

    def close(self) -> None:
        """Free the model once nothing reads or writes with it (waiting for what does), so
        llama.cpp is not torn down under a thread still in it as the process exits."""
        with self._busy:
            if not self.closed:
                self.closed = True
                self.llm.close()
        _LIVE.discard(self)

    def _open(self) -> None:
        """Raise if closed (held under ``_busy``)."""
        if self.closed:
            raise ModelUnavailable(f"{self.model_id} was closed; load it again.")

    def warm(self, messages: Sequence[Message], stop: threading.Event | None = None) -> None:
        """Read ``messages`` ahead of time, up to the last word of the last one, so the next
        turn only has to read what is new: llama.cpp reuses the longest prefix it holds.

        Used with the history while the user types, and with the words heard so far while
        they speak. ``stop`` ends the reading within a few tokens (the turn is ready to begin,
        or a newer guess has come); what was read stays useful as far as it matches."""
        if not messages:
            return
        while not self._busy.acquire(timeout=0.05):
            if stop is not None and stop.is_set():
                return  # still busy with something else, and no longer wanted
        try:
            if self.closed:
                return
            self._choose_threads()
            known = self._known_prefix(messages)
            self._drop_what_left(known, messages)
            self._read(known, stop)
        finally:
            self._busy.release()

    def _choose_threads(self) -> None:
        """Set the threads for the next reading or generation (held under ``_busy``)."""
        wanted = self.threads or CORES.threads()
        if wanted != self._threads_set:
            self.llm._ctx.set_n_threads(wanted, wanted)
            self._threads_set = wanted

    def _drop_what_left(self, tokens: list[int], messages: Sequence[Message]) -> None:
        """If the prompt lost a block of its history (the oldest turns leave it every few
        turns), drop that block from the cache and move what follows back, instead of reading
        all the rest again: several seconds on two cores.

        What is kept was read with the dropped turns still before it, so a faint sense of them
        stays (llama.cpp's own context shift works the same way); replies read as well. Only
        history past the system message is moved: a fact gone from the user block is read
        afresh, and forgetting anything clears the cache (``forget_what_was_read``)."""
        llm = self.llm
        held = llm.n_tokens
        cached = llm.input_ids[:held]
        start = _common(cached, tokens)
        if start >= held or start + SHIFT_MIN > len(tokens) or not self._can_shift() \
                or start < self._system_end(messages):
            return
        want = np.asarray(tokens[start:start + SHIFT_MIN], dtype=cached.dtype)
        candidates = np.flatnonzero(cached[start + 1:held - SHIFT_MIN + 1] == want[0]) + 1
        cut = next((int(d) for d in candidates
                    if np.array_equal(cached[start + d:start + d + SHIFT_MIN], want)), None)
        if cut is None:
            return
        llm._ctx.kv_cache_seq_rm(-1, start, start + cut)
        llm._ctx.kv_cache_seq_shift(0, start + cut, held, -cut)
        llm.input_ids[start:held - cut] = cached[start + cut:held].copy()
        llm.n_tokens = held - cut

    def _system_end(self, messages: Sequence[Message]) -> int:
        """How many tokens the prompt's system message takes (0 without one)."""
        if len(messages) < 2 or messages[0].role != "system":
            return 0
        return len(self._known_prefix(messages[:1]))

    def _can_shift(self) -> bool:
        import llama_cpp

        memory = getattr(self.llm._ctx, "memory", None)
        return bool(memory) and bool(llama_cpp.llama_memory_can_shift(memory))

    def _read(self, known: list[int], stop: threading.Event | None) -> None:
        """Evaluate ``known`` past the longest prefix the cache already holds."""
        llm = self.llm
        same = _common(llm.input_ids[:llm.n_tokens], known)
        if same == len(known):
            return
        llm.n_tokens = same  # eval() drops what the cache holds past here
        step = WARM_CHUNK if stop is not None else len(known)  # big batches read fastest
        for start in range(same, len(known), step):
            if stop is not None and stop.is_set():
                return
            llm.eval(known[start:start + step])

    def _known_prefix(self, messages: Sequence[Message]) -> list[int]:
        """The prompt's tokens through the last message's words, exactly as the chat template
        will give them to the model: everything the next turn's prompt will begin with."""
        last = messages[-1]
        longer = [*messages[:-1], Message(last.role, last.content + " and so on")]
        one, two = self._prompt_tokens(messages), self._prompt_tokens(longer)
        same = next((i for i, (a, b) in enumerate(zip(one, two)) if a != b), len(one))
        return one[:max(same - 1, 0)]  # the last shared token may still join the next word

    def _prompt_tokens(self, messages: Sequence[Message]) -> list[int]:
        """The tokens ``create_chat_completion`` would evaluate for ``messages``."""
        from llama_cpp import llama_chat_format

        llm = self.llm
        # Llama always sets chat_format (from the file, else "llama-2"), though typed optional;
        # the handler reads only what _Capture stands in for; its message types are TypedDicts.
        handler = (llm.chat_handler or llm._chat_handlers.get(llm.chat_format)  # type: ignore[arg-type]
                   or llama_chat_format.get_chat_completion_handler(llm.chat_format))  # type: ignore[arg-type]
        try:
            handler(llama=_Capture(llm), messages=[m.as_dict() for m in messages])  # type: ignore[arg-type, misc]
        except _Captured as captured:
            if all(isinstance(token, int) for token in captured.tokens):
                return list(captured.tokens)
        raise ModelError("the chat handler does not give its prompt as tokens")

    def count_tokens(self, text: str) -> int:
        self._open()
        return len(self.llm.tokenize(text.encode("utf-8"), add_bos=False, special=True))

    def copy_answer(self, messages: Sequence[Message], text: str, max_tokens: int,
                    timeout: float) -> str | None:
        """The greedy answer to ``messages`` when it will mostly copy ``text`` (a sentence
        to correct), many tokens a pass where it does (see ``copying``); None when
        ``timeout`` seconds pass first."""
        from os1.models.copying import decode_copying

        self._open()
        llm = self.llm
        stops = {llm.token_eos(), llm._model.token_eot()}
        end = llm.tokenize(b"<|im_end|>", add_bos=False, special=True)
        if len(end) == 1:
            stops.add(end[0])
        with self._busy:
            self._open()
            self._choose_threads()
            deadline = time.monotonic() + timeout
            answer, _, ended = decode_copying(llm, self._prompt_tokens(messages),
                                              llm.tokenize(text.encode("utf-8"), add_bos=False),
                                              max_tokens, stops, deadline)
        if not ended:
            return None
        return llm.detokenize(answer).decode("utf-8", errors="replace")

    def stream(self, messages: Sequence[Message], options: Options) -> Stream:
        with self._busy:
            return (yield from self._stream(messages, options))

    def _stream(self, messages: Sequence[Message], options: Options) -> Stream:
        self._open()
        self._choose_threads()
        try:
            self._drop_what_left(self._prompt_tokens(messages), messages)
        except ModelError:
            pass  # a chat handler that builds prompts its own way: the turn just reads it all
        try:
            # stream=True gives chunks, though the return type is typed as either; plain
            # role/content dicts are what it takes, though typed as TypedDicts.
            chunks: Iterator[Any] = self.llm.create_chat_completion(  # type: ignore[assignment]
                messages=[m.as_dict() for m in messages],  # type: ignore[misc]
                stream=True,
                max_tokens=options.max_tokens,
                temperature=options.temperature,
                stop=list(options.stop) or None,
                seed=options.seed,
                response_format=({"type": "json_object", "schema": options.schema}
                                 if options.schema is not None else None),
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
