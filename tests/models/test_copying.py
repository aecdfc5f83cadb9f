"""Copying ahead: the answer is exactly the greedy one, in fewer passes where it copies."""

import numpy as np

from os1.models.copying import decode_copying, propose

VOCAB = 40
STOP = 0
NEWLINE = 39


class Batch:
    def set_batch(self, batch, n_past, logits_all):
        self.tokens, self.past = list(batch), n_past


class Context:
    """The model's side: a "cache" of the tokens read, and logits for each read position."""

    def __init__(self, llm):
        self.llm = llm
        self.logits = np.zeros(VOCAB, dtype=np.single)

    def kv_cache_seq_rm(self, seq, start, end):
        del self.llm.cache[start:]

    def decode(self, batch):
        assert len(self.llm.cache) == batch.past, "the cache holds exactly what was read"
        rows = []
        for token in batch.tokens:
            self.llm.cache.append(token)
            rows.append(self.llm.logits_after(self.llm.cache))
        self.logits = np.concatenate(rows)
        self.llm.passes += 1

    def get_logits(self):
        return self.logits.ctypes.data_as(np.ctypeslib.ctypes.POINTER(np.ctypeslib.ctypes.c_float))

    def get_logits_ith(self, i):
        row = self.logits.reshape(-1, VOCAB)[i].copy()
        self._row = row  # kept alive while read
        return row.ctypes.data_as(np.ctypeslib.ctypes.POINTER(np.ctypeslib.ctypes.c_float))


class Llama:
    """A stand-in for llama-cpp-python's Llama whose likeliest next token is a fixed function
    of everything before it: the "corrected sentence" is the sentence with token 7 made 8."""

    def __init__(self, sentence):
        self.sentence = sentence
        self.cache: list[int] = []
        self.input_ids = np.zeros(512, dtype=np.intc)
        self.n_tokens = 0
        self.passes = 0
        self._ctx, self._batch = Context(self), Batch()

    def n_vocab(self):
        return VOCAB

    def n_ctx(self):
        return 512

    def answer(self):
        return [8 if t == 7 else t for t in self.sentence] + [STOP]

    def logits_after(self, tokens):
        row = np.zeros(VOCAB, dtype=np.single)
        prompt = self.prompt
        done = len(tokens) - len(prompt)
        row[self.answer()[done] if 0 <= done < len(self.answer()) else STOP] = 1.0
        return row

    def eval(self, tokens):
        self._ctx.kv_cache_seq_rm(-1, self.n_tokens, -1)
        self._batch.set_batch(tokens, self.n_tokens, False)
        self._ctx.decode(self._batch)
        self.input_ids[self.n_tokens:self.n_tokens + len(tokens)] = tokens
        self.n_tokens += len(tokens)

    def detokenize(self, tokens):
        return b"".join(b"\n" if t == NEWLINE else b"w" for t in tokens)


def run(sentence, prompt=(1, 2, 3), cached=0):
    llm = Llama(sentence)
    llm.prompt = list(prompt) + list(sentence) + [4]
    if cached:  # an earlier prompt that shares its start
        llm.cache = llm.prompt[:cached]
        llm.input_ids[:cached] = llm.prompt[:cached]
        llm.n_tokens = cached
    answer, passes, ended = decode_copying(llm, llm.prompt, sentence, 100, {STOP})
    return llm, answer, passes, ended


def test_the_answer_is_the_greedy_one_in_fewer_passes():
    sentence = [10, 11, 12, 7, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25]
    llm, answer, passes, ended = run(sentence)
    assert ended and answer == llm.answer()[:-1]
    assert passes < len(answer) / 2  # copied stretches, one pass each
    assert list(llm.input_ids[:llm.n_tokens]) == llm.prompt + answer[:llm.n_tokens - len(llm.prompt)]
    assert llm.cache == list(llm.input_ids[:llm.n_tokens])  # no proposal left behind


def test_the_cache_is_reused_as_far_as_it_matches():
    sentence = [10, 11, 7, 12]
    _, answer, _, _ = run(sentence, cached=5)
    assert answer == [10, 11, 8, 12]


def test_proposals_follow_the_answers_last_tokens_in_the_text():
    text = [5, 6, 7, 8, 9, 6, 7, 10]
    assert propose([], text, 3) == [5, 6, 7]
    assert propose([1, 6, 7], text, 2) == [10]  # the last place "6 7" occurs
    assert propose([1, 8], text, 2) == [9, 6]
    assert propose([99], text) == []
