"""``os1 bench turn --busy``: the quiet and busy figures, side by side, with a bounded spinner."""

from __future__ import annotations

import time

from os1.bench.turn import bench_turn_busy, busy_core
from os1.cores import Cores
from os1.models.fake import FakeModel


def test_the_busy_process_keeps_a_core_busy_and_is_stopped_after():
    judge = Cores()
    judge.others()
    with busy_core(seconds=30) as proc:
        assert proc.poll() is None
        time.sleep(0.5)
        assert judge.others() > 0.5  # one core is someone else's now
    assert proc.poll() is not None


def test_the_busy_process_ends_itself_in_time():
    with busy_core(seconds=0.1) as proc:
        proc.wait(timeout=30)  # even if nothing stopped it
        assert proc.returncode == 0


def test_quiet_and_busy_runs_for_a_model_without_threads():
    result = bench_turn_busy(FakeModel(["Hello there, how are you?"]), turns=2, max_tokens=16)
    runs = {(r["machine_load"], r["threads"]): r for r in result["runs"]}
    assert set(runs) == {("quiet", "as configured"), ("busy", "as configured")}
    for run in runs.values():
        assert run["ttft_ms"]["p50"] > 0 and run["tokens_per_s"]["p50"] > 0
        assert run["ttft_ms"]["p50"] <= run["ttft_ms"]["p95"]
    assert result["cores"] >= 1 and result["turns"] == 2


def test_a_model_with_threads_is_measured_with_every_core_and_the_free_ones():
    class Threaded(FakeModel):
        threads = None
        _threads_set = 2

    model = Threaded(["Hello there, how are you?"])
    result = bench_turn_busy(model, turns=1, max_tokens=16)
    assert {(r["machine_load"], r["threads"]) for r in result["runs"]} == {
        (load, name) for load in ("quiet", "busy") for name in ("all cores", "free cores")}
    assert model.threads is None  # its own setting is back afterwards


def test_the_cli_prints_both_side_by_side(run):
    out = run("bench", "turn", "--busy", "--turns", "1", "--max-tokens", "8").output
    assert "quiet" in out and "busy" in out and "first token p50" in out
