"""A server raises its own limit on open files toward the live conversations it may hold, and
says plainly what to do when the hard limit is below it."""

import resource
import subprocess
import sys

import pytest

from os1.server.fds import SPARE, raise_open_files


@pytest.fixture
def limits():
    before = resource.getrlimit(resource.RLIMIT_NOFILE)
    yield before
    resource.setrlimit(resource.RLIMIT_NOFILE, before)


def test_the_soft_limit_is_raised_toward_what_it_holds(limits):
    soft, hard = limits
    resource.setrlimit(resource.RLIMIT_NOFILE, (64, hard))
    wanted = min(1000, hard - SPARE) if hard != resource.RLIM_INFINITY else 1000
    now, short = raise_open_files(wanted)
    assert now == resource.getrlimit(resource.RLIMIT_NOFILE)[0] == wanted + SPARE and short == ""


def test_past_the_hard_limit_it_says_how_to_raise_it():
    # a hard limit lowered cannot be raised again: in a process of its own
    code = ("import resource; resource.setrlimit(resource.RLIMIT_NOFILE, (64, 128)); "
            "from os1.server.fds import raise_open_files; print(raise_open_files(10_000))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.startswith("(128, ") and "ulimit -Hn 10256" in out and "live_conversations" in out
