"""How many CPU cores this process may use now, judged by what other processes used lately.

On a machine whose cores are shared (other people's turns, another program), a computation
split over every core waits at each step for the thread whose core someone else holds:
llama.cpp's decode fell from 8 to 0.4 tokens/s on two cores with two threads, while one
thread kept 4.4. So the model, the embedder and the emotion model ask here before they
compute, and use only the cores that other processes left free; on a quiet machine that is
all of them. It reads the kernel's counters (``/proc/stat``) and this process's own CPU time,
so the process's own threads never count as "someone else".
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass

TAKEN_AT = 0.25  # a core counts as taken when others keep it busy more than this share
MIN_WINDOW_S = 0.2  # a shorter window than this is noise: the last judgement stands
SAMPLE_S = 0.1  # with nothing to compare against yet, look this long
_HZ = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100  # /proc/stat's ticks a second


@dataclass(frozen=True)
class Sample:
    at: float  # monotonic seconds
    busy: float  # CPU seconds every process on the machine has used, all cores together
    own: float  # CPU seconds this process has used


def allowed() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def share(workers: int, cores: int | None = None) -> int:
    """Threads for one of ``workers`` processes that serve from this machine together
    (``os1 serve --workers N``, or N servers behind one proxy): an equal share of its cores,
    at least one. Each taking every core, N workers' thread pools would fight over them."""
    return max(1, (cores or allowed()) // max(1, workers))


def sample() -> Sample | None:
    """The counters now, or None where the kernel does not give them (not Linux)."""
    try:
        with open("/proc/stat", encoding="ascii") as f:
            fields = f.readline().split()
    except OSError:
        return None
    if not fields or fields[0] != "cpu":
        return None
    ticks = [int(v) for v in fields[1:9]] + [0] * 8
    user, nice, system, _idle, _iowait, irq, softirq, steal = ticks[:8]
    own = os.times()
    return Sample(time.monotonic(), (user + nice + system + irq + softirq + steal) / _HZ,
                  own.user + own.system)


def others_busy(before: Sample, after: Sample) -> float:
    """Cores other processes kept busy between two samples (0 … all of them)."""
    wall = after.at - before.at
    if wall <= 0:
        return 0.0
    used = (after.busy - before.busy) - (after.own - before.own)
    return max(0.0, used / wall)


def free_cores(others: float, cores: int) -> int:
    """Cores left when others keep ``others`` of them busy; at least one."""
    taken = int(others + 1 - TAKEN_AT)
    return max(1, cores - taken)


class Cores:
    """Tells a computation how many threads to use; one per process (``CORES``).

    Each call judges the window since the previous one, so a long generation is judged by
    what others did while it ran; the first call looks for a tenth of a second. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last: Sample | None = None
        self._others = 0.0
        self.kept_to: int | None = None  # this process's share of the cores (``keep_to``)

    def threads(self, limit: int | None = None) -> int:
        """Threads for the next computation: the free cores, never more than ``limit`` nor
        this process's share."""
        cores = min(allowed(), limit or allowed(), self.kept_to or allowed())
        return min(cores, free_cores(self.others(), allowed()))

    def keep_to(self, threads: int) -> None:
        """From now on this process uses at most ``threads`` threads for a computation: what
        asks here (the model, the embedder, speech) is told no more, and the native thread
        pools of code that never asks (numpy's BLAS, OpenMP) are sized to it at once. A
        share of every core this process may run on changes nothing."""
        if threads >= allowed():
            self.kept_to = None
            return
        self.kept_to = max(1, threads)
        try:
            from threadpoolctl import threadpool_limits
        except ImportError:  # without it, those pools keep their own size
            return
        threadpool_limits(limits=self.kept_to)

    def others(self) -> float:
        """Cores other processes kept busy lately."""
        with self._lock:
            now = sample()
            if now is None:
                return 0.0
            if self._last is None:
                time.sleep(SAMPLE_S)
                self._last, now = now, sample() or now
            elif now.at - self._last.at < MIN_WINDOW_S:
                return self._others
            self._others = others_busy(self._last, now)
            self._last = now
            return self._others


CORES = Cores()
