"""Every door of the server leaves her reflection waiting for its user: the REST turn, the
live WebSocket conversation and the OpenAI-compatible API (whole or streamed)."""

from os1.server.app import create_app
from tests.server.conftest import make_service, sign_up


def waiting(service, user: int) -> list[str]:
    return [j.key for j in service.store.jobs(user, ("todo",)) if j.name == "reflect"]


def last_user_turn(service, user: int) -> int:
    return next(t.id for t in reversed(service.store.recent_turns(user, 4)) if t.role == "user")


def user_of(service, email: str) -> int:
    return service.store.db.execute("SELECT user_id FROM accounts WHERE email = ?",
                                    (email,)).fetchone()[0]


def test_each_door_defers_reflection_for_its_own_user(tmp_path):
    service = make_service(tmp_path, memory={"reflect_after_s": 60})
    app = create_app(service)
    theo, bea = sign_up(app, "theo@example.com"), sign_up(app, "bea@example.com")
    me, her = user_of(service, "theo@example.com"), user_of(service, "bea@example.com")

    assert theo.post("/api/turns", json={"text": "The kiln was hot today."}).status_code == 200
    assert waiting(service, me) == [f"reflect:{me}:{last_user_turn(service, me)}"]
    assert waiting(service, her) == []

    with bea.websocket_connect("/api/live") as ws:
        assert ws.receive_json()["type"] == "hello"
        ws.send_json({"type": "turn", "text": "I walked the dog by the river."})
        while ws.receive_json()["type"] != "done":
            pass
    assert waiting(service, her) == [f"reflect:{her}:{last_user_turn(service, her)}"]

    body = {"model": "os1-companion", "messages": [{"role": "user", "content": "Hi from an app"}]}
    assert theo.post("/v1/chat/completions", json=body).status_code == 200
    assert waiting(service, me) == [f"reflect:{me}:{last_user_turn(service, me)}"]  # moved later
    theo.post("/v1/chat/completions", json={**body, "stream": True})
    assert waiting(service, me) == [f"reflect:{me}:{last_user_turn(service, me)}"]
    service.store.close()


def test_with_a_model_in_the_process_turns_hold_off_her_jobs_until_the_last_ends(tmp_path):
    import asyncio
    import threading

    from os1.jobs import Context, StoreQueue
    from os1.jobs.runner import Runner

    service = make_service(tmp_path)
    runner = Runner(StoreQueue(service.store), Context(service.store, None, lambda: None), jobs={})
    service.jobs = runner
    both_in = threading.Barrier(2, timeout=10)
    seen = []

    def turn(n: int) -> int:
        both_in.wait()  # two people's turns under way at once
        seen.append(runner.context.stop.is_set())
        return n

    async def two_turns():
        first = service.start_turn(1, turn, 1)
        second = service.start_turn(2, turn, 2)
        assert await first == 1
        assert await second == 2

    asyncio.run(two_turns())
    assert seen == [True, True]  # a reflection under way was told to stop, none started
    assert not runner.context.stop.is_set()  # both ended: her jobs go on
    service.close()
    service.store.close()


def test_pauses_are_counted():
    from os1.jobs import Context
    from os1.jobs.runner import Runner

    runner = Runner(None, Context(None, None, lambda: None), jobs={})  # type: ignore[arg-type]
    runner.pause()
    runner.pause()
    runner.resume()
    assert runner.context.stop.is_set()  # one turn still under way
    runner.resume()
    assert not runner.context.stop.is_set()
    runner.resume()  # one too many changes nothing
    runner.pause()
    assert runner.context.stop.is_set()


def test_only_a_model_in_this_process_shares_itself_with_the_jobs(tmp_path):
    from pathlib import Path

    from os1.models.base import in_process
    from os1.models.fake import FakeModel

    class Gguf:
        path = Path("model.gguf")

    class Server:
        model_id = "openai:gpt"

    assert in_process(Gguf()) and not in_process(Server()) and not in_process(FakeModel())
