"""The PostgreSQL store's pool of connections: a transaction holds one connection for all its
statements (and a savepoint inside it), while the process's other threads go on, on others,
without seeing what it has not committed."""

import threading

import pytest

from os1.memory.store import open_store


def test_another_thread_goes_on_while_a_transaction_is_open_and_sees_it_once_committed(pg_url):
    store = open_store(pg_url, connections=2)
    theo = store.user("theo")
    session = store.start_session(theo, "t")
    opened, finish = threading.Event(), threading.Event()

    def writing() -> None:
        with store.tx():
            store.add_turn(theo, session, "user", "said in a transaction")
            opened.set()
            finish.wait(30)

    writer = threading.Thread(target=writing)
    writer.start()
    try:
        assert opened.wait(30)
        # on one shared connection this read would wait for the transaction; here it runs
        # beside it, on a connection of its own, and sees nothing uncommitted
        assert store.recent_turns(theo, 5) == []
        assert store.user("ana") != theo  # and writes of its own commit at once
    finally:
        finish.set()
        writer.join(30)
    assert [t.content for t in store.recent_turns(theo, 5)] == ["said in a transaction"]
    store.close()


def test_a_transaction_inside_another_is_a_savepoint_on_the_same_connection(pg_url):
    store = open_store(pg_url, connections=2)
    theo = store.user("theo")
    session = store.start_session(theo, "t")
    with store.tx():
        store.add_turn(theo, session, "user", "kept")
        with pytest.raises(RuntimeError), store.tx():
            store.add_turn(theo, session, "user", "undone alone")
            raise RuntimeError("the inner one fails")
        store.add_turn(theo, session, "user", "kept too")
    assert [t.content for t in store.recent_turns(theo, 5)] == ["kept", "kept too"]
    with pytest.raises(RuntimeError), store.tx():
        store.add_turn(theo, session, "user", "all undone")
        raise RuntimeError("the outer one fails")
    assert [t.content for t in store.recent_turns(theo, 5)] == ["kept", "kept too"]
    store.close()
