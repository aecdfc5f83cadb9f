"""Turns running at once: when everyone's are taken, a live turn waits in line, first come
first served, each freed slot handed straight to whoever has waited longest; a wait too long,
a line too long or one person's share full is refused, and one who stops waiting leaves the
line without taking anything."""

import asyncio

import pytest

from os1.server.app import create_app
from os1.server.slots import Busy, Slots
from tests.server.conftest import Stuck, make_service, sign_up, wait_for


def slots(waiting=3, patience_s=30.0):
    return Slots(2, 1, "yours", "everyone's", waiting=waiting, patience_s=patience_s)


def test_waiters_are_served_in_the_order_they_came():
    async def main():
        s = slots()
        first = await s.wait("ann")
        waiting = [asyncio.ensure_future(s.wait(who)) for who in ("bob", "cat", "dan")]
        await asyncio.sleep(0.01)
        assert s.queued() == 3 and not any(w.done() for w in waiting)
        with pytest.raises(Busy) as full:
            s.take("eve")  # no jumping the line, even the moment a slot is free
        assert full.value.status == 503
        with pytest.raises(Busy):
            await s.wait("fay")  # the line is full
        served = []
        release = first
        for task in waiting:
            release()
            release = await asyncio.wait_for(task, 5)
            served.append(task)
            assert s.held() == 1  # handed on, never two at once
        assert served == waiting
        release()
        assert s.held() == 0 and s.queued() == 0
    asyncio.run(main())


def test_a_wait_too_long_is_refused_and_one_who_leaves_takes_nothing():
    async def main():
        s = slots(patience_s=0.05)
        held = await s.wait("ann")
        with pytest.raises(Busy) as late:
            await s.wait("bob")
        assert late.value.status == 503 and s.queued() == 0 and s.held("bob") == 0
        s.patience_s = 30
        leaving = asyncio.ensure_future(s.wait("cat"))
        staying = asyncio.ensure_future(s.wait("dan"))
        await asyncio.sleep(0.01)
        leaving.cancel()  # the conversation closed while it waited
        await asyncio.sleep(0.01)
        assert s.held("cat") == 0 and s.queued() == 1
        held()
        (await asyncio.wait_for(staying, 5))()
        assert s.held() == 0
    asyncio.run(main())


def test_one_persons_share_counts_what_they_wait_for():
    async def main():
        s = Slots(1, 1, "yours", "everyone's", waiting=5, patience_s=30)
        held = await s.wait("bob")
        with pytest.raises(Busy) as mine:
            await s.wait("bob")
        assert mine.value.status == 429
        held()
    asyncio.run(main())


def test_a_live_turn_sent_while_every_slot_is_taken_is_answered_in_its_turn(tmp_path):
    model = Stuck()
    service = make_service(tmp_path, model=model)
    service.turns = Slots(2, 1, "yours are on the way", "OS1 is answering as many people as "
                          "it can right now; try again in a minute.", waiting=4, patience_s=30)
    app = create_app(service)
    theo, ana = sign_up(app, "theo@example.com"), sign_up(app, "ana@example.com")
    try:
        with theo.websocket_connect("/api/live") as one, ana.websocket_connect("/api/live") as two:
            assert one.receive_json()["type"] == two.receive_json()["type"] == "hello"
            one.send_json({"type": "turn", "text": "a long story"})
            assert wait_for(lambda: model.entered == 1)
            two.send_json({"type": "turn", "text": "me too?"})
            assert wait_for(lambda: service.turns.queued() == 1)  # waiting, not refused
            model.release.set()
            for ws in (one, two):
                while (message := ws.receive_json())["type"] not in ("done", "error"):
                    pass
                assert message["type"] == "done" and message["status"] == "complete"
        assert wait_for(lambda: service.turns.held() == 0)
    finally:
        model.release.set()
        service.store.close()
