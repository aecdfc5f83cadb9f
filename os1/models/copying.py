"""Greedy decoding for an answer that mostly copies a given text (a sentence corrected).

A corrected sentence is the sentence itself with a few words changed, so most of the answer
can be guessed from the text: after each token the model chose, the tokens that follow the
same words in the text are proposed, and the model reads the chosen token and the proposal in
one batch. Every proposed token that is what the model would have chosen there anyway is
taken; at the first that is not, the model's own choice is taken instead, and the rest of the
proposal is dropped from the cache. The answer is exactly the greedy one (the model's likeliest
token at every step), but a stretch copied unchanged costs one pass of the model instead of
one per token: on a CPU a pass over a dozen tokens takes little longer than a pass over one.
(Prompt lookup decoding, Saxena 2023; speculative decoding without a draft model.)
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np

PROPOSE = 12  # tokens proposed at a time
MATCH = 3  # the longest run of the answer's last tokens looked up in the text


def propose(answer: Sequence[int], text: Sequence[int], most: int = PROPOSE) -> list[int]:
    """The tokens that follow, in ``text``, the longest run (up to ``MATCH``) of the answer's
    last tokens found there (the last place it occurs); the text's start for an empty answer."""
    if not answer:
        return list(text[:most])
    for n in range(min(MATCH, len(answer)), 0, -1):
        tail = list(answer[-n:])
        for at in range(len(text) - n, -1, -1):
            if list(text[at:at + n]) == tail:
                return list(text[at + n:at + n + most])
    return []


def decode_copying(llm, prompt: Sequence[int], text: Sequence[int], max_tokens: int,
                   stops: set[int], deadline: float | None = None) -> tuple[list[int], int, bool]:
    """The greedy answer's tokens to ``prompt`` (llama-cpp-python's ``Llama``, whose cache
    is reused as far as it matches and left holding the prompt and answer), proposing from
    ``text``; stops at a token in ``stops``, after ``max_tokens``, a newline after some text,
    or at ``deadline`` (``time.monotonic()``). Also returns how many passes it took, and
    whether it ended before the deadline."""
    vocab = llm.n_vocab()
    held = llm.n_tokens
    same = 0
    limit = min(held, len(prompt) - 1)  # the prompt's last token is read again: its logits
    while same < limit and llm.input_ids[same] == prompt[same]:
        same += 1
    llm.n_tokens = same
    llm.eval(list(prompt[same:]))
    row = np.ctypeslib.as_array(llm._ctx.get_logits_ith(-1), shape=(vocab,))
    pending = int(row.argmax())
    answer: list[int] = []
    passes = 1
    while pending not in stops and len(answer) < max_tokens:
        answer.append(pending)
        if deadline is not None and time.monotonic() > deadline:
            return answer, passes, False
        if b"\n" in llm.detokenize([pending]) and llm.detokenize(answer).strip():
            break
        proposal = propose(answer, text, min(PROPOSE, max_tokens - len(answer)))
        batch = [pending, *proposal]
        past = llm.n_tokens
        if past + len(batch) > llm.n_ctx():
            break
        llm._ctx.kv_cache_seq_rm(-1, past, -1)
        llm._batch.set_batch(batch=batch, n_past=past, logits_all=True)
        llm._ctx.decode(llm._batch)
        passes += 1
        rows = np.ctypeslib.as_array(llm._ctx.get_logits(), shape=(len(batch) * vocab,))
        chosen = rows.reshape(len(batch), vocab).argmax(axis=1)
        taken = 0
        while taken < len(proposal) and int(chosen[taken]) == proposal[taken] \
                and proposal[taken] not in stops and len(answer) < max_tokens:
            answer.append(proposal[taken])
            taken += 1
        llm.input_ids[past:past + 1 + taken] = batch[:1 + taken]
        llm.n_tokens = past + 1 + taken
        llm._ctx.kv_cache_seq_rm(-1, llm.n_tokens, -1)  # the proposal not taken
        pending = int(chosen[taken])
        if taken and b"\n" in llm.detokenize(answer[-taken:]) and llm.detokenize(answer).strip():
            break
    return answer, passes, True
