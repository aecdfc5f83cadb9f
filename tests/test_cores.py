"""How many cores a computation takes: what other processes left free, judged from counters."""

from __future__ import annotations

import pytest

from os1 import cores
from os1.cores import Cores, Sample, free_cores, others_busy


def test_what_others_used_is_the_machine_less_this_process():
    before, after = Sample(10.0, 100.0, 5.0), Sample(12.0, 103.0, 6.0)
    assert others_busy(before, after) == pytest.approx(1.0)  # 3 s of CPU in 2 s, 1 of it ours
    assert others_busy(after, after) == 0.0


@pytest.mark.parametrize("others,cores_,free", [
    (0.0, 2, 2), (0.2, 2, 2),  # a little background work leaves both cores
    (0.3, 2, 1), (0.7, 2, 1), (1.0, 2, 1),  # one core mostly someone else's
    (2.0, 2, 1), (9.0, 2, 1),  # a crowded machine: still one thread, never none
    (1.0, 8, 7), (2.4, 8, 5),
])
def test_free_cores(others, cores_, free):
    assert free_cores(others, cores_) == free


def test_threads_follow_what_others_did_since_the_last_look(monkeypatch):
    seen = iter([Sample(0.0, 0.0, 0.0), Sample(0.1, 0.0, 0.0),  # first look: a quiet tenth
                 Sample(1.0, 1.8, 0.9),  # then others used 0.9 of a core
                 Sample(1.05, 9.0, 0.9),  # too soon to judge: the last judgement stands
                 Sample(3.0, 3.9, 2.8)])  # then only this process worked
    monkeypatch.setattr(cores, "sample", lambda: next(seen))
    monkeypatch.setattr(cores, "allowed", lambda: 2)
    monkeypatch.setattr(cores.time, "sleep", lambda s: None)
    judge = Cores()
    assert judge.threads() == 2
    assert judge.threads() == 1
    assert judge.threads() == 1
    assert judge.threads() == 2
    assert cores.CORES is not judge  # one per process, apart from this test's


def test_a_limit_caps_the_threads(monkeypatch):
    monkeypatch.setattr(cores, "sample", lambda: None)  # no counters: nobody else is seen
    monkeypatch.setattr(cores, "allowed", lambda: 4)
    assert Cores().threads() == 4 and Cores().threads(limit=2) == 2


def test_the_real_counters_are_read():
    now = cores.sample()
    if now is None:
        pytest.skip("no /proc/stat here")
    assert now.busy > 0 and now.own > 0 and 1 <= Cores().threads() <= cores.allowed()


@pytest.mark.parametrize("workers,cores_,threads", [
    (1, 2, 2), (2, 2, 1), (3, 2, 1),  # never none, however many share two cores
    (1, 8, 8), (2, 8, 4), (3, 8, 2), (4, 8, 2),
])
def test_workers_share_the_cores_out(workers, cores_, threads):
    assert cores.share(workers, cores_) == threads


def test_a_process_kept_to_its_share_asks_for_no_more_and_sizes_numpys_pool(monkeypatch):
    import numpy  # noqa: F401 - its BLAS is loaded, as in a server
    from threadpoolctl import threadpool_info, threadpool_limits

    monkeypatch.setattr(cores, "sample", lambda: None)  # nobody else is seen
    monkeypatch.setattr(cores, "allowed", lambda: 4)
    judge = Cores()
    with threadpool_limits(limits=None):  # whatever the test sets is undone after it
        judge.keep_to(cores.share(2, 4))
        assert judge.threads() == 2 and judge.threads(limit=1) == 1 and judge.threads(limit=3) == 2
        judge.keep_to(cores.share(4, 4))  # one thread each, for numpy too
        assert judge.threads() == 1
        blas = [p for p in threadpool_info() if p["user_api"] == "blas"]
        assert blas and all(p["num_threads"] == 1 for p in blas)
        judge.keep_to(cores.share(1, 4))  # every core: as it was, nothing capped
        assert judge.kept_to is None and judge.threads() == 4
