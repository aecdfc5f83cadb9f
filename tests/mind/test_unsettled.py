"""A person's waiting memorisings: made oldest first, once, a failing one logged and the rest
made all the same; a second settle waits for the one under way."""

import logging
import threading

from os1.mind.unsettled import Unsettled


def test_waiting_memorisings_are_made_in_order_once_and_a_failure_stops_none(caplog):
    unsettled, made = Unsettled(), []

    def failing():
        raise RuntimeError("the disk is full")

    unsettled.add(lambda: made.append(1))
    unsettled.add(failing)
    unsettled.add(lambda: made.append(3))
    with caplog.at_level(logging.WARNING):
        assert unsettled.settle() == 3
    assert made == [1, 3] and "the disk is full" in caplog.text
    assert unsettled.settle() == 0


def test_a_settle_waits_for_the_memorising_under_way():
    unsettled, inside, go, made = Unsettled(), threading.Event(), threading.Event(), []

    def slow():
        inside.set()
        assert go.wait(60)
        made.append("first")

    unsettled.add(slow)
    first = threading.Thread(target=unsettled.settle)
    first.start()
    assert inside.wait(60)
    waiting = threading.Thread(target=lambda: (unsettled.settle(), made.append(("after", list(made)))))
    waiting.start()
    waiting.join(0.3)
    assert waiting.is_alive()  # behind the one under way
    go.set()
    first.join(60)
    waiting.join(60)
    assert made == ["first", ("after", ["first"])]
